package dev.astrocache.testing;

import static dev.astrocache.testing.StatsAssert.assertStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.astrocache.CacheStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class StatsAssertTest {
  private static final CacheStats STATS = new CacheStats(2, 1, 1, 0, 3, 10, 20, Duration.ZERO);

  @Test
  void assertStats_matchingCounters_pass() {
    assertStats(STATS).hits(2).misses(1).puts(1).errors(0).rejected(3).bytesReadAndWritten();
  }

  @Test
  void assertStats_oneCounterOff_failsNamingItAndShowingAll() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> assertStats(STATS).hits(2).misses(2));
    assertEquals("misses in CacheStats[hits=2, misses=1, puts=1, errors=0, rejected=3,"
        + " bytesRead=10, bytesWritten=20, timeSaved=PT0S, waited=0, expired=0, dropped=0,"
        + " byFunction={}]"
        + " ==> expected: <2> but was: <1>",
        e.getMessage());
  }

  @Test
  void bytesReadAndWritten_nothingRead_fails() {
    CacheStats none = new CacheStats(0, 1, 1, 0, 0, 0, 20, Duration.ZERO);
    assertThrows(AssertionFailedError.class, () -> assertStats(none).bytesReadAndWritten());
  }
}
