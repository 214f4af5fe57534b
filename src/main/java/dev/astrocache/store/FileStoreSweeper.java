package dev.astrocache.store;

import dev.astrocache.base.EntryCost;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Walks a file store's tree: removes temporary files left by writers that died, evicts the
 * entries worth least when the entries exceed the cap, and removes folders that eviction emptied.
 *
 * <p>Only what {@link FileLayout#kind} recognises as the store's own is touched: entries,
 * temporary files (of entries and of manifests) and empty function, fingerprint and shard
 * folders. The quarantine, the manifests and anything a person put there are left alone.
 *
 * <p>What an entry is worth ({@link #priority}) is GreedyDual-Size-Frequency's value, the cost
 * of computing it again times how often it was used over its size, aged by the time since its
 * last use: {@code log2(cost) + log2(uses) - log2(size) - age / 1 day}, where cost is the
 * compute time its header records plus 1 ms (what any miss costs besides), uses and last use are
 * what {@link EntryUses} recorded in the file's modification time. The batch sweep has no
 * online clock to inflate, as GDSF's {@code L}; halving the value per day without use gives the
 * same effect (an entry must keep being used to keep its place), with a rate that does not depend
 * on how often sweeps run. The cheapest to recompute per byte, least used and longest unused go
 * first.
 *
 * <p>Eviction takes three walks so that memory stays at 24 bytes per entry, not a path per
 * entry: the first sums sizes (a stat per file, as the walk gives); only when the entries exceed
 * the cap, the second reads each entry's first bytes for its compute time and ranks it, and the
 * third deletes the entries ranked below the value that frees enough (found by their key's first
 * 64 bits).
 *
 * <p>The class is public for the command line's {@code prune --max-size}, which ranks entries by
 * {@link #worth} and cuts at {@link #threshold}: one policy for the cap and the command.
 */
public final class FileStoreSweeper {
  /** Temporary files older than this belong to a writer that died. */
  static final long TEMP_MAX_AGE_MILLIS = 60 * 60 * 1000L;
  /** Empty folders younger than this may be about to receive a writer's temporary file. */
  static final long EMPTY_DIR_MIN_AGE_MILLIS = 60 * 1000L;
  /** An entry unused this long is worth half as much. */
  static final long HALF_LIFE_MILLIS = 24 * 60 * 60 * 1000L;
  /** What a miss costs besides the computation: a write, a fingerprint lookup. */
  static final long MISS_NANOS = 1_000_000L;
  /** The resolution of a priority: log2 units of a millionth. */
  private static final double PRIORITY_SCALE = 1e6;

  /** What a sweep found and did. */
  record Result(long remainingBytes, long evictedEntries, long removedTempFiles) {}

  private FileStoreSweeper() {}

  /** Sweeps the tree, evicting down to 90% of {@code maxBytes} when it holds more. */
  static Result sweep(FileLayout layout, long maxBytes, BooleanSupplier stop) throws IOException {
    long now = System.currentTimeMillis();
    Walk first = new Walk(layout, Mode.COUNT, null, now, stop);
    first.run();
    if (first.bytes <= maxBytes || stop.getAsBoolean()) {
      return new Result(first.bytes, 0, first.removedTemp);
    }
    Walk rank = new Walk(layout, Mode.RANK, null, now, stop);
    rank.run();
    if (stop.getAsBoolean()) {
      return new Result(rank.bytes, 0, first.removedTemp + rank.removedTemp);
    }
    long excess = rank.bytes - maxBytes / 10 * 9;
    long[] victims = victims(Arrays.copyOf(rank.priorities, rank.count),
        Arrays.copyOf(rank.sizes, rank.count), Arrays.copyOf(rank.prefixes, rank.count), excess);
    Walk evict = new Walk(layout, Mode.EVICT, victims, now, stop);
    evict.run();
    return new Result(evict.bytes, evict.evicted,
        first.removedTemp + rank.removedTemp + evict.removedTemp);
  }

  /**
   * What an entry is worth keeping, in millionths of a log2 unit: {@code log2(computeNanos + 1
   * ms) + log2(uses) - log2(size) - age / 1 day}. An unreadable compute time counts as zero.
   */
  static long priority(long computeNanos, long size, int uses, long ageMillis) {
    double log = Math.log(Math.max(0, computeNanos) + (double) MISS_NANOS) / Math.log(2)
        + Math.log(Math.max(1, uses)) / Math.log(2)
        - Math.log(Math.max(1, size)) / Math.log(2)
        - Math.max(0, ageMillis) / (double) HALF_LIFE_MILLIS;
    return Math.round(log * PRIORITY_SCALE);
  }

  /**
   * What the size cap weighs the entry {@code file} at, as a sweep ranks it: its {@link
   * #priority} from the compute time its header records, its {@code size}, and the uses and last
   * use that its modification time {@code modified} records ({@link EntryUses}). Reads the
   * entry's first bytes; a file that cannot be read weighs as if computed in no time.
   */
  public static long worth(Path file, long size, FileTime modified, long nowMillis) {
    return priority(computeNanos(file, ByteBuffer.allocate(EntryCost.HEAD_BYTES)), size,
        EntryUses.uses(modified), nowMillis - modified.toMillis());
  }

  /**
   * The key prefixes, sorted, of the entries ranked below the priority that frees {@code excess}
   * bytes: the least {@link #priority} first, entries of equal priority together.
   */
  static long[] victims(long[] priorities, long[] sizes, long[] prefixes, long excess) {
    long below = threshold(priorities, sizes, excess);
    int n = 0;
    long[] out = new long[priorities.length];
    for (int i = 0; i < priorities.length; i++) {
      if (priorities[i] < below) {
        out[n++] = prefixes[i];
      }
    }
    out = Arrays.copyOf(out, n);
    Arrays.sort(out);
    return out;
  }

  /**
   * Keeps the entries of {@code function}'s {@code keep} newest code versions: of its code
   * versions that have entries, {@code current}'s (the one just written) and then the most
   * recently used (by their newest entry's modification time, its last recorded use), the
   * entries of the others are deleted and their emptied shard folders removed. Their manifests
   * stay, so that a miss or {@code explain} can still say what changed. Returns the bytes freed.
   *
   * <p>A code version is not a fingerprint folder: with ambient inputs, entries are filed under a
   * hash of the code and the inputs' values, so one code version has a folder per combination
   * of values. Folders whose manifests list the same methods with the same hashes, input lines
   * left out ({@link FileLayout#codeVersion}), are one version.
   */
  static long pruneVersions(FileLayout layout, String function, String current, int keep)
      throws IOException {
    List<String> fingerprints = layout.fingerprints(function);
    if (fingerprints.size() <= keep) {
      return 0;
    }
    String currentVersion = layout.codeVersion(function, current);
    Map<String, List<String>> folders = new HashMap<>();
    Map<String, Long> used = new HashMap<>();
    for (String fingerprint : fingerprints) {
      if (!layout.hasEntries(function, fingerprint)) {
        continue;
      }
      String version = layout.codeVersion(function, fingerprint);
      if (version.equals(currentVersion)) {
        continue;
      }
      folders.computeIfAbsent(version, v -> new ArrayList<>()).add(fingerprint);
      used.merge(version, lastUse(layout, function, fingerprint), Math::max);
    }
    List<String> older = new ArrayList<>(used.keySet());
    older.sort(Comparator.comparing((String v) -> used.get(v)).reversed()
        .thenComparing(Comparator.naturalOrder()));
    long freed = 0;
    for (String version : older.subList(Math.min(older.size(), keep - 1), older.size())) {
      for (String fingerprint : folders.get(version)) {
        freed += deleteEntries(layout, function, fingerprint);
      }
    }
    return freed;
  }

  /** Deletes the entries of one fingerprint folder and its emptied shards; the bytes freed. */
  private static long deleteEntries(FileLayout layout, String function, String fingerprint)
      throws IOException {
    long[] freed = {0};
    forEachEntry(layout, function, fingerprint, (entry, attrs) -> {
      EvictionEvent event = new EvictionEvent();
      event.begin();
      try {
        Files.delete(entry);
        freed[0] += attrs.size();
        EvictionEvent.commit(event, entry, attrs.size(), -1, "old code version");
      } catch (NoSuchFileException e) {
        // evicted or pruned by another process meanwhile
      } catch (IOException e) {
        // left for the size cap
      }
    });
    Path folder = layout.fingerprint(function, fingerprint);
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
    } catch (NoSuchFileException e) {
      // removed meanwhile
    }
    return freed[0];
  }

  /**
   * Visits the entry files of one fingerprint folder with their attributes: one stat per entry,
   * the walk's (listing them with {@link FileLayout#entries} and reading each again would take
   * three).
   */
  private static void forEachEntry(FileLayout layout, String function, String fingerprint,
      BiConsumer<Path, BasicFileAttributes> visit) throws IOException {
    Files.walkFileTree(layout.fingerprint(function, fingerprint),
        EnumSet.noneOf(FileVisitOption.class), 2, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && layout.kind(file) == FileLayout.Kind.ENTRY) {
              visit.accept(file, attrs);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // gone meanwhile
          }
        });
  }

  /**
   * The latest modification time of the entries (their last recorded use, {@link EntryUses}: an
   * access time may be a sweep's read), else the manifest's time.
   */
  private static long lastUse(FileLayout layout, String function, String fingerprint)
      throws IOException {
    long[] last = {Long.MIN_VALUE};
    forEachEntry(layout, function, fingerprint, (entry, attrs) ->
        last[0] = Math.max(last[0], attrs.lastModifiedTime().toMillis()));
    if (last[0] == Long.MIN_VALUE) {
      try {
        last[0] = Files.getLastModifiedTime(layout.manifest(function, fingerprint)).toMillis();
      } catch (NoSuchFileException e) {
        // neither: the oldest
      }
    }
    return last[0];
  }

  /**
   * The smallest value {@code t} such that the entries whose value ({@code mtimes}: a time, a
   * priority) is below {@code t} add up to at least {@code excess} bytes: a binary search over the
   * values, each step a pass over the arrays.
   */
  public static long threshold(long[] mtimes, long[] sizes, long excess) {
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

  /**
   * The compute time the header of the entry {@code file} records, read into {@code head} (of
   * {@link EntryCost#HEAD_BYTES}); -1 when it cannot be read.
   */
  private static long computeNanos(Path file, ByteBuffer head) {
    head.clear();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // a header is read whole or the file ends
      }
    } catch (IOException e) {
      return -1;
    }
    return EntryCost.computeNanos(head.array(), head.position());
  }

  /** What a walk does besides counting and removing old temporary files and empty folders. */
  private enum Mode {
    /** Sums the entries' sizes. */
    COUNT,
    /** Also ranks each entry: its priority, size and key prefix. */
    RANK,
    /** Also deletes the entries whose key prefix is among the victims. */
    EVICT
  }

  /** One walk of the tree (see {@link Mode}). */
  private static final class Walk extends SimpleFileVisitor<Path> {
    private final FileLayout layout;
    private final Mode mode;
    private final long[] victims;
    private final long now;
    private final BooleanSupplier stop;
    /** Per open folder, how many children it still has; the top is the current folder. */
    private final Deque<long[]> children = new ArrayDeque<>();
    private final ByteBuffer head = ByteBuffer.allocate(EntryCost.HEAD_BYTES);
    long[] priorities = new long[0];
    long[] sizes = new long[0];
    long[] prefixes = new long[0];
    int count;
    long bytes;
    long evicted;
    long removedTemp;

    Walk(FileLayout layout, Mode mode, long[] victims, long now, BooleanSupplier stop) {
      this.layout = layout;
      this.mode = mode;
      this.victims = victims;
      this.now = now;
      this.stop = stop;
      if (mode == Mode.RANK) {
        priorities = new long[1024];
        sizes = new long[1024];
        prefixes = new long[1024];
      }
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
          long prefix = Long.parseUnsignedLong(file.getFileName().toString(), 0, 16, 16);
          if (mode == Mode.EVICT && Arrays.binarySearch(victims, prefix) >= 0) {
            EvictionEvent event = new EvictionEvent();
            event.begin();
            long computeNanos = event.isEnabled() ? computeNanos(file) : -1;
            kept = !delete(file);
            if (!kept) {
              evicted++;
              EvictionEvent.commit(event, file, attrs.size(), computeNanos, "size cap");
            }
          }
          if (kept) {
            bytes += attrs.size();
            if (mode == Mode.RANK) {
              rank(prefix, attrs.size(), priority(computeNanos(file), attrs.size(),
                  EntryUses.uses(attrs.lastModifiedTime()), now - mtime));
            }
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

    private long computeNanos(Path file) {
      return FileStoreSweeper.computeNanos(file, head);
    }

    private void rank(long prefix, long size, long priority) {
      if (count == priorities.length) {
        priorities = Arrays.copyOf(priorities, count * 2);
        sizes = Arrays.copyOf(sizes, count * 2);
        prefixes = Arrays.copyOf(prefixes, count * 2);
      }
      priorities[count] = priority;
      sizes[count] = size;
      prefixes[count] = prefix;
      count++;
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
