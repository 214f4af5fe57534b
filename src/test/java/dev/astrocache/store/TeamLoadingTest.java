package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How code is loaded and run, as a team sharing a real nginx through the {@code tiered} store
 * would meet it: a server left running while its classes are rebuilt must not hand the team a
 * result of the old code under the new code's fingerprint, and a value whose classes one
 * teammate cannot load is that teammate's miss, never a deleted team object.
 */
class TeamLoadingTest {

  @RegisterExtension static final NginxServer.PerClass NGINX = new NginxServer.PerClass();

  @TempDir Path work;

  private static final String MAIN = """
      package app;

      import dev.astrocache.Astrocache;
      import dev.astrocache.Cache;
      import java.io.BufferedReader;
      import java.io.InputStreamReader;

      public class Main {
        public interface Prices { double gross(double net); }

        public static final class Impl implements Prices {
          public double gross(double net) { return Tax.gross(net); }
        }

        public static void main(String[] args) throws Exception {
          Cache cache = Astrocache.builder().build();
          Prices prices = cache.wrap(Prices.class, new Impl());
          System.out.println("first " + prices.gross(Double.parseDouble(args[0]))
              + " puts=" + cache.stats().puts() + " hits=" + cache.stats().hits());
          if (args.length == 1) {
            return;
          }
          System.out.println("waiting");
          new BufferedReader(new InputStreamReader(System.in)).readLine();
          System.out.println("second " + prices.gross(Double.parseDouble(args[1]))
              + " puts=" + cache.stats().puts() + " hits=" + cache.stats().hits());
        }
      }
      """;

  private static String tax(String rate) {
    return "package app;\npublic class Tax {\n  public static double gross(double net) {"
        + " return net * " + rate + "; }\n}\n";
  }

  private Map<String, String> tiered(String localDir) {
    Map<String, String> props = new HashMap<>();
    props.put("astrocache.store", "tiered");
    props.put("astrocache.dir", work.resolve(localDir).toString());
    props.put("astrocache.remote.url", NGINX.server().url().toString());
    props.put("astrocache.remote.secret", HttpStoreTest.SECRET);
    props.put("astrocache.remote.timeout", HttpStoreTest.TEST_TIMEOUT);
    props.put("astrocache.recheck", "0");
    return props;
  }

  private static Map<String, byte[]> objects(Path dir) throws IOException {
    Map<String, byte[]> all = new TreeMap<>();
    if (!Files.exists(dir)) {
      return all;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        all.put(dir.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return all;
  }

  @Test
  void serverLeftRunningWhileItsClassesAreRebuilt_teammateOnTheNewCodeGetsTheNewAnswer()
      throws Exception {
    Path classes = work.resolve("classes");
    Javac.compile(classes, Map.of("app.Main", MAIN, "app.Tax", tax("1.2")));
    List<String> server = new ArrayList<>(ChildJvm.command("app.Main", List.of(classes),
        tiered("server-cache"), "20", "70"));

    // the server caches gross(20) = 24.0 on the old code; the IDE rebuilds Tax at x1.5 under it;
    // its next miss, gross(70), still runs the old Tax
    String out = ChildJvm.interact(server, () -> Javac.compile(classes, Map.of("app.Tax", tax("1.5"))));
    assertTrue(out.contains("first 24.0 puts=1 hits=0\n"), out);
    assertTrue(out.contains("second 84.0 puts=1 hits=0\n"), out);
    assertTrue(out.contains("is computed, not cached: the code that runs may not be what is on"
        + " disk (app.Tax"), out);

    // a teammate on the new code, with an empty local directory, asks both: the truth, computed,
    // not the server's 84.0 under the new fingerprint
    ChildJvm.Result mate = ChildJvm.exec(ChildJvm.command("app.Main", List.of(classes),
        tiered("mate-cache"), "70"));
    assertEquals(0, mate.exitCode(), mate.output());
    assertTrue(mate.output().contains("first 105.0 puts=1 hits=0"), mate.output());

    // and what the teammate stored is what the whole team now gets
    ChildJvm.Result third = ChildJvm.exec(ChildJvm.command("app.Main", List.of(classes),
        tiered("third-cache"), "70"));
    assertEquals(0, third.exitCode(), third.output());
    assertTrue(third.output().contains("first 105.0 puts=0 hits=1"), third.output());
  }

  @Test
  void valueOfAPluginsClassesThatATeammateCannotLoad_isItsMiss_andTheTeamObjectStays()
      throws Exception {
    Path classes = Javac.compile(work.resolve("plugin"), Map.of("plug.Price",
        "package plug;\npublic record Price(int cents, String currency) {}\n",
        "plug.Prices", "package plug;\npublic class Prices implements"
            + " java.util.function.IntFunction<Object> {\n  public Object apply(int n) {"
            + " return new Price(n * 100, \"EUR\"); }\n}\n"));
    try (URLClassLoader plugin = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      @SuppressWarnings("unchecked")
      IntFunction<Object> prices = (IntFunction<Object>) plugin.loadClass("plug.Prices")
          .getConstructor().newInstance();
      IntFunction<Object> impl = n -> prices.apply(n);

      // one teammate runs with the plug-in on its context loader and shares the value
      Thread t = Thread.currentThread();
      ClassLoader saved = t.getContextClassLoader();
      Cache writer = cache("writer-cache");
      t.setContextClassLoader(plugin);
      try {
        assertEquals("Price[cents=300, currency=EUR]", wrap(writer, impl).apply(3).toString());
      } finally {
        t.setContextClassLoader(saved);
      }
      writer.close();
      Map<String, byte[]> shared = objects(NGINX.server().cacheDir());
      assertTrue(!shared.isEmpty(), "nothing reached the server");

      // another, whose loaders cannot see plug.Price: computed, not rejected as corrupt
      Cache reader = cache("reader-cache");
      assertEquals("Price[cents=300, currency=EUR]", wrap(reader, impl).apply(3).toString());
      assertEquals(0, reader.stats().hits());
      assertEquals(0, reader.stats().rejected());
      reader.close();
      // the team's object is still there: never deleted as corrupt (the reader's own put may
      // replace it with the same value under a newer header, which the third teammate reads)
      Map<String, byte[]> after = objects(NGINX.server().cacheDir());
      assertEquals(shared.keySet(), after.keySet());

      // and a third teammate with the plug-in on its context loader hits the team's object
      Cache third = cache("third-cache");
      t.setContextClassLoader(plugin);
      try {
        Object v = wrap(third, impl).apply(3);
        assertEquals("Price[cents=300, currency=EUR]", v.toString());
        assertEquals(plugin, v.getClass().getClassLoader());
        assertEquals(1, third.stats().hits());
      } finally {
        t.setContextClassLoader(saved);
        third.close();
      }
    }
  }

  private Cache cache(String localDir) {
    return Astrocache.builder().directory(work.resolve(localDir)).store("tiered")
        .setting("remote.url", NGINX.server().url().toString())
        .setting("remote.secret", HttpStoreTest.SECRET)
        .setting("remote.timeout", HttpStoreTest.TEST_TIMEOUT)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static IntFunction<Object> wrap(Cache cache, IntFunction<Object> impl) {
    return cache.wrap(IntFunction.class, impl);
  }
}
