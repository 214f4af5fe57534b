package dev.astrocache.store;

import dev.astrocache.base.DaemonThreads;
import dev.astrocache.base.LazyLogger;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file per entry, at {@code <root>/<function>/<fingerprint>/<ab>/<key>} ({@link FileLayout}
 * names every path of the tree).
 *
 * <p>A put writes a temporary file beside the entry and renames it over the entry, so a reader
 * in any process sees the old entry, the new one or none, never part of one. A writer killed
 * half way leaves its temporary file, which readers never open and the sweeper deletes once it
 * is an hour old. By default ({@code durability=none}) the temporary file is not forced to disk:
 * a crash of the process loses nothing the kernel was given, and a power loss may lose or tear
 * the last entries written, which then fail their checksum and read as misses (a cache loses
 * only time). With {@code durability=force} the file is forced before the rename, as a database
 * would; the folder is not forced after the rename either way.
 *
 * <p>The quarantine is never swept: it holds what a person may want to look at. The manifests
 * ({@link #manifests()}) live in the fingerprint folders, beside the shards.
 *
 * <p>What is approximate about the size cap:
 *
 * <ul>
 *   <li>the running size estimate counts this process's writes (less the size of the files they
 *       replace) on top of the last full scan; writes by other processes sharing the directory
 *       are seen at the next scan, which runs when this process has written a tenth of the cap
 *       since the last one. With several writing processes the store may therefore exceed the
 *       cap by about a tenth of it per process for a while;
 *   <li>eviction runs in a background thread after the put that crossed the cap, so the store
 *       is over the cap until it has finished;
 *   <li>what goes first is what is worth least ({@link FileStoreSweeper}: compute time, uses,
 *       size and time since the last use); a hit records its entry's use in the file's
 *       modification time in the background, at most once an hour per entry ({@link
 *       EntryUses}), so recency is known to the hour and frequency as the hours of use;
 *   <li>sizes are file lengths, not disk blocks; folders, the quarantine, the manifests and
 *       temporary files are not counted.
 * </ul>
 */
final class FileStore implements Store, DirectRead {
  private static final System.Logger LOG = LazyLogger.of("dev.astrocache.store");
  /** The largest buffer a thread keeps for {@link #readDirect}; larger entries get their own. */
  static final int MAX_KEPT_BUFFER = 1 << 20;
  /** The buffer a thread first keeps for {@link #readDirect}, grown to the largest entry read. */
  static final int KEPT_BUFFER = 64 << 10;
  /**
   * What {@link #readDirect} reads before it knows an entry's size: an entry this long or
   * longer is then sized and read on, or mapped (unless {@link #mapped} remembers it as mapped
   * before: then it is sized first and this read is not made, whose copy the mapping would
   * waste).
   */
  static final int FIRST_READ = 32 << 10;
  /** How many keys of mapped entries {@link #mapped} remembers (a power of two). */
  static final int MAPPED_SLOTS = 64;
  private static final Set<StandardOpenOption> READ = Set.of(StandardOpenOption.READ);
  /**
   * Entries at least this large are mapped ({@link FileChannel#map}) rather than read: their
   * payload is then copied once, from the page cache into its value. The mapping is undone when
   * the collector finds the buffer unreachable (Java 17 has no public unmap).
   */
  static final int MAP_FROM = 256 << 10;
  /**
   * Windows keeps a mapped file from being deleted or replaced until it is unmapped, which here
   * waits for the collector: a put over the entry, or its eviction, would fail meanwhile.
   */
  private static final boolean MAPS =
      !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
  /** Each thread's buffer for {@link #readDirect}, grown to the largest entry it read. */
  private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

  /**
   * The keys of entries {@link #readDirect} mapped lately, by two of their hex digits: a hint
   * that the next read of one is sized before it reads anything. A wrong hint (the entry was
   * replaced by a small one, or is gone) costs that {@code fstat} and nothing else, as the size
   * decides. Written and read without a lock: a {@code String} is immutable, and a lost or
   * stale slot is only a missed hint.
   */
  private final String[] mapped = new String[MAPPED_SLOTS];

  private final FileLayout layout;
  private final long maxBytes;
  /** Code versions of a function whose entries are kept ({@code max.versions}). */
  private final int maxVersions;
  /** Hits waiting to be recorded in their entries' times, for the cost-aware sweep. */
  private final EntryUses uses = new EntryUses();
  private final AtomicBoolean usesPending = new AtomicBoolean();
  /** The function/fingerprint pairs this process has written to: the first put prunes. */
  private final Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
  private final FileManifestStore manifests;
  /** Whether each entry is forced to disk before its rename ({@code durability=force}). */
  private final boolean force;

  /** Guards the two counters, which a put and the end of a sweep update together. */
  private final Object sizeLock = new Object();
  /** This process's view of the entries' total size: last scan plus own puts since. */
  private long estimate;
  /** Bytes this process has written since the last scan began. */
  private long writtenSinceScan;
  private boolean scanned;
  private final AtomicBoolean sweepPending = new AtomicBoolean();
  private final AtomicLong completedSweeps = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final ExecutorService sweeper;
  private volatile boolean closed;

  private FileStore(FileLayout layout, long maxBytes, int maxVersions, boolean force) {
    this.layout = layout;
    this.force = force;
    this.maxBytes = maxBytes;
    this.maxVersions = maxVersions;
    this.manifests = new FileManifestStore(layout);
    // one daemon thread, which ends when idle so that a store left open costs no thread
    this.sweeper = DaemonThreads.oneEndingWhenIdle("astrocache-file-store-sweeper");
  }

  /** Opens (creating it 0700 when missing) the store rooted at {@code root}. */
  static FileStore open(Path root, long maxBytes) throws IOException {
    return open(root, maxBytes, Integer.MAX_VALUE);
  }

  /**
   * Opens the store at {@code root}, keeping the entries of each function's {@code maxVersions}
   * newest code versions ({@link FileStoreSweeper#pruneVersions}).
   *
   * @throws UnsafeDirectoryException when another user could plant entries in {@code root}
   *     ({@link SafeRoot}): nothing is read from it or written to it
   */
  static FileStore open(Path root, long maxBytes, int maxVersions) throws IOException {
    return open(root, maxBytes, maxVersions, false);
  }

  /**
   * Opens the store at {@code root}; {@code force}: each entry is forced to disk before it is
   * renamed into place ({@code durability=force}).
   */
  static FileStore open(Path root, long maxBytes, int maxVersions, boolean force)
      throws IOException {
    FileLayout layout = FileLayout.of(root);
    SafeRoot.checkParents(layout.root());
    layout.createDirectories(layout.root());
    SafeRoot.checkRoot(layout.root());
    SafeRoot.checkTree(layout.root());
    return new FileStore(layout, maxBytes, maxVersions, force);
  }

  FileLayout layout() {
    return layout;
  }

  Path root() {
    return layout.root();
  }

  /** Where the entry for {@code key} lives. */
  Path path(EntryKey key) {
    return layout.entry(key);
  }

  @Override
  public byte[] get(EntryKey key) throws IOException {
    Path file = path(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    // no system call here: at most once an hour per entry, its use is queued for the sweeper
    if (uses.used(key, file, System.currentTimeMillis())) {
      requestUseRecording();
    }
    return bytes;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads up to {@value #FIRST_READ} bytes of the entry with one {@code read} into this
   * thread's direct buffer (kept up to {@value #MAX_KEPT_BUFFER} bytes): a read of a regular file
   * that gives less than it asked for has met the file's end, so a smaller entry costs an open, a
   * read and a close, and no {@code fstat} for its size. Only an entry that fills that read is
   * sized: one of at least {@value #MAP_FROM} bytes is then mapped (but on Windows), one larger
   * than {@value #MAX_KEPT_BUFFER} read into a heap buffer of its own. The thread's interrupt
   * flag is set aside as {@link Files#readAllBytes} does. Its use is recorded as {@link #get}'s
   * is. A file that ends before the size it had when opened, or a read that stops short of its
   * end (which no local file system gives), is given as far as it goes: its frame then fails its
   * length check, a miss, never a hit on part of an entry.
   */
  @Override
  public ByteBuffer readDirect(EntryKey key) throws IOException {
    Path file = path(key);
    ByteBuffer read = readInto(file, key.key());
    // no system call here: at most once an hour per entry, its use is queued for the sweeper
    if (read != null && uses.used(key, file, System.currentTimeMillis())) {
      requestUseRecording();
    }
    return read;
  }

  private ByteBuffer readInto(Path file, String key) throws IOException {
    FileChannel channel;
    boolean interrupted = Thread.interrupted();
    try {
      try {
        channel = FileChannel.open(file, READ);
      } catch (NoSuchFileException e) {
        return null;
      }
      try (channel) {
        int slot = slot(key);
        if (MAPS && key.equals(mapped[slot])) {
          // mapped when last read: sized first, and mapped without a first read if still large
          long size = checkedSize(file, channel);
          if (size >= MAP_FROM) {
            return map(channel, size);
          }
          mapped[slot] = null; // replaced by a smaller entry: read as any other
        }
        ByteBuffer buffer = BUFFER.get();
        if (buffer == null) {
          buffer = ByteBuffer.allocateDirect(KEPT_BUFFER);
          BUFFER.set(buffer);
        }
        buffer.clear().limit(FIRST_READ);
        if (channel.read(buffer) < 0 || buffer.hasRemaining()) {
          return buffer.flip(); // the whole file (or an empty one): it ended within the read
        }
        long size = checkedSize(file, channel);
        if (size >= MAP_FROM && MAPS) {
          mapped[slot] = key;
          return map(channel, size);
        }
        return readOn(channel, buffer, size);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The entry, of {@code size} bytes, mapped: the mapping is as long as the file was when sized,
   * so a file that another process cut short in place fails the copy out of it with an {@link
   * InternalError} (the caller's miss), and one renamed over or deleted meanwhile stays as it was.
   */
  private static ByteBuffer map(FileChannel channel, long size) throws IOException {
    return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
  }

  /**
   * An entry of {@code size} bytes (too small to map) that filled the first read ({@code start},
   * the thread's buffer): read on into the thread's buffer (grown if need be) or one of its own.
   */
  private static ByteBuffer readOn(FileChannel channel, ByteBuffer start, long size)
      throws IOException {
    if (size <= start.position()) {
      return start.flip(); // as long as the first read (or cut short in place since)
    }
    ByteBuffer buffer = start;
    if (start.capacity() < size) {
      if (size <= MAX_KEPT_BUFFER) {
        buffer = ByteBuffer.allocateDirect((int) size);
        BUFFER.set(buffer);
      } else {
        // a direct buffer kept per thread for large entries would hold that much memory outside
        // the heap in every thread of a pool, for as long as the thread lives
        buffer = ByteBuffer.allocate((int) size);
      }
      buffer.put(start.flip());
    }
    buffer.limit((int) size);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // until the size it had, or its end
    }
    return buffer.flip();
  }

  /** Whether the next {@link #readDirect} of {@code key} sizes it first, for tests. */
  boolean mappedLately(EntryKey key) {
    return key.key().equals(mapped[slot(key.key())]);
  }

  /** The slot of {@link #mapped} for a key: two of its hex digits (the shard is the first two). */
  private static int slot(String key) {
    return (Character.digit(key.charAt(2), 16) << 4 | Character.digit(key.charAt(3), 16))
        & (MAPPED_SLOTS - 1);
  }

  /** The entry's size, when no larger than any entry astrocache writes. */
  private static long checkedSize(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException("entry " + file + " is " + size + " bytes, larger than any"
          + " entry astrocache writes");
    }
    return size;
  }

  @Override
  public boolean contains(EntryKey key) {
    return Files.isRegularFile(path(key));
  }

  @Override
  public void put(EntryKey key, byte[] entry) throws IOException {
    put(key, entry, () -> { });
  }

  /**
   * {@link #put}, running {@code beforeRename} once the temporary file is written, just before it
   * is renamed into place: the write-behind store lets go of its copy there.
   */
  void put(EntryKey key, byte[] entry, Runnable beforeRename) throws IOException {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(entry, "entry == null");
    Path target = layout.entry(key);
    Path temp = layout.writeTemp(target, entry, force);
    try {
      long replaced = sizeOrZero(target);
      beforeRename.run();
      FileLayout.moveIntoPlace(temp, target);
      boolean sweep;
      synchronized (sizeLock) {
        estimate += entry.length - replaced;
        writtenSinceScan += entry.length;
        sweep = !scanned || estimate > maxBytes || writtenSinceScan > maxBytes / 10;
      }
      if (sweep) {
        requestSweep();
      }
      if (maxVersions != Integer.MAX_VALUE
          && versionsSeen.add(key.function() + '/' + key.fingerprint())) {
        requestVersionPrune(key.function(), key.fingerprint());
      }
    } catch (IOException | RuntimeException e) {
      FileLayout.deleteQuietly(temp);
      throw e;
    }
  }

  /**
   * Moves the entry to the quarantine folder under a new name that says whose it was ({@link
   * FileLayout#newQuarantined}), whatever it holds. An entry that is already gone is left so.
   */
  @Override
  public void quarantine(EntryKey key) throws IOException {
    quarantine(key, null);
  }

  /**
   * Moves the entry to the quarantine folder if it holds {@code badBytes}. The file is moved
   * first and compared after, so that the comparison is of the file that was moved: one another
   * process renamed into place between the cache's read and this call (a good entry) is moved
   * back, with a hard link that fails rather than replace an entry written meanwhile.
   */
  @Override
  public void quarantine(EntryKey key, byte[] badBytes) throws IOException {
    Path source = layout.entry(key);
    Path target = layout.newQuarantined(key);
    layout.createDirectories(target.getParent());
    try {
      FileLayout.moveIntoPlace(source, target);
    } catch (NoSuchFileException e) {
      return; // another process quarantined, evicted or replaced it first: nothing to take away
    }
    long size = sizeOrZero(target);
    if (badBytes != null && !sameBytes(target, badBytes)) {
      putBack(target, source);
      return;
    }
    synchronized (sizeLock) {
      estimate -= size;
    }
  }

  private static boolean sameBytes(Path file, byte[] expected) {
    try {
      return Files.size(file) == expected.length
          && java.util.Arrays.equals(Files.readAllBytes(file), expected);
    } catch (IOException e) {
      return false; // unreadable: put back, as it may be good, and let the next read decide
    }
  }

  /** Puts a good entry moved away by mistake back, unless a newer one is there by now. */
  private static void putBack(Path moved, Path entry) throws IOException {
    try {
      Files.createLink(entry, moved);
    } catch (FileAlreadyExistsException e) {
      // a newer entry was written meanwhile: it wins
    } catch (UnsupportedOperationException | IOException e) {
      // no hard links here (some file systems): a move that does not replace, which is
      // checked and done in two steps, so a newer entry may be lost to it (and read as a miss)
      try {
        Files.move(moved, entry);
        return;
      } catch (FileAlreadyExistsException newer) {
        // a newer entry was written meanwhile: it wins
      } catch (NoSuchFileException gone) {
        // its folder is gone too: nothing to put back into
      }
    }
    FileLayout.deleteQuietly(moved);
  }

  /**
   * Deletes the entry's file, and its shard folder when that is left empty, so that the
   * fingerprint shows no entries ({@link FileLayout#hasEntries}) once its last one is gone.
   */
  @Override
  public boolean remove(EntryKey key) throws IOException {
    Path file = layout.entry(key);
    long size = sizeOrZero(file);
    boolean removed = Files.deleteIfExists(file);
    if (removed) {
      synchronized (sizeLock) {
        estimate -= size;
      }
    }
    try {
      Files.delete(file.getParent());
    } catch (IOException e) {
      // not empty (other entries, a writer's temporary file), or already gone
    }
    return removed;
  }

  /** Every entry under every fingerprint folder of {@code function}. */
  @Override
  public List<EntryKey> entries(String function) throws IOException {
    List<EntryKey> keys = new ArrayList<>();
    for (String fingerprint : layout.fingerprints(function)) {
      keys.addAll(layout.entries(function, fingerprint));
    }
    return keys;
  }

  /** The manifests, in the fingerprint folders beside the shards. */
  @Override
  public Optional<ManifestStore> manifests() {
    return Optional.of(manifests);
  }

  /**
   * Stops the background work: a size sweep stops where it is, a removal of old code versions
   * that has begun or is queued is finished (up to 10 s), so that a program that closes its cache
   * leaves at most {@code max.versions} versions of the functions it wrote.
   */
  @Override
  public void close() {
    closed = true;
    sweeper.shutdown();
    try {
      if (!sweeper.awaitTermination(10, TimeUnit.SECONDS)) {
        cancel(sweeper.shutdownNow());
      }
    } catch (InterruptedException e) {
      cancel(sweeper.shutdownNow());
      Thread.currentThread().interrupt();
    }
  }

  /** Cancels the queued tasks that will not run, so that the JVM's exit does not wait for them. */
  private static void cancel(List<Runnable> neverRun) {
    for (Runnable r : neverRun) {
      if (r instanceof Future<?> f) {
        f.cancel(false);
      }
    }
  }

  /** Waits until the background work asked for so far has run, for tests (no polling). */
  void awaitBackground() throws InterruptedException {
    try {
      sweeper.submit(() -> { }).get();
    } catch (ExecutionException | RejectedExecutionException e) {
      // closed: nothing is left to wait for
    }
  }

  /** Records the uses queued so far; a class, not a lambda, since a hit asks for it. */
  private final Runnable recordUses = new Runnable() {
    @Override
    public void run() {
      usesPending.set(false);
      uses.drain();
    }
  };

  private void requestUseRecording() {
    if (closed || !usesPending.compareAndSet(false, true)) {
      return;
    }
    try {
      sweeper.execute(recordUses);
    } catch (RejectedExecutionException e) {
      usesPending.set(false); // closed meanwhile: these uses go unrecorded
    }
  }

  /**
   * Queues the removal of {@code function}'s code versions beyond {@code max.versions}; the
   * JVM's exit waits for it a bounded time ({@link ExitWait}).
   */
  private void requestVersionPrune(String function, String fingerprint) {
    FutureTask<Void> task = ExitWait.track(() -> {
      try {
        long freed = FileStoreSweeper.pruneVersions(layout, function, fingerprint, maxVersions);
        synchronized (sizeLock) {
          estimate -= freed;
        }
      } catch (IOException | RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
          LOG.log(System.Logger.Level.WARNING, "astrocache: could not remove the old code"
              + " versions of " + function + " in " + layout.root() + " (they stay until the"
              + " size cap evicts them; warned once): " + e, e);
        }
      }
    });
    try {
      sweeper.execute(task);
    } catch (RejectedExecutionException e) {
      task.cancel(false); // closed meanwhile: the next process that writes a new version prunes
    }
  }

  /** Sweeps that have finished, for tests that wait for the background thread. */
  long completedSweeps() {
    return completedSweeps.get();
  }

  /** Whether a sweep is asked for or running, for tests that wait for it to settle. */
  boolean sweepPending() {
    return sweepPending.get();
  }

  /** Whether a sweep was ever asked for, for tests that check reads never ask. */
  boolean sweepRequestedOrDone() {
    return sweepPending.get() || completedSweeps.get() > 0;
  }

  /** This process's estimate of the entries' total size. */
  long estimatedBytes() {
    synchronized (sizeLock) {
      return estimate;
    }
  }

  void requestSweep() {
    if (closed || !sweepPending.compareAndSet(false, true)) {
      return;
    }
    try {
      sweeper.execute(this::sweep);
    } catch (RejectedExecutionException e) {
      sweepPending.set(false); // closed meanwhile
    }
  }

  private void sweep() {
    boolean swept = false;
    try {
      long writtenBefore;
      synchronized (sizeLock) {
        writtenBefore = writtenSinceScan;
      }
      FileStoreSweeper.Result result = FileStoreSweeper.sweep(layout, maxBytes,
          () -> closed || ExitWait.exiting());
      synchronized (sizeLock) {
        // puts that ran during the walk may be counted twice (seen by the walk and counted
        // here): the estimate errs high, never low, and the next sweep corrects it
        writtenSinceScan -= writtenBefore;
        estimate = result.remainingBytes() + writtenSinceScan;
        scanned = true;
      }
      swept = true;
    } catch (IOException | RuntimeException e) {
      if (!closed && warned.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "astrocache: could not sweep the file store at "
            + layout.root() + " (old entries are not evicted; warned once): " + e, e);
      }
    } finally {
      completedSweeps.incrementAndGet();
      sweepPending.set(false);
    }
    // checked after clearing sweepPending, so that a put that found a sweep pending and
    // crossed the cap after the walk is not lost
    boolean again;
    synchronized (sizeLock) {
      again = swept && estimate > maxBytes && writtenSinceScan > 0;
    }
    if (again) {
      requestSweep();
    }
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "FileStore[" + layout.root() + ", max " + maxBytes + " bytes"
        + (force ? ", forced" : "") + "]";
  }
}
