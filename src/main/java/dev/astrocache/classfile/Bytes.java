package dev.astrocache.classfile;

import java.nio.charset.StandardCharsets;

/** Big-endian reads and modified UTF-8, with the bounds checks the reader relies on. */
final class Bytes {
  private Bytes() {}

  /** Checks that {@code n} bytes from {@code pos} are inside {@code b}. */
  static void need(byte[] b, int pos, long n, String what) {
    if (n < 0 || pos < 0 || pos > b.length || n > b.length - pos) {
      throw new ClassFormatException(Math.min(Math.max(pos, 0), b.length),
          "unexpected end of file: " + what + " needs " + n
              + (n == 1 ? " byte but " : " bytes but ") + Math.max(0, b.length - pos)
              + " remain");
    }
  }

  static int u1(byte[] b, int pos) {
    return b[pos] & 0xFF;
  }

  static int u2(byte[] b, int pos) {
    return (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
  }

  static int s2(byte[] b, int pos) {
    return (short) ((b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF));
  }

  static int s4(byte[] b, int pos) {
    return (b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8
        | (b[pos + 3] & 0xFF);
  }

  /** An unsigned 4-byte value as a long, for lengths that may exceed Integer.MAX_VALUE. */
  static long u4(byte[] b, int pos) {
    return s4(b, pos) & 0xFFFF_FFFFL;
  }

  static long s8(byte[] b, int pos) {
    return (long) s4(b, pos) << 32 | (s4(b, pos + 4) & 0xFFFF_FFFFL);
  }

  /** Decodes {@code len} bytes of modified UTF-8 (JVMS 4.4.7) at {@code off}. */
  static String modifiedUtf8(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && b[i] > 0) {
      i++;
    }
    if (i == end) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    char[] chars = new char[len];
    int n = 0;
    for (int j = off; j < i; j++) {
      chars[n++] = (char) b[j];
    }
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c >= 0x01 && c < 0x80) {
        chars[n++] = (char) c;
        i++;
      } else if ((c & 0xE0) == 0xC0) {
        if (i + 1 >= end || (b[i + 1] & 0xC0) != 0x80) {
          throw badUtf8(i, c);
        }
        chars[n++] = (char) ((c & 0x1F) << 6 | (b[i + 1] & 0x3F));
        i += 2;
      } else if ((c & 0xF0) == 0xE0) {
        if (i + 2 >= end || (b[i + 1] & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80) {
          throw badUtf8(i, c);
        }
        chars[n++] = (char) ((c & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F));
        i += 3;
      } else {
        throw badUtf8(i, c);
      }
    }
    return new String(chars, 0, n);
  }

  private static ClassFormatException badUtf8(int pos, int c) {
    return new ClassFormatException(pos, String.format(
        "invalid modified UTF-8: byte 0x%02X does not start a complete character", c));
  }
}
