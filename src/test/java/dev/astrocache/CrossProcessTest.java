package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result computed in one JVM is a hit in the next, configured by a system property alone. */
class CrossProcessTest {
  @TempDir Path dir;

  public interface Weather {
    String forecast(String city, int days);
  }

  static final class SlowWeather implements Weather {
    @Override
    public String forecast(String city, int days) {
      System.out.println("computed " + city);
      return city + ": sunny for " + days + " days";
    }
  }

  /** What a child JVM prints last: the line it computed, then the default cache's stats. */
  static void report(String line) {
    System.out.println(line);
    CacheStats s = Astrocache.defaultCache().stats();
    System.out.println("hits=" + s.hits() + " misses=" + s.misses());
  }

  /** Child JVM main: one call, then the stats. */
  public static final class Main {
    public static void main(String[] args) {
      Weather w = Astrocache.wrap(Weather.class, new SlowWeather());
      report("result " + w.forecast(args[0], 3));
    }
  }

  @Test
  void secondJvm_isAHit() {
    Map<String, String> props = Map.of("astrocache.dir", dir.toString());
    ChildJvm.Result first = ChildJvm.run(Main.class.getName(), List.of(), props, "Oslo");
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("computed Oslo\n"), first.output());
    assertTrue(first.output().contains("result Oslo: sunny for 3 days\nhits=0 misses=1\n"),
        first.output());

    ChildJvm.Result second = ChildJvm.run(Main.class.getName(), List.of(), props, "Oslo");
    assertEquals(0, second.exitCode(), second.output());
    assertFalse(second.output().contains("computed"), second.output());
    assertTrue(second.output().contains("result Oslo: sunny for 3 days\nhits=1 misses=0\n"),
        second.output());

