package dev.astrocache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.Cache;
import dev.astrocache.CacheStats;

/**
 * Assertions on a cache's counters, one line for what used to be one {@code assertEquals} per
 * counter: {@code assertStats(cache).hits(1).misses(1).puts(1)}. The counters are read once, when
 * {@link #assertStats(Cache)} is called; a failure names the counter and shows all of them.
 * Counters that are not named are not checked.
 */
public final class StatsAssert {
  private final CacheStats stats;

  private StatsAssert(CacheStats stats) {
    this.stats = stats;
  }

  /** The counters of {@code cache} now. */
  public static StatsAssert assertStats(Cache cache) {
    return new StatsAssert(cache.stats());
  }

  /** These counters. */
  public static StatsAssert assertStats(CacheStats stats) {
    return new StatsAssert(stats);
  }

  public StatsAssert hits(long expected) {
    return check("hits", expected, stats.hits());
  }

  public StatsAssert misses(long expected) {
    return check("misses", expected, stats.misses());
  }

  public StatsAssert puts(long expected) {
    return check("puts", expected, stats.puts());
  }

  public StatsAssert errors(long expected) {
    return check("errors", expected, stats.errors());
  }

  public StatsAssert rejected(long expected) {
    return check("rejected", expected, stats.rejected());
  }

  public StatsAssert waited(long expected) {
    return check("waited", expected, stats.waited());
  }

  public StatsAssert expired(long expected) {
    return check("expired", expected, stats.expired());
  }

  public StatsAssert dropped(long expected) {
    return check("dropped", expected, stats.dropped());
  }

  /** Some entry bytes were read and some written. */
  public StatsAssert bytesReadAndWritten() {
    assertTrue(stats.bytesRead() > 0 && stats.bytesWritten() > 0,
        () -> "bytesRead and bytesWritten both above 0 in " + stats);
    return this;
  }

  private StatsAssert check(String counter, long expected, long actual) {
    assertEquals(expected, actual, () -> counter + " in " + stats);
    return this;
  }
}
