package dev.astrocache.demo;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The README's demo: a slow call computed once, then answered from disk by new JVMs; a
 * comment-only edit keeps the entry, an edit of a helper the call reaches refreshes it.
 *
 * <p>Run: {@code mvn -B -q test-compile exec:exec}
 */
public final class Demo {
  private Demo() {}

  private static final String SOURCE = """
      package demo;

      import dev.astrocache.Astrocache;
      import dev.astrocache.CacheStats;

      public final class Quotes {
        /** What we cache: a slow, paid call. */
        public interface Prices {
          double quote(String item, int quantity);
        }

        static final class SlowPrices implements Prices {
          @Override
          public double quote(String item, int quantity) {
            sleep(1500); // pretend: a rate-limited API
            return Tax.gross(item.length() * 4.0 * quantity);
          }
        }

        static final class Tax {
          /*COMMENT*/
          static double gross(double net) {
            return net * RATE;
          }
        }

        public static void main(String[] args) {
          long start = System.nanoTime();
          Prices prices = Astrocache.wrap(Prices.class, new SlowPrices());
          double p = prices.quote("widget", 3);
          long ms = (System.nanoTime() - start) / 1_000_000;
          CacheStats s = Astrocache.defaultCache().stats();
          System.out.printf("    quote(widget, 3) = %.2f  %s in %d ms%n", p,
              s.hits() > 0 ? "answered from disk" : "computed", ms);
        }

        static void sleep(long ms) {
          try {
            Thread.sleep(ms);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      """;

  public static void main(String[] args) throws IOException {
    Path work = Path.of("target", "demo").toAbsolutePath();
    delete(work);
    Files.createDirectories(work);
    Path cache = work.resolve("cache");
    System.out.println("astrocache demo: cache directory " + cache);

    step(work, cache, "1. first run: the call is computed",
        "1", source("1.20", ""));
    step(work, cache, "2. a new JVM: the same call is answered from disk",
        "1", source("1.20", ""));
    step(work, cache, "3. a comment added in a helper and recompiled: still answered from disk",
        "2", source("1.20", "// VAT, per the 2026 rules"));
    step(work, cache, "4. the helper's rate changed and recompiled: computed again",
        "3", source("1.25", "// VAT, per the 2026 rules"));
    System.out.println("entries: " + cache + " (one file per entry, folders named by function)");
  }

  private static String source(String rate, String comment) {
    return SOURCE.replace("RATE", rate).replace("/*COMMENT*/", comment);
  }

  private static void step(Path work, Path cache, String title, String version, String source)
      throws IOException {
    System.out.println(title);
    Path classes = work.resolve("v" + version);
    if (!Files.isDirectory(classes)) {
      Javac.compile(classes, Map.of("demo.Quotes", source));
    }
    ChildJvm.Result r = ChildJvm.run("demo.Quotes", List.of(classes),
        Map.of("astrocache.dir", cache.toString(),
            "java.util.logging.SimpleFormatter.format", "    log: %5$s%6$s%n"));
    System.out.print(r.output());
    if (r.exitCode() != 0) {
      throw new IllegalStateException("the demo's child JVM failed with exit code " + r.exitCode());
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
