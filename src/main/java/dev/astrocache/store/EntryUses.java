package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * How a file store records that its entries are used, for the cost-aware sweep, without a
 * system call on the hit path.
 *
 * <p>An entry file's modification time is its last recorded use: its write, then hits, at most
 * one per hour. The count of recorded uses (the write is the first, at most 999) rides in the
 * time's nanoseconds, {@code uses * 1,000,000 + 417,417}; a time whose nanoseconds do not end in
 * 417417 (an entry written and never used, or a file system that keeps whole seconds or
 * microseconds only) counts as one use. A written time ends so by chance once in a million
 * entries, which then count as used up to 999 times: a mistake of weight, never of value. The
 * count is thus "hours in which the entry was used", the frequency that the sweep weighs.
 *
 * <p>On a hit, {@link #used} only looks in a small table of this process (one {@code long} per
 * slot, racy by design) whether the entry's use was already recorded in this clock hour; if not,
 * it queues the entry's path. The store's background thread then {@link #record records} it: one
 * stat and, only when the last recorded use is over an hour old, one time update. A slot shared
 * by two keys, a full queue or a race costs one needless stat or one lost use, never a wrong
 * value: uses only weigh eviction.
 */
final class EntryUses {
  static final long HOUR_MILLIS = 60 * 60 * 1000L;
  /** What the nanoseconds of a recorded use's time end in. */
  static final int MARK = 417_417;
  /** The most uses counted: the nanoseconds hold at most 999 of them. */
  static final int MAX_USES = 999;
  private static final long UNIT = 1_000_000L;
  private static final int SLOT_BITS = 15;
  private static final int QUEUE = 4096;

  /** Per slot: the key's tag (40 bits) and the hour of the last queued use (24 bits). */
  private final long[] slots = new long[1 << SLOT_BITS];
  private final BlockingQueue<Path> pending = new ArrayBlockingQueue<>(QUEUE);

  /**
   * On a hit of {@code key}, whose file is {@code file}: queues it for {@link #record} unless this
   * process queued it in this clock hour. Returns whether it queued it (the caller then makes
   * sure the queue is drained); makes no system call.
   */
  boolean used(EntryKey key, Path file, long nowMillis) {
    long h = Long.parseUnsignedLong(key.key(), 0, 16, 16);
    int slot = (int) (h & ((1 << SLOT_BITS) - 1));
    long stamp = (h >>> SLOT_BITS) << 24 | (nowMillis / HOUR_MILLIS & 0xffffff);
    if (slots[slot] == stamp) {
      return false;
    }
    slots[slot] = stamp;
    return pending.offer(file);
  }

  /** Records the queued uses; a file gone meanwhile (evicted, replaced) is skipped. */
  void drain() {
    long now = System.currentTimeMillis();
    for (Path file; (file = pending.poll()) != null; ) {
      try {
        record(file, now);
      } catch (IOException | RuntimeException e) {
        // evicted, quarantined or unreadable: a use not recorded only weighs eviction
      }
    }
  }

  /** Whether uses are waiting to be recorded. */
  boolean pending() {
    return !pending.isEmpty();
  }

  /**
   * Records one use of the entry {@code file} at {@code nowMillis}, unless its last recorded use
   * is less than an hour old. Keeps its access time.
   */
  static void record(Path file, long nowMillis) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    FileTime modified = a.lastModifiedTime();
    if (nowMillis - modified.toMillis() < HOUR_MILLIS) {
      return;
    }
    Files.getFileAttributeView(file, BasicFileAttributeView.class)
        .setTimes(stamp(nowMillis, Math.min(MAX_USES, uses(modified) + 1)),
            a.lastAccessTime(), null);
  }

  /** The time that records {@code uses} uses, the last at {@code millis} (to the second). */
  static FileTime stamp(long millis, int uses) {
    return FileTime.from(Instant.ofEpochSecond(Math.floorDiv(millis, 1000L),
        uses * UNIT + MARK));
  }

  /** The uses that a modification time records: 1 when it records none. */
  static int uses(FileTime modified) {
    int nanos = modified.toInstant().getNano();
    return nanos % UNIT == MARK ? Math.max(1, (int) (nanos / UNIT)) : 1;
  }
}
