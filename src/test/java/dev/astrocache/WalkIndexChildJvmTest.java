package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index of walks (dir/index) as a user meets it: a javac-compiled program whose method calls
 * into a library jar, run in fresh JVMs. A stored walk answers only while every class it read
 * is still where it was, with the same stamp or bytes; each change below misses and gives the
 * answer an empty cache gives. The hit that the index answers loads no class of the library
 * ({@code -verbose:class}): the walk, which loads every class it reads, did not run.
 */
class WalkIndexChildJvmTest {
  @TempDir Path tmp;

  private static final String API = "package app; public interface Api { int compute(int x); }";
  private static final String MAIN = """
      package app;
      import dev.astrocache.Astrocache;
      public final class Main {
        public static void main(String[] args) {
          Api api = Astrocache.wrap(Api.class, new Impl());
          int r = api.compute(10);
          System.out.println("result=" + r + " hits=" + Astrocache.defaultCache().stats().hits()
              + " misses=" + Astrocache.defaultCache().stats().misses());
        }
      }
      """;

  private static String impl(String body) {
    return "package app;\npublic final class Impl implements Api {\n"
        + "  public int compute(int x) {\n" + body + "\n  }\n}\n";
  }

  private static String rates(int factor) {
    return "package lib;\npublic final class Rates {\n"
        + "  public static int rate(int x) { return x * " + factor + "; }\n}\n";
  }

  private Path libJar(String name, int factor) throws IOException {
    Path classes = Javac.compile(tmp.resolve(name + "-classes"), Map.of("lib.Rates",
        rates(factor)));
    return Javac.jar(classes, tmp.resolve(name + ".jar"));
  }

  private Path app(String name, String body, Path jar) {
    return Javac.compile(tmp.resolve(name), Map.of("app.Api", API, "app.Main", MAIN,
        "app.Impl", impl(body)), jar);
  }

  /** Runs the program; {@code index} "on" to see what the index answers without verifying. */
  private String run(Path dir, String index, Path... classPath) {
    List<String> cmd = new ArrayList<>(ChildJvm.command("app.Main", List.of(classPath),
        Map.of("astrocache.dir", dir.toString(), "astrocache.index", index)));
    cmd.add(1, "-verbose:class");
    ChildJvm.Result r = ChildJvm.exec(cmd);
    assertEquals(0, r.exitCode(), r.output());
    return r.output();
  }

  private static String result(String output) {
    for (String line : output.split("\n")) {
      if (line.startsWith("result=")) {
        return line.substring(0, line.indexOf(' '));
      }
    }
    throw new AssertionError("no result in:\n" + output);
  }

  private static boolean hit(String output) {
    return output.contains(" hits=1 misses=0");
  }

  private static boolean loadedLibrary(String output) {
    return output.contains("lib.Rates source:");
  }

  /** What a fresh cache answers for that class path. */
  private String empty(String name, Path... classPath) {
    return result(run(tmp.resolve("empty-" + name), "on", classPath));
  }

