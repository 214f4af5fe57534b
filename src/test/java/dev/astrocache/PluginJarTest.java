package dev.astrocache;

import dev.astrocache.base.Hashes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Drop a jar on the class path": a separately compiled jar with a serializer and a store is found
 * by ServiceLoader in a real child JVM, on the class path (META-INF/services) and on the module
 * path (provides), with an unchanged program.
 */
class PluginJarTest {
  @TempDir static Path work;
  static Path classPathJar;
  static Path modulePathJar;
  static Path app;

  private static final String SERIALIZER = """
      package plug;

      import dev.astrocache.spi.Serializer;
      import java.io.IOException;
      import java.nio.charset.StandardCharsets;

      public final class UpperSerializer implements Serializer {
        @Override public String name() { return "upper"; }
        @Override public boolean handles(Class<?> type) { return type == String.class; }
        @Override public byte[] serialize(Object value) {
          System.out.println("plugin: upper wrote " + value);
          return ("U:" + value).getBytes(StandardCharsets.UTF_8);
        }
        @Override public Object deserialize(byte[] bytes, ClassLoader loader) throws IOException {
          String s = new String(bytes, StandardCharsets.UTF_8);
          if (!s.startsWith("U:")) throw new IOException("not an upper payload");
          System.out.println("plugin: upper read " + s.substring(2));
          return s.substring(2);
        }
      }
      """;

  private static final String STORE = """
      package plug;

      import dev.astrocache.spi.EntryKey;
      import dev.astrocache.spi.Store;
      import dev.astrocache.spi.StoreContext;
      import dev.astrocache.spi.StoreProvider;
      import java.util.Map;
      import java.util.concurrent.ConcurrentHashMap;

      public final class MapStoreProvider implements StoreProvider {
        @Override public String name() { return "map"; }
        @Override public Store open(StoreContext context) {
          System.out.println("plugin: map store opened");
          Map<String, byte[]> map = new ConcurrentHashMap<>();
          return new Store() {
            @Override public byte[] get(EntryKey key) { return map.get(key.key()); }
            @Override public void put(EntryKey key, byte[] entry) {
              System.out.println("plugin: map store put " + key.function());
              map.put(key.key(), entry);
            }
          };
        }
      }
      """;

  private static final String APP = """
      package app;

      import dev.astrocache.Astrocache;
      import dev.astrocache.CacheStats;
      import java.util.List;

      public final class Main {
        public interface Greeter {
          String greet(String name);
          List<Integer> lengths(String name);
        }

        static final class Impl implements Greeter {
          @Override public String greet(String name) { return "Hello, " + name; }
          @Override public List<Integer> lengths(String name) { return List.of(name.length()); }
        }

        public static void main(String[] args) {
          Greeter g = Astrocache.wrap(Greeter.class, new Impl());
          System.out.println("greet " + g.greet("ada"));
          System.out.println("greet " + g.greet("ada"));
          System.out.println("lengths " + g.lengths("ada"));
          System.out.println("lengths " + g.lengths("ada"));
          CacheStats s = Astrocache.defaultCache().stats();
          System.out.println("hits=" + s.hits() + " misses=" + s.misses());
        }
      }
      """;

