package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file per entry: {@code <root>/<function>/<fingerprint>/<ab>/<key>}, {@code ab} being the
 * key's first two hex digits so that no folder holds more than a 256th of a function's entries.
 *
 * <p>A put writes a temporary file ({@code .<key>.<pid>.<n>.tmp}) beside the entry, forces it,
 * and renames it over the entry, so a reader in any process sees the old entry, the new one or
 * none, never part of one. A writer killed half way leaves its temporary file, which readers
 * never open and the sweeper deletes once it is an hour old. The folder is not forced after the
 * rename: a power loss (not a crash of the process) may lose the last entries written, which
 * then read as misses.
 *
 * <p>The quarantine is never swept: it holds what a person may want to look at.
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
 *   <li>"least recently written" is the files' modification time, as the file system keeps it;
 *       entries written in the same clock tick go together;
 *   <li>sizes are file lengths, not disk blocks; folders, the quarantine, the front's manifests
 *       and temporary files are not counted.
 * </ul>
 */
final class FileStore implements Store {
  static final String QUARANTINE = "quarantine";
  private static final System.Logger LOG = System.getLogger("dev.astrocache.store");
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();
  private static final String PID = Long.toString(ProcessHandle.current().pid());

  private final Path root;
  private final long maxBytes;
  private final FileAttribute<?>[] dirAttributes;
  private final FileAttribute<?>[] fileAttributes;
  private final Set<OpenOption> createNew =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

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

  private FileStore(Path root, long maxBytes) {
    this.root = root;
    this.maxBytes = maxBytes;
    boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.dirAttributes = posix
        ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
        : new FileAttribute<?>[0];
    this.fileAttributes = posix
        ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    // one daemon thread, which ends when idle so that a store left open costs no thread
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "astrocache-file-store-sweeper");
          t.setDaemon(true);
          return t;
        });
    executor.allowCoreThreadTimeOut(true);
    this.sweeper = executor;
  }

  /** Opens (creating it 0700 when missing) the store rooted at {@code root}. */
  static FileStore open(Path root, long maxBytes) throws IOException {
    FileStore store = new FileStore(root.toAbsolutePath().normalize(), maxBytes);
    store.createDirectories(store.root);
    return store;
  }

  Path root() {
    return root;
  }

  /** Where the entry for {@code key} lives. */
  Path path(EntryKey key) {
    String k = key.key();
    // one resolve of one string, not four: this is on the hit path ('/' parses on Windows too)
    return root.resolve(
        key.function() + '/' + key.fingerprint() + '/' + k.substring(0, 2) + '/' + k);
  }

  @Override
  public byte[] get(EntryKey key) throws IOException {
    try {
      return Files.readAllBytes(path(key));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public boolean contains(EntryKey key) {
    return Files.isRegularFile(path(key));
  }

  @Override
  public void put(EntryKey key, byte[] entry) throws IOException {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(entry, "entry == null");
    Path target = path(key);
    Path folder = target.getParent();
    Path temp = writeTemp(folder, key.key(), entry);
    try {
      long replaced = sizeOrZero(target);
      moveIntoPlace(temp, target);
      boolean sweep;
      synchronized (sizeLock) {
        estimate += entry.length - replaced;
        writtenSinceScan += entry.length;
        sweep = !scanned || estimate > maxBytes || writtenSinceScan > maxBytes / 10;
      }
      if (sweep) {
        requestSweep();
      }
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  /**
   * Writes {@code entry} to a new, uniquely named temporary file in {@code folder} and forces it
   * to disk. A concurrent sweep may remove the folder once it is empty, so the folders are made
   * again when it is missing.
   */
  private Path writeTemp(Path folder, String key, byte[] entry) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temp = folder.resolve(
          "." + key + "." + PID + "." + Long.toHexString(TEMP_COUNTER.incrementAndGet()) + ".tmp");
      FileChannel channel;
      try {
        channel = FileChannel.open(temp, createNew, fileAttributes);
      } catch (NoSuchFileException e) {
        if (attempt >= 3) {
          throw e;
        }
        createDirectories(folder);
        continue;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 3) {
          throw e;
        }
        continue;
      }
      // a FileChannel closes itself when its thread is interrupted: a caller whose interrupt
      // flag is set (a task being cancelled) would never get its result cached. The flag is
      // set aside for the write and restored after it
      boolean interrupted = Thread.interrupted();
      try (channel) {
        ByteBuffer buffer = ByteBuffer.wrap(entry);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(temp);
        throw e;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      return temp;
    }
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Moves the entry to {@code <root>/quarantine/}, named {@code <function>--<fingerprint's
   * first 16 hex>--<key>--<epoch millis>-<pid>-<counter>} (the function cut to 120 characters
   * to stay within file name limits). An entry that is already gone is left so.
   */
  @Override
  public void quarantine(EntryKey key) throws IOException {
    Path source = path(key);
    String function = key.function();
    // the process and a counter too: two quarantines of one key in one millisecond are two files
    String name = function.substring(0, Math.min(120, function.length())) + "--"
        + key.fingerprint().substring(0, 16) + "--" + key.key() + "--" + System.currentTimeMillis()
        + "-" + PID + "-" + Long.toHexString(TEMP_COUNTER.incrementAndGet());
    Path folder = root.resolve(QUARANTINE);
    createDirectories(folder);
    long size = sizeOrZero(source);
    try {
      moveIntoPlace(source, folder.resolve(name));
      synchronized (sizeLock) {
        estimate -= size;
      }
    } catch (NoSuchFileException e) {
      // another process quarantined, evicted or replaced it first: nothing to take away
    }
  }

  @Override
  public void close() {
    closed = true;
    sweeper.shutdownNow();
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
      FileStoreSweeper.Result result = FileStoreSweeper.sweep(root, maxBytes, () -> closed);
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
            + root + " (old entries are not evicted; warned once): " + e, e);
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

  private void createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir, dirAttributes);
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left for the sweeper, which removes old temporary files
    }
  }

  @Override
  public String toString() {
    return "FileStore[" + root + ", max " + maxBytes + " bytes]";
  }
}
