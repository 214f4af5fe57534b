package dev.astrocache.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the primitives of the value format from a byte array, checking every read against the
 * end: running out of bytes, or a malformed varint or string, is an {@link IOException}.
 */
abstract class ByteSource {
  final byte[] buf;
  /** Where the payload starts in {@link #buf}: offsets in messages count from here. */
  final int start;
  /** Where the payload ends in {@link #buf}, exclusive. */
  final int end;
  int pos;

  /** Reads {@code length} bytes of {@code buf} from {@code offset}, which the caller checked. */
  ByteSource(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.start = offset;
    this.end = offset + length;
    this.pos = offset;
  }

  final IOException corrupt(String what) {
    return new IOException("Corrupt astrocache payload at offset " + (pos - start) + " of "
        + (end - start) + ": " + what);
  }

  /** WTF-8, the inverse of {@link ByteSink#writeString}. */
  final String string() throws IOException {
    int n = length(1);
    int end = pos + n;
    // Well-formed UTF-8 (nearly every string) goes through the JDK's decoder, which is
    // vectorized and builds the string's own array in one pass. It marks every malformed byte
    // with U+FFFD, so a result without one was well-formed, and WTF-8 decodes well-formed
    // UTF-8 to the same string. Anything else (a lone surrogate, a real U+FFFD, corruption)
    // takes the exact decoder below.
    String fast = new String(buf, pos, n, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) {
      pos = end;
      return fast;
    }
    int p;
    byte[] b = buf;
    char[] out = new char[n];
    int c = 0;
    p = pos;
    while (p < end) {
      int b0 = b[p++] & 0xFF;
      if (b0 < 0x80) {
        out[c++] = (char) b0;
      } else if (b0 >= 0xC2 && b0 < 0xE0 && p < end) {
        out[c++] = (char) (((b0 & 0x1F) << 6) | cont(b[p++]));
      } else if (b0 >= 0xE0 && b0 < 0xF0 && p + 1 < end) {
        int ch = ((b0 & 0x0F) << 12) | (cont(b[p]) << 6) | cont(b[p + 1]);
        p += 2;
        if (ch < 0x800) {
          throw corrupt("an overlong string encoding");
        }
        out[c++] = (char) ch;
      } else if (b0 >= 0xF0 && b0 < 0xF5 && p + 2 < end) {
        int cp = ((b0 & 0x07) << 18) | (cont(b[p]) << 12) | (cont(b[p + 1]) << 6) | cont(b[p + 2]);
        p += 3;
        if (cp < 0x10000 || cp > Character.MAX_CODE_POINT) {
          throw corrupt("a code point out of range");
        }
        out[c++] = Character.highSurrogate(cp);
        out[c++] = Character.lowSurrogate(cp);
      } else {
        throw corrupt("malformed string bytes");
      }
    }
    pos = end;
    return new String(out, 0, c);
  }

  final int cont(byte x) throws IOException {
    if ((x & 0xC0) != 0x80) {
      throw corrupt("malformed string bytes");
    }
    return x & 0x3F;
  }

  /** A count of items that take at least {@code minBytes} each: checked before allocating. */
  final int length(int minBytes) throws IOException {
    int n = varint();
    if (n < 0 || (long) n * minBytes > end - pos) {
      throw corrupt("a length of " + n + " with only " + (end - pos) + " bytes left");
    }
    return n;
  }

  final boolean flag() throws IOException {
    int b = u8();
    if (b > 1) {
      throw corrupt("a flag of " + b);
    }
    return b == 1;
  }

  final int u8() throws IOException {
    if (pos >= end) {
      throw corrupt("the payload ends too early");
    }
    return buf[pos++] & 0xFF;
  }

  final int u16() throws IOException {
    need(2);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  final int i32() throws IOException {
    need(4);
    byte[] b = buf;
    int p = pos;
    pos = p + 4;
    return (b[p] << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
  }

  final long i64() throws IOException {
    return ((long) i32() << 32) | (i32() & 0xFFFFFFFFL);
  }

  final void need(int n) throws IOException {
    if (end - pos < n) {
      throw corrupt("the payload ends too early");
    }
  }

  final int varint() throws IOException {
    int result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8();
      result |= (b & 0x7F) << shift;
      if (b < 0x80) {
        if (shift == 28 && b > 0x0F) {
          throw corrupt("a varint out of range");
        }
        return result;
      }
    }
    throw corrupt("a varint longer than 5 bytes");
  }

  final long varlong() throws IOException {
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = u8();
      result |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        if (shift == 63 && b > 1) {
          throw corrupt("a varint out of range");
        }
        return result;
      }
    }
    throw corrupt("a varint longer than 10 bytes");
  }

  final int sint() throws IOException {
    int v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  final long slong() throws IOException {
    long v = varlong();
    return (v >>> 1) ^ -(v & 1);
  }
}
