package dev.astrocache;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counters of a {@link Cache} since it was built: in total, and per function in {@link
 * #byFunction()}. Every call of a cached method counts once, as a hit, a miss or a wait; calls
 * that pass straight through (void and {@link NotCached} methods, a cache built with {@code
 * enabled=false} or closed) are not counted.
 *
 * @param hits calls answered from the store
 * @param misses calls that were computed (no entry, an expired one, one that could not be used,
 *     or a refresh)
 * @param puts entries written
 * @param errors failures that the cache absorbed: a store that could not be read or written, a
 *     result that could not be serialized
 * @param rejected entries found corrupt, truncated, foreign or tampered with: each was a miss
 * @param bytesRead entry bytes read on hits
 * @param bytesWritten entry bytes written
 * @param timeSaved the compute time that hits did not spend, as recorded when each was computed
 * @param waited calls that found another thread computing the same call and waited for its
 *     result instead of computing it (each got its own copy): answered without a computation of
 *     their own, so {@link #hitRate()} counts them with the hits
 * @param expired entries found older than their time to live: each was a miss, and was replaced
 * @param dropped computed entries that were not stored because the file store's background
 *     writer had no room for them ({@code writes=behind} with {@code writes.full=drop}, the
 *     default: the disk was slower than the misses); not counted in {@code puts}, each is a miss
 *     again on its key's next call
 * @param byFunction the same counters per function, by name as the cache directory shows it
 *     ({@code com.example.Prices.quote-1f3a9c0e}), sorted; empty in those per-function counters
 */
public record CacheStats(long hits, long misses, long puts, long errors, long rejected,
    long bytesRead, long bytesWritten, Duration timeSaved, long waited, long expired,
    long dropped, Map<String, CacheStats> byFunction) {

  /** Copies {@code byFunction}. */
  public CacheStats {
    Objects.requireNonNull(timeSaved, "timeSaved == null");
    byFunction = Collections.unmodifiableMap(
        new TreeMap<>(Objects.requireNonNull(byFunction, "byFunction == null")));
  }

  /** Counters without waits, expiries, drops or functions, as before those were counted. */
  public CacheStats(long hits, long misses, long puts, long errors, long rejected,
      long bytesRead, long bytesWritten, Duration timeSaved) {
    this(hits, misses, puts, errors, rejected, bytesRead, bytesWritten, timeSaved, 0, 0, 0,
        Map.of());
  }

  /** Counters without drops, as before those were counted. */
  public CacheStats(long hits, long misses, long puts, long errors, long rejected,
      long bytesRead, long bytesWritten, Duration timeSaved, long waited, long expired,
      Map<String, CacheStats> byFunction) {
    this(hits, misses, puts, errors, rejected, bytesRead, bytesWritten, timeSaved, waited,
        expired, 0, byFunction);
  }

  /** The calls counted: {@code hits + misses + waited}. */
  public long calls() {
    return hits + misses + waited;
  }

  /** The share of calls answered without a computation of their own; 0 when none was made. */
  public double hitRate() {
    long calls = calls();
    return calls == 0 ? 0 : (double) (hits + waited) / calls;
  }

  /** The counters of one function, or all zero when it was not called. */
  public CacheStats function(String name) {
    CacheStats s = byFunction.get(Objects.requireNonNull(name, "name == null"));
    return s != null ? s : new CacheStats(0, 0, 0, 0, 0, 0, 0, Duration.ZERO);
  }
}
