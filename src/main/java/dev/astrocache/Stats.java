package dev.astrocache;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link CacheStats}. */
final class Stats {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder puts = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder bytesRead = new LongAdder();
  final LongAdder bytesWritten = new LongAdder();
  final LongAdder nanosSaved = new LongAdder();

  CacheStats snapshot() {
    return new CacheStats(hits.sum(), misses.sum(), puts.sum(), errors.sum(), rejected.sum(),
        bytesRead.sum(), bytesWritten.sum(), Duration.ofNanos(nanosSaved.sum()));
  }
}
