package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the code reads from outside, end to end: a program compiled for real, run in child JVMs
 * against one cache directory per test. For each input, an unchanged value hits, a changed one
 * misses and the miss log names the input (never its value).
 */
class AmbientEndToEndTest {
  @TempDir static Path shared;
  @TempDir Path work;

  private static Path classes;
  private static Path libJar;
  private static Path constantFile;

  private static final String LIB = """
      package lib;

      public final class Lib {
        private Lib() {}

        public static String mode() {
          return "lib:" + System.getProperty("lib.mode", "plain");
        }
      }
      """;

  private static final String PROGRAM = """
      package amb;

      import dev.astrocache.Astrocache;
      import dev.astrocache.CacheStats;
      import dev.astrocache.Manifest;
      import java.io.File;
      import java.io.IOException;
      import java.io.InputStream;
      import java.nio.charset.StandardCharsets;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.TimeZone;

      public final class Main {
        public interface Reads {
          String property();
          String numbers();
          int env();
          String resource() throws IOException;
          String constantFile() throws IOException;
          String fileArgument(Path p) throws IOException;
          int directory(File dir);
          String library();
          String defaults();
          String computed(String name);
        }

        static final class Impl implements Reads {
          @Override
          public String property() {
            return System.getProperty("report.mode") + "/" + System.getProperty("report.width", "80");
          }

          @Override
          public String numbers() {
            return Boolean.getBoolean("report.flag") + " " + Integer.getInteger("report.count", 5)
                + " " + Long.getLong("report.big");
          }

          @Override
          public int env() {
            String token = System.getenv("AMB_TOKEN");
            return token == null ? -1 : token.length();
          }

          @Override
          public String resource() throws IOException {
            try (InputStream in = Main.class.getResourceAsStream("/greeting.txt")) {
              return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
          }

          @Override
          public String constantFile() throws IOException {
            return Files.readString(Path.of("%FILE%")).strip();
          }

          @Override
          public String fileArgument(Path p) throws IOException {
            return Files.exists(p) ? Files.readString(p).strip() : "none";
          }

          @Override
          public int directory(File dir) {
            String[] names = dir.list();
            return names == null ? -1 : names.length;
          }

          @Override
          public String library() {
            return lib.Lib.mode();
          }

          @Override
          public String defaults() {
            return String.format("%,.2f", 1234.5) + " " + TimeZone.getDefault().getID();
          }

          @Override
          public String computed(String name) {
            return System.getProperty(name);
          }
        }

        public static void main(String[] args) throws Exception {
          Reads r = Astrocache.wrap(Reads.class, new Impl());
          Object v;
          switch (args[0]) {
            case "property": v = r.property(); break;
            case "numbers": v = r.numbers(); break;
            case "env": v = r.env(); break;
            case "resource": v = r.resource(); break;
            case "constantFile": v = r.constantFile(); break;
            case "fileArgument": v = r.fileArgument(Path.of(args[1])); break;
            case "directory": v = r.directory(new File(args[1])); break;
            case "library": v = r.library(); break;
            case "defaults": v = r.defaults(); break;
            case "computed": v = r.computed("report.mode"); break;
            default:
              Manifest m = Astrocache.defaultCache().explain(r, args[1], types(args[1]));
              v = "ambient=" + m.ambient() + " unresolved=" + m.unresolved();
          }
          System.out.println("result " + v);
          CacheStats s = Astrocache.defaultCache().stats();
          System.out.println("hits=" + s.hits() + " misses=" + s.misses());
        }

        private static Class<?>[] types(String method) {
          return method.equals("computed") ? new Class<?>[] {String.class} : new Class<?>[0];
        }
      }
      """;

  @BeforeAll
  static void build() throws IOException {
    Path lib = Javac.compile(shared.resolve("lib"), Map.of("lib.Lib", LIB));
    libJar = Javac.jar(lib, shared.resolve("lib.jar"));
    constantFile = shared.resolve("prices.csv");
    Files.writeString(constantFile, "apples,3\n");
    classes = Javac.compile(shared.resolve("app"),
        Map.of("amb.Main", PROGRAM.replace("%FILE%", constantFile.toString())), libJar);
    Files.writeString(classes.resolve("greeting.txt"), "hello\n");
  }

  private ChildJvm.Result run(Map<String, String> properties, Map<String, String> env,
      String... args) {
    Map<String, String> props = new HashMap<>(properties);
    props.put("astrocache.dir", work.resolve("cache").toString());
    ChildJvm.Result r = ChildJvm.exec(
        ChildJvm.command("amb.Main", List.of(classes, libJar), props, args), env);
    assertEquals(0, r.exitCode(), r.output());
    return r;
  }

  private ChildJvm.Result run(Map<String, String> properties, String... args) {
    return run(properties, Map.of(), args);
  }

