package dev.astrocache;

import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One computation per key at a time: the first caller of a key (the leader) runs the work; the
 * callers of the same key meanwhile (followers) wait for it and are handed what it returned, or
 * the exception it threw. The key is free again as soon as the leader is done, so a later caller
 * leads again (it then finds the entry the leader wrote).
 *
 * <p>A leader whose work failed because its own thread was interrupted (its interrupt flag is
 * set when the work throws, or an {@link InterruptedException} is among the causes) hands its
 * followers nothing: the interrupt was the leader's, so they run the work again, one of them as
 * the new leader, instead of failing with it. A follower that is interrupted while it waits keeps
 * waiting, and returns with its interrupt flag set.
 */
final class SingleFlight<V> {
  /** The work a leader runs. */
  interface Work<V> {
    V run() throws Throwable;
  }

  /** What a caller got, and whether it ran the work itself ({@code led}) or waited for it. */
  record Outcome<V>(V value, boolean led) {}

  /** What followers are handed when the leader's work failed by its own interrupt. */
  private static final class LeaderInterrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LeaderInterrupted() {
      super("the leader was interrupted", null, false, false);
    }
  }

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
    while (true) {
      CompletableFuture<V> mine = new CompletableFuture<>();
      CompletableFuture<V> leader = inFlight.putIfAbsent(key, mine);
      if (leader != null) {
        onFollow.run();
        try {
          return new Outcome<>(leader.join(), false);
        } catch (CompletionException e) {
          if (e.getCause() instanceof LeaderInterrupted) {
            continue; // the leader's interrupt, not ours: run it again
          }
          throw e.getCause();
        }
      }
      try {
        V value = work.run();
        mine.complete(value);
        return new Outcome<>(value, true);
      } catch (Throwable t) {
        // the key is free before the followers learn to run it again, so that one of them leads
        inFlight.remove(key, mine);
        mine.completeExceptionally(byInterrupt(t) ? new LeaderInterrupted() : t);
        throw t;
      } finally {
        inFlight.remove(key, mine);
      }
    }
  }

  /** Whether {@code t}, thrown by the work on this thread, comes from this thread's interrupt. */
  private static boolean byInterrupt(Throwable t) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    Throwable c = t;
    for (int depth = 0; c != null && depth < 32; depth++, c = c.getCause()) {
      if (c instanceof InterruptedException || c instanceof ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }
}