  @BeforeAll
  static void build() throws IOException {
    Path classes = Path.of(System.getProperty("astrocache-tests.classes", "target/classes"));
    Path cp = Javac.compile(work.resolve("plug-cp"),
        Map.of("plug.UpperSerializer", SERIALIZER, "plug.MapStoreProvider", STORE));
    Path services = Files.createDirectories(cp.resolve("META-INF/services"));
    Files.writeString(services.resolve("dev.astrocache.spi.Serializer"), "plug.UpperSerializer\n");
    Files.writeString(services.resolve("dev.astrocache.spi.StoreProvider"),
        "plug.MapStoreProvider\n");
    classPathJar = Javac.jar(cp, work.resolve("plug-cp.jar"));

    // the module jar has no META-INF/services: only its provides clauses can make it found
    Path mp = Javac.compileWith(work.resolve("plug-mp"),
        Map.of("plug.UpperSerializer", SERIALIZER, "plug.MapStoreProvider", STORE,
            "module-info", """
                module plug {
                  requires dev.astrocache;
                  provides dev.astrocache.spi.Serializer with plug.UpperSerializer;
                  provides dev.astrocache.spi.StoreProvider with plug.MapStoreProvider;
                }
                """),
        List.of("--module-path", classes.toString()));
    modulePathJar = Javac.jar(mp, work.resolve("plug-mp.jar"));
    app = Javac.compileWith(work.resolve("app"), Map.of("app.Main", APP),
        List.of("-cp", classes.toString()));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void classPath_jarIsFoundAndUsed() {
    Path classes = Path.of(System.getProperty("astrocache-tests.classes", "target/classes"));
    List<String> cmd = List.of(java(), "-Dastrocache.store=map",
        "-Dastrocache.dir=" + work.resolve("unused"),
        "-cp", String.join(File.pathSeparator, app.toString(), classes.toString(),
            classPathJar.toString()),
        "app.Main");
    ChildJvm.Result r = ChildJvm.exec(cmd);
    assertEquals(0, r.exitCode(), r.output());
    assertEquals("""
        plugin: map store opened
        plugin: upper wrote Hello, ada
        plugin: map store put app.Main$Greeter.greet-%s
        greet Hello, ada
        plugin: upper read Hello, ada
        greet Hello, ada
        plugin: map store put app.Main$Greeter.lengths-%s
        lengths [3]
        lengths [3]
        hits=2 misses=2
        """.formatted(suffix("(Ljava/lang/String;)Ljava/lang/String;"),
            suffix("(Ljava/lang/String;)Ljava/util/List;")), r.output());
  }

  @Test
  void modulePath_providesAreFoundAndUsed() {
    Path classes = Path.of(System.getProperty("astrocache-tests.classes", "target/classes"));
    List<String> cmd = List.of(java(), "-Dastrocache.store=map", "-Dastrocache.serializer=upper",
        "-Dastrocache.dir=" + work.resolve("unused"),
        "--module-path", classes + File.pathSeparator + modulePathJar,
        "--add-modules", "ALL-MODULE-PATH",
        "-cp", app.toString(), "app.Main");
    ChildJvm.Result r = ChildJvm.exec(cmd);
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().startsWith("plugin: map store opened\n"), r.output());
    assertTrue(r.output().contains("plugin: upper wrote Hello, ada\n"), r.output());
    assertTrue(r.output().contains("plugin: upper read Hello, ada\n"), r.output());
    assertTrue(r.output().endsWith("hits=2 misses=2\n"), r.output());
  }

  @Test
  void absentSerializer_isAMissWithAClearLogLine() {
    Path classes = Path.of(System.getProperty("astrocache-tests.classes", "target/classes"));
    Path dir = work.resolve("shared-dir");
    List<String> with = new ArrayList<>(List.of(java(), "-Dastrocache.dir=" + dir, "-cp",
        String.join(File.pathSeparator, app.toString(), classes.toString(),
            classPathJar.toString()), "app.Main"));
    ChildJvm.Result first = ChildJvm.exec(with);
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("plugin: upper wrote Hello, ada\n"), first.output());

    List<String> without = List.of(java(), "-Dastrocache.dir=" + dir, "-cp",
        String.join(File.pathSeparator, app.toString(), classes.toString()), "app.Main");
    ChildJvm.Result second = ChildJvm.exec(without);
    assertEquals(0, second.exitCode(), second.output());
    assertTrue(second.output().contains("was written by serializer 'upper', which is not on the"
        + " class path: computing instead."), second.output());
    assertFalse(second.output().contains("plugin:"), second.output());
    // the String entry could not be read: computed and written again by the built-in codec,
    // so the second greet and both lengths (built-in codec from the start) are hits
    assertTrue(second.output().endsWith("hits=3 misses=1\n"), second.output());
  }

  /** The folder suffix that tells overloads apart: 8 hex digits of the descriptor's SHA-256. */
  private static String suffix(String descriptor) {
    return Hashes.hex(Hashes.sha256().digest(descriptor.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 8);
  }
}
