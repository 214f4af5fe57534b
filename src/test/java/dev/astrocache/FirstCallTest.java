package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first call of a fresh JVM (issue 13, target 4): a hit loads only what a hit needs. A real
 * program is run once to fill the cache, then again with the JVM's class-load log, and the
 * second run must be a hit that loaded none of the classes a hit does not use: JFR's event
 * machinery (no recording runs), {@code java.util.logging} (nothing is logged), the HTTP client
 * and the tiered store (no remote is set), and none of what a fresh JVM sets up at the first use
 * of a lambda site of ours (a hidden class each), a compiled regular expression, a stream of
 * chars, a {@code SecureRandom} (its seeding, ~25 ms) or the security providers (the first
 * digests are astrocache's own SHA-256, {@code base.Sha256}). The runtime MXBean, which a plain
 * {@code java} command no longer needs for its agents (AgentsTest), is still asked here for the
 * JVM's start, since the program's class files were written seconds before. How long the call
 * takes is the benchmark's job ({@code benchmarks/first-call.sh}).
 *
 * <p>The JDK itself loads {@code LambdaMetafactory} ({@code Proxy}, {@code ProcessHandle}),
 * {@code StringConcatFactory} (from the CDS archive at boot, on JDK 17) and some of
 * {@code java.util.stream} ({@code ManagementFactory}, {@code ServiceLoader} on JDK 25), so
 * those are checked by what only our code would load: a lambda class of {@code dev.astrocache},
 * {@code Pattern}'s node classes and {@code Matcher}, {@code IntPipeline} and {@code MatchOps}.
 */
class FirstCallTest {
  private static final String PROGRAM = """
      package first;

      import dev.astrocache.Astrocache;

      public final class Main {
        public interface Prices {
          double quote(String item, int quantity);
        }

        static final class Slow implements Prices {
          @Override
          public double quote(String item, int quantity) {
            return item.length() * 1.25 * quantity;
          }
        }

        public static void main(String[] args) {
          Prices p = Astrocache.wrap(Prices.class, new Slow());
          System.out.println(p.quote("widget", 3));
          System.out.println("hits " + Astrocache.defaultCache().stats().hits());
        }
      }
      """;

  /** Classes (or package prefixes) that a hit of the default file store must not load. */
  private static final List<String> NOT_ON_A_HIT = List.of(
      "jdk.jfr.internal.", "dev.astrocache.CacheEvents$", "jdk.internal.logger.",
      "java.util.logging.LogManager$", "java.net.http.", "dev.astrocache.store.TieredStore",
      "dev.astrocache.store.HttpStore", "java.util.regex.Pattern$", "java.util.regex.Matcher",
      "java.util.stream.IntPipeline", "java.util.stream.MatchOps", "java.security.SecureRandom",
      "sun.security.jca.Providers");

  @TempDir
  Path tmp;

  @Test
  void hitInAFreshJvm_loadsNothingAHitDoesNotUse() throws IOException {
    Path classes = Javac.compile(tmp.resolve("classes"), Map.of("first.Main", PROGRAM));
    // the default index=on, not the suite's verify: a fresh JVM's hit then walks no code
    Map<String, String> props = Map.of("astrocache.dir", tmp.resolve("cache").toString(),
        "astrocache.index", "on");
    ChildJvm.Result fill = ChildJvm.run("first.Main", List.of(classes), props);
    assertEquals(0, fill.exitCode(), fill.output());
    assertTrue(fill.output().contains("hits 0"), fill.output());

    Path log = tmp.resolve("class-load.txt");
    List<String> command = new ArrayList<>(ChildJvm.command("first.Main", List.of(classes), props));
    command.add(1, "-Xlog:class+load=info:file=" + log);
    ChildJvm.Result hit = ChildJvm.exec(command);
    assertEquals(0, hit.exitCode(), hit.output());
    assertTrue(hit.output().startsWith("22.5") && hit.output().contains("hits 1"), hit.output());

    List<String> loaded = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      // [info][class,load] java.lang.Object source: shared objects file
      String[] words = line.split(" ");
      for (int i = 0; i + 1 < words.length; i++) {
        if (words[i].endsWith("[class,load]")) {
          loaded.add(words[i + 1]);
        }
      }
    }
    assertTrue(loaded.contains("dev.astrocache.DefaultCache"), "the log names the classes loaded");
    List<String> needless = new ArrayList<>();
    for (String name : loaded) {
      if (name.startsWith("dev.astrocache.") && name.contains("$$Lambda")) {
        needless.add(name); // a lambda or method reference of ours: a class spun at first use
      }
      for (String prefix : NOT_ON_A_HIT) {
        // a prefix ending in . or $ names a package or nested classes, else one class
        if (prefix.endsWith(".") || prefix.endsWith("$") ? name.startsWith(prefix)
            : name.equals(prefix)) {
          needless.add(name);
        }
      }
    }
    assertEquals(List.of(), needless, "loaded by a hit that does not use them");
  }
}
