package dev.astrocache.codec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.Spliterator;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Whether a set or map counts in its iteration order. A {@code LinkedHashMap} or
 * {@code LinkedHashSet} keeps the order its content was added in, which a method can see (the
 * columns of a CSV, a header line); a {@code HashMap}'s order is an accident of hash codes and
 * capacity (for enum keys it changes from run to run), so it counts by content alone, as does a
 * sorted one, whose order follows from its content and its comparator.
 *
 * <p>The rule is the one the collection states about itself: its spliterator reports
 * {@link Spliterator#ORDERED} (an encounter order that means something). That holds through the
 * JDK's wrappers ({@code Collections.unmodifiableMap(linked)}, {@code synchronizedSet},
 * {@code newSetFromMap}), whose own class says nothing of the order inside, and for libraries
 * that declare it (Guava's immutable collections). A set or map of fewer than two elements
 * has one order, and counts as unordered.
 */
final class KeyOrder {
  private KeyOrder() {}

  static boolean iterationOrder(Set<?> s, int size) {
    if (size < 2 || s instanceof SortedSet) {
      return false;
    }
    Class<?> c = s.getClass();
    if (c == HashSet.class) {
      return false;
    }
    if (c == LinkedHashSet.class || c == CopyOnWriteArraySet.class) {
      // CopyOnWriteArraySet iterates in insertion order without reporting ORDERED
      return true;
    }
    return (s.spliterator().characteristics() & Spliterator.ORDERED) != 0;
  }

  static boolean iterationOrder(Map<?, ?> m, int size) {
    if (size < 2 || m instanceof SortedMap) {
      return false;
    }
    Class<?> c = m.getClass();
    if (c == HashMap.class) {
      return false;
    }
    if (c == LinkedHashMap.class) {
      return true;
    }
    // keySet: Collections.checkedMap's entrySet does not pass the characteristics on, its
    // keySet is the checked map's own
    return (m.keySet().spliterator().characteristics() & Spliterator.ORDERED) != 0;
  }
}
