package dev.astrocache.store;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Background work that the JVM's exit waits for, a bounded time: the removals of old code
 * versions. A file store's thread is a daemon (a store left open must not keep a program
 * alive), so a program that returns from {@code main} right after the first put of a new version
 * would otherwise end before that version's predecessors beyond {@code max.versions} are removed.
 * One shutdown hook, added at the first such removal, stops the size sweeps (a sweep cut off is
 * run again by the next process's first put) and waits up to {@link #WAIT_MILLIS} for the
 * removals queued or running; one cut off even so is resumed by the next put of its function in
 * a later process, which removes what is left. Only unfinished work is held here, never a store.
 */
final class ExitWait {
  /** How long the exit waits, in all, for the removals still to do. */
  static final long WAIT_MILLIS = 5_000;

  private static final Set<FutureTask<?>> PENDING = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();
  private static volatile boolean exiting;

  private ExitWait() {}

  /**
   * {@code task} as work the exit waits for, to be run once by the caller's executor; if the
   * executor refuses it, the caller cancels it (so that the exit does not wait for it).
   */
  static FutureTask<Void> track(Runnable task) {
    if (HOOKED.compareAndSet(false, true)) {
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitWait::atExit,
            "astrocache-exit-wait"));
      } catch (IllegalStateException e) {
        // the JVM is exiting already: the task runs if its thread gets to it
      }
    }
    FutureTask<Void> f = new FutureTask<>(task, null) {
      @Override
      protected void done() {
        PENDING.remove(this);
      }
    };
    PENDING.add(f);
    if (f.isDone()) { // cancelled or run between new and add
      PENDING.remove(f);
    }
    return f;
  }

  /** Whether the JVM is exiting: long work that can be done later (a sweep) stops. */
  static boolean exiting() {
    return exiting;
  }

  private static void atExit() {
    exiting = true;
    awaitPending();
  }

  /**
   * Waits, up to {@link #WAIT_MILLIS} from now, until no tracked work is left, including work
   * added while it waits: the write-behind store's exit flush (another shutdown hook, which runs
   * at the same time as this one) writes entries whose puts queue removals, and calls this after
   * its flush so that those are waited for too.
   */
  static void awaitPending() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (!PENDING.isEmpty()) {
      for (FutureTask<?> f : PENDING) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          f.get(left, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CancellationException | TimeoutException e) {
          // failed (the task warns itself), cancelled, or out of time: the next put resumes it
          PENDING.remove(f);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
