package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.astrocache.EntryFrames;
import dev.astrocache.config.Setting;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoredManifest;
import dev.astrocache.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The file store itself, opened with {@code writes=inline}: {@link WriteBehindStoreTest} covers
 * the background writer that stands in front of it by default.
 */
class FileStoreTest extends StoreContract {

  @Override
  protected void configure(TestStoreContext context) {
    context.set("writes", "inline");
  }

  @Override
  protected Store open(TestStoreContext context) throws IOException {
    return context.open("file");
  }

  /** A context for the file store alone, without its background writer. */
  private static TestStoreContext inline(Path root) {
    return new TestStoreContext(root).set("writes", "inline");
  }

  private FileStore fileStore() {
    return (FileStore) store;
  }

  private static boolean posix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  /** Every regular file under {@code dir}, relative to it, as strings with '/'. */
  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()
          .replace('\\', '/')).sorted().toList();
    }
  }

  /** Polls {@code condition} every 20 ms for at most 20 s. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after 20 s waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void open_byName_isTheFileStoreAtTheDirectory() {
    assertInstanceOf(FileStore.class, store);
    assertEquals(directory.toAbsolutePath().normalize(), fileStore().root());
  }

  @Test
  void put_entry_livesAtFunctionFingerprintPrefixKey() throws IOException {
    EntryKey key = key("a");
    store.put(key, bytes(1, 10));
    String expected = "com.example.Prices.quote-1f3a9c0e/" + key.fingerprint() + "/"
        + key.key().substring(0, 2) + "/" + key.key();
    assertEquals(List.of(expected), files(directory));
    assertArrayEquals(bytes(1, 10), Files.readAllBytes(directory.resolve(expected)));
  }

  @Test
  void manifests_areKeptInTheFingerprintFolderOncePerFingerprint() throws IOException {
    ManifestStore manifests = store.manifests().orElseThrow();
    EntryKey key = key("a");
    String function = key.function();
    assertEquals(List.of(), manifests.list(function));
    assertEquals(Optional.empty(), manifests.read(function, key.fingerprint()));
    manifests.write(function, key.fingerprint(), "a.A#f()I 11\n");
    manifests.write(function, key.fingerprint(), "a.A#f()I 12\n"); // a fingerprint's stays
    Path file = fileStore().layout().manifest(function, key.fingerprint());
    assertEquals(List.of(directory.relativize(file).toString().replace('\\', '/')),
        files(directory));
    assertEquals("a.A#f()I 11\n", Files.readString(file));
    assertEquals(Optional.of("a.A#f()I 11\n"), manifests.read(function, key.fingerprint()));
    assertEquals(List.of(new StoredManifest(key.fingerprint(),
        Files.getLastModifiedTime(file).toInstant(), false)), manifests.list(function));
    store.put(key, bytes(1, 10));
    assertEquals(List.of(new StoredManifest(key.fingerprint(),
        Files.getLastModifiedTime(file).toInstant(), true)), manifests.list(function));
    if (posix(directory)) {
      assertEquals("rw-------", permissions(file));
    }
  }

  @Test
  void put_onPosix_foldersAre0700AndFiles0600() throws IOException {
    assumeTrue(posix(directory), "not a POSIX file system");
    Path root = directory.resolve("new/cache");
    try (Store s = new FileStoreProvider().open(inline(root))) {
      EntryKey key = key("a");
      s.put(key, bytes(1, 10));
      Path file = ((FileStore) s).path(key);
      assertEquals("rw-------", permissions(file));
      for (Path dir = file.getParent(); !dir.equals(directory); dir = dir.getParent()) {
        assertEquals("rwx------", permissions(dir), dir.toString());
      }
      s.quarantine(key);
      assertEquals("rwx------", permissions(root.resolve("quarantine")));
    }
  }

  @Test
  void put_many_leavesNoTemporaryFiles() throws IOException {
    for (int i = 0; i < 20; i++) {
      store.put(key("k" + (i % 7)), bytes(i, 100 + i));
    }
    assertTrue(files(directory).stream().noneMatch(f -> f.contains("/.")), files(directory)
        .toString());
    assertEquals(7, files(directory).size());
  }

  @Test
  void quarantine_entry_movesItToTheQuarantineFolderUnderAReadableName() throws IOException {
    EntryKey key = key("a");
    store.put(key, bytes(1, 10));
    long before = System.currentTimeMillis();
    store.quarantine(key);
    List<String> files = files(directory);
    assertEquals(1, files.size(), files.toString());
    String prefix = "quarantine/com.example.Prices.quote-1f3a9c0e--"
        + key.fingerprint().substring(0, 16) + "--" + key.key() + "--";
    assertTrue(files.get(0).startsWith(prefix), files.get(0));
    String[] suffix = files.get(0).substring(prefix.length()).split("-");
    assertEquals(3, suffix.length, files.get(0));
    long millis = Long.parseLong(suffix[0]);
    assertTrue(millis >= before && millis <= System.currentTimeMillis(), files.get(0));
    assertEquals(ProcessHandle.current().pid(), Long.parseLong(suffix[1]), files.get(0));
    assertArrayEquals(bytes(1, 10), Files.readAllBytes(directory.resolve(files.get(0))));
  }

  /** The names were unique to the millisecond: quarantined files replaced each other. */
  @Test
  void quarantine_sameKeyManyTimesAtOnce_keepsEveryFile() throws IOException {
    EntryKey key = key("a");
    for (int i = 0; i < 50; i++) {
      store.put(key, bytes(i, 10));
      store.quarantine(key);
    }
    try (Stream<Path> list = Files.list(directory.resolve("quarantine"))) {
      assertEquals(50, list.count());
    }
  }

  /** A FileChannel closes on interrupt: a cancelled task's result was never cached. */
  @Test
  void put_fromAThreadWithItsInterruptFlagSet_writesAndKeepsTheFlag() throws IOException {
    EntryKey key = key("a");
    Thread.currentThread().interrupt();
    try {
      store.put(key, bytes(3, 100));
      assertTrue(Thread.currentThread().isInterrupted(), "the flag is restored");
    } finally {
      Thread.interrupted();
    }
    assertArrayEquals(bytes(3, 100), store.get(key));
  }

  @Test
  void quarantine_longFunctionName_staysWithinFileNameLimits() throws IOException {
    EntryKey key = key("f".repeat(200), "v1", "a");
    store.put(key, bytes(1, 10));
    store.quarantine(key);
    try (Stream<Path> list = Files.list(directory.resolve("quarantine"))) {
      String name = list.findFirst().orElseThrow().getFileName().toString();
      assertTrue(name.startsWith("f".repeat(120) + "--"), name);
      assertTrue(name.length() <= 255, name);
    }
  }

  @Test
  void get_otherFilesInTheTree_areIgnored() throws IOException {
    EntryKey key = key("a");
    store.put(key, bytes(1, 10));
    Path folder = fileStore().path(key).getParent();
    Files.write(folder.resolve("." + key.key() + ".123.1.tmp"), bytes(2, 5));
    Files.write(folder.getParent().resolve("manifest.txt"), List.of("a manifest"));
    assertArrayEquals(bytes(1, 10), store.get(key));
    assertNull(store.get(key("b")));
  }

  @Test
  void open_maxBytes_acceptsSizesWithUnits() {
    assertEquals(500L << 20, Setting.MAX_BYTES.parse("500m"));
    assertEquals(2L << 30, Setting.MAX_BYTES.parse("2G"));
    assertEquals(7L << 10, Setting.MAX_BYTES.parse(" 7k "));
    assertEquals(3L << 40, Setting.MAX_BYTES.parse("3t"));
    assertEquals(1048576, Setting.MAX_BYTES.parse("1048576"));
    assertEquals(Long.MAX_VALUE, Setting.MAX_BYTES.parse("9223372036854775807"));
  }

  @Test
  void open_malformedMaxBytes_namesTheSettingAndValue() {
    for (String bad : List.of("", "lots", "-5m", "0", "5mb", "1.5g", "m", "9223372036854775808",
        "99999999999999999999", "8388608t")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new FileStoreProvider().open(inline(directory).set("max.bytes", bad)),
          bad);
      assertEquals("astrocache.max.bytes must be a positive size such as 500m, 2g or 1048576"
          + " (bytes; k, m, g, t are powers of 1024), not '" + bad + "'", e.getMessage());
    }
  }

  @Test
  void open_durability_noneByDefaultAndForceOnRequest() throws IOException {
    assertEquals("FileStore[" + directory + ", max 1073741824 bytes]", store.toString());
    Path forced = directory.resolve("forced");
    try (Store s = new FileStoreProvider().open(
        inline(forced).set("durability", "FORCE"))) {
      assertEquals("FileStore[" + forced + ", max 1073741824 bytes, forced]", s.toString());
      EntryKey key = new EntryKey("f-00000000", "ab".repeat(32), "cd".repeat(32));
      byte[] entry = EntryFrames.frame("astrocache",
          HexFormat.of().parseHex(key.key()), 1L, 2L, new byte[] {1, 2, 3});
      s.put(key, entry);
      assertArrayEquals(entry, s.get(key));
      assertEquals(List.of("f-00000000/" + key.fingerprint() + "/cd/" + key.key()), files(forced));
    }
  }

  /**
   * A hit reads into the thread's buffer: the bytes of get, none for a missing entry, a larger
   * entry after a small one and a small one after it, an entry just below and one at the size
   * from which entries are mapped, and a mapped one replaced by a put while its mapping lives,
   * with the interrupt flag kept.
   */
  @Test
  void readDirect_entries_giveTheBytesOfGet() throws IOException {
    FileStore s = fileStore();
    EntryKey missing = new EntryKey("f-00000000", "ab".repeat(32), "00".repeat(32));
    assertNull(s.readDirect(missing));
    java.util.List<java.nio.ByteBuffer> mappings = new java.util.ArrayList<>();
    for (int size : new int[] {10, 200_000, 3, 70_000, FileStore.MAP_FROM - 100, FileStore.MAP_FROM,
        2 << 20, 2 << 20, 5}) {
      EntryKey key = new EntryKey("f-00000000", "ab".repeat(32),
          String.format("%064x", size));
      byte[] payload = new byte[size];
      new java.util.Random(size + mappings.size()).nextBytes(payload);
      byte[] entry = EntryFrames.frame("astrocache", HexFormat.of().parseHex(key.key()), 1L, 2L,
          payload);
      s.put(key, entry);
      Thread.currentThread().interrupt();
      java.nio.ByteBuffer b = s.readDirect(key);
      assertTrue(Thread.interrupted(), "the interrupt flag was lost");
      assertEquals(0, b.position());
      byte[] read = new byte[b.remaining()];
      b.get(read);
      assertArrayEquals(s.get(key), read);
      assertArrayEquals(entry, read);
      mappings.add(b); // kept: the second 2 MiB entry replaces the first while it is mapped
    }
  }

  /**
   * An entry is read with one read of up to FIRST_READ bytes, and sized only if it fills it:
   * entries one byte short of it, exactly as long, one byte longer, as long as the thread's
   * buffer and one byte longer (which grows it), then a small one again, all read whole.
   */
  @Test
  void readDirect_entriesAroundTheFirstReadAndTheBuffer_areReadWhole() throws IOException {
    FileStore s = fileStore();
    int header = EntryFrames.frame("astrocache", new byte[32], 1L, 2L, new byte[0]).length;
    int[] lengths = {FileStore.FIRST_READ - 1, FileStore.FIRST_READ, FileStore.FIRST_READ + 1,
        FileStore.KEPT_BUFFER, FileStore.KEPT_BUFFER + 1, FileStore.KEPT_BUFFER + 1, header + 1,
        FileStore.KEPT_BUFFER * 2, FileStore.FIRST_READ};
    for (int i = 0; i < lengths.length; i++) {
      EntryKey key = new EntryKey("f-00000000", "cd".repeat(32), String.format("%064x", i));
      byte[] payload = new byte[lengths[i] - header];
      new java.util.Random(i).nextBytes(payload);
      byte[] entry = EntryFrames.frame("astrocache", HexFormat.of().parseHex(key.key()), 1L, 2L,
          payload);
      assertEquals(lengths[i], entry.length);
      s.put(key, entry);
      java.nio.ByteBuffer b = s.readDirect(key);
      byte[] read = new byte[b.remaining()];
      b.get(read);
      assertArrayEquals(entry, read, "entry of " + lengths[i] + " bytes");
    }
  }

  /**
   * An entry mapped when read is sized first when read again, without the first read whose copy
   * its mapping would waste; replaced by a small entry, the hint is wrong, the small entry is
   * read whole and the hint dropped; large again, mapped and hinted again. Every read gives the
   * entry's bytes.
   */
  @Test
  void readDirect_entryMappedBefore_isSizedFirst_andAWrongHintReadsTheNewEntry()
      throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name").toLowerCase(
        java.util.Locale.ROOT).startsWith("windows"), "entries are not mapped on Windows");
    FileStore s = fileStore();
    EntryKey key = new EntryKey("f-00000000", "ef".repeat(32), "12".repeat(32));
    EntryKey other = new EntryKey("f-00000000", "ef".repeat(32), "34".repeat(32));
    int[] sizes = {FileStore.MAP_FROM, FileStore.MAP_FROM + 1, 100, 100, 1 << 20,
        FileStore.FIRST_READ, FileStore.MAP_FROM - 1, 3 << 20};
    for (int i = 0; i < sizes.length; i++) {
      byte[] payload = new byte[sizes[i]];
      new java.util.Random(i).nextBytes(payload);
      byte[] entry = EntryFrames.frame("astrocache", HexFormat.of().parseHex(key.key()), 1L, 2L,
          payload);
      s.put(key, entry);
      for (int read = 0; read < 2; read++) {
        java.nio.ByteBuffer b = s.readDirect(key);
        byte[] got = new byte[b.remaining()];
        b.get(got);
        assertArrayEquals(entry, got, "entry of " + sizes[i] + " bytes, read " + read);
        assertEquals(entry.length >= FileStore.MAP_FROM, s.mappedLately(key),
            "entry of " + entry.length + " bytes, read " + read);
      }
      assertFalse(s.mappedLately(other), "another key");
    }
    s.remove(key);
    assertNull(s.readDirect(key));
  }

  @Test
  void open_malformedDurability_namesTheSettingAndTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FileStoreProvider().open(inline(directory).set("durability",
            "fsync")));
    assertEquals("astrocache.durability must be `none` or `force` such as force,"
        + " not 'fsync'", e.getMessage());
  }

  /**
   * Past a 20 KiB cap, the background thread removes the oldest entries: the entries made old
   * (an hour back) go first, oldest first, and none of the recent ones; the front's manifest
   * stays. How many old ones go depends on when the sweeps run, so only that is asserted.
   */
  @Test
  void put_pastTheCap_evictsOldestInTheBackground() throws Exception {
    try (FileStore s = (FileStore) new FileStoreProvider().open(
        inline(directory.resolve("capped")).set("max.bytes", "20k"))) {
      long hourAgo = System.currentTimeMillis() - 3_600_000;
      List<EntryKey> old = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        EntryKey key = key("com.example.Old.f-00000001", "v1", "old-" + i);
        s.put(key, bytes(i, 1000));
        Files.setLastModifiedTime(s.path(key), FileTime.fromMillis(hourAgo + i * 1000L));
        old.add(key);
      }
      Path manifest = s.path(old.get(0)).getParent().getParent().resolve("manifest.txt");
      Files.write(manifest, List.of("reached methods"));
      await("the first sweep", () -> s.completedSweeps() > 0);
      List<EntryKey> recent = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        EntryKey key = key("com.example.New.f-00000002", "v1", "new-" + i);
        s.put(key, bytes(100 + i, 1000));
        recent.add(key);
      }
      // under the cap and settled: no sweep running (it would go on deleting while the
      // assertions below read) and none about to be asked for (the estimate errs high)
      await("the entries to shrink to the cap", () -> entryBytes(s.root()) <= 20 * 1024
          && !s.sweepPending() && s.estimatedBytes() <= 20 * 1024);
      for (EntryKey key : recent) {
        assertArrayEquals(bytes(100 + recent.indexOf(key), 1000), s.get(key), key.toString());
      }
      assertNull(s.get(old.get(0)), "the oldest entry stayed");
      int firstKept = 0;
      while (firstKept < old.size() && s.get(old.get(firstKept)) == null) {
        firstKept++;
      }
      for (int i = firstKept; i < old.size(); i++) {
        assertArrayEquals(bytes(i, 1000), s.get(old.get(i)), "old-" + i + " went before older");
      }
      assertTrue(Files.exists(manifest), "the manifest was removed");
      assertTrue(entryBytes(s.root()) >= 18 * 1000, "evicted far below 90% of the cap");
    }
  }

  @Test
  void get_storeFarOverTheCap_neverSweeps() throws IOException {
    Path root = directory.resolve("full");
    List<EntryKey> keys = new ArrayList<>();
    try (FileStore writer = FileStore.open(root, Long.MAX_VALUE)) {
      for (int i = 0; i < 20; i++) {
        EntryKey key = key("k" + i);
        Files.createDirectories(writer.path(key).getParent());
        Files.write(writer.path(key), bytes(i, 1000)); // as another process would have
        keys.add(key);
      }
    }
    try (FileStore s = (FileStore) new FileStoreProvider().open(
        inline(root).set("max.bytes", "1k"))) {
      for (int round = 0; round < 5; round++) {
        for (EntryKey key : keys) {
          assertArrayEquals(bytes(keys.indexOf(key), 1000), s.get(key));
          assertTrue(s.contains(key));
        }
        assertNull(s.get(key("absent")));
      }
      assertFalse(s.sweepRequestedOrDone(), "a read asked for a sweep");
      assertEquals(20, files(root).size());
    }
  }

  private static long entryBytes(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")
          && Files.isRegularFile(p)).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void put_firstInAProcess_removesOldTemporaryFilesOnly() throws Exception {
    EntryKey key = key("a");
    Path folder = fileStore().path(key).getParent();
    Files.createDirectories(folder);
    Path stale = folder.resolve("." + key.key() + ".99999.1.tmp");
    Path fresh = folder.resolve("." + key.key() + ".99999.2.tmp");
    Files.write(stale, bytes(1, 10));
    Files.write(fresh, bytes(2, 10));
    Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
    store.put(key("b"), bytes(3, 10));
    await("the first sweep", () -> fileStore().completedSweeps() > 0);
    assertFalse(Files.exists(stale), "a temporary file two hours old stayed");
    assertTrue(Files.exists(fresh), "a fresh temporary file (a live writer's) was removed");
  }

  /**
   * Two child JVMs put and get the same eight keys at once in one directory: every read either
   * misses or gives a whole, valid frame of its key.
   */
  @Test
  void putAndGet_twoProcessesSharingTheDirectory_neverSeeHalfAnEntry() throws Exception {
    Path shared = directory.resolve("shared");
    Path sync = Files.createDirectories(directory.resolve("sync"));
    // a thread per child: the common pool may have one thread on a small machine, which would
    // run the children one after the other
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<ChildJvm.Result>> children = new ArrayList<>();
      for (int id = 0; id < 2; id++) {
        String[] args = {"mixed", shared.toString(), sync.toString(), Integer.toString(id), "2",
            "300"};
        children.add(threads.submit(() -> ChildJvm.run(
            FileStoreChild.class.getName(), List.of(), Map.of(), args)));
      }
      StringBuilder outputs = new StringBuilder();
      for (Future<ChildJvm.Result> child : children) {
        ChildJvm.Result result = child.get(150, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains(" corrupt=0"), result.output());
        outputs.append(result.output());
      }
      assertTrue(outputs.toString().lines().anyMatch(l -> !l.endsWith("the-other=0")),
          "neither child read an entry the other wrote: " + outputs);
    } finally {
      threads.shutdownNow();
    }
    try (Store s = new FileStoreProvider().open(inline(shared))) {
      for (int i = 0; i < FileStoreChild.SHARED_KEYS; i++) {
        EntryKey key = FileStoreChild.sharedKey(i);
        byte[] entry = s.get(key);
        if (entry != null) {
          EntryFrames.createdMillis(entry, HexFormat.of().parseHex(key.key()));
        }
      }
    }
  }

  /**
   * A child JVM writing large entries is killed mid-stream: every entry file left reads as a
   * valid frame of its key, half-written temporary files are never read, and a new store in the
   * same directory works.
   */
  @Test
  void put_writerKilledMidWrite_leavesOnlyWholeEntries() throws Exception {
    Path dir = directory.resolve("crash");
    Process child = ChildJvm.start(FileStoreChild.class.getName(), List.of(), Map.of(), "writer",
        dir.toString());
    try {
      String output = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        StringBuilder seen = new StringBuilder();
        int wrote = 0;
        BufferedReader reader = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
          seen.append(line).append('\n');
          if (line.startsWith("wrote ") && ++wrote == 30) {
            return seen.toString();
          }
        }
        return seen.toString();
      });
      assertTrue(output.lines().filter(l -> l.startsWith("wrote ")).count() == 30, output);
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child did not end");
    }
    int entries = 0;
    for (String file : files(dir)) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      if (name.matches("[0-9a-f]{64}")) {
        EntryFrames.createdMillis(Files.readAllBytes(dir.resolve(file)),
            HexFormat.of().parseHex(name));
        entries++;
      }
    }
    assertTrue(entries >= 30, entries + " entries");
    try (Store s = new FileStoreProvider().open(inline(dir))) {
      for (int i = 0; i < entries + 2; i++) {
        EntryKey key = FileStoreChild.writerKey(i);
        byte[] entry = s.get(key);
        if (entry != null) {
          EntryFrames.createdMillis(entry, HexFormat.of().parseHex(key.key()));
        }
      }
      // the temporary files the kill left (often one or two) go once they are old
      List<Path> temps = new ArrayList<>();
      for (String file : files(dir)) {
        if (file.substring(file.lastIndexOf('/') + 1).startsWith(".")) {
          temps.add(dir.resolve(file));
          Files.setLastModifiedTime(dir.resolve(file),
              FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        }
      }
      EntryKey key = FileStoreChild.writerKey(0);
      s.put(key, FileStoreChild.frame(key, 1, 100));
      assertArrayEquals(FileStoreChild.frame(key, 1, 100), s.get(key));
      await("the first sweep", () -> ((FileStore) s).completedSweeps() > 0);
      for (Path temp : temps) {
        assertFalse(Files.exists(temp), temp + " stayed");
      }
    }
  }
}