  private List<Path> indexFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("index"))) {
      return files.filter(f -> f.toString().endsWith(".walk")).sorted().toList();
    }
  }

  @Test
  void aStoredWalkAnswersUntilAClassItReadChanges() throws IOException {
    Path dir = tmp.resolve("cache");
    Path jar = libJar("lib", 3);
    Path app = app("app1", "return lib.Rates.rate(x) + 1;", jar);

    String first = run(dir, "on", app, jar);
    assertFalse(hit(first), first);
    assertEquals("result=31", result(first));
    assertFalse(indexFiles(dir).isEmpty(), "no index written");

    String second = run(dir, "on", app, jar);
    assertTrue(hit(second), second);
    assertFalse(loadedLibrary(second), "the index answered, yet lib.Rates was loaded:\n" + second);

    // a cosmetic edit (a comment, a line break): a new class file, the same code: still a hit
    Path cosmetic = app("app1c", "// the rate, plus one\n\n    return lib.Rates.rate(x)\n"
        + "        + 1;", jar);
    String afterComment = run(dir, "on", cosmetic, jar);
    assertTrue(hit(afterComment), afterComment);
    assertTrue(loadedLibrary(afterComment), "the walk should have run:\n" + afterComment);
    assertTrue(hit(run(dir, "on", cosmetic, jar)));

    // a behavioural edit of the user's class
    Path edited = app("app2", "return lib.Rates.rate(x) + 2;", jar);
    String afterEdit = run(dir, "verify", edited, jar);
    assertFalse(hit(afterEdit), afterEdit);
    assertEquals(empty("edit", edited, jar), result(afterEdit));
    assertEquals("result=32", result(afterEdit));
  }

  @Test
  void aReplacedJarOfTheSameNameMisses() throws IOException {
    Path dir = tmp.resolve("cache");
    Path jar = libJar("lib", 3);
    Path app = app("app", "return lib.Rates.rate(x) + 1;", jar);
    run(dir, "on", app, jar);
    assertTrue(hit(run(dir, "on", app, jar)));

    long size = Files.size(jar);
    FileTime before = Files.getLastModifiedTime(jar);
    Path other = libJar("lib-other", 4); // iconst_3 to iconst_4: the same length of code
    Files.copy(other, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(before.toMillis() - 60_000));
    String after = run(dir, "on", app, jar);
    assertFalse(hit(after), "replaced jar (" + size + " -> " + Files.size(jar) + " bytes):\n"
        + after);
    assertEquals("result=41", result(after));
    assertEquals(empty("jar", app, jar), result(after));
  }

  @Test
  void aShadowingClassEarlierOnTheClassPathMisses() throws IOException {
    Path dir = tmp.resolve("cache");
    Path jar = libJar("lib", 3);
    Path app = app("app", "return lib.Rates.rate(x) + 1;", jar);
    Path shadow = Files.createDirectories(tmp.resolve("shadow"));
    // the folder is on the class path from the first run; the class appears in it later
    run(dir, "on", shadow, app, jar);
    assertTrue(hit(run(dir, "on", shadow, app, jar)));

    Javac.compile(shadow, Map.of("lib.Rates", rates(5)));
    String after = run(dir, "on", shadow, app, jar);
    assertFalse(hit(after), after);
    assertEquals("result=51", result(after));
    assertEquals(empty("shadow", shadow, app, jar), result(after));
  }

  @Test
  void aCorruptIndexIsIgnoredAndRebuilt() throws IOException {
    Path dir = tmp.resolve("cache");
    Path jar = libJar("lib", 3);
    Path app = app("app", "return lib.Rates.rate(x) + 1;", jar);
    run(dir, "on", app, jar);
    List<Path> files = indexFiles(dir);
    List<byte[]> corrupt = new ArrayList<>();
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      b[b.length / 2] ^= 0x5a; // one byte in the middle: the checksum no longer matches
      Files.write(f, b);
      corrupt.add(b);
    }
    String after = run(dir, "on", app, jar);
    assertTrue(hit(after), after); // the entry is still right: the walk finds the same code
    assertTrue(loadedLibrary(after), "a corrupt index must not answer:\n" + after);
    assertEquals(empty("corrupt", app, jar), result(after));
    for (int i = 0; i < files.size(); i++) {
      assertNotEquals(-1, java.util.Arrays.mismatch(corrupt.get(i),
          Files.readAllBytes(files.get(i))), "index file " + files.get(i) + " not rebuilt");
    }
    String again = run(dir, "on", app, jar);
    assertTrue(hit(again), again);
    assertFalse(loadedLibrary(again), "the rebuilt index should answer:\n" + again);

    // a truncated file, too
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      Files.write(f, java.util.Arrays.copyOf(b, b.length / 3));
    }
    String truncated = run(dir, "verify", app, jar);
    assertTrue(hit(truncated), truncated);
  }
}
