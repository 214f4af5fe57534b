package dev.astrocache;

import java.util.Locale;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The cache's JFR events: {@code dev.astrocache.Hit}, {@code dev.astrocache.Miss} and {@code
 * dev.astrocache.Put} (the file store's {@code dev.astrocache.Eviction} is the store's own), in
 * the category "Astrocache", readable with {@code jfr print --events 'dev.astrocache.*'}.
 *
 * <p>With no recording asking for them they cost nothing measurable: an event object that
 * escape analysis removes, and {@code begin()} and {@code shouldCommit()} that JFR keeps empty
 * until a recording enables the event; the fields (a function name, a reason) are filled only
 * after {@code shouldCommit()} says a recording wants them. Each event's duration is the work it
 * names: the lookup that hit, the computation that missed, the store's put (with
 * {@code writes=behind}, the hand-over of the entry to the file store's writer).
 *
 * <p>Until JFR is initialized in this JVM (a recording started by {@code
 * -XX:StartFlightRecording}, {@code jcmd JFR.start} or the API) no event object is made, so
 * that the event classes are not loaded: the first load of an event class sets up JFR's
 * metadata, about 200 ms of a fresh JVM's first call (issue 13). A recording started later
 * sees the events of the calls that begin after it.
 */
final class CacheEvents {
  private CacheEvents() {}

  @Name("dev.astrocache.Hit")
  @Label("Astrocache Hit")
  @Category("Astrocache")
  @Description("A call answered from the store; the duration is the lookup's")
  @StackTrace(false)
  static final class Hit extends Event {
    @Label("Function")
    String function;

    @Label("Bytes")
    @Description("The entry read, header included")
    @DataAmount
    long bytes;

    @Label("Compute Time")
    @Description("What computing the value took when it was cached: the time this hit saved")
    @Timespan
    long computeTime;
  }

  @Name("dev.astrocache.Miss")
  @Label("Astrocache Miss")
  @Category("Astrocache")
  @Description("A call computed because no usable entry answered it; the duration is the"
      + " computation's")
  @StackTrace(false)
  static final class Miss extends Event {
    @Label("Function")
    String function;

    @Label("Reason")
    @Description("absent (no entry), expired, unusable (quarantined or unreadable) or refresh")
    String reason;
  }

  @Name("dev.astrocache.Put")
  @Label("Astrocache Put")
  @Category("Astrocache")
  @Description("An entry handed to the store; the duration is the store's put: the write,"
      + " or with writes=behind the hand-over to the file store's writer")
  @StackTrace(false)
  static final class Put extends Event {
    @Label("Function")
    String function;

    @Label("Bytes")
    @Description("The entry written, header included")
    @DataAmount
    long bytes;

    @Label("Dropped")
    @Description("The file store's write queue was full (writes.full=drop): the entry was not"
        + " stored")
    boolean dropped;
  }

  static Hit beginHit() {
    if (!FlightRecorder.isInitialized()) {
      return null;
    }
    Hit event = new Hit();
    event.begin();
    return event;
  }

  static void hit(Hit event, String function, long bytes, long computeNanos) {
    if (event != null && event.shouldCommit()) {
      event.function = function;
      event.bytes = bytes;
      event.computeTime = computeNanos;
      event.commit();
    }
  }

  static Miss beginMiss() {
    if (!FlightRecorder.isInitialized()) {
      return null;
    }
    Miss event = new Miss();
    event.begin();
    return event;
  }

  static void miss(Miss event, String function, DefaultCache.Miss reason) {
    if (event != null && event.shouldCommit()) {
      event.function = function;
      event.reason = reason.name().toLowerCase(Locale.ROOT);
      event.commit();
    }
  }

  static Put beginPut() {
    if (!FlightRecorder.isInitialized()) {
      return null;
    }
    Put event = new Put();
    event.begin();
    return event;
  }

  static void put(Put event, String function, long bytes, boolean dropped) {
    if (event != null && event.shouldCommit()) {
      event.function = function;
      event.bytes = bytes;
      event.dropped = dropped;
      event.commit();
    }
  }
}
