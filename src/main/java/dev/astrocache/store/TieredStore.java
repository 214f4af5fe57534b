package dev.astrocache.store;

import dev.astrocache.base.DaemonThreads;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.EntryTooLargeException;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * A local store in front of a remote one. Reads ask the local store first; a remote hit is
 * copied into the local store. Writes go to the local store at once and to the remote one from
 * a background thread, which {@link #close()} waits for.
 *
 * <p>A remote that fails (down, timing out, answering errors) is switched off for the back-off
 * period, with one warning per outage: meanwhile every call is served by the local store alone,
 * at local speed. After the period, one call probes the remote again while the others stay
 * local; a probe that succeeds switches the remote back on. A remote that refuses one entry as
 * too large for it ({@link EntryTooLargeException}, the {@code http} store's answer to HTTP 413,
 * or any plug-in's) has not failed: that entry stays local and the remote stays on.
 *
 * <p>The manifests are the local store's: they explain misses on this machine. So are the
 * pending writes ({@link PendingWrites}) when the local store writes behind: the remote write is
 * queued by {@link #put} itself, as before, and only the local one waits for the local writer.
 */
final class TieredStore implements Store, DirectRead, PendingWrites {

  static final System.Logger LOG = System.getLogger(TieredStore.class.getName());

  /** Remote writes waiting beyond this are dropped: the remote is a shared bonus, not the truth. */
  static final int MAX_PENDING_WRITES = 1024;

  /** How long close() waits for queued remote writes. */
  static final Duration FLUSH_LIMIT = Duration.ofSeconds(30);

  private final Store local;
  private final Store remote;
  private final RemoteHealth health;
  private final ThreadPoolExecutor writer;

  private final AtomicLong droppedWrites = new AtomicLong();
  /**
   * Remote copies whose removal is queued, by key: the bad bytes, or {@link #ANY} for a removal
   * whatever they hold. A read meanwhile does not fetch them back.
   */
  private final Map<EntryKey, Object> pendingRemovals = new ConcurrentHashMap<>();
  private static final Object ANY = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread flushAtExit = new Thread(this::flushAtExit, "astrocache-remote-flush");

  TieredStore(Store local, Store remote, Duration backoff, LongSupplier nanoTime) {
    this.local = local;
    // the http store backs off by itself when used alone; here this store's back-off is the one
    this.remote = remote instanceof HttpStore http ? http.withoutBackoff() : remote;
    this.health = new RemoteHealth(LOG, "the remote store", this.remote,
        "calls use the local store only", backoff, nanoTime);
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(MAX_PENDING_WRITES), new DaemonThreads("astrocache-remote-writer"));
    // a program that never closes its cache (the default one is never closed) still gets its
    // last results to the remote when it exits
    Runtime.getRuntime().addShutdownHook(flushAtExit);
  }

  @Override
  public byte[] get(EntryKey key) throws IOException {
    Objects.requireNonNull(key, "key == null");
    byte[] entry = local.get(key);
    return entry != null ? entry : fromRemote(key);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A local hit is the local store's direct read when it has one (the file store's: one read
   * into the thread's buffer, as without a remote), else its array; a remote hit is {@link #get}'s,
   * copied into the local store, in a buffer of its own.
   */
  @Override
  public ByteBuffer readDirect(EntryKey key) throws IOException {
    Objects.requireNonNull(key, "key == null");
    ByteBuffer read = local instanceof DirectRead direct ? direct.readDirect(key) : null;
    if (read != null) {
      return read;
    }
    byte[] entry = local instanceof DirectRead ? fromRemote(key) : get(key);
    return entry == null ? null : ByteBuffer.wrap(entry);
  }

  /** The remote's entry, once the local store had none, copied into the local store. */
  private byte[] fromRemote(EntryKey key) throws IOException {
    byte[] entry;
    if (!health.usable()) {
      return null;
    }
    long failuresBefore = health.failures();
    // a removal queued before this read may run while it is under way, and take its marker away
    // before the check below: the copy read is then the one being removed
    Object pendingBefore = pendingRemovals.get(key);
    try {
      entry = remote.get(key);
    } catch (IOException | RuntimeException e) {
      health.failed(e);
      return null;
    }
    health.worked(failuresBefore);
    Object pending = pendingBefore != null ? pendingBefore : pendingRemovals.get(key);
    if (entry != null && pending != null
        && (pending == ANY || Arrays.equals((byte[]) pending, entry))) {
      return null; // the copy being removed: not fetched back
    }
    if (entry != null) {
      try {
        local.put(key, entry);
      } catch (IOException e) {
        // the caller still gets the entry; the next read simply asks the remote again
        LOG.log(Level.DEBUG, () -> "astrocache: could not copy remote entry " + key
            + " into the local store: " + e.getMessage());
      }
    }
    return entry;
  }

  @Override
  public void put(EntryKey key, byte[] entry) throws IOException {
    queueRemote(key, entry);
    local.put(key, entry);
  }

  /**
   * As {@link #put}, but the local store drops the entry when its writer's queue is full
   * ({@code writes.full=drop}): false then, though the remote write was queued all the same.
   */
  @Override
  public boolean offer(EntryKey key, byte[] entry) throws IOException {
    queueRemote(key, entry);
    if (local instanceof PendingWrites p) {
      return p.offer(key, entry);
    }
    local.put(key, entry);
    return true;
  }

  private void queueRemote(EntryKey key, byte[] entry) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(entry, "entry == null");
    // queued first: a local disk that is full does not keep the entry from the others
    if (!closed.get()) {
      byte[] copy = entry.clone();
      try {
        writer.execute(() -> {
          if (!health.usable()) {
            return;
          }
          long failuresBefore = health.failures();
          try {
            remote.put(key, copy);
            health.worked(failuresBefore);
          } catch (EntryTooLargeException e) {
            // the remote answered: it works, it only keeps this entry out (too large for it)
            health.worked(failuresBefore);
            LOG.log(Level.DEBUG, () -> "astrocache: the remote store keeps one entry out, " + key
                + ", which stays local: " + e.getMessage());
          } catch (IOException | RuntimeException e) {
            health.failed(e);
          }
        });
      } catch (RejectedExecutionException e) {
        // the queue is full, or the store is closing: the local copy is what counts
        droppedWrites.incrementAndGet();
      }
    }
  }

  @Override
  public boolean contains(EntryKey key) throws IOException {
    Objects.requireNonNull(key, "key == null");
    if (local.contains(key)) {
      return true;
    }
    if (!health.usable() || pendingRemovals.containsKey(key)) {
      return false;
    }
    long failuresBefore = health.failures();
    try {
      boolean found = remote.contains(key);
      health.worked(failuresBefore);
      return found;
    } catch (IOException | RuntimeException e) {
      health.failed(e);
      return false;
    }
  }

  /** Takes away both copies, whatever they hold: {@link #quarantine(EntryKey, byte[])}. */
  @Override
  public void quarantine(EntryKey key) throws IOException {
    quarantine(key, null);
  }

  /**
   * Quarantines the local copy if it holds {@code badBytes}, and queues the removal of the
   * remote copy if it holds them (a bad local copy, which a full disk or a crash may leave, says
   * nothing of the team's). The removal queues behind the remote writes already waiting, so that
   * none of them brings the entry back; the caller does not wait for it.
   */
  @Override
  public void quarantine(EntryKey key, byte[] badBytes) throws IOException {
    Objects.requireNonNull(key, "key == null");
    byte[] bad = badBytes == null ? null : badBytes.clone();
    try {
      local.quarantine(key, bad);
    } finally {
      queueRemoteQuarantine(key, bad);
    }
  }

  private void queueRemoteQuarantine(EntryKey key, byte[] bad) {
    if (closed.get() || !health.usable()) {
      return;
    }
    Object marker = bad == null ? ANY : bad;
    pendingRemovals.put(key, marker);
    try {
      writer.execute(() -> {
        try {
          if (!health.usable()) {
            return;
          }
          long failuresBefore = health.failures();
          try {
            remote.quarantine(key, bad);
            health.worked(failuresBefore);
          } catch (IOException | RuntimeException e) {
            health.failed(e);
          }
        } finally {
          pendingRemovals.remove(key, marker);
        }
      });
    } catch (RejectedExecutionException e) {
      // closing, or the queue is full: a bad remote copy only costs a read that misses
      pendingRemovals.remove(key, marker);
      droppedWrites.incrementAndGet();
    }
  }

  /**
   * Removes the local entry and the remote one, for {@code Cache.invalidate}; whether the local
   * store had it. The remote removal queues behind the remote writes already waiting (so that
   * none of them brings the entry back) and this call waits for it, at most {@code FLUSH_LIMIT};
   * until it has run, reads do not fetch the remote copy. It throws {@link
   * UnsupportedOperationException} when the remote store cannot remove entries.
   */
  @Override
  public boolean remove(EntryKey key) throws IOException {
    Objects.requireNonNull(key, "key == null");
    boolean removed = local.remove(key);
    if (closed.get() || !health.usable()) {
      return removed;
    }
    pendingRemovals.put(key, ANY);
    Future<?> removal;
    try {
      removal = writer.submit(() -> {
        long failuresBefore = health.failures();
        try {
          remote.remove(key);
          health.worked(failuresBefore);
        } catch (UnsupportedOperationException e) {
          throw e; // the remote's nature, not its health
        } catch (IOException | RuntimeException e) {
          health.failed(e);
        } finally {
          pendingRemovals.remove(key, ANY);
        }
        return null;
      });
    } catch (RejectedExecutionException e) {
      pendingRemovals.remove(key, ANY);
      return removed; // closing, or the queue is full
    }
    try {
      removal.get(FLUSH_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnsupportedOperationException u) {
        throw u;
      }
      throw new IllegalStateException("removing " + key + " from " + remote + " failed", e);
    } catch (TimeoutException e) {
      // still queued behind slow writes: it will run, and reads skip the remote copy until then
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return removed;
  }

  /** Flushes the local store's pending entry, when it writes behind. */
  @Override
  public void flush(EntryKey key) throws IOException {
    if (local instanceof PendingWrites p) {
      p.flush(key);
    }
  }

  @Override
  public void onWriteFailure(BiConsumer<EntryKey, Exception> listener) {
    if (local instanceof PendingWrites p) {
      p.onWriteFailure(listener);
    }
  }

  /** The local store's entries: the remote one cannot be listed. */
  @Override
  public List<EntryKey> entries(String function) throws IOException {
    return local.entries(function);
  }

  /** The local store's manifests. */
  @Override
  public Optional<ManifestStore> manifests() {
    return local.manifests();
  }

  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(flushAtExit);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook is flushing too
    }
    writer.shutdown();
    try {
      if (!writer.awaitTermination(FLUSH_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        int left = writer.shutdownNow().size();
        LOG.log(Level.WARNING, "astrocache: gave up " + left + " remote writes still queued after "
            + FLUSH_LIMIT.toSeconds() + "s on close; they are kept in the local store");
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
    long dropped = droppedWrites.get();
    if (dropped > 0) {
      LOG.log(Level.DEBUG, () -> "astrocache: " + dropped + " remote writes were dropped because "
          + MAX_PENDING_WRITES + " were already queued");
    }
    try {
      remote.close();
    } finally {
      local.close();
    }
  }

  @Override
  public String toString() {
    return "tiered store: " + local + " in front of " + remote;
  }

  private void flushAtExit() {
    writer.shutdown();
    try {
      // each write waits at most astrocache.remote.timeout, and a failure switches the rest off
      writer.awaitTermination(FLUSH_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
