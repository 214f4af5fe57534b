package dev.astrocache;

import dev.astrocache.base.LazyLogger;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.store.FileLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One computation of a missing key per machine ({@code singleflight=machine}): the leader of a
 * key in this JVM ({@link SingleFlight}) locks the key's byte range of its shard's lock file
 * ({@link FileLayout#lock}) before it computes, looks again once it holds the lock (the process
 * that held it may have written the entry), and unlocks when the entry is on disk (a store that
 * writes behind is made to write it first: {@code PendingWrites.flush}). The operating
 * system releases the lock of a process that dies, however it dies. A process waits at most
 * {@code singleflight.wait}, then computes anyway. Only misses get here: a hit takes no lock.
 */
final class MachineFlight {
  private static final System.Logger LOG = LazyLogger.of("dev.astrocache");
  /** Polls for the lock from this, doubling up to {@link #MAX_POLL_NANOS}. */
  private static final long FIRST_POLL_NANOS = 1_000_000;
  private static final long MAX_POLL_NANOS = 50_000_000;

  /** Null with {@code singleflight=jvm}, or without a directory. */
  private final FileLayout layout;
  private final long waitNanos;
  private final FailurePolicy failures;

  /** Puts the key's entry on disk if the store still holds it back (writes=behind). */
  private final Consumer<EntryKey> flush;

  MachineFlight(boolean machine, Path directory, Duration wait, FailurePolicy failures,
      Consumer<EntryKey> flush) {
    this.layout = machine && directory != null ? FileLayout.of(directory) : null;
    this.waitNanos = wait.toNanos();
    this.failures = failures;
    this.flush = flush;
  }

  /**
   * Computes {@code key} holding its lock: the entry if {@code lookAgain} finds it once the lock
   * is held, else what {@code compute} returns.
   */
  Flight run(EntryKey key, Supplier<Flight> lookAgain, SingleFlight.Work<Flight> compute)
      throws Throwable {
    if (layout == null) {
      return compute.run();
    }
    Path file = layout.lock(key);
    FileChannel channel = open(file);
    if (channel == null) {
      return compute.run();
    }
    try {
      FileLock lock = lock(channel, key, file);
      try {
        if (lock != null) {
          Flight written = lookAgain.get();
          if (written != null) {
            return written;
          }
        }
        Flight computed = compute.run();
        if (lock != null) {
          // the processes waiting on this lock read the entry from disk once it is released
          flush.accept(key);
        }
        return computed;
      } finally {
        if (lock != null && lock.isValid()) {
          lock.release();
        }
      }
    } finally {
      close(file);
    }
  }

  /**
   * The JVM's one channel on {@code file}, counted: closing any channel on a file releases every
   * lock the process holds on it (POSIX), so threads locking other keys of one shard share it,
   * and the last one closes it.
   */
  private FileChannel open(Path file) {
    synchronized (OPEN) {
      Shared shared = OPEN.get(file);
      if (shared == null) {
        try {
          layout.createDirectories(file.getParent());
          shared = new Shared(FileChannel.open(file, StandardOpenOption.CREATE,
              StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
          failures.warnOnce("singleflight-open", "astrocache: cannot open the lock file " + file
              + " (" + e + "): with singleflight=machine, misses are computed without it, so"
              + " processes may compute the same key. Make the cache directory writable, or set"
              + " singleflight=jvm.");
          return null;
        }
        OPEN.put(file, shared);
      }
      shared.users++;
      return shared.channel;
    }
  }

  private static void close(Path file) {
    synchronized (OPEN) {
      Shared shared = OPEN.get(file);
      if (--shared.users == 0) {
        OPEN.remove(file);
        try {
          shared.channel.close();
        } catch (IOException e) {
          // nothing is locked through it any more
        }
      }
    }
  }

  private static final class Shared {
    final FileChannel channel;
    int users;

    Shared(FileChannel channel) {
      this.channel = channel;
    }
  }

  /** The lock files this JVM has open, by path, with their users. */
  private static final Map<Path, Shared> OPEN = new HashMap<>();

  /** The key's lock, or null when the wait ran out or the file system cannot lock. */
  private FileLock lock(FileChannel channel, EntryKey key, Path file) {
    long position = FileLayout.lockRange(key);
    long start = System.nanoTime();
    long poll = FIRST_POLL_NANOS;
    while (true) {
      try {
        FileLock lock = channel.tryLock(position, 1, false);
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // another cache of this JVM over the same directory computes it: wait for it the same way
      } catch (IOException | RuntimeException e) {
        failures.warnOnce("singleflight-lock", "astrocache: cannot lock " + file + " (" + e
            + "): with singleflight=machine, misses are computed without the lock. Keep the"
            + " cache directory on a local file system, or set singleflight=jvm.");
        return null;
      }
      if (poll == FIRST_POLL_NANOS) {
        LOG.log(System.Logger.Level.DEBUG, () -> "astrocache: waiting for another process"
            + " computing " + key.function() + " (lock " + file + ")");
      }
      if (System.nanoTime() - start >= waitNanos) {
        failures.warnOnce("singleflight-wait:" + key.function(), "astrocache: waited "
            + Duration.ofNanos(waitNanos).toSeconds() + " s for another process computing "
            + key.function() + " (lock " + file + "): computing it here too. Raise"
            + " singleflight.wait if its computations take longer.");
        return null;
      }
      try {
        Thread.sleep(poll / 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      poll = Math.min(2 * poll, MAX_POLL_NANOS);
    }
  }
}
