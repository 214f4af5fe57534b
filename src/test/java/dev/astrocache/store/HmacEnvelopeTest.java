package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.astrocache.spi.EntryKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class HmacEnvelopeTest {

  private static final EntryKey KEY = new EntryKey("f", "a".repeat(64), "b".repeat(64));
  private final HmacEnvelope envelope =
      new HmacEnvelope("0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private static Gen<byte[]> payloads() {
    return arrays().ofIntegers(integers().between(-128, 127)).withLengthBetween(0, 300)
        .map(a -> {
          byte[] b = new byte[a.length];
          for (int i = 0; i < a.length; i++) {
            b[i] = (byte) (int) a[i];
          }
          return b;
        });
  }

  @Test
  void open_sealed_returnsThePayload() {
    qt().withFixedSeed(20261125L).forAll(payloads()).checkAssert(p -> {
      HmacEnvelope.Result r = envelope.open(KEY, envelope.seal(KEY, p));
      assertArrayEquals(p, r.payload());
      assertNull(r.reason());
    });
  }

  @Test
  void open_anyFlippedBit_isRejected() {
    qt().withFixedSeed(20261125L).forAll(payloads(), integers().allPositive(), integers().between(0, 7))
        .checkAssert((p, at, bit) -> {
          byte[] object = envelope.seal(KEY, p);
          object[at % object.length] ^= (byte) (1 << bit);
          HmacEnvelope.Result r = envelope.open(KEY, object);
          assertNull(r.payload());
        });
  }

  @Test
  void open_anyTruncation_isRejected() {
    qt().withFixedSeed(20261125L).forAll(payloads(), integers().allPositive()).checkAssert((p, cut) -> {
      byte[] object = envelope.seal(KEY, p);
      assertNull(envelope.open(KEY, Arrays.copyOf(object, cut % object.length)).payload());
    });
  }

  @Test
  void open_otherPartOfTheKey_isRejected() {
    byte[] object = envelope.seal(KEY, new byte[] {1, 2, 3});
    for (EntryKey other : new EntryKey[] {new EntryKey("g", KEY.fingerprint(), KEY.key()),
        new EntryKey("f", "c".repeat(64), KEY.key()), new EntryKey("f", KEY.fingerprint(), "c".repeat(64))}) {
      assertEquals("signature mismatch: the object was altered, belongs to another key, or was "
          + "signed with another astrocache.remote.secret", envelope.open(other, object).reason());
    }
  }

  @Test
  void open_shortObjects_sayWhy() {
    assertEquals("unsigned: the object does not start with the astrocache envelope magic; it was "
        + "not written by an astrocache http store", envelope.open(KEY, new byte[0]).reason());
    assertEquals("truncated: 4 bytes, an envelope has at least 40",
        envelope.open(KEY, "ACH1".getBytes(StandardCharsets.US_ASCII)).reason());
  }
}
