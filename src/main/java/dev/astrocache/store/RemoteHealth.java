package dev.astrocache.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The back-off of a remote store, shared by every use of it: a remote that fails (down, timing
 * out, answering errors) is switched off for {@code remote.backoff}, with one warning per outage,
 * so that calls meanwhile do not each wait for a timeout. After the period, one caller probes the
 * remote again while the others keep away; a probe that succeeds switches it back on.
 *
 * <p>A request that succeeds switches the remote back on only if none failed since it started
 * (a slow success that began before an outage does not end the back-off). A caller that was
 * interrupted (a task being cancelled) is not the remote's failure.
 */
final class RemoteHealth {
  private final System.Logger log;
  private final String what;
  private final Object remote;
  private final String meanwhile;
  private final Duration backoff;
  private final LongSupplier nanoTime;

  /** While non-zero, the remote is off until this {@link System#nanoTime()}. */
  private final AtomicLong offUntil = new AtomicLong();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicLong failures = new AtomicLong();

  /**
   * @param what the remote as the messages name it, such as {@code "the remote store"}
   * @param remote the remote store, whose {@code toString()} the message of its return names
   * @param meanwhile what calls do while it is off, such as {@code "calls use the local store
   *     only"}
   */
  RemoteHealth(System.Logger log, String what, Object remote, String meanwhile, Duration backoff,
      LongSupplier nanoTime) {
    this.log = log;
    this.what = what;
    this.remote = remote;
    this.meanwhile = meanwhile;
    this.backoff = backoff;
    this.nanoTime = nanoTime;
  }

  /** Whether a call may use the remote now; once the back-off is over, lets one caller probe. */
  boolean usable() {
    long until = offUntil.get();
    if (until == 0) {
      return true;
    }
    long now = nanoTime.getAsLong();
    if (now - until < 0) {
      return false;
    }
    // the first caller past the deadline probes; the others keep away meanwhile
    return offUntil.compareAndSet(until, deadline(now));
  }

  /** The failures so far: pass it to {@link #worked} when the request it preceded succeeds. */
  long failures() {
    return failures.get();
  }

  /** A request that started when {@link #failures()} was {@code failuresBefore} succeeded. */
  void worked(long failuresBefore) {
    if (failures.get() != failuresBefore) {
      return; // another request failed meanwhile: the back-off it started holds
    }
    if (offUntil.get() != 0) {
      offUntil.set(0);
    }
    if (down.compareAndSet(true, false)) {
      log.log(Level.INFO, () -> "astrocache: " + what + " answers again: " + remote);
    }
  }

  /** A request failed with {@code e}: the remote is switched off for the back-off. */
  void failed(Exception e) {
    if (interrupted(e)) {
      log.log(Level.DEBUG, () -> "astrocache: a remote request was interrupted: " + e.getMessage());
      return;
    }
    failures.incrementAndGet();
    offUntil.set(deadline(nanoTime.getAsLong()));
    if (down.compareAndSet(false, true)) {
      log.log(Level.WARNING, "astrocache: " + what + " failed, so " + meanwhile + " for the next "
          + HttpStore.format(backoff) + " (astrocache.remote.backoff) before it is tried again: "
          + describe(e));
    } else {
      log.log(Level.DEBUG, () -> "astrocache: " + what + " still fails: " + describe(e));
    }
  }

  private static String describe(Exception e) {
    return e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private static boolean interrupted(Exception e) {
    return Thread.currentThread().isInterrupted()
        || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException);
  }

  private long deadline(long now) {
    long until = now + backoff.toNanos();
    return until == 0 ? 1 : until;
  }
}
