package dev.astrocache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How long an entry of a method may answer calls, measured from when it was written (its
 * header records the time): an older entry is never returned; the call is computed and its
 * entry replaced.
 *
 * <p>On a method of a wrapped interface, or on the interface for all of its methods; a method's
 * own annotation wins over its interface's, and both win over the cache's {@link
 * Astrocache.Builder#timeToLive} (setting {@code ttl}). The value is {@code 90s}, {@code 10m},
 * {@code 2h}, {@code 7d} (a number and a unit: {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d}) or ISO-8601 such as {@code PT10M} or {@code P7D}; a malformed value fails when the
 * interface is wrapped.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface TimeToLive {
  /** The lifetime: {@code 90s}, {@code 10m}, {@code 2h}, {@code 7d} or ISO-8601 {@code PT10M}. */
  String value();
}
