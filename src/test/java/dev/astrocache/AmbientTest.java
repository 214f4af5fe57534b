package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.astrocache.testing.Javac;
import dev.astrocache.testing.LogCapture;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ambient inputs read in this JVM: changes between calls, the defaults, files and directories. */
class AmbientTest {
  @TempDir Path dir;

  public interface Mode {
    String mode();
  }

  static final class PropertyImpl implements Mode {
    @Override
    public String mode() {
      return "mode " + System.getProperty("ambient.test.mode");
    }
  }

  public interface Reader {
    int size(Path p);
  }

  static final class SizeImpl implements Reader {
    @Override
    public int size(Path p) {
      String[] names = p.toFile().list();
      return names != null ? names.length : (int) p.toFile().length();
    }
  }

  public interface Holder {
    long size();
  }

  static final class FieldImpl implements Holder {
    private final Path data;

    FieldImpl(Path data) {
      this.data = data;
    }

    @Override
    public long size() {
      return data.toFile().length();
    }
  }

  private Cache cache() {
    return Astrocache.builder().directory(dir.resolve("cache")).build();
  }

  @Test
  void property_setBetweenCalls_missesThenHitsEachValue() {
    String before = System.getProperty("ambient.test.mode");
    try (Cache cache = cache(); LogCapture log = new LogCapture("dev.astrocache")) {
      Mode m = cache.wrap(Mode.class, new PropertyImpl());
      System.setProperty("ambient.test.mode", "a");
      assertEquals("mode a", m.mode());
      assertEquals("mode a", m.mode());
      System.setProperty("ambient.test.mode", "b");
      assertEquals("mode b", m.mode());
      System.setProperty("ambient.test.mode", "a");
      assertEquals("mode a", m.mode());
      assertEquals(2, cache.stats().hits());
      assertEquals(2, cache.stats().misses());
      List<String> info = log.messages(Level.INFO);
      assertEquals(1, info.size(), info.toString());
      assertEquals("astrocache: " + Keys.functionName(Mode.class, Mode.class.getMethods()[0])
          + " misses: system property ambient.test.mode changed", info.get(0));
    } finally {
      if (before == null) {
        System.clearProperty("ambient.test.mode");
      } else {
        System.setProperty("ambient.test.mode", before);
      }
    }
  }

  @Test
  void explain_listsTheInputs_andTheFingerprintEntriesAreFiledUnder() throws IOException {
    try (Cache cache = cache()) {
      Mode m = cache.wrap(Mode.class, new PropertyImpl());
      m.mode();
      Manifest manifest = cache.explain(m, "mode");
      assertEquals(List.of(Ambient.DEFAULTS, "system property ambient.test.mode"),
          manifest.ambient());
      String function = Keys.functionName(Mode.class, Mode.class.getMethods()[0]);
      try (var dirs = Files.list(dir.resolve("cache").resolve(function))) {
        assertEquals(List.of(manifest.fingerprint()),
            dirs.map(p -> p.getFileName().toString()).toList());
      }
      String text = Files.readString(dir.resolve("cache").resolve(function)
          .resolve(manifest.fingerprint()).resolve("manifest.txt"));
      assertEquals(1, text.lines().filter(l -> l.startsWith(
          "ambient: system property ambient.test.mode ")).count(), text);
    }
  }

  @Test
  void defaults_sameArrayWhileUnchanged_newHashWhenTheLocaleChanges() {
    Locale before = Locale.getDefault();
    try {
      byte[] first = Ambient.defaults();
      assertSame(first, Ambient.defaults());
      Locale.setDefault(before.equals(Locale.GERMANY) ? Locale.US : Locale.GERMANY);
      byte[] other = Ambient.defaults();
      assertFalse(Arrays.equals(first, other));
      Locale.setDefault(before);
      assertArrayEquals(first, Ambient.defaults());
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void resourceEditedInThisJvm_refreshes() throws Exception {
    Path classes = Javac.compile(dir.resolve("classes"), Map.of("r.Greeter", """
        package r;
        public final class Greeter implements java.util.function.Supplier<String> {
          @Override
          public String get() {
            try (java.io.InputStream in = Greeter.class.getResourceAsStream("greeting.txt")) {
              return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        }
        """));
    Path greeting = classes.resolve("r/greeting.txt");
    Files.writeString(greeting, "hello");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        AmbientTest.class.getClassLoader()); Cache cache = cache()) {
      @SuppressWarnings("unchecked")
      java.util.function.Supplier<String> impl = (java.util.function.Supplier<String>)
          loader.loadClass("r.Greeter").getConstructor().newInstance();
      @SuppressWarnings("unchecked")
      java.util.function.Supplier<String> s = cache.wrap(java.util.function.Supplier.class, impl);
      assertEquals("hello", s.get());
      assertEquals("hello", s.get());
      FileTime time = Files.getLastModifiedTime(greeting);
      Files.writeString(greeting, "hallo");
      Files.setLastModifiedTime(greeting, FileTime.fromMillis(time.toMillis() + 5_000));
      assertEquals("hallo", s.get());
      assertEquals(1, cache.stats().hits());
      assertEquals(2, cache.stats().misses());
    }
  }

