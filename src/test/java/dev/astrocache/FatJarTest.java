package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fat jar whose {@code META-INF/services} files were merged badly, as the
 * {@code jar-with-dependencies} assembly merges them: a team plug-in's services files overwrote
 * ours, so {@link java.util.ServiceLoader} finds the plug-in's store and serializer only. The
 * built-in stores and the codec still work, from a real jar in a real child JVM, and a default
 * cache that cannot be built never breaks {@code wrap}.
 */
class FatJarTest {
  @TempDir static Path work;
  static Path fatJar;

  private static final String PLUGIN_STORE = """
      package team;

      import dev.astrocache.spi.EntryKey;
      import dev.astrocache.spi.Store;
      import dev.astrocache.spi.StoreContext;
      import dev.astrocache.spi.StoreProvider;
      import java.util.Map;
      import java.util.concurrent.ConcurrentHashMap;

      public final class TeamStoreProvider implements StoreProvider {
        @Override public String name() { return "team"; }
        @Override public Store open(StoreContext context) {
          System.out.println("team store opened");
          Map<String, byte[]> map = new ConcurrentHashMap<>();
          return new Store() {
            @Override public byte[] get(EntryKey key) { return map.get(key.key()); }
            @Override public void put(EntryKey key, byte[] entry) { map.put(key.key(), entry); }
          };
        }
      }
      """;

  private static final String PLUGIN_SERIALIZER = """
      package team;

      import dev.astrocache.spi.Serializer;
      import java.nio.charset.StandardCharsets;

      public final class TeamSerializer implements Serializer {
        @Override public String name() { return "team"; }
        @Override public byte[] serialize(Object value) {
          return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }
        @Override public Object deserialize(byte[] bytes, ClassLoader loader) {
          return new String(bytes, StandardCharsets.UTF_8);
        }
      }
      """;

  private static final String APP = """
      package app;

      import dev.astrocache.Astrocache;
      import dev.astrocache.Cache;
      import java.util.concurrent.atomic.AtomicInteger;

      public final class Main {
        public interface Squares {
          long square(long n);
        }

        static final AtomicInteger COMPUTED = new AtomicInteger();

        static final class Impl implements Squares {
          @Override public long square(long n) {
            COMPUTED.incrementAndGet();
            return n * n;
          }
        }

        public static void main(String[] args) {
          for (int i = 0; i < 2; i++) {
            try {
              Squares s = Astrocache.wrap(Squares.class, new Impl());
              System.out.println("wrap " + i + ": " + s.square(7) + " " + s.square(7));
            } catch (Throwable t) {
              System.out.println("wrap " + i + " threw " + t);
            }
          }
          try {
            System.out.println("computed " + COMPUTED.get() + ", hits "
                + Astrocache.defaultCache().stats().hits());
          } catch (IllegalStateException e) {
            System.out.println("stats threw " + e);
          }
          if (args.length > 0) {
            try (Cache team = Astrocache.builder().store(args[0]).build()) {
              System.out.println(args[0] + ": " + team.wrap(Squares.class, new Impl()).square(3));
            }
          }
        }
      }
      """;

  @BeforeAll
  static void build() throws IOException {
    Path classes = Path.of(System.getProperty("astrocache-tests.classes", "target/classes"));
    Path fat = work.resolve("fat");
    // our classes, as the assembly copies them, but not our services files ...
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Path rel = classes.relativize(f);
        if (rel.startsWith(Path.of("META-INF", "services"))) {
          continue;
        }
        Files.createDirectories(fat.resolve(rel).getParent());
        Files.copy(f, fat.resolve(rel));
      }
    }
    // ... which the team plug-in's overwrote: they list its providers only
    Javac.compileWith(fat, Map.of("team.TeamStoreProvider", PLUGIN_STORE,
        "team.TeamSerializer", PLUGIN_SERIALIZER, "app.Main", APP),
        List.of("-cp", classes.toString()));
    Path services = Files.createDirectories(fat.resolve("META-INF/services"));
    Files.writeString(services.resolve("dev.astrocache.spi.StoreProvider"),
        "team.TeamStoreProvider\n");
    Files.writeString(services.resolve("dev.astrocache.spi.Serializer"), "team.TeamSerializer\n");
    fatJar = Javac.jar(fat, work.resolve("app-jar-with-dependencies.jar"));
  }

  private static ChildJvm.Result run(List<String> properties, String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(properties);
    cmd.addAll(List.of("-cp", fatJar.toString(), "app.Main"));
    cmd.addAll(List.of(args));
    ChildJvm.Result r = ChildJvm.exec(cmd);
    assertEquals(0, r.exitCode(), r.output());
    return r;
  }

  @Test
  void builtInStoresAndCodec_workWhenAPluginsServicesFileReplacedOurs() {
    String dir = "-Dastrocache.dir=" + work.resolve("cache");
    ChildJvm.Result first = run(List.of(dir), "team");
    assertEquals("""
        wrap 0: 49 49
        wrap 1: 49 49
        computed 1, hits 3
        team store opened
        team: 9
        """, first.output());
    // the file store kept it: the next JVM computes nothing
    ChildJvm.Result second = run(List.of(dir), "memory");
    assertEquals("""
        wrap 0: 49 49
        wrap 1: 49 49
        computed 0, hits 4
        memory: 9
        """, second.output());
  }

  @Test
  void defaultCacheThatCannotBeBuilt_warnsOnceAndComputesEveryCall() {
    ChildJvm.Result r = run(List.of("-Dastrocache.dir=" + work.resolve("unused"),
        "-Dastrocache.store=nope"));
    assertTrue(r.output().contains("WARNING: astrocache: cannot build the default cache, so calls"
        + " through Astrocache.wrap are computed and not cached: no store named 'nope'"
        + " (astrocache.store); found: ["), r.output());
    assertEquals(1, r.output().split("cannot build the default cache", -1).length - 1,
        r.output());
    assertTrue(r.output().endsWith("""
        wrap 0: 49 49
        wrap 1: 49 49
        computed 4, hits 0
        """), r.output());
    assertFalse(r.output().contains("ExceptionInInitializerError"), r.output());
  }

  @Test
  void defaultCacheThatCannotBeBuilt_inStrictModeThrowsTheSameErrorEachTime() {
    ChildJvm.Result r = run(List.of("-Dastrocache.dir=" + work.resolve("unused"),
        "-Dastrocache.store=nope", "-Dastrocache.strict=true"));
    String thrown = "threw java.lang.IllegalStateException: astrocache: cannot build the default"
        + " cache: no store named 'nope' (astrocache.store); found: [";
    assertTrue(r.output().startsWith("wrap 0 " + thrown), r.output());
    assertTrue(r.output().contains("\nwrap 1 " + thrown), r.output());
    assertTrue(r.output().contains("\nstats " + thrown), r.output());
    assertFalse(r.output().contains("NoClassDefFoundError"), r.output());
  }
}
