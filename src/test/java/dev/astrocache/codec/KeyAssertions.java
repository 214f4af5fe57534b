package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.astrocache.codec.CanonicalEncoder.Mode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Keys of values under one encoder, and the two assertions the key tests make on them. */
final class KeyAssertions {
  private final CanonicalEncoder encoder;

  KeyAssertions(CanonicalEncoder encoder) {
    this.encoder = encoder;
  }

  /** The key bytes of {@code v}; a value that cannot be encoded fails the test. */
  byte[] key(Object v, Mode mode, Set<Class<?>> visited) {
    try {
      return encoder.encode(v, mode, visited);
    } catch (UnencodableValueException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  byte[] key(Object v) {
    return key(v, Mode.ARGUMENT, new HashSet<>());
  }

  void assertSameKey(Object a, Object b) {
    assertArrayEquals(key(a), key(b), a + " vs " + b);
  }

  /** Every pair of {@code values} has different keys. */
  void assertDifferentKeys(Object... values) {
    for (int i = 0; i < values.length; i++) {
      for (int j = i + 1; j < values.length; j++) {
        assertFalse(Arrays.equals(key(values[i]), key(values[j])),
            "collision: " + values[i] + " vs " + values[j]);
      }
    }
  }
}
