package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Walks a file store's tree: removes temporary files left by writers that died, evicts the
 * least recently written entries when the entries exceed the cap, and removes folders that
 * eviction emptied.
 *
 * <p>Only what {@link FileLayout#kind} recognises as the store's own is touched: entries,
 * temporary files (of entries and of manifests) and empty function, fingerprint and shard
 * folders. The quarantine, the manifests and anything a person put there are left alone.
 * Eviction takes two walks so that memory stays at 16 bytes per entry, not a
 * path per entry: the first sums sizes and modification times, the second deletes entries
 * older than the time that frees enough.
 */
final class FileStoreSweeper {
  /** Temporary files older than this belong to a writer that died. */
  static final long TEMP_MAX_AGE_MILLIS = 60 * 60 * 1000L;
  /** Empty folders younger than this may be about to receive a writer's temporary file. */
  static final long EMPTY_DIR_MIN_AGE_MILLIS = 60 * 1000L;

  /** What a sweep found and did. */
  record Result(long remainingBytes, long evictedEntries, long removedTempFiles) {}

  private FileStoreSweeper() {}

  /** Sweeps the tree, evicting down to 90% of {@code maxBytes} when it holds more. */
  static Result sweep(FileLayout layout, long maxBytes, BooleanSupplier stop) throws IOException {
    long now = System.currentTimeMillis();
    Walk first = new Walk(layout, Long.MIN_VALUE, now, stop);
    first.run();
    if (first.bytes <= maxBytes || stop.getAsBoolean()) {
      return new Result(first.bytes, 0, first.removedTemp);
    }
    long excess = first.bytes - maxBytes / 10 * 9;
    long threshold = threshold(Arrays.copyOf(first.mtimes, first.count),
        Arrays.copyOf(first.sizes, first.count), excess);
    Walk second = new Walk(layout, threshold, now, stop);
    second.run();
    return new Result(second.bytes, second.evicted, first.removedTemp + second.removedTemp);
  }

  /**
   * Keeps the entries of {@code function}'s {@code keep} newest code versions: of its
   * fingerprints that have entries, {@code current} (the one just written) and then the most
   * recently used (by their newest entry's modification or access time), the entries of the
   * others are deleted and their emptied shard folders removed. Their manifests stay, so that a
   * miss or {@code explain} can still say what changed. Returns the bytes freed.
   */
  static long pruneVersions(FileLayout layout, String function, String current, int keep)
      throws IOException {
    List<String> fingerprints = layout.fingerprints(function);
    if (fingerprints.size() <= keep) {
      return 0;
    }
    Map<String, Long> used = new HashMap<>();
    for (String fingerprint : fingerprints) {
      if (!fingerprint.equals(current) && layout.hasEntries(function, fingerprint)) {
        used.put(fingerprint, lastUse(layout, function, fingerprint));
      }
    }
    List<String> older = new ArrayList<>(used.keySet());
    older.sort(Comparator.comparing((String f) -> used.get(f)).reversed()
        .thenComparing(Comparator.naturalOrder()));
    long freed = 0;
    for (String fingerprint : older.subList(Math.min(older.size(), keep - 1), older.size())) {
      Path folder = layout.fingerprint(function, fingerprint);
      for (EntryKey key : layout.entries(function, fingerprint)) {
        Path entry = layout.entry(key);
        try {
          long size = Files.size(entry);
          Files.delete(entry);
          freed += size;
        } catch (NoSuchFileException e) {
          // evicted or pruned by another process meanwhile
        }
      }
      try (DirectoryStream<Path> shards = Files.newDirectoryStream(folder)) {
        for (Path shard : shards) {
          if (layout.kind(shard) == FileLayout.Kind.SHARD) {
            try {
              Files.delete(shard);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
              // a writer's temporary file, or gone: the sweeper looks again later
            }
          }
        }
      }
    }
    return freed;
  }

  /** The latest modification or access time of the entries, else the manifest's time. */
  private static long lastUse(FileLayout layout, String function, String fingerprint)
      throws IOException {
    long last = Long.MIN_VALUE;
    for (EntryKey key : layout.entries(function, fingerprint)) {
      try {
        BasicFileAttributes a = Files.readAttributes(layout.entry(key), BasicFileAttributes.class);
        last = Math.max(last, Math.max(a.lastModifiedTime().toMillis(),
            a.lastAccessTime().toMillis()));
      } catch (NoSuchFileException e) {
        // gone meanwhile
      }
    }
    if (last == Long.MIN_VALUE) {
      try {
        last = Files.getLastModifiedTime(layout.manifest(function, fingerprint)).toMillis();
      } catch (NoSuchFileException e) {
        // neither: the oldest
      }
    }
    return last;
  }

  /**
   * The smallest time {@code t} such that the entries modified before {@code t} add up to at
   * least {@code excess} bytes: a binary search over time, each step a pass over the arrays.
   */
  static long threshold(long[] mtimes, long[] sizes, long excess) {
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (long m : mtimes) {
      lo = Math.min(lo, m);
      hi = Math.max(hi, m);
    }
    if (mtimes.length == 0) {
      return Long.MIN_VALUE;
    }
    hi = hi + 1; // everything is before hi + 1
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      long before = 0;
      for (int i = 0; i < mtimes.length; i++) {
        if (mtimes[i] < mid) {
          before += sizes[i];
        }
      }
      if (before >= excess) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** One walk: counts what stays, deletes entries older than {@code evictBefore}. */
  private static final class Walk extends SimpleFileVisitor<Path> {
    private final FileLayout layout;
    private final long evictBefore;
    private final long now;
    private final BooleanSupplier stop;
    /** Per open folder, how many children it still has; the top is the current folder. */
    private final Deque<long[]> children = new ArrayDeque<>();
    long[] mtimes = new long[1024];
    long[] sizes = new long[1024];
    int count;
    long bytes;
    long evicted;
    long removedTemp;

    Walk(FileLayout layout, long evictBefore, long now, BooleanSupplier stop) {
      this.layout = layout;
      this.evictBefore = evictBefore;
      this.now = now;
      this.stop = stop;
    }

    void run() throws IOException {
      Files.walkFileTree(layout.root(), EnumSet.noneOf(FileVisitOption.class),
          FileLayout.ENTRY_DEPTH, this);
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (stop.getAsBoolean()) {
        return FileVisitResult.TERMINATE;
      }
      children.push(new long[] {0, attrs.lastModifiedTime().toMillis()});
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      boolean kept = true;
      if (attrs.isRegularFile()) {
        FileLayout.Kind kind = layout.kind(file);
        long mtime = attrs.lastModifiedTime().toMillis();
        if (kind == FileLayout.Kind.ENTRY) {
          if (mtime < evictBefore) {
            kept = !delete(file);
            evicted += kept ? 0 : 1;
          }
          if (kept) {
            add(mtime, attrs.size());
          }
        } else if (kind == FileLayout.Kind.TEMPORARY && now - mtime > TEMP_MAX_AGE_MILLIS) {
          kept = !delete(file);
          removedTemp += kept ? 0 : 1;
        }
      }
      if (kept && !children.isEmpty()) {
        children.peek()[0]++;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      return FileVisitResult.CONTINUE; // gone meanwhile (another process swept) or unreadable
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
      long[] state = children.pop();
      FileLayout.Kind kind = layout.kind(dir);
      boolean removable = state[0] == 0 && now - state[1] > EMPTY_DIR_MIN_AGE_MILLIS
          && (kind == FileLayout.Kind.FUNCTION || kind == FileLayout.Kind.FINGERPRINT
              || kind == FileLayout.Kind.SHARD);
      boolean kept = !(removable && delete(dir));
      if (kept && !children.isEmpty()) {
        children.peek()[0]++;
      }
      return stop.getAsBoolean() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
    }

    private void add(long mtime, long size) {
      if (count == mtimes.length) {
        mtimes = Arrays.copyOf(mtimes, count * 2);
        sizes = Arrays.copyOf(sizes, count * 2);
      }
      mtimes[count] = mtime;
      sizes[count] = size;
      count++;
      bytes += size;
    }

    private static boolean delete(Path path) {
      try {
        Files.delete(path);
        return true;
      } catch (NoSuchFileException e) {
        return true;
      } catch (DirectoryNotEmptyException e) {
        return false; // a writer put something there meanwhile
      } catch (IOException e) {
        return false;
      }
    }
  }
}
