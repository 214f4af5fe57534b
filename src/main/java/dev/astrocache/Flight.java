package dev.astrocache;

import dev.astrocache.spi.Serializer;

/**
 * A result with the payload it can be copied from (null if it could not be serialized): what
 * a hit gives, and what the thread that computed or read a call hands to the threads that
 * waited for it, each of which gets its own copy as from a hit (a mutable result is never
 * shared between callers; only one that could not be serialized is).
 */
record Flight(Object value, Serializer serializer, byte[] payload) {
  /** A follower's own copy of the value. */
  Object copyFor(CachingHandler h) {
    if (payload != null) {
      try {
        return serializer.deserialize(payload, resultLoader(h));
      } catch (Exception | LinkageError | AssertionError e) {
        // it was read or written with this payload a moment ago: share rather than fail
      }
    }
    return value;
  }

  /**
   * The loader that resolves the result's classes: the impl's, or for an impl of the JDK (whose
   * loader is null: {@code String.CASE_INSENSITIVE_ORDER} as a {@code Comparator}) the API's,
   * else the system class loader.
   */
  static ClassLoader resultLoader(CachingHandler h) {
    ClassLoader l = h.impl.getClass().getClassLoader();
    if (l == null) {
      l = h.api.getClassLoader();
    }
    return l != null ? l : ClassLoader.getSystemClassLoader();
  }
}
