package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code of collaborators counts, however the program holds them (issue 9, points 2, 3 and 8).
 * Each case is a program compiled with javac and run in child JVMs: run once, run again unchanged
 * (a hit), edit a collaborator's source (or what the program puts in a holder), recompile, run
 * again with the same cache directory, and compare with a run in an empty cache. Before the fix,
 * every case but the memo returned the first version's answer after the edit.
 */
class CollaboratorCodeTest {
  @TempDir Path work;

  private static final String REPORT = """
      package app;

      public final class Report {
        public static void print(Object result) {
          System.out.println("result " + result);
          dev.astrocache.CacheStats s = dev.astrocache.Astrocache.defaultCache().stats();
          System.out.println("hits=" + s.hits() + " misses=" + s.misses());
        }
      }
      """;

  private static final String PRICES = """
      package app;

      public interface Prices {
        String quote(int qty);
      }
      """;

  private static final String PRICING = """
      package app;

      public interface Pricing {
        int total(int qty);
      }
      """;

  private static final String DISCOUNT = """
      package app;

      public final class Discount implements Pricing {
        @Override
        public int total(int qty) {
          return qty * 9;
        }
      }
      """;

  private static final String STEP = """
      package app;

      public interface Step {
        String apply(String s);
      }
      """;

  private static final String UPPER = """
      package app;

      public final class Upper implements Step {
        @Override
        public String apply(String s) {
          return s.toUpperCase();
        }
      }
      """;

  private static final String TEXTS = """
      package app;

      public interface Texts {
        String process(String s);
      }
      """;

  /** What one child run printed last: its result line and its stats line. */
  private record Outcome(String result, String stats) {}

  private int compiled;

  private Path compile(Map<String, String> sources) {
    Map<String, String> all = new HashMap<>(sources);
    all.put("app.Report", REPORT);
    return Javac.compile(work.resolve("classes" + compiled++), all);
  }

  private static Outcome run(Path classes, Path cache) {
    ChildJvm.Result r = ChildJvm.run("app.Main", List.of(classes),
        Map.of("astrocache.dir", cache.toString()));
    assertEquals(0, r.exitCode(), r.output());
    String[] lines = r.output().strip().split("\n");
    assertTrue(lines.length >= 2 && lines[lines.length - 2].startsWith("result "), r.output());
    return new Outcome(lines[lines.length - 2], lines[lines.length - 1]);
  }

  /**
   * Runs {@code v1} twice (a miss, then a hit), then {@code v1} with {@code from} replaced by
   * {@code to} in source {@code file}, in the same cache and in an empty one: the answers must
   * be the same, and differ from the first version's (so the edit matters).
   */
  private void assertEditRefreshes(Map<String, String> v1, String file, String from, String to) {
    String source = v1.get(file);
    assertTrue(source.contains(from), file + " has no " + from);
    Map<String, String> v2 = new HashMap<>(v1);
    v2.put(file, source.replace(from, to));
    Path cache = work.resolve("cache");
    Path first = compile(v1);
    Outcome miss = run(first, cache);
    assertEquals("hits=0 misses=1", miss.stats(), miss.toString());
    Outcome hit = run(first, cache);
    assertEquals(new Outcome(miss.result(), "hits=1 misses=0"), hit, "an unchanged rerun hits");
    Path second = compile(v2);
    Outcome empty = run(second, work.resolve("empty-cache"));
    assertNotEquals(miss.result(), empty.result(), "the edit changes the answer");
    Outcome edited = run(second, cache);
    assertEquals(empty.result(), edited.result(), "a wrong hit: the old answer after the edit");
  }

  private static Map<String, String> shop(String main) {
    return Map.of("app.Main", main, "app.Prices", PRICES, "app.Pricing", PRICING,
        "app.Discount", DISCOUNT);
  }

  private static Map<String, String> steps(String main, String more, String moreSource) {
    return Map.of("app.Main", main, "app.Texts", TEXTS, "app.Step", STEP, "app.Upper", UPPER,
        more, moreSource);
  }

  @Test
  void transientFieldSetByTheConstructor_collaboratorEditRefreshes() {
    assertEditRefreshes(shop("""
        package app;

        public final class Main {
          static final class Shop implements Prices {
            private final transient Pricing pricing;

            Shop(Pricing pricing) {
              this.pricing = pricing;
            }

            @Override
            public String quote(int qty) {
              return "total " + pricing.total(qty);
            }
          }

          public static void main(String[] args) {
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, new Shop(new Discount()));
            Report.print(p.quote(10));
          }
        }
        """), "app.Discount", "qty * 9", "qty * 8");
  }