  private static void hit(ChildJvm.Result r) {
    assertTrue(r.output().contains("hits=1 misses=0"), "expected a hit\n" + r.output());
  }

  private static void miss(ChildJvm.Result r, String reason) {
    assertTrue(r.output().contains("hits=0 misses=1"), "expected a miss\n" + r.output());
    if (reason != null) {
      assertTrue(r.output().contains(" misses: " + reason + "\n")
          || r.output().contains(" misses: " + reason + "\r"), reason + "\n" + r.output());
    }
  }

  @Test
  void systemProperty_unchangedHits_changedMissesAndSaysWhich() {
    miss(run(Map.of("report.mode", "short"), "property"), null);
    hit(run(Map.of("report.mode", "short"), "property"));
    ChildJvm.Result changed = run(Map.of("report.mode", "long"), "property");
    miss(changed, "system property report.mode changed");
    assertTrue(changed.output().contains("result long/80"), changed.output());
    ChildJvm.Result defaulted = run(Map.of("report.mode", "long", "report.width", "120"),
        "property");
    miss(defaulted, "system property report.width changed");
    hit(run(Map.of("report.mode", "short"), "property"));
  }

  @Test
  void getBooleanGetIntegerGetLong_countTheirProperties() {
    miss(run(Map.of(), "numbers"), null);
    hit(run(Map.of(), "numbers"));
    miss(run(Map.of("report.flag", "true"), "numbers"), "system property report.flag changed");
    // each miss is compared with the most recent values that have entries
    miss(run(Map.of("report.flag", "true", "report.count", "7"), "numbers"),
        "system property report.count changed");
    miss(run(Map.of("report.flag", "true", "report.count", "7", "report.big", "9"), "numbers"),
        "system property report.big changed");
    // an earlier combination still hits (the oldest of four is pruned by max.versions=3)
    hit(run(Map.of("report.flag", "true", "report.count", "7"), "numbers"));
  }

  @Test
  void environmentVariable_unchangedHits_changedMissesAndSaysWhich() {
    miss(run(Map.of(), Map.of("AMB_TOKEN", "abc"), "env"), null);
    hit(run(Map.of(), Map.of("AMB_TOKEN", "abc"), "env"));
    // same length, so the result alone would not tell them apart
    miss(run(Map.of(), Map.of("AMB_TOKEN", "xyz"), "env"), "env AMB_TOKEN changed");
  }

