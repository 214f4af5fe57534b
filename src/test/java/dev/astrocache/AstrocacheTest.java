package dev.astrocache;

import org.junit.jupiter.api.AfterEach;
import static dev.astrocache.testing.StatsAssert.assertStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.Calls;
import dev.astrocache.testing.EveryStore;
import dev.astrocache.testing.LogCapture;
import dev.astrocache.testing.StoreSetup;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AstrocacheTest {
  @TempDir Path dir;

  public interface Squares {
    List<Integer> upTo(int n);

    int boom(int n) throws IOException;

    void touch();

    @NotCached
    int uncached(int n);

    Object anything(Object o);

    default int twice(int n) {
      return 2 * upTo(n).size();
    }
  }

  public record Limit(String name, int max) {}

  public interface Limited {
    int apply(Limit limit, List<Limit> more);
  }

  static final class CountingSquares implements Squares {
    final Calls calls = new Calls();
    final int offset;
    transient int ignored;

    CountingSquares(int offset) {
      this.offset = offset;
    }

    @Override
    public List<Integer> upTo(int n) {
      calls.incrementAndGet();
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(i * i + offset);
      }
      return out;
    }

    @Override
    public int boom(int n) throws IOException {
      calls.incrementAndGet();
      throw new IOException("boom " + n);
    }

    @Override
    public void touch() {
      calls.incrementAndGet();
    }

    @Override
    public int uncached(int n) {
      calls.incrementAndGet();
      return n;
    }

    @Override
    public Object anything(Object o) {
      calls.incrementAndGet();
      return o;
    }

    @Override
    public String toString() {
      return "CountingSquares(" + offset + ")";
    }
  }

  /** The caches a test built, closed after it: their entries are written behind the calls. */
  private final List<Cache> opened = new ArrayList<>();

  @AfterEach
  void closeCaches() {
    opened.forEach(Cache::close);
  }

  private Cache cache() {
    Cache cache = Astrocache.builder().directory(dir).build();
    opened.add(cache);
    return cache;
  }

  /** A cache on {@code store} in this test's folder, closed when the test ends. */
  private Cache cache(StoreSetup store) {
    return store.cache(dir);
  }

  @EveryStore
  void wrap_secondCallIsAHit(StoreSetup store) {
    Cache cache = cache(store);
    CountingSquares impl = new CountingSquares(0);
    Squares s = cache.wrap(Squares.class, impl);
    assertEquals(List.of(0, 1, 4), s.upTo(3));
    assertEquals(List.of(0, 1, 4), s.upTo(3));
    assertEquals(1, impl.calls.get());
    assertStats(cache).hits(1).misses(1).puts(1).bytesReadAndWritten();
  }

  @EveryStore(durable = true)
  void wrap_hitSurvivesANewCacheOnTheSameDirectory(StoreSetup store) {
    CountingSquares first = new CountingSquares(0);
    cache(store).wrap(Squares.class, first).upTo(5);
    CountingSquares second = new CountingSquares(0);
    Cache cache = cache(store);
    assertEquals(List.of(0, 1, 4, 9, 16), cache.wrap(Squares.class, second).upTo(5));
    assertEquals(0, second.calls.get());
    assertStats(cache).hits(1);
  }

  @EveryStore
  void wrap_differentArgumentsOrStateAreDifferentEntries(StoreSetup store) {
    Cache cache = cache(store);
    CountingSquares zero = new CountingSquares(0);
    Squares a = cache.wrap(Squares.class, zero);
    a.upTo(2);
    a.upTo(3);
    assertEquals(2, zero.calls.get());
    CountingSquares ten = new CountingSquares(10);
    assertEquals(List.of(10, 11), cache.wrap(Squares.class, ten).upTo(2));
    assertEquals(1, ten.calls.get());
  }

  @EveryStore
  void wrap_transientFieldsAreNotState(StoreSetup store) {
    Cache cache = cache(store);
    CountingSquares one = new CountingSquares(0);
    one.ignored = 1;
    cache.wrap(Squares.class, one).upTo(2);
    CountingSquares two = new CountingSquares(0);
    two.ignored = 2;
    cache.wrap(Squares.class, two).upTo(2);
    assertEquals(0, two.calls.get());
  }

  @EveryStore
  void wrap_recordAndListArgumentsHitByValue(StoreSetup store) {
    Cache cache = cache(store);
    Calls calls = new Calls();
    Limited impl = (limit, more) -> calls.incrementAndGet() + limit.max() * 0 + more.size() * 0;
    Limited l = cache.wrap(Limited.class, impl);
    assertEquals(1, l.apply(new Limit("a", 1), List.of(new Limit("b", 2))));
    assertEquals(1, l.apply(new Limit("a", 1), new ArrayList<>(List.of(new Limit("b", 2)))));
    assertEquals(2, l.apply(new Limit("a", 2), List.of(new Limit("b", 2))));
  }

  public interface Mapper {
    int apply(IntUnaryOperator f, int x);
  }

  static int plusOne(int x) {
    return x + 1;
  }

  static int timesTwo(int x) {
    return x * 2;
  }

  @EveryStore
  void wrap_functionalArgumentsCountByTheirCode(StoreSetup store) {
    Calls calls = new Calls();
    Mapper m = cache(store).wrap(Mapper.class, (f, x) -> {
      calls.incrementAndGet();
      return f.applyAsInt(x);
    });
    IntUnaryOperator plus = AstrocacheTest::plusOne;
    IntUnaryOperator times = AstrocacheTest::timesTwo;
    assertEquals(6, m.apply(plus, 5));
    assertEquals(10, m.apply(times, 5)); // equal arguments otherwise: only the code differs
    assertEquals(6, m.apply(plus, 5));
    assertEquals(2, calls.get());
    int offset = 3;
    assertEquals(8, m.apply(x -> x + offset, 5));
    assertEquals(3, calls.get());
  }

  @EveryStore
  void wrap_exceptionsAreNotCached(StoreSetup store) {
    CountingSquares impl = new CountingSquares(0);
    Squares s = cache(store).wrap(Squares.class, impl);
    IOException e = assertThrows(IOException.class, () -> s.boom(7));
    assertEquals("boom 7", e.getMessage());
    assertThrows(IOException.class, () -> s.boom(7));
    assertEquals(2, impl.calls.get());
  }

  @EveryStore
  void wrap_voidNotCachedAndObjectMethodsPassThrough(StoreSetup store) {
    CountingSquares impl = new CountingSquares(3);
    Squares s = cache(store).wrap(Squares.class, impl);
    s.touch();
    s.touch();
    s.uncached(1);
    s.uncached(1);
    assertEquals(4, impl.calls.get());
    assertEquals("CountingSquares(3)", s.toString());
    assertEquals(impl.hashCode(), s.hashCode());
    assertTrue(s.equals(s));
    assertFalse(s.equals(cache(store).wrap(Squares.class, new CountingSquares(3))));
  }

  @EveryStore
  void wrap_defaultMethodsRunOnTheImplAndAreCached(StoreSetup store) {
    CountingSquares impl = new CountingSquares(0);
    Squares s = cache(store).wrap(Squares.class, impl);
    assertEquals(8, s.twice(4));
    assertEquals(8, s.twice(4));
    assertEquals(1, impl.calls.get());
  }

  @Test
  void wrap_refusesAClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cache().wrap(CountingSquares.class, new CountingSquares(0)));
    assertEquals("astrocache can only wrap an interface, and"
        + " dev.astrocache.AstrocacheTest$CountingSquares is a class: declare the methods to cache"
        + " in an interface, implement it, and wrap that"
        + " (Astrocache.wrap(MyApi.class, new MyImpl()))", e.getMessage());
  }

  @Test
  void wrap_unencodableArgumentNamesMethodPositionAndPath() throws IOException {
    Squares s = cache().wrap(Squares.class, new CountingSquares(0));
    try (Socket socket = new Socket()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> s.anything(List.of("a", List.of(socket))));
      assertEquals("astrocache cannot cache"
          + " dev.astrocache.AstrocacheTest$Squares#anything(Ljava/lang/Object;)Ljava/lang/Object;:"
          + " parameter 0 (java.lang.Object) holds a java.net.Socket (at args[0][1][0]), which is"
          + " not a value astrocache can encode (such as a connection, a stream, a thread or a"
          + " lock). Annotate the parameter @NotKey if it does not change the result (a listener,"
          + " a logger), or pass a value that identifies it instead.", e.getMessage());
    }
  }

  static final class OrderedSquares implements Limited {
    final java.util.Comparator<String> order = java.util.Comparator.comparing(String::length);

    @Override
    public int apply(Limit limit, List<Limit> more) {
      return limit.max();
    }
  }

  @Test
  void wrap_unreadableStateWarnsOnceAtWrapAndTheCallsWork() {
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      Limited l = cache().wrap(Limited.class, new OrderedSquares());
      assertEquals(List.of("astrocache: this.order of dev.astrocache.AstrocacheTest$OrderedSquares"
          + " counts by its class only, since it is a lambda made inside the JDK, whose captured"
          + " values astrocache cannot read (java.util.Comparator$$Lambda): impls that differ"
          + " there share entries. Hold a value instead (such as a record), or mark the field"
          + " transient."), log.messages(Level.WARNING));
      assertEquals(1, l.apply(new Limit("a", 1), List.of()));
      assertEquals(1, l.apply(new Limit("a", 1), List.of()));
      assertEquals(1, log.messages(Level.WARNING).size());
    }
  }

  /** Neither a record nor Serializable: a valid argument (by its fields), not a storable result. */
  static final class Plain {
    final int x;

    Plain(int x) {
      this.x = x;
    }
  }

  @EveryStore
  void wrap_unserializableResultIsReturnedNotCached(StoreSetup store) {
    Cache cache = cache(store);
    CountingSquares impl = new CountingSquares(0);
    Squares s = cache.wrap(Squares.class, impl);
    Plain p = new Plain(1);
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      assertTrue(s.anything(p) == p);
      assertTrue(s.anything(p) == p);
      assertEquals(List.of("astrocache: the result of"
          + " dev.astrocache.AstrocacheTest$Squares#anything(Ljava/lang/Object;)Ljava/lang/Object;"
          + " cannot be serialized by 'astrocache': Cannot cache the result:"
          + " dev.astrocache.AstrocacheTest$Plain is not a value type astrocache knows (records,"
          + " enums, collections, java.time, ...) and not Serializable. Return a record or a"
          + " Serializable class instead, plug in a Serializer (dev.astrocache.spi.Serializer) for"
          + " it, or mark the method @NotCached. The result is returned but not cached; further"
          + " failures of this method are counted in stats().errors(), not logged."),
          log.messages(Level.WARNING));
    }
    assertEquals(2, impl.calls.get());
    assertStats(cache).errors(2).puts(0);
  }

  @Test
  void strict_unserializableResultThrows() {
    Cache cache = Astrocache.builder().directory(dir).strict(true).build();
    Squares s = cache.wrap(Squares.class, new CountingSquares(0));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> s.anything(new Plain(1)));
    assertTrue(e.getMessage().startsWith("astrocache: the result of"
        + " dev.astrocache.AstrocacheTest$Squares#anything(Ljava/lang/Object;)Ljava/lang/Object;"
        + " cannot be serialized by 'astrocache': "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (strict mode)"), e.getMessage());
  }

  @Test
  void fullDisk_valueIsReturnedAndTheErrorCounted() {
    Cache cache = Astrocache.builder().directory(dir).store("test-full-disk").build();
    CountingSquares impl = new CountingSquares(0);
    Squares s = cache.wrap(Squares.class, impl);
    assertEquals(List.of(0, 1), s.upTo(2));
    assertEquals(List.of(0, 1), s.upTo(2));
    assertEquals(2, impl.calls.get());
    assertStats(cache).errors(2).puts(0);
  }

  @Test
  void strict_fullDiskThrows() {
    Cache cache =
        Astrocache.builder().directory(dir).store("test-full-disk").strict(true).build();
    Squares s = cache.wrap(Squares.class, new CountingSquares(0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.upTo(2));
    assertTrue(e.getMessage().startsWith("astrocache: cannot write entry"
        + " dev.astrocache.AstrocacheTest$Squares.upTo-"), e.getMessage());
    assertTrue(e.getMessage().endsWith("java.io.IOException: No space left on device"
        + " (strict mode)"), e.getMessage());
  }

  @Test
  void corruptEntry_isAMissQuarantinedAndCounted() throws IOException {
    CountingSquares impl = new CountingSquares(0);
    try (Cache first = cache()) { // closed: its entry, written behind the call, is on disk
      first.wrap(Squares.class, impl).upTo(4);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}"))::iterator) {
        byte[] b = Files.readAllBytes(f);
        b[b.length - 1] ^= 1;
        Files.write(f, b);
      }
    }
    Cache cache = cache();
    CountingSquares again = new CountingSquares(0);
    assertEquals(List.of(0, 1, 4, 9), cache.wrap(Squares.class, again).upTo(4));
    assertEquals(1, again.calls.get());
    assertStats(cache).rejected(1).hits(0);
    assertTrue(Files.isDirectory(dir.resolve("quarantine")), "quarantine folder");
  }

  @EveryStore
  void singleFlight_sameKeyFromManyThreadsComputesOnce(StoreSetup store) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    Calls calls = new Calls();
    Limited slow = (limit, more) -> {
      calls.incrementAndGet();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return limit.max();
    };
    Limited l = cache(store).wrap(Limited.class, slow);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return l.apply(new Limit("k", 42), List.of());
        }));
      }
      start.countDown();
      for (Future<Integer> f : results) {
        assertEquals(42, f.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, calls.get());
  }

  public interface Lists {
    List<Integer> get(int n);
  }

  /** The callers that waited for another thread's computation shared one mutable list. */
  @EveryStore
  void singleFlight_eachWaitingCallerGetsItsOwnCopy(StoreSetup store) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Calls calls = new Calls();
    Lists slow = n -> {
      calls.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ArrayList<>(List.of(n));
    };
    Lists l = cache(store).wrap(Lists.class, slow);
    List<Thread> threads = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r);
      threads.add(t);
      return t;
    });
    try {
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(() -> l.get(7)));
      }
      // release the computation once every caller waits: one for the latch, three for it
      boolean allWaiting = false;
      for (int spins = 0; spins < 2000 && !allWaiting; spins++) {
        Thread.sleep(5);
        allWaiting = threads.size() == 4
            && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
      }
      release.countDown();
      assertTrue(allWaiting, "the callers did not all wait for the one computation");
      List<List<Integer>> lists = new ArrayList<>();
      for (Future<List<Integer>> f : results) {
        lists.add(f.get(30, TimeUnit.SECONDS));
      }
      assertEquals(1, calls.get());
      for (int i = 0; i < lists.size(); i++) {
        assertEquals(List.of(7), lists.get(i));
        for (int j = i + 1; j < lists.size(); j++) {
          assertFalse(lists.get(i) == lists.get(j), "callers " + i + " and " + j + " share");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** An impl of the JDK has no class loader: every hit was refused and quarantined. */
  @EveryStore(durable = true)
  @SuppressWarnings("unchecked")
  void jdkImpl_hits(StoreSetup store) {
    Cache cache = cache(store);
    java.util.Comparator<String> c =
        cache.wrap(java.util.Comparator.class, String.CASE_INSENSITIVE_ORDER);
    assertEquals(0, c.compare("a", "A"));
    assertEquals(0, cache(store).wrap(java.util.Comparator.class, String.CASE_INSENSITIVE_ORDER)
        .compare("a", "A"));
    Cache again = cache(store);
    assertEquals(0, again.wrap(java.util.Comparator.class, String.CASE_INSENSITIVE_ORDER)
        .compare("a", "A"));
    assertStats(again).hits(1).rejected(0);
  }

  public interface Things {
    Object get(int n);
  }

  static final class RefusesToBeWritten implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private void writeObject(java.io.ObjectOutputStream out) {
      throw new AssertionError("writeObject refuses");
    }
  }

  /** An Error while the result was serialized reached the caller: the computed value was lost. */
  @EveryStore
  void resultWhoseSerializationThrowsAnError_isStillReturned(StoreSetup store) {
    Cache cache = cache(store);
    Things t = cache.wrap(Things.class, n -> new RefusesToBeWritten());
    assertTrue(t.get(1) instanceof RefusesToBeWritten);
    assertStats(cache).errors(1).puts(0);
  }

  public interface Rates {
    int times(int x);
  }

  /** A setting the program keeps in a static field, read by the method and set from outside. */
  static final class Settings {
    static int rate = 1;
  }

  static final class StaticRate implements Rates {
    static int calls; // its own bookkeeping: assigned by the method, not part of the key
    static final List<Integer> SEEN = new ArrayList<>(); // final: fixed at class initialization

    @Override
    public int times(int x) {
      calls++;
      SEEN.add(x);
      return x * Settings.rate;
    }
  }

  /** A static field the method reads was left out of the key: the old rate's result came back. */
  @EveryStore
  void staticSettingReadByTheCode_isPartOfTheKey(StoreSetup store) {
    Rates r = cache(store).wrap(Rates.class, new StaticRate());
    try {
      Settings.rate = 1;
      assertEquals(3, r.times(3));
      Settings.rate = 2;
      assertEquals(6, r.times(3));
      Settings.rate = 1;
      int before = StaticRate.calls;
      assertEquals(3, r.times(3)); // the first entry again, with a counter and a list grown
      assertEquals(before, StaticRate.calls, "a hit: the counter and the list are not settings");
    } finally {
      Settings.rate = 1;
    }
  }

  @Test
  void builder_repeatedSettingNamesTheEarlierValue() {
    Astrocache.Builder b = Astrocache.builder().directory(Path.of("/x"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> b.directory(Path.of("/y")));
    assertEquals("directory was already set to /x", e.getMessage());
    Astrocache.Builder s = Astrocache.builder().setting("remote.secret", "hush");
    e = assertThrows(IllegalStateException.class, () -> s.setting("remote.secret", "x"));
    assertEquals("remote.secret was already set to (hidden)", e.getMessage());
  }

  @Test
  void builder_unknownStoreOrSerializerIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Astrocache.builder().directory(dir).store("nope").build());
    assertTrue(e.getMessage().startsWith("no store named 'nope' (astrocache.store); found: ["),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(
        "]. Put the jar that provides it on the class path or module path."), e.getMessage());
  }

  @EveryStore
  void explain_listsReachedMethods(StoreSetup store) {
    Cache cache = cache(store);
    Squares s = cache.wrap(Squares.class, new CountingSquares(0));
    Manifest m = cache.explain(s, "upTo", int.class);
    assertEquals("dev.astrocache.AstrocacheTest$Squares#upTo(I)Ljava/util/List;", m.method());
    assertTrue(m.methods().containsKey(
        "dev.astrocache.AstrocacheTest$CountingSquares#upTo(I)Ljava/util/List;"), m.toString());
    assertEquals(64, m.fingerprint().length());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cache.explain("not a proxy", "upTo", int.class));
    assertEquals("not a proxy made by this cache: java.lang.String. Pass the object that wrap()"
        + " returned.", e.getMessage());
  }
}
