package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size cap weighs what entries are worth: over the cap, the cheap, large, long unused
 * entries go and the expensive, small, recently used ones stay. Real entries (written by the
 * cache, with the compute time their headers record), hits that record their use in the
 * background, then writes past the cap.
 */
class CostAwareEvictionTest {
  private static final long DAY = 24 * 60 * 60 * 1000L;
  private static final int N = 8;

  /** A report service: slow small summaries, fast large exports. */
  public interface Reports {
    String summary(int id);

    String export(int id);

    String recent(int id);
  }

  /** The impl: summaries take 100 ms to compute, exports are 30 KB made in microseconds. */
  public static final class SlowSummaries implements Reports {
    @Override
    public String summary(int id) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "summary of " + id;
    }

    @Override
    public String export(int id) {
      return "row ".repeat(7_500) + id;
    }

    @Override
    public String recent(int id) {
      return "recent ".repeat(600) + id;
    }
  }

  @TempDir
  Path tmp;

  @Test
  void pastTheCap_expensiveSmallRecentlyUsedStay_cheapLargeOldGo() throws Exception {
    Path dir = tmp.resolve("cache");
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      Reports r = cache.wrap(Reports.class, new SlowSummaries());
      for (int i = 0; i < N; i++) {
        r.summary(i);
        r.export(i);
      }
    }
    FileLayout layout = FileLayout.of(dir);
    String summaries = function(layout, ".summary-");
    String exports = function(layout, ".export-");
    // three days pass with no use
    long threeDaysAgo = System.currentTimeMillis() - 3 * DAY;
    for (Path entry : entries(layout, summaries)) {
      Files.setLastModifiedTime(entry, FileTime.fromMillis(threeDaysAgo));
    }
    for (Path entry : entries(layout, exports)) {
      Files.setLastModifiedTime(entry, FileTime.fromMillis(threeDaysAgo));
    }

    // the summaries are used again; closing the cache finishes recording their use
    long beforeHits = System.currentTimeMillis();
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      Reports r = cache.wrap(Reports.class, new SlowSummaries());
      for (int i = 0; i < N; i++) {
        r.summary(i);
      }
      assertEquals(N, cache.stats().hits());
    }
    for (Path entry : entries(layout, summaries)) {
      FileTime t = Files.getLastModifiedTime(entry);
      assertTrue(t.toMillis() >= beforeHits / 1000 * 1000, entry + " used at " + t);
      assertEquals(2, EntryUses.uses(t), "written, then used: " + t);
    }

    long summaryBytes = bytes(entries(layout, summaries));
    long exportBytes = bytes(entries(layout, exports));
    long cap = summaryBytes + exportBytes / 4;
    // new entries written past the cap
    try (Cache cache = Astrocache.builder().directory(dir).maxBytes(cap).build()) {
      Reports r = cache.wrap(Reports.class, new SlowSummaries());
      for (int i = 0; i < N; i++) {
        r.recent(i);
      }
    }
    // the cache's sweeper ran in the background and stops at close: finish it here
    FileStoreSweeper.sweep(layout, cap, () -> false);

    String recent = function(layout, ".recent-");
    long total = bytes(entries(layout, summaries)) + bytes(entries(layout, exports))
        + bytes(entries(layout, recent));
    assertTrue(total <= cap, total + " bytes held under a cap of " + cap);
    assertEquals(N, entries(layout, summaries).size(), "every expensive, small, used entry stays");
    assertEquals(0, entries(layout, exports).size(), "every cheap, large, old entry goes");
    assertEquals(N, entries(layout, recent).size(), "the new ones fit once the exports are gone");
  }

  @Test
  void priority_weighsCostUsesSizeAndAge() {
    long base = FileStoreSweeper.priority(50_000_000, 1_000, 1, 0);
    assertTrue(FileStoreSweeper.priority(500_000_000, 1_000, 1, 0) > base, "costlier");
    assertTrue(FileStoreSweeper.priority(50_000_000, 1_000, 4, 0) > base, "used more");
    assertTrue(FileStoreSweeper.priority(50_000_000, 10_000, 1, 0) < base, "larger");
    assertTrue(FileStoreSweeper.priority(50_000_000, 1_000, 1, DAY) < base, "unused for a day");
    // a day without use halves the worth: as much as twice the size
    assertEquals(FileStoreSweeper.priority(50_000_000, 2_000, 1, 0),
        FileStoreSweeper.priority(50_000_000, 1_000, 1, DAY));
    // an unreadable header counts as what any miss costs
    assertEquals(FileStoreSweeper.priority(0, 1_000, 1, 0),
        FileStoreSweeper.priority(-1, 1_000, 1, 0));
  }

  @Test
  void record_onlyWhenTheLastRecordedUseIsOverAnHourOld() throws IOException {
    Path file = Files.writeString(tmp.resolve("entry"), "x");
    long now = System.currentTimeMillis();
    Files.setLastModifiedTime(file, FileTime.fromMillis(now - 30 * 60 * 1000L));
    EntryUses.record(file, now);
    assertEquals(now - 30 * 60 * 1000L, Files.getLastModifiedTime(file).toMillis(),
        "used half an hour ago: not recorded again");
    Files.setLastModifiedTime(file, FileTime.fromMillis(now - 2 * 60 * 60 * 1000L));
    EntryUses.record(file, now);
    assertEquals(2, EntryUses.uses(Files.getLastModifiedTime(file)));
    EntryUses.record(file, now + 2 * 60 * 60 * 1000L);
    assertEquals(3, EntryUses.uses(Files.getLastModifiedTime(file)));
    assertEquals((now + 2 * 60 * 60 * 1000L) / 1000,
        Files.getLastModifiedTime(file).toMillis() / 1000);
  }

  @Test
  void used_queuesAnEntryOncePerHourInAProcess() {
    EntryUses uses = new EntryUses();
    EntryKey key = new EntryKey("f-00000000", "a".repeat(64), "b".repeat(64));
    Path file = tmp.resolve("entry");
    long now = 10 * EntryUses.HOUR_MILLIS + 5;
    assertTrue(uses.used(key, file, now));
    assertEquals(false, uses.used(key, file, now + 1000));
    assertTrue(uses.used(key, file, now + EntryUses.HOUR_MILLIS));
  }

  private static String function(FileLayout layout, String marker) throws IOException {
    for (String f : layout.functions()) {
      if (f.contains(marker)) {
        return f;
      }
    }
    throw new AssertionError("no function with " + marker + " in " + layout.functions());
  }

  private static List<Path> entries(FileLayout layout, String function) throws IOException {
    List<Path> paths = new java.util.ArrayList<>();
    for (String fingerprint : layout.fingerprints(function)) {
      for (EntryKey key : layout.entries(function, fingerprint)) {
        paths.add(layout.entry(key));
      }
    }
    return paths;
  }

  private static long bytes(List<Path> files) throws IOException {
    long sum = 0;
    for (Path f : files) {
      sum += Files.size(f);
    }
    return sum;
  }
}