  @Test
  void secretsInTheEnvironment_appearNowhereInTheCacheOrTheLogs() throws IOException {
    String first = "hunter2-first-secret-7731";
    String second = "hunter2-other-secret-9904";
    ChildJvm.Result a = run(Map.of(), Map.of("AMB_TOKEN", first), "env");
    ChildJvm.Result b = run(Map.of(), Map.of("AMB_TOKEN", second), "env");
    miss(b, "env AMB_TOKEN changed");
    ChildJvm.Result explained = run(Map.of(), Map.of("AMB_TOKEN", second), "explain", "env");
    assertTrue(explained.output().contains("env AMB_TOKEN"), explained.output());
    for (ChildJvm.Result r : List.of(a, b, explained)) {
      assertFalse(r.output().contains("hunter2"), r.output());
    }
    int files = 0;
    try (Stream<Path> all = Files.walk(work.resolve("cache"))) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        files++;
        String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains("hunter2"), p.toString());
        assertFalse(new String(Files.readAllBytes(p), StandardCharsets.UTF_8).contains("hunter2"),
            p.toString());
      }
    }
    assertTrue(files >= 4, "two entries and two manifests, found " + files);
  }

  @Test
  void classPathResource_unchangedHits_editedMissesAndSaysWhich() throws IOException {
    Path greeting = classes.resolve("greeting.txt");
    try {
      miss(run(Map.of(), "resource"), null);
      hit(run(Map.of(), "resource"));
      Files.writeString(greeting, "hello, world\n");
      ChildJvm.Result edited = run(Map.of(), "resource");
      miss(edited, "resource greeting.txt changed");
      assertTrue(edited.output().contains("result hello, world"), edited.output());
      hit(run(Map.of(), "resource"));
    } finally {
      Files.writeString(greeting, "hello\n");
    }
  }

  @Test
  void fileUnderAConstantPath_unchangedHits_editedMissesAndSaysWhich() throws IOException {
    try {
      miss(run(Map.of(), "constantFile"), null);
      hit(run(Map.of(), "constantFile"));
      Files.writeString(constantFile, "apples,4\npears,2\n");
      miss(run(Map.of(), "constantFile"), "file " + constantFile + " changed");
      hit(run(Map.of(), "constantFile"));
    } finally {
      Files.writeString(constantFile, "apples,3\n");
    }
  }

  @Test
  void fileArgument_countsBySizeAndTime_orByContentWithPathsContent() throws IOException {
    Path data = work.resolve("data.txt");
    Files.writeString(data, "aaaa");
    FileTime kept = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(data, kept);
    miss(run(Map.of(), "fileArgument", data.toString()), null);
    hit(run(Map.of(), "fileArgument", data.toString()));
    Files.writeString(data, "bbbbbb");
    ChildJvm.Result edited = run(Map.of(), "fileArgument", data.toString());
    miss(edited, null);
    assertTrue(edited.output().contains("result bbbbbb"), edited.output());

    // copied with its size and time kept: only paths=content sees the new bytes
    Files.writeString(data, "cccccc");
    Files.setLastModifiedTime(data, kept);
    ChildJvm.Result first = run(Map.of("astrocache.paths", "content"), "fileArgument",
        data.toString());
    miss(first, null);
    Files.writeString(data, "dddddd");
    Files.setLastModifiedTime(data, kept);
    ChildJvm.Result content = run(Map.of("astrocache.paths", "content"), "fileArgument",
        data.toString());
    miss(content, null);
    assertTrue(content.output().contains("result dddddd"), content.output());
    hit(run(Map.of("astrocache.paths", "content"), "fileArgument", data.toString()));
  }

  @Test
  void missingFileArgument_countsByName_andMissesOnceCreated() throws IOException {
    Path later = work.resolve("later.txt");
    miss(run(Map.of(), "fileArgument", later.toString()), null);
    hit(run(Map.of(), "fileArgument", later.toString()));
    Files.writeString(later, "now here");
    ChildJvm.Result created = run(Map.of(), "fileArgument", later.toString());
    miss(created, null);
    assertTrue(created.output().contains("result now here"), created.output());
  }

  @Test
  void directoryArgument_countsByTheFilesBelowIt() throws IOException {
    Path dir = Files.createDirectories(work.resolve("inbox"));
    Files.writeString(dir.resolve("a.txt"), "a");
    miss(run(Map.of(), "directory", dir.toString()), null);
    hit(run(Map.of(), "directory", dir.toString()));
    Files.writeString(Files.createDirectories(dir.resolve("sub")).resolve("b.txt"), "b");
    ChildJvm.Result added = run(Map.of(), "directory", dir.toString());
    miss(added, null);
    assertTrue(added.output().contains("result 2"), added.output());
  }

  @Test
  void propertyReadInALibraryJar_counts() {
    miss(run(Map.of(), "library"), null);
    hit(run(Map.of(), "library"));
    ChildJvm.Result changed = run(Map.of("lib.mode", "fancy"), "library");
    miss(changed, "system property lib.mode changed");
    assertTrue(changed.output().contains("result lib:fancy"), changed.output());
  }

  @Test
  void defaultLocaleAndZone_count() {
    Map<String, String> english = Map.of("user.language", "en", "user.country", "US",
        "user.timezone", "UTC");
    miss(run(english, "defaults"), null);
    hit(run(english, "defaults"));
    ChildJvm.Result german = run(Map.of("user.language", "de", "user.country", "DE",
        "user.timezone", "UTC"), "defaults");
    miss(german, null);
    assertTrue(german.output().contains("result 1.234,50 UTC"), german.output());
    miss(run(Map.of("user.language", "en", "user.country", "US", "user.timezone",
        "Europe/Berlin"), "defaults"), null);
    hit(run(english, "defaults"));
  }

  @Test
  void explain_listsEachInput_andComputedNamesAsUnresolved() {
    ChildJvm.Result property = run(Map.of(), "explain", "property");
    assertTrue(property.output().contains("ambient=[" + Ambient.DEFAULTS
        + ", system property report.mode, system property report.width] unresolved=[]"),
        property.output());
    ChildJvm.Result computed = run(Map.of(), "explain", "computed");
    assertTrue(computed.output().contains("unresolved=[system property named at run time in"
        + " amb.Main$Impl#computed(Ljava/lang/String;)Ljava/lang/String;]"), computed.output());
  }

  @Test
  void computedName_failsInStrictMode() {
    Map<String, String> props = Map.of("astrocache.dir", work.resolve("cache").toString(),
        "astrocache.strict", "true");
    ChildJvm.Result r = ChildJvm.run("amb.Main", List.of(classes, libJar), props, "computed");
    assertNotEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("astrocache: the code of amb.Main$Reads#computed"
        + "(Ljava/lang/String;)Ljava/lang/String; reads inputs whose names are computed at run"
        + " time, which do not count in its key: [system property named at run time in"
        + " amb.Main$Impl#computed(Ljava/lang/String;)Ljava/lang/String;]. Read them under a"
        + " constant name, or pass the value as an argument (strict mode)"), r.output());
  }
}
