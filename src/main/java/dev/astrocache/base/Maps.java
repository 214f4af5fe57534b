package dev.astrocache.base;

import java.util.concurrent.ConcurrentMap;

/** What the hit path asks of concurrent maps without a lambda (issue 13, target 4). */
public final class Maps {
  private Maps() {}

  /**
   * The value under {@code key}: the one already there, else {@code made}, put now. For a caller
   * that looked the key up first and made a value only when it was absent; {@code
   * computeIfAbsent} would need a lambda, whose site spins a class on a fresh JVM's first call.
   */
  public static <K, V> V putIfAbsent(ConcurrentMap<K, V> map, K key, V made) {
    V before = map.putIfAbsent(key, made);
    return before != null ? before : made;
  }
}
