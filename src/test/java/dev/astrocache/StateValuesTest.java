package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State that a real program configures, through {@code wrap} in child JVMs (issue 9, items 4
 * and 5): a program compiled with javac runs once, runs again with another configuration
 * against the same cache, and must print what a run in an empty cache prints; the first
 * configuration then hits.
 */
class StateValuesTest {
  @TempDir Path work;

  private static final String VAT = """
      package vat;

      import dev.astrocache.Astrocache;
      import dev.astrocache.CacheStats;

      public final class Main {
        public interface Vat {
          double gross(double net);
        }

        /** An enum singleton service, configured by the program before the call. */
        public enum VatService implements Vat {
          INSTANCE;

          double rate = 0.20;

          @Override
          public double gross(double net) {
            System.out.println("computed at " + rate);
            return net * (1 + rate);
          }
        }

        public static void main(String[] args) {
          VatService.INSTANCE.rate = Double.parseDouble(args[0]);
          Vat vat = Astrocache.wrap(Vat.class, VatService.INSTANCE);
          System.out.println("gross " + vat.gross(100.0));
          CacheStats s = Astrocache.defaultCache().stats();
          System.out.println("hits=" + s.hits() + " misses=" + s.misses());
        }
      }
      """;

  private static final String LABELS = """
      package labels;

      import dev.astrocache.Astrocache;
      import dev.astrocache.CacheStats;
      import java.util.HashMap;

      public final class Main {
        /** A map of the program's own, with a field that changes what it means. */
        public static final class Labels extends HashMap<String, String> {
          final String language;

          Labels(String language) {
            this.language = language;
          }
        }

        public interface Greeter {
          String greet(Labels labels);
        }

        public interface Banner {
          String banner();
        }

        static final class Formal implements Greeter {
          @Override
          public String greet(Labels labels) {
            System.out.println("computed greet");
            return labels.language + ": " + labels.get("hello");
          }
        }

        static final class Held implements Banner {
          final Labels labels;

          Held(Labels labels) {
            this.labels = labels;
          }

          @Override
          public String banner() {
            System.out.println("computed banner");
            return "[" + labels.language + "] " + labels.get("hello");
          }
        }

        public static void main(String[] args) {
          Labels labels = new Labels(args[0]);
          labels.put("hello", "Hello");
          Greeter g = Astrocache.wrap(Greeter.class, new Formal());
          Banner b = Astrocache.wrap(Banner.class, new Held(labels));
          System.out.println("greet " + g.greet(labels));
          System.out.println("banner " + b.banner());
          CacheStats s = Astrocache.defaultCache().stats();
          System.out.println("hits=" + s.hits() + " misses=" + s.misses());
        }
      }
      """;

  private ChildJvm.Result run(Path classes, String main, String cache, String config) {
    ChildJvm.Result r = ChildJvm.run(main, List.of(classes),
        Map.of("astrocache.dir", work.resolve(cache).toString()), config);
    assertEquals(0, r.exitCode(), r.output());
    return r;
  }

  /**
   * The lines a run printed that are results, not stats, "computed" traces or astrocache's log
   * (a run over a cache explains its misses, one over an empty cache has nothing to explain).
   */
  private static String results(ChildJvm.Result r) {
    StringBuilder b = new StringBuilder();
    for (String line : r.output().split("\n")) {
      boolean log = line.matches("[A-Z]+: astrocache: .*")
          || line.matches("\\w{3} \\d{2}, \\d{4} .* dev\\.astrocache\\..*");
      if (!line.startsWith("computed") && !line.startsWith("hits=") && !log) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  private void configurationCounts(String main, String source, String a, String b, int calls) {
    Path classes = Javac.compile(work.resolve("classes"), Map.of(main, source));
    String none = "hits=0 misses=" + calls;
    String all = "hits=" + calls + " misses=0";
    ChildJvm.Result first = run(classes, main, "cache", a);
    assertTrue(first.output().contains(none), first.output());
    ChildJvm.Result changed = run(classes, main, "cache", b);
    ChildJvm.Result fresh = run(classes, main, "empty", b);
    assertEquals(results(fresh), results(changed), "after the change: " + changed.output());
    assertTrue(changed.output().contains(none), changed.output());
    assertTrue(changed.output().contains(" misses: the state of "), "the miss names the state as"
        + " its reason: " + changed.output());
    ChildJvm.Result again = run(classes, main, "cache", a);
    assertEquals(results(first), results(again));
    assertTrue(again.output().contains(all), again.output());
  }

  @Test
  void enumImpl_configuredRate_isPartOfTheKey() {
    // VatService.INSTANCE configured with 0.07 answered with the 0.20 result
    configurationCounts("vat.Main", VAT, "0.20", "0.07", 1);
  }

  @Test
  void userSubclassOfHashMap_ownFieldIsPartOfTheKey_asArgumentAndAsState() {
    configurationCounts("labels.Main", LABELS, "en", "fr", 2);
  }
}
