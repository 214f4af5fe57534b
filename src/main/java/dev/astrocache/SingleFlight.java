package dev.astrocache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One computation per key at a time: the first caller of a key (the leader) runs the work; the
 * callers of the same key meanwhile (followers) wait for it and are handed what it returned, or
 * the exception it threw. The key is free again as soon as the leader is done, so a later caller
 * leads again (it then finds the entry the leader wrote).
 */
final class SingleFlight<V> {
  /** The work a leader runs. */
  interface Work<V> {
    V run() throws Throwable;
  }

  /** What a caller got, and whether it ran the work itself ({@code led}) or waited for it. */
  record Outcome<V>(V value, boolean led) {}

  private final ConcurrentHashMap<String, CompletableFuture<V>> inFlight =
      new ConcurrentHashMap<>();
  /** Run when a caller becomes a follower, before it waits: tests release the leader on it. */
  private final Runnable onFollow;

  SingleFlight() {
    this(() -> {});
  }

  SingleFlight(Runnable onFollow) {
    this.onFollow = onFollow;
  }

  /** Runs {@code work} unless a leader of {@code key} is running it; then waits for that one. */
  Outcome<V> run(String key, Work<V> work) throws Throwable {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> leader = inFlight.putIfAbsent(key, mine);
    if (leader != null) {
      onFollow.run();
      try {
        return new Outcome<>(leader.join(), false);
      } catch (CompletionException e) {
        throw e.getCause();
      }
    }
    try {
      V value = work.run();
      mine.complete(value);
      return new Outcome<>(value, true);
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw t;
    } finally {
      inFlight.remove(key, mine);
    }
  }
}
