package dev.astrocache.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A call counter for impls under test that is not part of their state. An {@code AtomicInteger}
 * held by an impl (or captured by a lambda impl) counts by its value, so an impl that counts its
 * own calls in one misses on every call; this one's count is transient, as a user's counter
 * must be.
 */
public final class Calls {
  private final transient AtomicInteger count = new AtomicInteger();

  public int incrementAndGet() {
    return count.incrementAndGet();
  }

  public int get() {
    return count.get();
  }
}
