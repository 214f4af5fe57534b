package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.astrocache.base.Hashes;
import dev.astrocache.codec.CanonicalEncoder.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalEncoder#keyPart}: the encoding itself up to 64 KiB, else the tag 0xD1 and the
 * SHA-256 of exactly the bytes {@link CanonicalEncoder#encode} gives, though they were hashed as
 * they were written and never held whole.
 */
class CanonicalEncoderKeyPartTest {
  private final CanonicalEncoder encoder = new CanonicalEncoder(type -> new byte[] {1, 2, 3});

  private void assertPartOfEncoding(Object v) throws UnencodableValueException {
    byte[] whole = encoder.encode(v, Mode.ARGUMENT, new HashSet<>());
    byte[] part = encoder.keyPart(v, Mode.ARGUMENT, new HashSet<>());
    if (whole.length <= CanonicalEncoder.KEY_PART_DIGEST_OVER) {
      assertArrayEquals(whole, part);
    } else {
      assertEquals(33, part.length);
      assertEquals((byte) 0xD1, part[0]);
      byte[] digest = new byte[32];
      System.arraycopy(part, 1, digest, 0, 32);
      assertArrayEquals(Hashes.sha256(whole), digest);
    }
  }

  /** Strings of many lengths around the threshold, with pairs and lone surrogates anywhere. */
  private static String text(Random r, int chars) {
    StringBuilder b = new StringBuilder(chars);
    while (b.length() < chars) {
      switch (r.nextInt(8)) {
        case 0 -> b.append("\ud83d\ude00"); // a pair, which must never be cut between pieces
        case 1 -> b.append('\ud800'); // a lone high surrogate
        case 2 -> b.append('\udc00'); // a lone low one
        case 3 -> b.append('\u00e9');
        case 4 -> b.append('\u4e2d');
        default -> b.append((char) ('a' + r.nextInt(26)));
      }
    }
    return b.toString();
  }

  @Test
  void keyPart_anyValue_isItsEncodingOrTheDigestOfIt() {
    qt().withFixedSeed(64L).withExamples(60)
        .forAll(integers().between(0, 5), integers().between(1, 90_000), longs().all())
        .checkAssert((shape, size, seed) -> {
          Random r = new Random(seed);
          Object v = switch (shape) {
            case 0 -> {
              byte[] b = new byte[size];
              r.nextBytes(b);
              yield b;
            }
            case 1 -> { // the primitive arrays written in bulk, in pieces once they spill
              int n = size / 8 + 1;
              short[] shorts = new short[n];
              char[] chars = new char[n];
              for (int i = 0; i < n; i++) {
                shorts[i] = (short) r.nextInt();
                chars[i] = (char) r.nextInt();
              }
              yield new Object[] {r.ints(n).toArray(), r.longs(n).toArray(), shorts, chars};
            }
            case 2 -> text(r, size / 2 + 1);
            case 3 -> { // a list of strings: pieces of the encoding go out between elements
              List<String> l = new ArrayList<>();
              for (int n = 0; n < size; n += 700) {
                l.add(text(r, 1 + r.nextInt(700)));
              }
              yield List.of(l, text(r, size / 3 + 1), l.size());
            }
            case 4 -> { // a set and a map: their elements are sorted in the buffer
              Set<String> s = new HashSet<>();
              Map<Integer, String> m = new HashMap<>();
              for (int n = 0; n < size; n += 500) {
                s.add(text(r, 1 + r.nextInt(500)));
                m.put(n, text(r, 1 + r.nextInt(300)));
              }
              yield List.of(text(r, size / 2 + 1), s, m, new TreeMap<>(m));
            }
            default -> { // a map inside a list after a long prefix: pinned after spilling
              Map<String, byte[]> m = new HashMap<>();
              for (int n = 0; n < 4; n++) {
                m.put("k" + n, new byte[r.nextInt(size)]);
              }
              yield new Object[] {new byte[size], m, "end"};
            }
          };
          try {
            assertPartOfEncoding(v);
          } catch (UnencodableValueException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void keyPart_atTheThreshold_isTheEncodingAndOneByteMoreIsTheDigest()
      throws UnencodableValueException {
    // a byte[] of n bytes encodes as its tag, a 3-byte varint length and the bytes
    byte[] at = new byte[CanonicalEncoder.KEY_PART_DIGEST_OVER - 4];
    assertEquals(CanonicalEncoder.KEY_PART_DIGEST_OVER,
        encoder.keyPart(at, Mode.ARGUMENT, new HashSet<>()).length);
    byte[] over = new byte[at.length + 1];
    assertEquals(33, encoder.keyPart(over, Mode.ARGUMENT, new HashSet<>()).length);
    assertPartOfEncoding(at);
    assertPartOfEncoding(over);
  }
}
