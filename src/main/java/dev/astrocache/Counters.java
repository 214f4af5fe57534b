package dev.astrocache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** One set of counters of {@link Stats}: the totals, or one function's. */
class Counters {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder waited = new LongAdder();
  final LongAdder expired = new LongAdder();
  final LongAdder puts = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder bytesRead = new LongAdder();
  final LongAdder bytesWritten = new LongAdder();
  final LongAdder nanosSaved = new LongAdder();

  CacheStats snapshot(Map<String, CacheStats> byFunction) {
    return new CacheStats(hits.sum(), misses.sum(), puts.sum(), errors.sum(), rejected.sum(),
        bytesRead.sum(), bytesWritten.sum(), Duration.ofNanos(nanosSaved.sum()), waited.sum(),
        expired.sum(), dropped.sum(), byFunction);
  }
}
