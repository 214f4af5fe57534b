package dev.astrocache.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class HashesTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
  /** FIPS 180-2, appendix B.1. */
  private static final String ABC_SHA256 =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void sha256_bytes_isPlainSha256() {
    assertEquals(ABC_SHA256, Hashes.hex(Hashes.sha256(ABC)));
  }

  @Test
  void sha256_digest_isFreshForEachCaller() {
    MessageDigest one = Hashes.sha256();
    MessageDigest two = Hashes.sha256();
    assertNotSame(one, two);

    one.update("a".getBytes(StandardCharsets.US_ASCII));
    two.update(ABC);
    one.update("bc".getBytes(StandardCharsets.US_ASCII));

    assertEquals("SHA-256", one.getAlgorithm());
    assertEquals(ABC_SHA256, Hashes.hex(one.digest()));
    assertEquals(ABC_SHA256, Hashes.hex(two.digest()));
    assertArrayEquals(Hashes.sha256(new byte[0]), Hashes.sha256().digest());
  }

  @Test
  void hex_bytes_twoLowercaseDigitsEach() {
    assertEquals("", Hashes.hex(new byte[0]));
    assertEquals("000fa0ff7f80", Hashes.hex(new byte[] {0, 15, (byte) 0xa0, -1, 127, -128}));
  }

  @Test
  void hex_range_isTheRangeOnly() {
    byte[] b = {1, 2, (byte) 0xab, 4};
    assertEquals("02ab", Hashes.hex(b, 1, 3));
    assertEquals("", Hashes.hex(b, 2, 2));
  }
}
