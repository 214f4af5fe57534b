package dev.astrocache.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
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

  /** astrocache's SHA-256 gives the JDK's digest for every length and way of feeding it. */
  @Test
  void ownSha256_equalsTheJdks_forEveryLengthAndSplit() throws Exception {
    Random random = new Random(13);
    for (int length = 0; length <= 300; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      byte[] expected = Hashes.jdkSha256().digest(data);
      assertArrayEquals(expected, new Sha256().digest(data), "length " + length);

      // in random parts, some single bytes, some through a ByteBuffer, cloned half way
      MessageDigest parts = new Sha256();
      int at = 0;
      MessageDigest half = null;
      byte[] halfExpected = null;
      while (at < length) {
        int n = Math.min(length - at, random.nextInt(70));
        switch (random.nextInt(3)) {
          case 0 -> parts.update(data, at, n);
          case 1 -> parts.update(ByteBuffer.wrap(data, at, n));
          default -> {
            n = Math.min(n, 1);
            if (n == 1) {
              parts.update(data[at]);
            }
          }
        }
        at += n;
        if (half == null && at >= length / 2) {
          // the clone goes on with other bytes: neither may see the other's
          half = (MessageDigest) parts.clone();
          byte[] other = new byte[length - at + 7];
          random.nextBytes(other);
          half.update(other);
          MessageDigest jdk = Hashes.jdkSha256();
          jdk.update(data, 0, at);
          halfExpected = jdk.digest(other);
        }
      }
      assertArrayEquals(expected, parts.digest(), "in parts, length " + length);
      if (half != null) {
        assertArrayEquals(halfExpected, half.digest(), "the clone, length " + length);
      }
      // a digest resets it: the next one starts afresh
      assertArrayEquals(expected, parts.digest(data), "reused, length " + length);
    }
    byte[] large = new byte[3 << 20];
    random.nextBytes(large);
    assertArrayEquals(Hashes.jdkSha256().digest(large), new Sha256().digest(large));
  }

  @Test
  void sha256_handsOverToTheJdks_afterAMebibyte() {
    MessageDigest kept = new Sha256();
    byte[] mebibyte = new byte[(int) Sha256.HANDOVER_BYTES];
    new Sha256().digest(mebibyte);
    assertTrue(Sha256.handOver());
    MessageDigest d = Hashes.sha256();
    assertTrue(!(d instanceof Sha256), d.getClass().getName());
    assertEquals(ABC_SHA256, Hashes.hex(d.digest(ABC)));
    // a digest kept by its caller (CallKey's, per thread) is replaced by the JDK's too
    MessageDigest replaced = Hashes.current(kept);
    assertTrue(!(replaced instanceof Sha256), replaced.getClass().getName());
    assertSame(d.getClass(), replaced.getClass());
    assertSame(replaced, Hashes.current(replaced));
  }
}
