package dev.astrocache.store;

import java.nio.file.Path;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event for each entry the file store deletes to hold its size cap or its code versions:
 * {@code dev.astrocache.Eviction}, beside the front's hit, miss and put events
 * ({@code dev.astrocache.CacheEvents}). Its duration is the deletion's. Built only when a
 * recording asks for it ({@link #shouldCommit}).
 */
@Name("dev.astrocache.Eviction")
@Label("Astrocache Eviction")
@Category("Astrocache")
@Description("An entry deleted by the file store's sweeper: size cap or old code version")
@StackTrace(false)
final class EvictionEvent extends Event {
  @Label("Function")
  String function;

  @Label("Fingerprint")
  @Description("The code version the entry was filed under")
  String fingerprint;

  @Label("Bytes")
  @DataAmount
  long bytes;

  @Label("Compute Time")
  @Description("What the entry's header says computing it took (N/A when not read)")
  @Timespan
  long computeTime;

  @Label("Reason")
  @Description("size cap, or old code version")
  String reason;

  /** Fills and commits {@code event} for the entry {@code file} if a recording wants it. */
  static void commit(EvictionEvent event, Path file, long bytes, long computeNanos,
      String reason) {
    if (event.shouldCommit()) {
      Path fingerprintFolder = file.getParent().getParent();
      event.function = fingerprintFolder.getParent().getFileName().toString();
      event.fingerprint = fingerprintFolder.getFileName().toString();
      event.bytes = bytes;
      event.computeTime = computeNanos < 0 ? Long.MIN_VALUE : computeNanos;
      event.reason = reason;
      event.commit();
    }
  }
}
