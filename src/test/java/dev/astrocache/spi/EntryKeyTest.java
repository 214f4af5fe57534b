package dev.astrocache.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EntryKeyTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void equalByAllThreeParts_andHashedAlike() {
    EntryKey k = new EntryKey("p.Prices.quote-1f3a9c0e", A, B);
    EntryKey same = new EntryKey("p.Prices.quote-1f3a9c0e", A, B);
    assertEquals(k, same);
    assertEquals(k.hashCode(), same.hashCode());
    assertNotEquals(k, new EntryKey("p.Prices.other-1f3a9c0e", A, B));
    assertNotEquals(k, new EntryKey("p.Prices.quote-1f3a9c0e", B, B));
    assertNotEquals(k, new EntryKey("p.Prices.quote-1f3a9c0e", A, A));
    // the parts swapped between fingerprint and key are another entry
    assertNotEquals(new EntryKey("f", A, B), new EntryKey("f", B, A));
    assertNotEquals(k, null);
    assertNotEquals(k, (Object) k.toString());
  }

  /**
   * A function name and fingerprint that passed are not checked again, but any other string is:
   * after a good key, a bad function or fingerprint (alone, or with the good other part) and a
   * bad key still throw, and the good parts still pass.
   */
  @Test
  void constructor_afterAGoodKey_stillRejectsEveryBadPart() {
    String function = "p.Prices.quote-1f3a9c0e";
    new EntryKey(function, A, B);
    String badFunction = "p/../x";
    String badFingerprint = "A".repeat(64);
    // the same bad string twice in a row: refused each time, not remembered as checked
    assertThrows(IllegalArgumentException.class, () -> new EntryKey(badFunction, A, B));
    assertThrows(IllegalArgumentException.class, () -> new EntryKey(badFunction, A, B));
    assertThrows(IllegalArgumentException.class, () -> new EntryKey(function, badFingerprint, B));
    assertThrows(IllegalArgumentException.class, () -> new EntryKey(function, badFingerprint, B));
    assertThrows(IllegalArgumentException.class, () -> new EntryKey(function, "A".repeat(64), B));
    assertThrows(IllegalArgumentException.class, () -> new EntryKey(function, A, "g".repeat(64)));
    assertThrows(IllegalArgumentException.class, () -> new EntryKey(function, A + "a", B));
    new EntryKey(function, A, B);
    assertThrows(IllegalArgumentException.class, () -> new EntryKey(".hidden", B, B));
    assertThrows(IllegalArgumentException.class, () -> new EntryKey(function, "../" + B, B));
    assertEquals("fingerprint must be 64 lower-case hex digits: " + "F".repeat(64),
        assertThrows(IllegalArgumentException.class,
            () -> new EntryKey(function, "F".repeat(64), B)).getMessage());
    assertEquals("function must be 1 to 200 of [A-Za-z0-9._$-], not starting with '.': a b",
        assertThrows(IllegalArgumentException.class, () -> new EntryKey("a b", A, B))
            .getMessage());
  }

  /**
   * The hash takes 16 of the key's digits: keys that differ after them are equal-hashed but not
   * equal, and random keys (SHA-256s, as the cache makes them) hash apart.
   */
  @Test
  void hashCode_randomKeys_spread_andDigitsPastTheSixteenthStillTellKeysApart() {
    String function = "p.Prices.quote-1f3a9c0e";
    EntryKey k = new EntryKey(function, A, "0".repeat(63) + "1");
    EntryKey l = new EntryKey(function, A, "0".repeat(63) + "2");
    assertNotEquals(k, l);
    Random random = new Random(3);
    Set<Integer> hashes = new HashSet<>();
    byte[] b = new byte[32];
    for (int i = 0; i < 10_000; i++) {
      random.nextBytes(b);
      hashes.add(new EntryKey(function, A, HexFormat.of().formatHex(b)).hashCode());
    }
    assertTrue(hashes.size() > 9_980, hashes.size() + " distinct hashes of 10000 keys");
  }
}
