package dev.astrocache;

import java.time.Duration;

/**
 * Counters of a {@link Cache} since it was built.
 *
 * @param hits calls answered from the store
 * @param misses calls that were computed (no entry, or an entry that could not be used)
 * @param puts entries written
 * @param errors failures that the cache absorbed: a store that could not be read or written, a
 *     result that could not be serialized
 * @param rejected entries found corrupt, truncated, foreign or tampered with: each was a miss
 * @param bytesRead entry bytes read on hits
 * @param bytesWritten entry bytes written
 * @param timeSaved the compute time that hits did not spend, as recorded when each was computed
 */
public record CacheStats(long hits, long misses, long puts, long errors, long rejected,
    long bytesRead, long bytesWritten, Duration timeSaved) {}
