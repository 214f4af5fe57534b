package dev.astrocache.codec;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The containers on the path from the root to the value being written, by identity: a cycle is
 * a container met again while it is still on the path. Most values are shallow, and a scan of
 * a few entries beats hashing them; a deep one (a linked chain of thousands of nodes) would make
 * that scan quadratic, so entries past the first {@link #SCANNED} are also kept in an identity
 * map.
 */
final class OnPath {
  static final int SCANNED = 32;
  private Object[] items = new Object[16];
  private int size;
  private IdentityHashMap<Object, Integer> deep;

  int size() {
    return size;
  }

  /** The index of {@code v} on the path (0 = the root), or -1. */
  int indexOf(Object v) {
    if (deep != null) {
      Integer at = deep.get(v);
      if (at != null) {
        return at;
      }
    }
    for (int i = Math.min(size, SCANNED) - 1; i >= 0; i--) {
      if (items[i] == v) {
        return i;
      }
    }
    return -1;
  }

  void push(Object v) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    if (size >= SCANNED) {
      if (deep == null) {
        deep = new IdentityHashMap<>();
      }
      deep.put(v, size);
    }
    items[size++] = v;
  }

  /** Empties the path (after an encoding that failed half way), for its next use. */
  void clear() {
    Arrays.fill(items, 0, size, null);
    size = 0;
    deep = null;
  }

  void pop() {
    Object v = items[--size];
    items[size] = null;
    if (size >= SCANNED) {
      deep.remove(v);
    }
  }
}