  @Test
  void pathStateField_countsTheFileItNames() throws IOException {
    Path data = dir.resolve("data.bin");
    Files.write(data, new byte[3]);
    try (Cache cache = cache()) {
      Holder h = cache.wrap(Holder.class, new FieldImpl(data));
      assertEquals(3, h.size());
      assertEquals(3, h.size());
      Files.write(data, new byte[5]);
      assertEquals(5, h.size());
      assertEquals(1, cache.stats().hits());
    }
  }

  @Test
  void directoryBeyondTheLimit_countsByName_withOneWarning() throws IOException {
    Path big = Files.createDirectories(dir.resolve("big"));
    for (int i = 0; i <= Ambient.DIRECTORY_LIMIT; i++) {
      Files.writeString(big.resolve("f" + i), "");
    }
    try (Cache cache = cache(); LogCapture log = new LogCapture("dev.astrocache")) {
      Reader r = cache.wrap(Reader.class, new SizeImpl());
      assertEquals(Ambient.DIRECTORY_LIMIT + 1, r.size(big));
      Files.writeString(big.resolve("one-more"), "");
      assertEquals(Ambient.DIRECTORY_LIMIT + 1, r.size(big)); // by name: the old answer
      assertEquals(1, cache.stats().hits());
      assertEquals(List.of("astrocache: directory " + big + " holds more than 1000 files, so it"
          + " counts in keys by its name only: a change below it does not refresh. Pass the"
          + " files that matter instead."), log.messages(Level.WARNING));
    }
  }

  @Test
  void directoryWithinTheLimit_countsTheFilesBelowIt() throws IOException {
    Path small = Files.createDirectories(dir.resolve("small"));
    Files.writeString(small.resolve("a"), "");
    try (Cache cache = cache()) {
      Reader r = cache.wrap(Reader.class, new SizeImpl());
      assertEquals(1, r.size(small));
      assertEquals(1, r.size(small));
      Files.writeString(small.resolve("b"), "");
      assertEquals(2, r.size(small));
      assertEquals(1, cache.stats().hits());
    }
  }

  @Test
  void file_missingRegularAndContent() throws IOException {
    Ambient stat = new Ambient(false, new FailurePolicy(false, new Stats()));
    Ambient content = new Ambient(true, new FailurePolicy(false, new Stats()));
    Path p = dir.resolve("x.txt");
    byte[] missing = stat.file(p);
    assertArrayEquals(missing, stat.file(p));
    Files.writeString(p, "ab");
    FileTime t = FileTime.fromMillis(1_600_000_000_000L);
    Files.setLastModifiedTime(p, t);
    byte[] ab = stat.file(p);
    byte[] abContent = content.file(p);
    assertFalse(Arrays.equals(missing, ab));
    Files.writeString(p, "cd");
    Files.setLastModifiedTime(p, t);
    assertArrayEquals(ab, stat.file(p)); // same size and time: stat cannot tell
    assertFalse(Arrays.equals(abContent, content.file(p)));
    assertSame(stat.file(p), stat.file(p)); // unchanged: the hash kept by size and time
  }

  @Test
  void paths_twoPartsPerPath_noneWithoutPaths() {
    Ambient a = new Ambient(false, new FailurePolicy(false, new Stats()));
    assertEquals(0, a.paths(new PropertyImpl(), new Object[] {"x", 1}, new boolean[2]).length);
    assertEquals(2, a.paths(new PropertyImpl(), new Object[] {dir}, new boolean[1]).length);
    assertEquals(0, a.paths(new PropertyImpl(), new Object[] {dir}, new boolean[] {true}).length,
        "a @NotKey argument's file is out of the key, as its value is");
    assertEquals(2, a.paths(new FieldImpl(dir), new Object[0], new boolean[0]).length);
  }
}
