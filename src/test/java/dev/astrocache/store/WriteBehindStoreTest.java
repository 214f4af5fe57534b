package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.LogCapture;
import dev.astrocache.testing.StatsAssert;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The file store as opened by default ({@code writes=behind}): the store contract, then what
 * writing behind adds, in this JVM and in child JVMs ({@link WriteBehindChild}). The background
 * writer is held on a latch ({@link WriteBehindStore#beforeWrite}) where a test needs an entry to
 * be still waiting.
 */
class WriteBehindStoreTest extends StoreContract {

  @Override
  protected Store open(TestStoreContext context) throws IOException {
    return context.open("file");
  }

  /** What the front-end tests and the children cache. */
  public interface Squares {
    long square(int n);
  }

  /** Counts its computations (transient: not part of its state, so not of the key). */
  public static final class Counting implements Squares {
    transient AtomicInteger calls = new AtomicInteger();

    @Override
    public long square(int n) {
      calls.incrementAndGet();
      return (long) n * n;
    }
  }

  private final CountDownLatch release = new CountDownLatch(1);

  /** Holds the background writer until {@link #release} is counted down. */
  private void holdWriter() {
    WriteBehindStore.beforeWrite = key -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @AfterEach
  void freeWriter() {
    release.countDown();
    WriteBehindStore.beforeWrite = key -> { };
    WriteBehindStore.beforeRename = key -> { };
  }

  @Test
  void close_whileTheWriterRenames_waitsForItsPut_andTheRemovalOfOldVersionsItQueues()
      throws Exception {
    String function = "com.example.Prices.quote-1f3a9c0e";
    FileStore files = FileStore.open(directory.resolve("versions"), Long.MAX_VALUE, 1);
    files.put(key(function, "v1", "a"), bytes(1, 100));
    files.awaitBackground();
    WriteBehindStore behind = new WriteBehindStore(files);
    CountDownLatch renaming = new CountDownLatch(1);
    WriteBehindStore.beforeRename = key -> {
      renaming.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    behind.put(key(function, "v2", "a"), bytes(2, 100));
    assertTrue(renaming.await(30, TimeUnit.SECONDS), "the writer did not take the entry");
    Thread closer = new Thread(() -> {
      try {
        behind.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "closer");
    closer.start();
    // close must wait for the landing entry (on its stripe) before it shuts the file store's
    // sweeper down: before, it closed at once and the removal of v1 that v2's put queues after
    // its rename was refused
    while (closer.getState() != Thread.State.BLOCKED
        && closer.getState() != Thread.State.TERMINATED) {
      Thread.onSpinWait();
    }
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(60));
    assertFalse(closer.isAlive(), "close did not return");
    FileLayout layout = files.layout();
    assertEquals(1, layout.entries(function, key(function, "v2", "a").fingerprint()).size());
    assertEquals(List.of(), layout.entries(function, key(function, "v1", "a").fingerprint()),
        "the old version's entry stayed: its removal was refused by a closed store");
  }

  private static List<Path> entryFiles(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList();
    }
  }

  @Test
  void open_byDefault_writesBehind_andInlineOnRequestOrInStrictMode() throws IOException {
    assertInstanceOf(WriteBehindStore.class, store);
    assertEquals("FileStore[" + directory + ", max 1073741824 bytes] (writes behind)",
        store.toString());
    try (Store inline = new FileStoreProvider().open(
        new TestStoreContext(directory.resolve("i")).set("writes", "inline"))) {
      assertInstanceOf(FileStore.class, inline);
    }
    try (Store strict = new FileStoreProvider().open(
        new TestStoreContext(directory.resolve("s")).set("strict", "true"))) {
      assertInstanceOf(FileStore.class, strict);
    }
  }

  @Test
  void missThenHit_inOneJvm_beforeTheWriteLands() throws IOException {
    holdWriter();
    Path dir = directory.resolve("cache");
    Counting impl = new Counting();
    try (Cache cache = Astrocache.builder().directory(dir).setting("writes", "behind").build()) {
      Squares s = cache.wrap(Squares.class, impl);
      assertEquals(49, s.square(7));
      assertEquals(List.of(), entryFiles(dir), "written although the writer is held");
      assertEquals(49, s.square(7));
      assertEquals(1, impl.calls.get(), "the waiting entry did not answer");
      assertEquals(1, cache.stats().hits());
      assertEquals(1, cache.stats().puts());
      release.countDown();
    }
    assertEquals(1, entryFiles(dir).size());
    try (Cache cache = Astrocache.builder().directory(dir).setting("writes", "behind").build()) {
      assertEquals(49, cache.wrap(Squares.class, impl).square(7));
      assertEquals(1, impl.calls.get(), "the entry written behind did not hit in a new cache");
    }
  }

  @Test
  void invalidate_ofAWaitingEntry_cancelsIt() throws IOException {
    holdWriter();
    Path dir = directory.resolve("cache");
    Counting impl = new Counting();
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      Squares s = cache.wrap(Squares.class, impl);
      s.square(3);
      s.square(4);
      assertEquals(2, cache.invalidate(s));
      release.countDown();
      assertEquals(9, s.square(3));
      assertEquals(3, impl.calls.get(), "an invalidated waiting entry answered");
    }
    // closed: everything waiting was written, and the cancelled square(4) is not among it
    assertEquals(1, entryFiles(dir).size());
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      Squares s = cache.wrap(Squares.class, impl);
      s.square(4);
      assertEquals(4, impl.calls.get(), "the invalidated entry came back");
    }
  }

  @Test
  void put_overAWaitingEntry_theNewerWins() throws IOException {
    holdWriter();
    EntryKey key = key("same");
    store.put(key, bytes(1, 100));
    store.put(key, bytes(2, 100));
    assertArrayEquals(bytes(2, 100), store.get(key));
    release.countDown();
    store.close();
    try (Store reopened = open(new TestStoreContext(directory))) {
      assertArrayEquals(bytes(2, 100), reopened.get(key));
    }
  }

  @Test
  void quarantine_ofAWaitingEntryWithThoseBytes_cancelsIt() throws IOException {
    holdWriter();
    EntryKey bad = key("bad");
    EntryKey good = key("good");
    store.put(bad, bytes(1, 100));
    store.put(good, bytes(2, 100));
    store.quarantine(bad, bytes(1, 100));
    store.quarantine(good, bytes(9, 100)); // other bytes: it stays
    assertNull(store.get(bad));
    assertFalse(store.contains(bad));
    assertArrayEquals(bytes(2, 100), store.get(good));
    store.close();
    assertEquals(1, entryFiles(directory).size());
  }

  @Test
  void put_queueFull_theCallerWritesItsEntry() throws IOException {
    holdWriter();
    WriteBehindStore s = (WriteBehindStore) store;
    for (int i = 0; i < WriteBehindStore.MAX_QUEUED_ENTRIES; i++) {
      s.put(key("q" + i), bytes(i, 16));
    }
    assertEquals(0, s.writtenByCaller());
    assertEquals(List.of(), entryFiles(directory));
    EntryKey last = key("last");
    s.put(last, bytes(7, 16));
    assertEquals(1, s.writtenByCaller());
    assertEquals(List.of(s.files().path(last)), entryFiles(directory));
    // bounded in bytes too: an entry larger than the queue may hold is written by its caller
    EntryKey large = key("large");
    s.put(large, new byte[(int) WriteBehindStore.MAX_QUEUED_BYTES + 1]);
    assertEquals(2, s.writtenByCaller());
    assertTrue(Files.exists(s.files().path(large)));
    s.close();
    assertEquals(WriteBehindStore.MAX_QUEUED_ENTRIES + 2, entryFiles(directory).size());
  }

  /** Fills the queue with the writer held: {@link WriteBehindStore#MAX_QUEUED_ENTRIES} offers. */
  private static void fillQueue(WriteBehindStore s) throws IOException {
    for (int i = 0; i < WriteBehindStore.MAX_QUEUED_ENTRIES; i++) {
      assertTrue(s.offer(key("q" + i), bytes(i, 16)), "queued");
    }
  }

  @Test
  void offer_queueFull_dropsTheEntry_cancelsAnOlderOneWaiting_andLeavesTheDiskAlone()
      throws IOException {
    WriteBehindStore s = (WriteBehindStore) store;
    EntryKey onDisk = key("on disk");
    s.files().put(onDisk, bytes(1, 16));
    holdWriter();
    fillQueue(s);
    EntryKey last = key("last");
    assertFalse(s.offer(last, bytes(7, 16)), "a full queue took the entry");
    assertEquals(0, s.writtenByCaller(), "the caller wrote its entry");
    assertNull(s.get(last));
    assertFalse(s.contains(last));
    assertFalse(Files.exists(s.files().path(last)));
    // an older entry of the key, waiting: cancelled, so this process does not answer from it
    EntryKey waiting = key("q5");
    assertFalse(s.offer(waiting, bytes(8, 16)));
    assertNull(s.get(waiting), "answered from an entry the queue no longer holds");
    // the file of a key is left as it is: its older entry still answers, here and elsewhere
    assertFalse(s.offer(onDisk, bytes(9, 16)));
    assertArrayEquals(bytes(1, 16), s.get(onDisk));
    // larger than the queue could ever hold: written by its caller, or it would never be stored
    EntryKey large = key("large");
    assertTrue(s.offer(large, new byte[(int) WriteBehindStore.MAX_QUEUED_BYTES + 1]));
    assertEquals(1, s.writtenByCaller());
    release.countDown();
    s.close();
    // what was queued is written on close, but not the cancelled q5 nor the dropped entry
    assertEquals(WriteBehindStore.MAX_QUEUED_ENTRIES - 1 + 2, entryFiles(directory).size());
    try (Store reopened = open(new TestStoreContext(directory))) {
      assertNull(reopened.get(last));
      assertNull(reopened.get(waiting));
      assertArrayEquals(bytes(1, 16), reopened.get(onDisk));
      assertArrayEquals(bytes(4, 16), reopened.get(key("q4")));
    }
  }

  @Test
  void offer_queueFull_writesFullInline_theCallerWritesItsEntry() throws IOException {
    try (WriteBehindStore s = (WriteBehindStore) new FileStoreProvider().open(
        new TestStoreContext(directory.resolve("inline")).set("writes.full", "inline"))) {
      holdWriter();
      fillQueue(s);
      EntryKey last = key("last");
      assertTrue(s.offer(last, bytes(7, 16)));
      assertEquals(1, s.writtenByCaller());
      assertArrayEquals(bytes(7, 16), Files.readAllBytes(s.files().path(last)));
      release.countDown();
    }
  }

  /** The cache's store, to wait for its queue to drain. */
  private static WriteBehindStore storeOf(Cache cache) throws ReflectiveOperationException {
    java.lang.reflect.Field f = cache.getClass().getDeclaredField("store");
    f.setAccessible(true);
    return (WriteBehindStore) f.get(cache);
  }

  @Test
  void miss_queueFull_theCallerReturnsWithoutWriting_countedWarnedOnce_andALaterCallStores()
      throws Exception {
    holdWriter();
    Path dir = directory.resolve("cache");
    Counting impl = new Counting();
    int queued = WriteBehindStore.MAX_QUEUED_ENTRIES;
    try (Cache cache = Astrocache.builder().directory(dir).setting("writes", "behind").build();
        LogCapture log = new LogCapture("dev.astrocache")) {
      Squares s = cache.wrap(Squares.class, impl);
      for (int i = 0; i < queued; i++) {
        s.square(i);
      }
      // the writer is held and the queue full: the caller neither waits for it nor writes
      assertEquals(25_000_000L, s.square(5000));
      assertEquals(25_000_000L, s.square(5000));
      assertEquals(0, entryFiles(dir).size(), "a caller wrote its entry");
      assertEquals(queued + 2, impl.calls.get(), "a dropped entry answered");
      StatsAssert.assertStats(cache.stats()).misses(queued + 2).puts(queued).dropped(2).hits(0)
          .errors(0);
      String name = cache.stats().byFunction().keySet().iterator().next();
      assertEquals(2, cache.stats().function(name).dropped());
      assertEquals(List.of("astrocache: the 'file' store in " + dir + " writes entries more"
          + " slowly than they are computed: its write queue is full, so new entries are"
          + " dropped (missed again later), counted in stats().dropped(). Set writes=inline (or"
          + " writes.full=inline) to store every entry, at the cost of waiting for the disk."),
          log.messages(Level.WARNING));
      release.countDown();
      WriteBehindStore store = storeOf(cache);
      while (store.unwritten() > 0) {
        Thread.onSpinWait();
      }
      assertEquals(25_000_000L, s.square(5000));
      assertEquals(queued + 3, impl.calls.get(), "not computed again");
      assertEquals(queued + 1, cache.stats().puts(), "not stored once the queue drained");
      assertEquals(25_000_000L, s.square(5000));
      assertEquals(queued + 3, impl.calls.get(), "the entry stored later did not hit");
      assertEquals(1, log.messages(Level.WARNING).size(), "warned more than once");
    }
    assertEquals(queued + 1, entryFiles(dir).size());
  }

  @Test
  void miss_queueFull_writesFullInline_theCallerWritesIt() throws Exception {
    holdWriter();
    Path dir = directory.resolve("cache");
    Counting impl = new Counting();
    try (Cache cache = Astrocache.builder().directory(dir).setting("writes", "behind")
        .setting("writes.full", "inline").build()) {
      Squares s = cache.wrap(Squares.class, impl);
      for (int i = 0; i < WriteBehindStore.MAX_QUEUED_ENTRIES; i++) {
        s.square(i);
      }
      assertEquals(25_000_000L, s.square(5000));
      assertEquals(1, entryFiles(dir).size(), "the caller did not write its entry");
      StatsAssert.assertStats(cache.stats()).puts(WriteBehindStore.MAX_QUEUED_ENTRIES + 1).dropped(0);
      release.countDown();
    }
  }

  @Test
  void childExits_withSystemExit_theNextJvmHits() throws IOException {
    exitsThenHits("exit");
  }

  @Test
  void childReturnsFromMain_theNextJvmHits() throws IOException {
    exitsThenHits("return");
  }

  /** The child's writer never writes: every entry is on disk by the exit flush alone. */
  private void exitsThenHits(String mode) throws IOException {
    Path dir = directory.resolve("cache");
    ChildJvm.Result first = ChildJvm.run(WriteBehindChild.class.getName(), List.of(), Map.of(),
        mode, dir.toString(), "20");
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("values right\ncomputed 20 hits 0 errors 0 rejected 0\n"),
        first.output());
    assertEquals(20, entryFiles(dir).size(), first.output());
    ChildJvm.Result next = ChildJvm.run(WriteBehindChild.class.getName(), List.of(), Map.of(),
        "read", dir.toString(), "20");
    assertEquals(0, next.exitCode(), next.output());
    assertTrue(next.output().contains("values right\ncomputed 0 hits 20 errors 0 rejected 0\n"),
        next.output());
  }

  @Test
  void childKilledWithEntriesWaiting_theNextRunMissesCleanly() throws Exception {
    Path dir = directory.resolve("cache");
    Process child = ChildJvm.start(WriteBehindChild.class.getName(), List.of(), Map.of(),
        "kill", dir.toString(), "20");
    StringBuilder output = new StringBuilder();
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null && !line.equals("queued"); ) {
        output.append(line).append('\n');
      }
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the killed child did not end");
    }
    assertEquals(137, child.exitValue(), output.toString());
    assertTrue(output.toString().contains("values right"), output.toString());
    // the waiting entries are lost, and nothing else is left but manifests, states and
    // the fingerprint's stored walks
    assertEquals(List.of(), entryFiles(dir));
    List<Path> other = new ArrayList<>();
    FileLayout layout = FileLayout.of(dir);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        FileLayout.Kind kind = layout.kind(p);
        if (kind != FileLayout.Kind.MANIFEST && kind != FileLayout.Kind.STATE
            && kind != FileLayout.Kind.WALK) {
          other.add(p);
        }
      }
    }
    assertEquals(List.of(), other, "files other than manifests, states and stored walks");
    ChildJvm.Result next = ChildJvm.run(WriteBehindChild.class.getName(), List.of(), Map.of(),
        "read", dir.toString(), "20");
    assertEquals(0, next.exitCode(), next.output());
    assertTrue(next.output().contains("values right\ncomputed 20 hits 0 errors 0 rejected 0\n"),
        next.output());
    assertFalse(next.output().contains("WARNING"), next.output());
    assertEquals(20, entryFiles(dir).size(), next.output());
  }
}
