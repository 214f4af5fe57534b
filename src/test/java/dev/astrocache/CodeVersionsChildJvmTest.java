package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.store.FileLayout;
import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Old code versions go by themselves in real processes (max.versions, default 3): a program
 * edited four times, each release run in its own JVM over one directory, leaves the entries of
 * its three newest versions; a program whose code reads a system property is one code version
 * whatever the property's value, so five values keep their five sets of entries.
 */
class CodeVersionsChildJvmTest {
  private static final String PROGRAM = """
      package ver;

      import dev.astrocache.Astrocache;

      public final class Main {
        public interface Rates {
          double rate(String currency);
        }

        static final class FixedRates implements Rates {
          @Override
          public double rate(String currency) {
            return %BODY%;
          }
        }

        public static void main(String[] args) {
          Rates r = Astrocache.wrap(Rates.class, new FixedRates());
          System.out.println("result " + r.rate(args[0]) + " " + r.rate(args[0] + "!"));
          System.out.println("misses=" + Astrocache.defaultCache().stats().misses());
          Astrocache.defaultCache().close();
        }
      }
      """;

  @TempDir
  Path tmp;

  @Test
  void programEditedFourTimes_threeCodeVersionsKeepEntries() throws IOException {
    Path dir = tmp.resolve("cache");
    for (int version = 1; version <= 5; version++) {
      Path classes = Javac.compile(tmp.resolve("v" + version),
          Map.of("ver.Main", PROGRAM.replace("%BODY%", "currency.length() * " + version + ".5")));
      ChildJvm.Result r = run(classes, dir, Map.of(), "EUR");
      assertTrue(r.output().contains("result " + (3 * (version + 0.5)) + " ")
          && r.output().contains("misses=2"), r.output());
    }
    FileLayout layout = FileLayout.of(dir);
    String function = single(layout.functions());
    List<String> withEntries = withEntries(layout, function);
    assertEquals(5, layout.fingerprints(function).size(), "every version's manifest stays");
    assertEquals(3, withEntries.size(), "the three newest code versions: " + withEntries);
    for (String fingerprint : withEntries) {
      assertEquals(2, layout.entries(function, fingerprint).size());
    }
  }

  @Test
  void programExitingRightAfterItsFirstPut_stillLeavesThreeCodeVersions() throws IOException {
    // no close, no shutdown of its own: main returns right after the put of a new version, while
    // the store's daemon thread has the sweep and the removal of old versions still to do
    String program = PROGRAM.replace(
        "System.out.println(\"result \" + r.rate(args[0]) + \" \" + r.rate(args[0] + \"!\"));",
        "System.out.println(\"result \" + r.rate(args[0]));\n    if (true) {\n      return;\n    }");
    Path dir = tmp.resolve("cache");
    FileLayout layout = FileLayout.of(dir);
    for (int version = 1; version <= 6; version++) {
      Path classes = Javac.compile(tmp.resolve("v" + version),
          Map.of("ver.Main", program.replace("%BODY%", "currency.length() * " + version + ".5")));
      ChildJvm.Result r = run(classes, dir, Map.of(), "EUR");
      assertTrue(r.output().contains("result " + (3 * (version + 0.5))), r.output());
      if (version >= 3) {
        String function = single(layout.functions());
        assertEquals(3, withEntries(layout, function).size(), "after run " + version);
      }
    }
  }

  @Test
  void propertyTakingFiveValues_keepsAllFive() throws IOException {
    Path dir = tmp.resolve("cache");
    Path classes = Javac.compile(tmp.resolve("app"), Map.of("ver.Main", PROGRAM.replace(
        "%BODY%", "currency.length() * Double.parseDouble(System.getProperty(\"rates.factor\"))")));
    for (int value = 1; value <= 5; value++) {
      ChildJvm.Result r = run(classes, dir, Map.of("rates.factor", value + ".0"), "EUR");
      assertTrue(r.output().contains("result " + (3.0 * value) + " ")
          && r.output().contains("misses=2"), r.output());
    }
    FileLayout layout = FileLayout.of(dir);
    String function = single(layout.functions());
    assertEquals(5, withEntries(layout, function).size(),
        "one code version, filed under five values of its property");
    // and each still hits
    for (int value = 1; value <= 5; value++) {
      ChildJvm.Result r = run(classes, dir, Map.of("rates.factor", value + ".0"), "EUR");
      assertTrue(r.output().contains("misses=0"), r.output());
    }
  }

  private static ChildJvm.Result run(Path classes, Path dir, Map<String, String> properties,
      String... args) {
    Map<String, String> props = new HashMap<>(properties);
    props.put("astrocache.dir", dir.toString());
    ChildJvm.Result r = ChildJvm.run("ver.Main", List.of(classes), props, args);
    assertEquals(0, r.exitCode(), r.output());
    return r;
  }

  private static List<String> withEntries(FileLayout layout, String function)
      throws IOException {
    List<String> with = new ArrayList<>();
    for (String f : layout.fingerprints(function)) {
      if (!layout.entries(function, f).isEmpty()) {
        with.add(f);
      }
    }
    return with;
  }

  private static String single(List<String> functions) {
    assertEquals(1, functions.size(), functions.toString());
    return functions.get(0);
  }
}
