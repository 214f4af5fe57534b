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
 * The fingerprint end to end: a program compiled for real in two versions, each run in its own
 * child JVM against one cache directory. The second run hits when the edit is cosmetic and misses
 * when it changes behaviour anywhere the call reaches.
 */
class EndToEndFingerprintTest {
  @TempDir Path work;

  private static final String PROGRAM = """
      package e2e;

      import dev.astrocache.Astrocache;
      import dev.astrocache.CacheStats;
      import java.util.ArrayList;
      import java.util.Comparator;
      import java.util.List;
      import java.util.function.IntUnaryOperator;

      public final class Main {
        public interface Words {
          List<String> sorted(List<String> words);
        }

        static final class Impl implements Words {
          //EXTRA
          @Override
          public List<String> sorted(List<String> words) {
            List<String> out = new ArrayList<>();
            IntUnaryOperator twice = n -> n * 2;
            for (String w : words) {
              out.add(Helpers.decorate(w) + twice.applyAsInt(1));
            }
            out.sort(new ByLength());
            return out;
          }
        }

        static final class ByLength implements Comparator<String> {
          @Override
          public int compare(String a, String b) {
            return Integer.compare(a.length(), b.length());
          }
        }

        static final class Helpers {
          static String decorate(String w) {
            return Deeper.wrap(w);
          }
        }

        static final class Deeper {
          static String wrap(String w) {
            return Deepest.mark(w);
          }
        }

        static final class Deepest {
          static String mark(String w) {
            return "<" + w + ">";
          }
        }

        public static void main(String[] args) {
          Words words = Astrocache.wrap(Words.class, new Impl());
          System.out.println("result " + words.sorted(List.of("ccc", "a", "bb")));
          CacheStats s = Astrocache.defaultCache().stats();
          System.out.println("hits=" + s.hits() + " misses=" + s.misses());
        }
      }
      """;

  private ChildJvm.Result run(String version, String source) {
    Path classes = Javac.compile(work.resolve(version), Map.of("e2e.Main", source));
    ChildJvm.Result r = ChildJvm.run("e2e.Main", List.of(classes),
        Map.of("astrocache.dir", work.resolve("cache").toString()));
    assertEquals(0, r.exitCode(), r.output());
    return r;
  }

  private void expect(String name, String v2, boolean hit) {
    ChildJvm.Result first = run(name + "-v1", PROGRAM);
    assertTrue(first.output().contains("hits=0 misses=1"), first.output());
    ChildJvm.Result second = run(name + "-v2", v2);
    assertTrue(second.output().contains(hit ? "hits=1 misses=0" : "hits=0 misses=1"),
        name + ": expected a " + (hit ? "hit" : "miss") + "\n" + second.output());
  }

  @Test
  void commentsAndReformatting_hit() {
    expect("comment", PROGRAM.replace("//EXTRA", "// sorts words\n\n\n")
        .replace("return \"<\" + w + \">\";", "return   \"<\"   +  w  +  \">\"  ;  // mark it"),
        true);
  }

  @Test
  void unrelatedLambdaAddedEarlier_hit() {
    expect("renumbered", PROGRAM.replace("//EXTRA",
        "Runnable unrelated() { return () -> System.out.println(\"other\"); }"), true);
  }

  @Test
  void calleeThreeCallsDeep_miss() {
    expect("deep", PROGRAM.replace("return \"<\" + w + \">\";", "return \"[\" + w + \"]\";"),
        false);
  }

  @Test
  void lambdaBody_miss() {
    expect("lambda", PROGRAM.replace("n -> n * 2", "n -> n * 3"), false);
  }

  @Test
  void comparatorCalledByTheJdkSort_miss() {
    expect("comparator", PROGRAM.replace("Integer.compare(a.length(), b.length())",
        "Integer.compare(b.length(), a.length())"), false);
  }

  private static final String LIBRARY = """
      package lib;

      public final class Rates {
        public static double vat() {
          return RATE;
        }

        public static double unused() {
          return UNUSED;
        }
      }
      """;

  private static final String USES_LIBRARY = """
      package e2e;

      import dev.astrocache.Astrocache;
      import dev.astrocache.CacheStats;

      public final class Billing {
        public interface Invoices {
          double gross(double net);
        }

        static final class Impl implements Invoices {
          @Override
          public double gross(double net) {
            return net * lib.Rates.vat();
          }
        }

        public static void main(String[] args) {
          Invoices invoices = Astrocache.wrap(Invoices.class, new Impl());
          System.out.println("result " + invoices.gross(100));
          CacheStats s = Astrocache.defaultCache().stats();
          System.out.println("hits=" + s.hits() + " misses=" + s.misses());
        }
      }
      """;

  /** The program stays; the library jar beside it is upgraded from v1 to v2. */
  private ChildJvm.Result runWithLibrary(String name, String rate, String unused) {
    Path libClasses = Javac.compile(work.resolve(name + "-lib"),
        Map.of("lib.Rates", LIBRARY.replace("RATE", rate).replace("UNUSED", unused)));
    Path jar = Javac.jar(libClasses, work.resolve(name + "-lib.jar"));
    Path app = work.resolve("billing");
    if (!java.nio.file.Files.isDirectory(app)) {
      Javac.compile(app, Map.of("e2e.Billing", USES_LIBRARY), jar);
    }
    ChildJvm.Result r = ChildJvm.run("e2e.Billing", List.of(app, jar),
        Map.of("astrocache.dir", work.resolve("cache").toString()));
    assertEquals(0, r.exitCode(), r.output());
    return r;
  }

  @Test
  void libraryJarUpgraded_missesOnlyWhenReachedCodeChanged() {
    ChildJvm.Result v1 = runWithLibrary("v1", "1.20", "0.0");
    assertTrue(v1.output().contains("result 120.0\nhits=0 misses=1"), v1.output());
    ChildJvm.Result unusedChanged = runWithLibrary("v2", "1.20", "9.9");
    assertTrue(unusedChanged.output().contains("result 120.0\nhits=1 misses=0"),
        unusedChanged.output());
    ChildJvm.Result rateChanged = runWithLibrary("v3", "1.25", "9.9");
    assertTrue(rateChanged.output().contains("result 125.0\nhits=0 misses=1"),
        rateChanged.output());
  }

  @Test
  void miss_logsWhichReachedMethodChanged() {
    run("log-v1", PROGRAM);
    ChildJvm.Result r = run("log-v2",
        PROGRAM.replace("return \"<\" + w + \">\";", "return \"{\" + w + \"}\";"));
    assertTrue(r.output().contains("misses: its code changed since fingerprint"), r.output());
    assertTrue(r.output().contains("changed: e2e.Main$Deepest#mark(Ljava/lang/String;)Ljava/lang/String;"),
        r.output());
  }
}
