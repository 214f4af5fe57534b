package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module-path application whose impl lives in a package that is not open to astrocache: its
 * fields cannot be read, so wrap refuses it with the line to add, where it used to leave them
 * out of the key and share entries between impls configured differently. Opened, its state
 * counts; a field of a type from a package still closed counts by class, with a warning.
 */
class ModulePathStateTest {
  @TempDir Path work;

  private static final String API = """
      package app.api;

      public interface Rates {
        double convert(double amount);
      }
      """;

  private static final String TIER = """
      package app.model;

      public final class Tier {
        private final String name;

        public Tier(String name) {
          this.name = name;
        }

        @Override public String toString() { return name; }
      }
      """;

  private static final String IMPL = """
      package app.impl;

      import app.api.Rates;
      import app.model.Tier;

      public final class FixedRate implements Rates {
        private final double rate;
        private final Tier tier;

        public FixedRate(double rate, Tier tier) {
          this.rate = rate;
          this.tier = tier;
        }

        @Override public double convert(double amount) {
          System.out.println("computed " + amount * rate);
          return amount * rate;
        }
      }
      """;

  private static final String MAIN = """
      package app;

      import app.api.Rates;
      import app.impl.FixedRate;
      import app.model.Tier;
      import dev.astrocache.Astrocache;
      import dev.astrocache.Cache;

      public final class Main {
        public static void main(String[] args) {
          Cache cache = Astrocache.builder().build();
          try {
            Rates two = cache.wrap(Rates.class, new FixedRate(2.0, new Tier("gold")));
            System.out.println(two.convert(10));
            System.out.println(two.convert(10));
            Rates three = cache.wrap(Rates.class, new FixedRate(3.0, new Tier("gold")));
            System.out.println(three.convert(10));
          } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
          }
          System.out.println("hits=" + cache.stats().hits() + " misses=" + cache.stats().misses());
        }
      }
      """;

  private ChildJvm.Result run(String name, String moduleInfo) {
    Path classes = Path.of(System.getProperty("astrocache-tests.classes", "target/classes"));
    Path app = Javac.compileWith(work.resolve(name), Map.of("module-info", moduleInfo,
        "app.api.Rates", API, "app.model.Tier", TIER, "app.impl.FixedRate", IMPL,
        "app.Main", MAIN), List.of("--module-path", classes.toString()));
    return ChildJvm.exec(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Dastrocache.dir=" + work.resolve(name + "-cache"),
        "--module-path", classes + File.pathSeparator + app, "-m", "app/app.Main"));
  }

  @Test
  void implInAPackageNotOpen_wrapFailsWithTheOpensLine() {
    ChildJvm.Result r = run("closed", """
        module app {
          requires dev.astrocache;
          exports app.api;
        }
        """);
    assertEquals(0, r.exitCode(), r.output());
    assertEquals("""
        astrocache cannot wrap app.impl.FixedRate: its fields cannot be read, so instances\
         configured differently would share entries: package app.impl of module app is not open\
         to astrocache. Add 'opens app.impl to dev.astrocache;' to the module-info.java of module\
         app.
        hits=0 misses=0
        """, r.output());
  }

  @Test
  void implInAnOpenPackage_itsStateCountsAndAClosedFieldTypeWarns() {
    ChildJvm.Result r = run("open", """
        module app {
          requires dev.astrocache;
          exports app.api;
          opens app.impl to dev.astrocache;
        }
        """);
    assertEquals(0, r.exitCode(), r.output());
    // the miss of the second rate is explained (at INFO): what the program printed is around it
    String printed = String.join("\n", r.output().lines()
        .filter(l -> !l.matches("[A-Z]+: astrocache: .*")
            && !l.matches("\\w{3} \\d{2}, \\d{4} .* dev\\.astrocache\\..*"))
        .toList()) + "\n";
    assertTrue(printed.endsWith("""
        computed 20.0
        20.0
        20.0
        computed 30.0
        30.0
        hits=1 misses=2
        """), r.output());
    assertTrue(r.output().contains("INFO: astrocache: app.api.Rates.convert-294c1e5b misses: the"
        + " state of app.impl.FixedRate changed: field rate\n"), r.output());
    assertTrue(r.output().contains("WARNING: astrocache: this.tier of app.impl.FixedRate counts"
        + " by its class only, since package app.model of module app is not open to astrocache"
        + " (app.model.Tier): impls that differ there share entries. Add 'opens app.model to"
        + " dev.astrocache;' to its module-info.java, or mark the field transient.\n"),
        r.output());
  }
}
