package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class ByteSinkTest {

  /** WTF-8 written one char at a time, as the format defines it: the reference. */
  private static byte[] wtf8(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int cp = c;
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        cp = Character.toCodePoint(c, s.charAt(++i));
      }
      if (cp < 0x80) {
        out.write(cp);
      } else if (cp < 0x800) {
        out.write(0xC0 | (cp >> 6));
        out.write(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out.write(0xE0 | (cp >> 12));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      } else {
        out.write(0xF0 | (cp >> 18));
        out.write(0x80 | ((cp >> 12) & 0x3F));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      }
    }
    return out.toByteArray();
  }

  private static byte[] varint(int v) {
    ByteSink b = new ByteSink(5);
    b.writeVarint(v);
    return b.toByteArray();
  }

  /**
   * Long strings go through the JDK's encoder, short ones and those with a '?' through the
   * loop: both give the reference's bytes, lone surrogates (which the JDK writes as '?')
   * included, at every length around the switch.
   */
  @Test
  void writeString_anyStringAnyLength_isItsWtf8() {
    String[] parts = {"a", "?", "\u00e9", "\u20ac", "\uD83D\uDE00", "\uD800", "\uDFFF", "\uFFFD",
        "\u007f", "\u0080", "\u07ff", "\u0800", "\uFFFF", "plain text "};
    Random random = new Random(31);
    for (int i = 0; i < 5000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(40); k > 0; k--) {
        b.append(parts[random.nextInt(parts.length)]);
      }
      String s = b.toString();
      ByteSink sink = new ByteSink(8);
      sink.writeString(s);
      assertArrayEquals(framedWtf8(s), sink.toByteArray(), s);
    }
  }

  /**
   * A string longer than a piece, written where it spills into the digest, goes piece by piece:
   * the digest is of the reference's bytes for ASCII, ASCII with a '?' of its own or with one
   * lone surrogate (each a single byte's char to the JDK's encoder), a surrogate pair across a
   * piece's end, and text, at lengths around the pieces.
   */
  @Test
  void writeString_longStringIntoTheDigest_isTheDigestOfItsWtf8() throws Exception {
    Random random = new Random(5);
    for (int length : new int[] {8192, 8193, 16383, 16384, 16385, 100_000}) {
      char[] ascii = new char[length];
      for (int i = 0; i < length; i++) {
        ascii[i] = (char) ('a' + random.nextInt(26));
      }
      String plain = new String(ascii);
      for (String s : new String[] {plain, plain.substring(1) + "?", plain.substring(1) + "\uD800",
          "\uD800" + plain.substring(1), plain.substring(0, 8191) + "\uD83D\uDE00"
              + plain.substring(8191), plain.replace('a', '\u00e9'), plain.replace('b', '\u20ac'),
          plain.substring(0, length / 2) + "\uDFFF" + plain.substring(length / 2)}) {
        ByteSink sink = new ByteSink(64);
        sink.spillInto(1024);
        sink.write(7);
        sink.writeString(s);
        java.security.MessageDigest reference = java.security.MessageDigest.getInstance("SHA-256");
        reference.update((byte) 7);
        byte[] expected = wtf8(s);
        reference.update(varint(expected.length));
        reference.update(expected);
        byte[] part = sink.keyPart(0x42);
        assertEquals(0x42, part[0]);
        assertArrayEquals(reference.digest(), Arrays.copyOfRange(part, 1, 33),
            length + " chars, " + s.substring(0, 3) + "..." + s.substring(s.length() - 3));
      }
    }
  }

  /**
   * A random string of {@code length} chars of one kind: 0 ASCII, 1 Latin-1, 2 any BMP char
   * (lone surrogates among them), 3 surrogate pairs with ASCII, 4 lone high or low surrogates
   * with ASCII, 5 any of those mixed char by char.
   */
  private static String randomString(int kind, int length, Random random) {
    StringBuilder b = new StringBuilder(length);
    while (b.length() < length) {
      int k = kind == 5 ? random.nextInt(5) : kind;
      switch (k) {
        case 0 -> b.append((char) random.nextInt(0x80));
        case 1 -> b.append((char) random.nextInt(0x100));
        case 2 -> b.append((char) random.nextInt(0x10000));
        case 3 -> {
          if (random.nextBoolean()) {
            b.appendCodePoint(0x10000 + random.nextInt(0x100000));
          } else {
            b.append((char) random.nextInt(0x80));
          }
        }
        default -> b.append(random.nextBoolean()
            ? (char) (0xD800 + random.nextInt(0x800)) : (char) random.nextInt(0x80));
      }
    }
    return b.toString();
  }

  /** The SHA-256 of a byte 7, then the string as the format defines it: length and WTF-8. */
  private static byte[] referenceDigest(String s) throws Exception {
    MessageDigest reference = MessageDigest.getInstance("SHA-256");
    reference.update((byte) 7);
    byte[] expected = wtf8(s);
    reference.update(varint(expected.length));
    reference.update(expected);
    return reference.digest();
  }

  private static byte[] sinkDigest(String s) throws Exception {
    ByteSink sink = new ByteSink(64);
    sink.spillInto(1024);
    sink.write(7);
    sink.writeString(s);
    byte[] part = sink.keyPart(0x42);
    assertEquals(0x42, part[0]);
    return Arrays.copyOfRange(part, 1, 33);
  }

  /**
   * The piecewise encoder of long strings feeds the digest exactly the bytes of the format's
   * WTF-8 for random strings of every kind (ASCII, Latin-1, all of the BMP, surrogate pairs, lone
   * surrogates, mixed) at lengths from under a piece to several pieces; and the same strings
   * written whole (no digest) are the reference's bytes.
   */
  @Test
  void writeString_randomLongStringsIntoTheDigest_areTheDigestOfTheirWtf8() {
    qt().withFixedSeed(41L).withExamples(400)
        .forAll(integers().between(0, 5), integers().between(8000, 30000), longs().all())
        .checkAssert((kind, length, seed) -> {
          String s = randomString(kind, length, new Random(seed));
          try {
            assertArrayEquals(referenceDigest(s), sinkDigest(s), () -> "kind " + kind + ", "
                + length + " chars, seed " + seed);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          ByteSink whole = new ByteSink(8);
          whole.writeString(s);
          assertArrayEquals(framedWtf8(s), whole.toByteArray());
        });
  }

  /**
   * Surrogates at a piece's end: a pair straddling it encodes as one code point, and a high
   * surrogate there that is followed by another high one (then a low) stays lone, the second
   * pairing with the low one across the end.
   */
  @Test
  void writeString_surrogatesAtAPiecesEnd_areEncodedAsTheWholeStringIs() throws Exception {
    String a = "a".repeat(20000);
    for (int at = 8185; at <= 8195; at++) {
      for (String middle : new String[] {"\uD83D\uDE00", "\uD800\uD83D\uDE00", "\uDE00\uD83D",
          "\uD800\uD800\uDC00\uDC00", "\u00e9\uD83D\uDE00"}) {
        String s = a.substring(0, at) + middle + a.substring(at);
        assertArrayEquals(referenceDigest(s), sinkDigest(s), "at " + at + ": " + middle);
        String t = s.replace('a', '\u00e9');
        assertArrayEquals(referenceDigest(t), sinkDigest(t), "non-ASCII, at " + at);
      }
    }
  }

  /**
   * A key string as the key format defines it, char by char: a {@code str} when it has at most
   * {@link ByteSink#LONG_KEY_STRING} chars or is ASCII; else its char count, its ASCII prefix,
   * 0xFF and the rest's UTF-16 code units, little-endian.
   */
  private static byte[] keyString(String s) {
    int n = s.length();
    int p = 0;
    while (p < n && s.charAt(p) < 0x80) {
      p++;
    }
    if (n <= ByteSink.LONG_KEY_STRING || p == n) {
      return framedWtf8(s);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(varint(n));
    for (int i = 0; i < p; i++) {
      out.write(s.charAt(i));
    }
    out.write(0xFF);
    for (int i = p; i < n; i++) {
      out.write(s.charAt(i) & 0xFF);
      out.write(s.charAt(i) >>> 8);
    }
    return out.toByteArray();
  }

  /**
   * Reads back a key string from {@code b} at {@code at[0]}, moving {@code at[0]} past it: the
   * format is unambiguous and prefix-free when this gives the string back and stops where its
   * encoding ends, whatever follows. A str's bytes are WTF-8, whose first byte above 0x7F is
   * never 0xFF; the long form's first byte above 0x7F is 0xFF.
   */
  private static String readKeyString(byte[] b, int[] at) {
    int n = 0;
    for (int shift = 0; ; shift += 7) {
      int x = b[at[0]++] & 0xFF;
      n |= (x & 0x7F) << shift;
      if (x < 0x80) {
        break;
      }
    }
    int p = at[0];
    int end = p;
    while (end < p + n && b[end] >= 0) {
      end++;
    }
    if (end < p + n && (b[end] & 0xFF) == 0xFF) {
      StringBuilder s = new StringBuilder(n);
      for (int i = p; i < end; i++) {
        s.append((char) b[i]);
      }
      int q = end + 1;
      while (s.length() < n) {
        s.append((char) ((b[q] & 0xFF) | (b[q + 1] & 0xFF) << 8));
        q += 2;
      }
      at[0] = q;
      return s.toString();
    }
    at[0] = p + n;
    return wtf8Decode(Arrays.copyOfRange(b, p, p + n));
  }

  /** WTF-8 back to a string: a three-byte sequence of a surrogate is that surrogate. */
  private static String wtf8Decode(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < b.length; ) {
      int x = b[i] & 0xFF;
      if (x < 0x80) {
        s.append((char) x);
        i++;
      } else if (x < 0xE0) {
        s.append((char) ((x & 0x1F) << 6 | b[i + 1] & 0x3F));
        i += 2;
      } else if (x < 0xF0) {
        s.append((char) ((x & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | b[i + 2] & 0x3F));
        i += 3;
      } else {
        s.appendCodePoint((x & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6
            | b[i + 3] & 0x3F);
        i += 4;
      }
    }
    return s.toString();
  }

  /** What writeKeyString writes after a byte 7: the whole bytes, or with a digest its SHA-256. */
  private static byte[] keyStringBytes(String s, boolean digest) throws Exception {
    return keyStringBytes(s, digest ? 1024 : -1);
  }

  /** {@link #keyStringBytes(String, boolean)} with a digest over {@code threshold}, if not -1. */
  private static byte[] keyStringBytes(String s, int threshold) throws Exception {
    boolean digest = threshold >= 0;
    ByteSink sink = new ByteSink(64);
    if (digest) {
      sink.spillInto(threshold);
    }
    sink.write(7);
    sink.writeKeyString(s);
    if (!digest) {
      return sink.toByteArray();
    }
    byte[] part = sink.keyPart(0x42);
    assertEquals(0x42, part[0]);
    return Arrays.copyOfRange(part, 1, 33);
  }

  private static byte[] sevenThen(byte[] encoding, boolean digest) throws Exception {
    byte[] b = new byte[encoding.length + 1];
    b[0] = 7;
    System.arraycopy(encoding, 0, b, 1, encoding.length);
    return digest ? MessageDigest.getInstance("SHA-256").digest(b) : b;
  }

  /**
   * Random strings of every kind (ASCII, Latin-1 above 0x7F, all of the BMP, pairs, lone
   * surrogates, mixed) after an ASCII prefix of random length, at lengths around {@link
   * ByteSink#LONG_KEY_STRING}: written whole or into the digest, the key bytes are the
   * definition's; built from chars, from code points or through a StringBuilder, the same bytes; read
   * back, the string itself, ending where its encoding ends (so distinct strings never share
   * bytes, and a key string never runs into what follows it); and a string differing by one char
   * has other bytes.
   */
  @Test
  void writeKeyString_randomStrings_areTheFormatsBytesAndReadBackToThemselves() {
    qt().withFixedSeed(43L).withExamples(300)
        .forAll(integers().between(0, 5), integers().between(8000, 30000),
            integers().between(0, 30000), longs().all())
        .checkAssert((kind, length, asciiPrefix, seed) -> {
          Random random = new Random(seed);
          String s = randomString(0, Math.min(asciiPrefix, length), random)
              + randomString(kind, length - Math.min(asciiPrefix, length), random);
          String why = "kind " + kind + ", " + length + " chars, prefix " + asciiPrefix
              + ", seed " + seed;
          try {
            byte[] expected = keyString(s);
            assertArrayEquals(sevenThen(expected, false), keyStringBytes(s, false), why);
            assertArrayEquals(sevenThen(expected, true), keyStringBytes(s, true), why);
            String fromChars = new String(s.toCharArray());
            int[] codePoints = s.codePoints().toArray(); // a lone surrogate is one of them
            String fromCodePoints = new String(codePoints, 0, codePoints.length);
            String built = new StringBuilder().append('\u4e2d').append(s).deleteCharAt(0)
                .toString();
            for (String same : new String[] {fromChars, fromCodePoints, built}) {
              assertArrayEquals(expected, Arrays.copyOfRange(keyStringBytes(same, false), 1,
                  expected.length + 1), why);
            }
            byte[] followed = Arrays.copyOf(expected, expected.length + 3);
            followed[expected.length] = (byte) 0xFF;
            int[] at = {0};
            assertEquals(s, readKeyString(followed, at), why);
            assertEquals(expected.length, at[0], why);
            int i = random.nextInt(s.length());
            char[] c = s.toCharArray();
            c[i] = (char) (c[i] ^ (1 << random.nextInt(16)));
            assertFalse(Arrays.equals(keyStringBytes(s, true), keyStringBytes(new String(c), true)),
                why + ", char " + i + " changed");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  /**
   * Chunk ends: the first char above 0x7F at, just before and just after a chunk's end (a Latin-1
   * one, which the Latin-1 encoder narrows, and one above 0xFF, where it stops), and a surrogate
   * pair or a lone surrogate straddling a chunk's end in the UTF-16 part, written whole and into
   * the digest; and the shortest long string and one char fewer.
   */
  @Test
  void writeKeyString_atChunkEnds_isTheFormatsBytes() throws Exception {
    String a = "a".repeat(30002);
    for (int at : new int[] {0, 1, 7, 8, 9, 8183, 8184, 8191, 8192, 8193, 16383, 16384, 16385,
        24575, 24576, 29999}) {
      for (String first : new String[] {"\u00e9", "\u0080", "\u00ff", "\u0100", "\u4e2d",
          "\uD83D\uDE00", "\uD800", "\uDC00"}) {
        String s = a.substring(0, at) + first + a.substring(at + first.length());
        for (boolean digest : new boolean[] {false, true}) {
          assertArrayEquals(sevenThen(keyString(s), digest), keyStringBytes(s, digest),
              "at " + at + ": " + (int) first.charAt(0) + (digest ? ", digest" : ""));
        }
      }
    }
    String text = "\u00e9".repeat(30000);
    for (int at = 8185; at <= 8195; at++) {
      for (String middle : new String[] {"\uD83D\uDE00", "\uD800", "\uDE00\uD83D"}) {
        String s = text.substring(0, at) + middle + text.substring(at);
        assertArrayEquals(sevenThen(keyString(s), true), keyStringBytes(s, true), "at " + at);
      }
    }
    // a threshold the chars do not pass but the bytes do: the string spills through the buffer
    // in the middle (past it from the start, the chunks go straight into the digest)
    for (int prefix : new int[] {0, 5000, 12000}) {
      String s = a.substring(0, prefix) + text.substring(0, 15000 - prefix);
      int bytes = keyString(s).length + 1;
      for (int threshold : new int[] {15001, (15001 + bytes) / 2, bytes - 1}) {
        assertArrayEquals(sevenThen(keyString(s), true), keyStringBytes(s, threshold),
            "prefix " + prefix + ", threshold " + threshold);
      }
    }
    for (int n : new int[] {ByteSink.LONG_KEY_STRING, ByteSink.LONG_KEY_STRING + 1}) {
      String s = "\u00e9".repeat(n);
      assertArrayEquals(sevenThen(keyString(s), false), keyStringBytes(s, false), n + " chars");
    }
    assertArrayEquals(sevenThen(framedWtf8("\u00e9".repeat(8192)), false),
        keyStringBytes("\u00e9".repeat(8192), false)); // short strings keep their keys
  }

  /**
   * The digest is made at the first spill: a long string that is the part's first write (nothing
   * buffered to flush yet, and a non-ASCII one that undoes its guess from a copy of the digest)
   * gives the digest of its WTF-8, and a part that never spills gives its bytes.
   */
  @Test
  void keyPart_digestMadeAtTheFirstSpill_evenForALongStringWrittenFirst() throws Exception {
    for (String s : new String[] {"a".repeat(20000), "\u00e9".repeat(20000)}) {
      ByteSink sink = new ByteSink(64);
      sink.spillInto(1024);
      sink.writeString(s);
      MessageDigest reference = MessageDigest.getInstance("SHA-256");
      byte[] expected = wtf8(s);
      reference.update(varint(expected.length));
      reference.update(expected);
      byte[] part = sink.keyPart(0x42);
      assertEquals(0x42, part[0]);
      assertArrayEquals(reference.digest(), Arrays.copyOfRange(part, 1, 33), s.substring(0, 3));
    }
    ByteSink small = new ByteSink(8);
    small.spillInto(1024);
    small.writeString("abc");
    assertArrayEquals(framedWtf8("abc"), small.keyPart(0x42));
  }

  @Test
  void writeInts_andTheOtherBulkWrites_areBigEndianAsOneAtATime() {
    Random random = new Random(37);
    int[] ints = random.ints(1001).toArray();
    long[] longs = random.longs(503).toArray();
    short[] shorts = new short[301];
    char[] chars = new char[299];
    for (int i = 0; i < shorts.length; i++) {
      shorts[i] = (short) random.nextInt();
    }
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) random.nextInt();
    }
    ByteSink bulk = new ByteSink(3);
    ByteSink one = new ByteSink(3);
    bulk.write(7);
    one.write(7);
    bulk.writeInts(ints);
    bulk.writeLongs(longs);
    bulk.writeShorts(shorts);
    bulk.writeChars(chars);
    for (int v : ints) {
      one.writeInt(v);
    }
    for (long v : longs) {
      one.writeLong(v);
    }
    for (short v : shorts) {
      one.writeShort(v);
    }
    for (char v : chars) {
      one.writeShort(v);
    }
    assertArrayEquals(one.toByteArray(), bulk.toByteArray());
  }

  @Test
  void toByteArray_fullBuffer_isReturnedAndLaterWritesDoNotChangeIt() {
    ByteSink sink = new ByteSink(4);
    sink.writeInt(0x01020304);
    byte[] first = sink.toByteArray();
    assertSame(sink.buf, first);
    sink.write(5);
    assertArrayEquals(new byte[] {1, 2, 3, 4}, first);
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, sink.toByteArray());
  }

  @Test
  void contains_findsTheByteAtEveryPositionAndNothingElse() {
    for (int n = 0; n < 40; n++) {
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        b[i] = (byte) (i % 2 == 0 ? 0x3E : 0xBF); // neighbours of '?' and '?' | 0x80
      }
      assertFalse(ByteSink.contains(b, (byte) '?'), "length " + n);
      for (int at = 0; at < n; at++) {
        byte[] c = b.clone();
        c[at] = '?';
        assertTrue(ByteSink.contains(c, (byte) '?'), n + " at " + at);
      }
    }
    assertEquals(false, ByteSink.contains(new byte[] {(byte) 0x80, 0x40, 0x00}, (byte) '?'));
  }

  /** The string as writeString must write it: its WTF-8's length, then its WTF-8. */
  private static byte[] framedWtf8(String s) {
    byte[] expected = wtf8(s);
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    framed.writeBytes(varint(expected.length));
    framed.writeBytes(expected);
    return framed.toByteArray();
  }
}