  @Test
  void transientFieldInitializer_collaboratorEditRefreshes() {
    assertEditRefreshes(shop("""
        package app;

        public final class Main {
          static final class Shop implements Prices {
            private final transient Pricing pricing = new Discount();

            @Override
            public String quote(int qty) {
              return "total " + pricing.total(qty);
            }
          }

          public static void main(String[] args) {
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, new Shop());
            Report.print(p.quote(10));
          }
        }
        """), "app.Discount", "qty * 9", "qty * 8");
  }

  private static final String SETTINGS = """
      package app;

      public final class Settings {
        public static Pricing policy = qty -> qty * 10;
      }
      """;

  @Test
  void nonFinalStaticAssignedByMain_collaboratorEditRefreshes() {
    Map<String, String> sources = new HashMap<>(shop("""
        package app;

        public final class Main {
          static final class Shop implements Prices {
            @Override
            public String quote(int qty) {
              return "total " + Settings.policy.total(qty);
            }
          }

          public static void main(String[] args) {
            Settings.policy = new Discount();
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, new Shop());
            Report.print(p.quote(10));
          }
        }
        """));
    sources.put("app.Settings", SETTINGS);
    assertEditRefreshes(sources, "app.Discount", "qty * 9", "qty * 8");
  }

  /** A record collaborator in a static setting: a record is encoded by its components only. */
  @Test
  void nonFinalStaticHoldingARecord_collaboratorEditRefreshes() {
    Map<String, String> sources = new HashMap<>(shop("""
        package app;

        public final class Main {
          static final class Shop implements Prices {
            @Override
            public String quote(int qty) {
              return "total " + Settings.policy.total(qty);
            }
          }

          public static void main(String[] args) {
            Settings.policy = new Volume(9);
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, new Shop());
            Report.print(p.quote(10));
          }
        }
        """));
    sources.put("app.Settings", SETTINGS);
    sources.put("app.Volume", """
        package app;

        public record Volume(int unit) implements Pricing {
          @Override
          public int total(int qty) {
            return qty * unit;
          }
        }
        """);
    assertEditRefreshes(sources, "app.Volume", "qty * unit", "qty * unit - 1");
  }

  private static final String REGISTRY_LIST = """
      package app;

      import java.util.ArrayList;
      import java.util.List;

      public final class Plugins {
        public static final List<Step> STEPS = new ArrayList<>();
      }
      """;

  @Test
  void staticFinalListFilledByMain_pluginEditRefreshes() {
    assertEditRefreshes(steps("""
        package app;

        public final class Main {
          static final class Pipeline implements Texts {
            @Override
            public String process(String s) {
              for (Step step : Plugins.STEPS) {
                s = step.apply(s);
              }
              return s;
            }
          }

          public static void main(String[] args) {
            Plugins.STEPS.add(new Upper());
            Texts t = dev.astrocache.Astrocache.wrap(Texts.class, new Pipeline());
            Report.print(t.process("abc"));
          }
        }
        """, "app.Plugins", REGISTRY_LIST), "app.Upper", "s.toUpperCase()",
        "s.toUpperCase() + \"!\"");
  }

  private static final String REGISTRY_MAP = """
      package app;

      import java.util.HashMap;
      import java.util.Map;

      public final class Plugins {
        public static final Map<String, Step> BY_NAME = new HashMap<>();
      }
      """;

  private static final String MAP_MAIN = """
      package app;

      public final class Main {
        static final class Pipeline implements Texts {
          @Override
          public String process(String s) {
            return Plugins.BY_NAME.get("main").apply(s);
          }
        }

        public static void main(String[] args) {
          Plugins.BY_NAME.put("main", new Upper());
          Texts t = dev.astrocache.Astrocache.wrap(Texts.class, new Pipeline());
          Report.print(t.process("abc"));
        }
      }
      """;

  @Test
  void staticFinalMapFilledByMain_pluginEditRefreshes() {
    assertEditRefreshes(steps(MAP_MAIN, "app.Plugins", REGISTRY_MAP), "app.Upper",
        "s.toUpperCase()", "s.toUpperCase() + \"!\"");
  }

