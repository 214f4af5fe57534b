package dev.astrocache.store;

import dev.astrocache.base.DaemonThreads;
import dev.astrocache.base.LazyLogger;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The file store with its writes behind ({@code writes=behind}, the default): a put hands the
 * entry to a background thread, which writes it as {@link FileStore#put} does (temporary file,
 * rename), so the caller never waits on the disk for its own value.
 *
 * <ul>
 *   <li>An entry waiting to be written (pending) is this process's at once: {@link #get}, {@link
 *       #readDirect} and {@link #contains} answer from it; {@link #remove} and {@link
 *       #quarantine} of its bytes cancel it, so an invalidated entry is never written after; a
 *       newer put of the key wins over an older one still waiting.
 *   <li>The queue holds at most {@value #MAX_QUEUED_ENTRIES} entries and {@value
 *       #MAX_QUEUED_BYTES} bytes, so memory is bounded. An entry the front offers ({@link
 *       #offer}) that finds it full is dropped with {@code writes.full=drop}, the default: not
 *       stored, a later needless miss, never a wrong hit (the front counts it and warns once);
 *       with {@code writes.full=inline}, and for a {@link #put}, it is written by its caller, as
 *       an inline put is (said once at DEBUG level). An entry larger than the byte bound is
 *       written by its caller either way.
 *   <li>Pending entries are written before {@link #close()} returns (for up to {@link
 *       #CLOSE_LIMIT}) and, for a program that exits without closing, by a shutdown hook, for up
 *       to {@link #EXIT_LIMIT} (a hook must not hold the exit), both on their own thread. A process killed
 *       outright loses the entries still pending, which are misses later; no part of an entry
 *       is ever visible, as the write itself is the file store's.
 *   <li>The tests may hold the writer before each write ({@link #beforeWrite}) and inside it,
 *       just before its rename ({@link #beforeRename}).
 * </ul>
 *
 * <p>A put queues a copy of its array (the caller may change its own after); a pending entry is
 * served as a copy ({@link #get}) or a read-only view ({@link #readDirect}).
 */
final class WriteBehindStore implements Store, DirectRead, PendingWrites {
  private static final System.Logger LOG = LazyLogger.of("dev.astrocache.store");
  /** Entries waiting, at most; past it an offer is dropped ({@code writes.full=drop}). */
  static final int MAX_QUEUED_ENTRIES = 1024;
  /** Bytes waiting, at most; past it an offer is dropped, and an entry larger than it written. */
  static final long MAX_QUEUED_BYTES = 32L << 20;
  /** How long {@link #close()} waits for pending entries to be written. */
  static final Duration CLOSE_LIMIT = Duration.ofSeconds(60);
  /** How long the shutdown hook waits for them: a hook must not hold the JVM's exit. */
  static final Duration EXIT_LIMIT = Duration.ofSeconds(10);

  /** The hooks' default; a class, not a lambda, which a fresh JVM would spin a class for. */
  static final Consumer<EntryKey> NOTHING = new Consumer<>() {
    @Override
    public void accept(EntryKey key) {}
  };

  /** For tests: runs on the background writer before each of its writes (no sleeps: a latch). */
  static volatile Consumer<EntryKey> beforeWrite = NOTHING;

  /** For tests: runs under the key's stripe once the entry is landing, before its rename. */
  static volatile Consumer<EntryKey> beforeRename = NOTHING;

  private final FileStore files;

  /** The entry waiting for each key: the newest put's. */
  private final Map<EntryKey, Pending> pending = new ConcurrentHashMap<>();
  /**
   * Entries between leaving {@link #pending} and the end of their rename into place, which reads
   * answer from ({@link #waiting}): an entry leaves this map only once its file is there.
   */
  private final Map<EntryKey, Pending> landing = new ConcurrentHashMap<>();
  /**
   * One write, remove, cancel or flush of a key at a time, so that an entry written by the
   * background thread cannot land after the remove that cancelled it.
   */
  private final Object[] stripes = new Object[64];

  /** Guards the queue, its counts, {@link #draining}, {@link #closed} and the exit hook. */
  private final Object queueLock = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  /** Entries queued or being written, and their bytes: what the bounds count. */
  private int unwritten;
  private long unwrittenBytes;
  /** Whether a drain of the queue is scheduled or running on the writer. */
  private boolean draining;
  /** Closed or exiting: puts are written by their callers. */
  private boolean closed;
  private Thread exitHook;

  private final ThreadPoolExecutor writer;
  private final AtomicBoolean closeCalled = new AtomicBoolean();
  private final AtomicLong writtenByCaller = new AtomicLong();
  /** {@code writes.full=drop}: {@link #offer} drops an entry that finds the queue full. */
  private final boolean dropWhenFull;
  private final AtomicBoolean saidFull = new AtomicBoolean();
  private final AtomicBoolean warned = new AtomicBoolean();
  private volatile BiConsumer<EntryKey, Exception> failures;

  /** With {@code writes.full=drop}, the default. */
  WriteBehindStore(FileStore files) {
    this(files, true);
  }

  /** {@code dropWhenFull}: {@code writes.full=drop}, else {@code inline}. */
  WriteBehindStore(FileStore files, boolean dropWhenFull) {
    this.files = files;
    this.dropWhenFull = dropWhenFull;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
    // one daemon thread, which ends when idle so that a store left open costs no thread
    this.writer = DaemonThreads.oneEndingWhenIdle("astrocache-file-store-writer");
  }

  /** An entry waiting to be written; compared by identity. */
  private static final class Pending {
    final EntryKey key;
    final byte[] entry;

    Pending(EntryKey key, byte[] entry) {
      this.key = key;
      this.entry = entry;
    }
  }

  /** The file store that writes, for tests. */
  FileStore files() {
    return files;
  }

  /**
   * The entry waiting for {@code key}, or the one whose rename is under way: an older file may
   * still be in its place until the rename is done (one a serializer not found here wrote, say),
   * and a read of that file would miss where this process has the newer entry.
   */
  private Pending waiting(EntryKey key) {
    Pending p = pending.get(key);
    return p != null ? p : landing.get(key);
  }

  private Object stripe(EntryKey key) {
    return stripes[(key.hashCode() & 0x7fffffff) % stripes.length];
  }

  @Override
  public byte[] get(EntryKey key) throws IOException {
    Pending p = waiting(key);
    if (p != null) {
      return p.entry.clone();
    }
    return files.get(key);
  }

  @Override
  public ByteBuffer readDirect(EntryKey key) throws IOException {
    Pending p = waiting(key);
    if (p != null) {
      return ByteBuffer.wrap(p.entry).asReadOnlyBuffer();
    }
    return files.readDirect(key);
  }

  @Override
  public boolean contains(EntryKey key) throws IOException {
    return waiting(key) != null || files.contains(key);
  }

  /**
   * Hands the entry to the background writer, or writes it here when the queue is full or the
   * store is closing, whatever {@code writes.full} says: the {@link Store} contract, for the
   * stores that compose this one and for the tests. Visible to this process's reads either way
   * when this returns. The front puts through {@link #offer}.
   */
  @Override
  public void put(EntryKey key, byte[] entry) throws IOException {
    put(key, entry, false);
  }

  /**
   * As {@link #put}, but with {@code writes.full=drop} (the default) an entry that finds the queue
   * full is dropped instead of written by its caller, so that the caller never waits on the disk:
   * it is not stored, an older entry of its key still waiting is cancelled (the process reads what
   * is on disk, as every other process does; nothing on disk is removed), and false is returned.
   * The next call of its key misses and puts again. An entry larger than the queue's byte bound
   * could never be queued, so its caller writes it.
   */
  @Override
  public boolean offer(EntryKey key, byte[] entry) throws IOException {
    return put(key, entry, dropWhenFull);
  }

  private boolean put(EntryKey key, byte[] entry, boolean drop) throws IOException {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(entry, "entry == null");
    boolean queued = false;
    boolean full = false;
    boolean dropping = false;
    boolean schedule = false;
    synchronized (queueLock) {
      if (!closed) {
        full = unwritten >= MAX_QUEUED_ENTRIES || unwrittenBytes + entry.length > MAX_QUEUED_BYTES;
        if (full && drop && entry.length <= MAX_QUEUED_BYTES) {
          // an older entry of this key still waiting is cancelled: this process then reads what
          // the disk holds. Under this lock, as queued puts are, so a newer put of another thread
          // is not the one removed; not under the key's stripe, which the writer holds for the
          // whole of a write. An older entry the writer has begun still lands, as it would have
          // had this put never been made
          pending.remove(key);
          dropping = true;
        } else if (!full && hooked()) {
          // the caller may change its array after: the queue keeps a copy, as the contract says
          Pending p = new Pending(key, entry.clone());
          pending.put(key, p);
          queue.add(p);
          unwritten++;
          unwrittenBytes += entry.length;
          queued = true;
          schedule = !draining;
          draining = true;
        }
      }
    }
    if (dropping) {
      return false; // the front counts it and warns once
    }
    if (!queued) {
      if (full) {
        writtenByCaller.incrementAndGet();
        if (saidFull.compareAndSet(false, true)) {
          LOG.log(Level.DEBUG, () -> "astrocache: the write-behind queue of " + files.root()
              + " is full (" + MAX_QUEUED_ENTRIES + " entries or " + MAX_QUEUED_BYTES
              + " bytes waiting): callers write their entries themselves until it drains (said"
              + " once)");
        }
      }
      synchronized (stripe(key)) {
        pending.remove(key); // an older entry still waiting must not land over this one
        files.put(key, entry);
      }
      return true;
    }
    if (schedule) {
      try {
        writer.execute(this::drain);
      } catch (RejectedExecutionException e) {
        drain(); // the writer is gone (closing): the queue is drained here
      }
    }
    return true;
  }

  /** The writer's task: writes the queue in order until it is empty. */
  private void drain() {
    while (true) {
      Pending p;
      synchronized (queueLock) {
        p = queue.poll();
        if (p == null) {
          draining = false;
          return;
        }
      }
      write(p);
    }
  }

  /** The writer's write of {@code p}, counted out of the queue's bounds when done. */
  private void write(Pending p) {
    try {
      beforeWrite.accept(p.key);
      writeIfCurrent(p);
    } finally {
      synchronized (queueLock) {
        unwritten--;
        unwrittenBytes -= p.entry.length;
      }
    }
  }

  /** Writes {@code p} unless a newer put, a remove or a flush has taken its place. */
  private void writeIfCurrent(Pending p) {
    synchronized (stripe(p.key)) {
      if (pending.get(p.key) != p) {
        return; // replaced, cancelled or written meanwhile
      }
      try {
        // just before its rename it moves to the landing map, which reads answer from until the
        // rename is done: until then an older file may be in its place
        files.put(p.key, p.entry, () -> land(p));
      } catch (IOException | RuntimeException e) {
        pending.remove(p.key, p);
        failed(p.key, e);
      } finally {
        landing.remove(p.key, p);
      }
    }
  }

  /** Under the key's stripe, just before the rename: from the waiting map to the landing one. */
  private void land(Pending p) {
    landing.put(p.key, p);
    pending.remove(p.key, p);
    beforeRename.accept(p.key);
  }

  private void failed(EntryKey key, Exception e) {
    BiConsumer<EntryKey, Exception> listener = failures;
    if (listener != null) {
      try {
        listener.accept(key, e);
        return;
      } catch (RuntimeException listenerFailed) {
        // reported below instead
      }
    }
    if (warned.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "astrocache: cannot write entry " + key + " in " + files.root()
          + " (" + e + "): it is computed again when next called; further write failures are"
          + " not logged", e);
    }
  }

  @Override
  public void onWriteFailure(BiConsumer<EntryKey, Exception> listener) {
    this.failures = Objects.requireNonNull(listener, "listener == null");
  }

  @Override
  public void flush(EntryKey key) throws IOException {
    synchronized (stripe(key)) {
      Pending p = pending.get(key);
      if (p == null) {
        return; // written, being written by the writer that holds this stripe, or never put
      }
      try {
        files.put(key, p.entry, () -> land(p));
      } finally {
        pending.remove(key, p);
        landing.remove(key, p);
      }
    }
  }

  /** Registers the exit flush with the first entry queued; false when the JVM is exiting. */
  private boolean hooked() {
    if (exitHook == null) {
      Thread hook = new Thread(this::flushAtExit, "astrocache-file-store-flush");
      try {
        Runtime.getRuntime().addShutdownHook(hook);
      } catch (IllegalStateException e) {
        return false; // exiting: the caller writes
      }
      exitHook = hook;
    }
    return true;
  }

  private void flushAtExit() {
    synchronized (queueLock) {
      closed = true;
    }
    // on a thread of its own, so that a write stuck in the kernel cannot hold the exit
    Thread flusher = new Thread(() -> flushAll(EXIT_LIMIT), "astrocache-file-store-exit-writer");
    flusher.setDaemon(true);
    flusher.start();
    try {
      flusher.join(EXIT_LIMIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = pending.size();
    if (left > 0) {
      LOG.log(Level.WARNING, "astrocache: " + left + " entries were not yet written to "
          + files.root() + " after " + EXIT_LIMIT.toSeconds() + " s at exit: they are computed"
          + " again when next called");
    }
    // the entries written here may have queued removals of old code versions (the first put of
    // a new version does): the exit waits for those as it does for the ones queued before it
    ExitWait.awaitPending();
  }

  /**
   * Writes every pending entry on this thread and waits for the one the writer is writing (on
   * its key's stripe), until {@code limit} has passed; the entries still pending then.
   */
  private int flushAll(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    for (Pending p : pending.values()) {
      if (System.nanoTime() - deadline >= 0) {
        break;
      }
      writeIfCurrent(p);
    }
    // an entry the background writer is writing is in landing, not pending, so the loop above
    // did not wait for it: its write, and the removals of old code versions its put queues on the
    // file store's sweeper, end when the writer lets go of the key's stripe. close() shuts that
    // sweeper down next, so without this wait the removal was refused and never ran
    for (Pending p : landing.values()) {
      synchronized (stripe(p.key)) {
        landing.remove(p.key, p); // written or failed by now
      }
    }
    return pending.size();
  }

  /**
   * Removes the entry, on disk and waiting (cancelled: it is not written after), for {@code
   * Cache.invalidate}.
   */
  @Override
  public boolean remove(EntryKey key) throws IOException {
    synchronized (stripe(key)) {
      boolean cancelled = pending.remove(key) != null;
      return files.remove(key) | cancelled;
    }
  }

  @Override
  public void quarantine(EntryKey key) throws IOException {
    quarantine(key, null);
  }

  /** Cancels the waiting entry if it holds {@code badBytes} (or any, for null), then the file's. */
  @Override
  public void quarantine(EntryKey key, byte[] badBytes) throws IOException {
    synchronized (stripe(key)) {
      Pending p = pending.get(key);
      if (p != null && (badBytes == null || Arrays.equals(p.entry, badBytes))) {
        pending.remove(key, p);
      }
      files.quarantine(key, badBytes);
    }
  }

  /** The entries on disk and those waiting. */
  @Override
  public List<EntryKey> entries(String function) throws IOException {
    List<EntryKey> keys = new ArrayList<>(files.entries(function));
    Set<EntryKey> seen = new HashSet<>(keys);
    for (EntryKey key : pending.keySet()) {
      if (key.function().equals(function) && seen.add(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  @Override
  public Optional<ManifestStore> manifests() {
    return files.manifests();
  }

  /** Puts written by their callers because the queue was full, for tests. */
  long writtenByCaller() {
    return writtenByCaller.get();
  }

  /** Entries waiting or being written, for tests. */
  int unwritten() {
    synchronized (queueLock) {
      return unwritten;
    }
  }

  /**
   * Writes every pending entry (waiting up to {@link #CLOSE_LIMIT}), then closes the file store;
   * later puts are written by their callers.
   */
  @Override
  public void close() throws IOException {
    if (!closeCalled.compareAndSet(false, true)) {
      return;
    }
    Thread hook;
    synchronized (queueLock) {
      closed = true;
      hook = exitHook;
    }
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is exiting: the hook is flushing too
      }
    }
    int left = flushAll(CLOSE_LIMIT);
    if (left > 0) {
      LOG.log(Level.WARNING, "astrocache: " + left + " entries were still being written to "
          + files.root() + " after " + CLOSE_LIMIT.toSeconds() + " s on close: they are computed"
          + " again when next called");
    }
    writer.shutdown();
    files.close();
  }

  @Override
  public String toString() {
    return files + " (writes behind)";
  }
}
