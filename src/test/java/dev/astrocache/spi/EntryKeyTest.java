package dev.astrocache.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
}
