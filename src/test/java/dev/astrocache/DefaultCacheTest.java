package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.Calls;
import dev.astrocache.testing.Javac;
import dev.astrocache.testing.LogCapture;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration: strict mode's failures, close(), and a serializer chosen by name. */
class DefaultCacheTest {
  @TempDir Path dir;

  public interface Squares {
    List<Integer> upTo(int n);
  }

  static final class Counting implements Squares {
    final Calls calls = new Calls();

    @Override
    public List<Integer> upTo(int n) {
      calls.incrementAndGet();
      return List.of(n * n);
    }
  }

  /** What follows an EntryKey in a message: function/fingerprint/key. */
  private static final String ENTRY =
      "dev\\.astrocache\\.DefaultCacheTest\\$Squares\\.upTo-[0-9a-f]{8}/[0-9a-f]{64}/[0-9a-f]{64}";

  private Astrocache.Builder builder(String store) {
    return Astrocache.builder().directory(dir).store(store);
  }

  @Test
  void strict_storeThatCannotBeOpened_throwsFromBuild() {
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> builder("test-unopenable").strict(true).build());
    assertEquals("astrocache: cannot open the 'test-unopenable' store in " + dir
        + ": Permission denied (strict mode)", e.getMessage());
  }

  @Test
  void storeThatCannotBeOpened_warnsAndComputesEveryCall() {
    Counting impl = new Counting();
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      Squares s = builder("test-unopenable").build().wrap(Squares.class, impl);
      assertEquals(List.of(4), s.upTo(2));
      assertEquals(List.of(4), s.upTo(2));
      assertEquals(List.of("astrocache: cannot open the 'test-unopenable' store in " + dir
          + ": java.io.IOException: Permission denied. Calls are computed and not cached. Set"
          + " astrocache.dir to a writable folder."), log.messages(Level.WARNING));
    }
    assertEquals(2, impl.calls.get());
  }

  @Test
  void strict_storeReadFailure_throws() {
    Squares s = builder("test-unreadable").strict(true).build().wrap(Squares.class, new Counting());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.upTo(2));
    assertTrue(e.getMessage().matches("astrocache: cannot read entry " + ENTRY
        + " from the 'test-unreadable' store: java\\.io\\.IOException: Connection reset"
        + " \\(strict mode\\)"), e.getMessage());
  }

  @Test
  void storeReadFailure_warnsOnceAndCountsEveryOne() {
    Cache cache = builder("test-unreadable").build();
    Counting impl = new Counting();
    Squares s = cache.wrap(Squares.class, impl);
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      s.upTo(2);
      s.upTo(3);
      assertEquals(List.of("astrocache: cannot read from the 'test-unreadable' store"
          + " (java.io.IOException: Connection reset): calls are computed; further read errors"
          + " are counted, not logged"), log.messages(Level.WARNING));
    }
    assertEquals(2, cache.stats().errors());
    assertEquals(2, impl.calls.get());
  }

  @Test
  void strict_writeFailure_throws() {
    Squares s = builder("test-full-disk").strict(true).build().wrap(Squares.class, new Counting());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.upTo(2));
    assertTrue(e.getMessage().matches("astrocache: cannot write entry " + ENTRY
        + " to the 'test-full-disk' store in " + dir.toString().replace("\\", "\\\\")
        + ": java\\.io\\.IOException: No space left on device \\(strict mode\\)"),
        e.getMessage());
  }

  public interface Things {
    Object get(int i);
  }

  static final class Plain {}

  @Test
  void strict_serializeFailure_throws() {
    Things t = builder("memory").strict(true).build().wrap(Things.class, i -> new Plain());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.get(1));
    assertEquals("astrocache: the result of dev.astrocache.DefaultCacheTest$Things#get(I)"
        + "Ljava/lang/Object; cannot be serialized by 'astrocache': Cannot cache the result:"
        + " dev.astrocache.DefaultCacheTest$Plain is not a value type astrocache knows (records,"
        + " enums, collections, java.time, ...) and not Serializable. Return a record or a"
        + " Serializable class instead, plug in a Serializer (dev.astrocache.spi.Serializer) for"
        + " it, or mark the method @NotCached. (strict mode)", e.getMessage());
  }

  /**
   * An impl whose code calls p.Gen, which its loader defines from memory (as a jar-in-jar
   * launcher does: no code source) and whose bytes it does not serve.
   */
  private IntUnaryOperator implReachingClassWithoutBytes() throws Exception {
    Path classes = Javac.compile(dir.resolve("classes"), Map.of(
        "p.Impl", "package p;\npublic class Impl implements java.util.function.IntUnaryOperator {"
            + " public int applyAsInt(int x) { return Gen.f(x); } }\n",
        "p.Gen", "package p;\nclass Gen { static int f(int x) { return x + 1; } }\n"));
    byte[] gen = Files.readAllBytes(classes.resolve("p/Gen.class"));
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        return name.equals("p.Gen") ? defineClass(name, gen, 0, gen.length)
            : super.findClass(name);
      }

      @Override
      public InputStream getResourceAsStream(String name) {
        return name.equals("p/Gen.class") ? null : super.getResourceAsStream(name);
      }

      @Override
      public URL getResource(String name) {
        return name.equals("p/Gen.class") ? null : super.getResource(name);
      }
    };
    return (IntUnaryOperator) loader.loadClass("p.Impl").getConstructor().newInstance();
  }

  private static String fromMemoryMessage(ClassLoader loader) {
    return "astrocache: java.util.function.IntUnaryOperator#applyAsInt(I)I is computed, not"
        + " cached: it reaches p.Gen, defined by " + loader.getClass().getName() + ", which"
        + " serves no bytes for it. Load it from a class directory or jar (or a loader whose"
        + " getResource serves its bytes), or mark the method @NotCached.";
  }

  @Test
  void strict_codeReachingClassDefinedFromMemory_throws() throws Exception {
    IntUnaryOperator impl = implReachingClassWithoutBytes();
    IntUnaryOperator f = builder("memory").strict(true).build()
        .wrap(IntUnaryOperator.class, impl);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.applyAsInt(1));
    assertEquals(fromMemoryMessage(impl.getClass().getClassLoader()) + " (strict mode)",
        e.getMessage());
  }

  @Test
  void codeReachingClassDefinedFromMemory_isComputedNotCachedWithOneWarning() throws Exception {
    IntUnaryOperator impl = implReachingClassWithoutBytes();
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      Cache cache = builder("memory").build();
      IntUnaryOperator f = cache.wrap(IntUnaryOperator.class, impl);
      assertEquals(2, f.applyAsInt(1));
      assertEquals(2, f.applyAsInt(1));
      assertEquals(0, cache.stats().hits());
      assertEquals(0, cache.stats().puts());
      assertEquals(List.of(fromMemoryMessage(impl.getClass().getClassLoader())),
          log.messages(Level.WARNING));
    }
  }

  @Test
  void close_closesTheStoreAndLaterCallsGoStraightToTheImpl() {
    Cache cache = builder("test-recording").build();
    Counting impl = new Counting();
    Squares s = cache.wrap(Squares.class, impl);
    s.upTo(2);
    s.upTo(2);
    assertEquals(1, impl.calls.get());
    assertFalse(TestStores.Recording.CLOSED.contains(dir));

    cache.close();

    assertTrue(TestStores.Recording.CLOSED.contains(dir), "the store was not closed");
    CacheStats before = cache.stats();
    assertEquals(List.of(4), s.upTo(2));
    assertEquals(List.of(9), s.upTo(3));
    assertEquals(3, impl.calls.get(), "a call after close() was answered from the store");
    assertEquals(before, cache.stats());
  }

  @Test
  void build_noSerializerOfTheGivenName_isAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder("memory").serializer("nope").build());
    assertEquals("no serializer named 'nope' (astrocache.serializer); found: [astrocache]. Put"
        + " the jar that provides it on the class path or module path.", e.getMessage());
  }
}