  /**
   * A registry that both {@code main()} and the code fill ({@code computeIfAbsent} with a
   * default) is the code's memo: its content does not count, but the code of what it holds
   * does.
   */
  @Test
  void staticFinalMapFilledByMainAndByTheCode_pluginEditRefreshes() {
    assertEditRefreshes(steps(MAP_MAIN.replace("Plugins.BY_NAME.get(\"main\")",
        "Plugins.BY_NAME.computeIfAbsent(\"main\", n -> x -> x + \"?\")"), "app.Plugins",
        REGISTRY_MAP), "app.Upper", "s.toUpperCase()", "s.toUpperCase() + \"!\"");
  }

  private static final String SUFFIX = """
      package app;

      public final class Suffix implements Step {
        private final String suffix;

        public Suffix(String suffix) {
          this.suffix = suffix;
        }

        @Override
        public String apply(String s) {
          return s + suffix;
        }
      }
      """;

  /** Point 8: the same plug-in class registered with another setting is another registry. */
  @Test
  void staticFinalMapFilledByMain_countsByContent() {
    Map<String, String> sources = new HashMap<>(steps(
        MAP_MAIN.replace("new Upper()", "new Suffix(\"?\")"), "app.Plugins", REGISTRY_MAP));
    sources.put("app.Suffix", SUFFIX);
    assertEditRefreshes(sources, "app.Main", "new Suffix(\"?\")", "new Suffix(\"!\")");
  }

  /** Point 8: a singleton whose setter the program calls counts by what it holds. */
  @Test
  void staticFinalSingletonWithASetter_countsByContent() {
    assertEditRefreshes(shop("""
        package app;

        public final class Main {
          static final class Config {
            static final Config INSTANCE = new Config();
            private int unit = 1;

            void setUnit(int unit) {
              this.unit = unit;
            }

            int unit() {
              return unit;
            }
          }

          static final class Shop implements Prices {
            @Override
            public String quote(int qty) {
              return "total " + qty * Config.INSTANCE.unit();
            }
          }

          public static void main(String[] args) {
            Config.INSTANCE.setUnit(9);
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, new Shop());
            Report.print(p.quote(10));
          }
        }
        """), "app.Main", "setUnit(9)", "setUnit(8)");
  }

  /**
   * Point 8: a memo the reached code fills itself is not an input: counting it by content made
   * every call a miss (the second call saw the entry the first one added).
   */
  @Test
  void staticFinalMemoFilledByTheCode_stillHits() {
    Map<String, String> sources = new HashMap<>(shop("""
        package app;

        import java.util.HashMap;
        import java.util.Map;

        public final class Main {
          static final class Shop implements Prices {
            private static final Map<Integer, Integer> MEMO = new HashMap<>();

            @Override
            public String quote(int qty) {
              return "total " + MEMO.computeIfAbsent(qty, q -> q * 9);
            }
          }

          public static void main(String[] args) {
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, new Shop());
            p.quote(10);
            Report.print(p.quote(10));
          }
        }
        """));
    Path classes = compile(sources);
    Path cache = work.resolve("cache");
    assertEquals(new Outcome("result total 90", "hits=1 misses=1"), run(classes, cache));
    assertEquals(new Outcome("result total 90", "hits=2 misses=0"), run(classes, cache));
  }

  @Test
  void atomicReferenceField_collaboratorEditRefreshes() {
    assertEditRefreshes(shop("""
        package app;

        import java.util.concurrent.atomic.AtomicReference;

        public final class Main {
          static final class Shop implements Prices {
            final AtomicReference<Pricing> pricing = new AtomicReference<>();

            @Override
            public String quote(int qty) {
              return "total " + pricing.get().total(qty);
            }
          }

          public static void main(String[] args) {
            Shop shop = new Shop();
            shop.pricing.set(new Discount());
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, shop);
            Report.print(p.quote(10));
          }
        }
        """), "app.Discount", "qty * 9", "qty * 8");
  }

  @Test
  void transientOptionalField_collaboratorEditRefreshes() {
    assertEditRefreshes(shop("""
        package app;

        import java.util.Optional;

        public final class Main {
          static final class Shop implements Prices {
            private final transient Optional<Pricing> pricing;

            Shop(Optional<Pricing> pricing) {
              this.pricing = pricing;
            }

            @Override
            public String quote(int qty) {
              return "total " + pricing.orElseThrow().total(qty);
            }
          }

          public static void main(String[] args) {
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class,
                new Shop(Optional.of(new Discount())));
            Report.print(p.quote(10));
          }
        }
        """), "app.Discount", "qty * 9", "qty * 8");
  }

