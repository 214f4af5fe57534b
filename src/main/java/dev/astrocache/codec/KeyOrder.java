package dev.astrocache.codec;

import dev.astrocache.base.Classes;
import java.util.Collection;
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

  private static final byte UNSET = 0, ORDERED = 1, UNORDERED = 2, PER_INSTANCE = 3;

  /**
   * What a JDK class answers for all its instances ({@code Map.of}'s, a HashMap's key set),
   * found on the first one: asking makes a spliterator, and a key set for a map. A wrapper
   * ({@code Collections.unmodifiableMap}) answers for what it wraps, and a user's class may
   * answer anything: those are asked each time.
   */
  private static final ClassValue<byte[]> BY_CLASS = new ClassValue<>() {
    @Override
    protected byte[] computeValue(Class<?> type) {
      boolean perClass = Classes.isJdk(type) && !type.getName().startsWith("java.util.Collections$");
      return new byte[] {perClass ? UNSET : PER_INSTANCE};
    }
  };

  private static boolean spliteratorSays(Class<?> type, Collection<?> c) {
    byte[] known = BY_CLASS.get(type);
    byte k = known[0];
    if (k == ORDERED || k == UNORDERED) {
      return k == ORDERED;
    }
    boolean ordered = (c.spliterator().characteristics() & Spliterator.ORDERED) != 0;
    if (k == UNSET) {
      known[0] = ordered ? ORDERED : UNORDERED; // the same answer from any thread
    }
    return ordered;
  }

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
    return spliteratorSays(c, s);
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
    byte[] known = BY_CLASS.get(c);
    if (known[0] == ORDERED || known[0] == UNORDERED) {
      return known[0] == ORDERED;
    }
    boolean ordered = spliteratorSays(m.keySet().getClass(), m.keySet());
    if (known[0] == UNSET) {
      known[0] = ordered ? ORDERED : UNORDERED;
    }
    return ordered;
  }
}