    ChildJvm.Result other = ChildJvm.run(Main.class.getName(), List.of(), props, "Rome");
    assertTrue(other.output().contains("computed Rome\n"), other.output());
  }

  /** Child JVM main: a cached proxy wrapped by a second cache layer, one call, then the stats. */
  public static final class Layered {
    public static void main(String[] args) {
      Weather inner = Astrocache.wrap(Weather.class, new SlowWeather());
      Weather outer = Astrocache.wrap(Weather.class, inner);
      report("result " + outer.forecast(args[0], 3));
    }
  }

  /**
   * The outer layer's key held the inner proxy's handler with the cache's memos in it, which
   * differ from run to run: the outer layer missed in every new JVM.
   */
  @Test
  void cachedProxyWrappedAgain_isAHitInTheNextJvm() {
    Map<String, String> props = Map.of("astrocache.dir", dir.toString());
    ChildJvm.Result first = ChildJvm.run(Layered.class.getName(), List.of(), props, "Oslo");
    assertTrue(first.output().contains("hits=0 misses=2\n"), first.output());
    ChildJvm.Result second = ChildJvm.run(Layered.class.getName(), List.of(), props, "Oslo");
    assertEquals(0, second.exitCode(), second.output());
    assertTrue(second.output().contains("result Oslo: sunny for 3 days\nhits=1 misses=0\n"),
        second.output());
  }

  /** A handler class of the user's own, for a proxy impl (a generated API client is one). */
  static final class Forecaster implements java.lang.reflect.InvocationHandler {
    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) {
      System.out.println("computed by proxy " + args[0]);
      return args[0] + ": rain";
    }
  }

  /**
   * Child JVM main: a lambda impl and a proxy impl; with "first", another lambda class and
   * proxy class are made before them, which renumbers theirs.
   */
  public static final class Renumbered {
    public static void main(String[] args) {
      if (args[1].equals("first")) {
        Runnable other = () -> System.out.println("another lambda class");
        other.run();
        java.lang.reflect.Proxy.newProxyInstance(Renumbered.class.getClassLoader(),
            new Class<?>[] {Runnable.class}, new Forecaster());
      }
      Weather lambda = Astrocache.wrap(Weather.class, (city, days) -> {
        System.out.println("computed by lambda " + city);
        return city + ": sunny";
      });
      Weather proxy = Astrocache.wrap(Weather.class, (Weather) java.lang.reflect.Proxy
          .newProxyInstance(Renumbered.class.getClassLoader(), new Class<?>[] {Weather.class},
              new Forecaster()));
      report(lambda.forecast(args[0], 1) + " / " + proxy.forecast(args[0], 1));
    }
  }

  /** The key held the impl's class name, which for a lambda or a proxy differs between runs. */
  @Test
  void lambdaAndProxyImpls_areHitsInTheNextJvm() {
    Map<String, String> props = Map.of("astrocache.dir", dir.toString());
    ChildJvm.Result first = ChildJvm.run(Renumbered.class.getName(), List.of(), props, "Oslo", "-");
    assertTrue(first.output().contains("hits=0 misses=2\n"), first.output());
    for (String order : List.of("-", "first")) {
      ChildJvm.Result next =
          ChildJvm.run(Renumbered.class.getName(), List.of(), props, "Oslo", order);
      assertEquals(0, next.exitCode(), next.output());
      assertFalse(next.output().contains("computed"), next.output());
      assertTrue(next.output().contains("Oslo: sunny / Oslo: rain\nhits=2 misses=0\n"),
          next.output());
    }
  }

  public interface Text {
    /** Depends on every char, so that a wrong hit after an edit answers another number. */
    int hash(String text, String latin1);
  }

  static final class CountedText implements Text {
    @Override
    public int hash(String text, String latin1) {
      System.out.println("computed " + text.length() + " " + latin1.length());
      return text.hashCode() * 31 + latin1.hashCode();
    }
  }

  /**
   * Child JVM main: one call with two long non-ASCII strings, 200,000 chars of text (UTF-16 in
   * the JVM) and 20,000 of Latin-1 above 0x7F (one byte a char unless compact strings are off);
   * "text" or "latin1" changes that one's last char.
   */
  public static final class LongText {
    public static void main(String[] args) {
      String[] words = {"été ", "Ωμέγα ", "中文字 ", "plain ", "\uD83D\uDE00 "};
      java.util.Random random = new java.util.Random(7);
      StringBuilder text = new StringBuilder("plain ascii first ");
      while (text.length() < 200_000) {
        text.append(words[random.nextInt(words.length)]);
      }
      StringBuilder latin1 = new StringBuilder();
      while (latin1.length() < 20_000) {
        latin1.append("àé ü ").append((char) (0xA0 + random.nextInt(0x60)));
      }
      if (args[0].equals("text")) {
        text.setCharAt(text.length() - 1, 'x');
      } else if (args[0].equals("latin1")) {
        latin1.setCharAt(latin1.length() - 1, 'ÿ');
      }
      Text t = Astrocache.wrap(Text.class, new CountedText());
      report("result " + t.hash(text.toString(), latin1.toString()));
    }
  }

  /**
   * A long non-ASCII string argument has its own key encoding (UTF-16 after its ASCII prefix):
   * the next JVM hits, also with compact strings off (every string then UTF-16 inside, so a
   * Latin-1 one is read from other bytes), and a change of one char at the end of either
   * argument misses.
   */
  @Test
  void longNonAsciiStringArguments_hitInTheNextJvmWhateverTheStringsCoder() {
    Map<String, String> props = Map.of("astrocache.dir", dir.toString());
    ChildJvm.Result first = ChildJvm.run(LongText.class.getName(), List.of(), props, "-");
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("computed 200"), first.output());
    assertTrue(first.output().contains("hits=0 misses=1\n"), first.output());

    List<String> noCompactStrings = new java.util.ArrayList<>(
        ChildJvm.command(LongText.class.getName(), List.of(), props, "-"));
    noCompactStrings.add(1, "-XX:-CompactStrings");
    for (ChildJvm.Result next : List.of(
        ChildJvm.run(LongText.class.getName(), List.of(), props, "-"),
        ChildJvm.exec(noCompactStrings))) {
      assertEquals(0, next.exitCode(), next.output());
      assertFalse(next.output().contains("computed"), next.output());
      assertTrue(next.output().contains("hits=1 misses=0\n"), next.output());
      assertEquals(resultLine(first), resultLine(next), "the hit answered another value");
    }

    for (String changed : List.of("text", "latin1")) {
      ChildJvm.Result other = ChildJvm.run(LongText.class.getName(), List.of(), props, changed);
      assertEquals(0, other.exitCode(), other.output());
      assertTrue(other.output().contains("hits=0 misses=1\n"), changed + ": " + other.output());
      // the same program in an empty cache answers the same
      ChildJvm.Result empty = ChildJvm.run(LongText.class.getName(), List.of(),
          Map.of("astrocache.dir", dir.resolve("empty-" + changed).toString()), changed);
      assertEquals(0, empty.exitCode(), empty.output());
      assertEquals(resultLine(empty), resultLine(other), changed);
    }
  }

  /** The child's {@code result ...} line. */
  private static String resultLine(ChildJvm.Result r) {
    for (String line : r.output().split("\n")) {
      if (line.startsWith("result ")) {
        return line;
      }
    }
    throw new AssertionError("no result line in: " + r.output());
  }
}