  @Test
  void transientListField_collaboratorEditRefreshes() {
    assertEditRefreshes(shop("""
        package app;

        import java.util.ArrayList;
        import java.util.List;

        public final class Main {
          static final class Shop implements Prices {
            final transient List<Pricing> pricings = new ArrayList<>();

            @Override
            public String quote(int qty) {
              return "total " + pricings.get(0).total(qty);
            }
          }

          public static void main(String[] args) {
            Shop shop = new Shop();
            shop.pricings.add(new Discount());
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, shop);
            Report.print(p.quote(10));
          }
        }
        """), "app.Discount", "qty * 9", "qty * 8");
  }

  @Test
  void transientSupplierField_collaboratorEditRefreshes() {
    assertEditRefreshes(shop("""
        package app;

        import java.util.function.Supplier;

        public final class Main {
          static final class Shop implements Prices {
            private final transient Supplier<Pricing> pricing;

            Shop(Supplier<Pricing> pricing) {
              this.pricing = pricing;
            }

            @Override
            public String quote(int qty) {
              return "total " + pricing.get().total(qty);
            }
          }

          public static void main(String[] args) {
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, new Shop(Discount::new));
            Report.print(p.quote(10));
          }
        }
        """), "app.Discount", "qty * 9", "qty * 8");
  }

  @Test
  void threadLocalCurrentValue_collaboratorEditRefreshes() {
    assertEditRefreshes(shop("""
        package app;

        public final class Main {
          static final class Shop implements Prices {
            final ThreadLocal<Pricing> pricing = new ThreadLocal<>();

            @Override
            public String quote(int qty) {
              return "total " + pricing.get().total(qty);
            }
          }

          public static void main(String[] args) {
            Shop shop = new Shop();
            shop.pricing.set(new Discount());
            Prices p = dev.astrocache.Astrocache.wrap(Prices.class, shop);
            Report.print(p.quote(10));
          }
        }
        """), "app.Discount", "qty * 9", "qty * 8");
  }

  @Test
  void threadLocalWithInitialInAFieldInitializer_collaboratorEditRefreshes() {
    assertEditRefreshes(Map.of("app.Main", """
        package app;

        public final class Main {
          static final class Quoting implements Texts {
            private final ThreadLocal<Step> brackets = ThreadLocal.withInitial(Brackets::new);

            @Override
            public String process(String s) {
              return brackets.get().apply(s);
            }
          }

          public static void main(String[] args) {
            Texts t = dev.astrocache.Astrocache.wrap(Texts.class, new Quoting());
            Report.print(t.process("abc"));
          }
        }
        """, "app.Texts", TEXTS, "app.Step", STEP, "app.Brackets", """
        package app;

        public final class Brackets implements Step {
          @Override
          public String apply(String s) {
            return "[" + s + "]";
          }
        }
        """), "app.Brackets", "\"[\" + s + \"]\"", "\"(\" + s + \")\"");
  }

  private static final String RANKED_MAIN = """
      package app;

      import java.util.ArrayList;
      import java.util.Comparator;
      import java.util.List;

      public final class Main {
        public interface Ranking {
          List<String> rank(List<String> names);
        }

        static final class Ranked implements Ranking {
          private final MODIFIERComparator<Item> order =
              Comparator.comparing(Item::score).reversed();

          @Override
          public List<String> rank(List<String> names) {
            List<Item> items = new ArrayList<>();
            for (String n : names) {
              items.add(new Item(n));
            }
            items.sort(order);
            List<String> out = new ArrayList<>();
            for (Item i : items) {
              out.add(i.name);
            }
            return out;
          }
        }

        public static void main(String[] args) {
          Ranking r = dev.astrocache.Astrocache.wrap(Ranking.class, new Ranked());
          Report.print(r.rank(List.of("ccc", "a", "bb")));
        }
      }
      """;

  private static final String ITEM = """
      package app;

      public final class Item {
        final String name;

        Item(String name) {
          this.name = name;
        }

        public Integer score() {
          return name.length();
        }
      }
      """;

  @Test
  void transientComparatorField_keyExtractorEditRefreshes() {
    assertEditRefreshes(Map.of("app.Main", RANKED_MAIN.replace("MODIFIER", "transient "),
        "app.Item", ITEM), "app.Item", "return name.length();", "return -name.length();");
  }

  @Test
  void comparatorField_keyExtractorEditRefreshes() {
    assertEditRefreshes(Map.of("app.Main", RANKED_MAIN.replace("MODIFIER", ""),
        "app.Item", ITEM), "app.Item", "return name.length();", "return -name.length();");
  }
}
