package dev.astrocache.codec;

import java.util.Arrays;

/** A growable byte buffer with the primitive writes both formats share. Not thread-safe. */
final class ByteSink {
  byte[] buf;
  int size;

  ByteSink(int capacity) {
    buf = new byte[capacity];
  }

  void ensure(int extra) {
    int need = size + extra;
    if (need < 0) {
      throw new OutOfMemoryError("value larger than 2 GiB");
    }
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }

  void write(int b) {
    if (size == buf.length) {
      ensure(1);
    }
    buf[size++] = (byte) b;
  }

  void writeShort(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  void writeInt(int v) {
    ensure(4);
    byte[] b = buf;
    int s = size;
    b[s] = (byte) (v >>> 24);
    b[s + 1] = (byte) (v >>> 16);
    b[s + 2] = (byte) (v >>> 8);
    b[s + 3] = (byte) v;
    size = s + 4;
  }

  void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }

  /** Unsigned LEB128 of a non-negative int: lengths and counts. */
  void writeVarint(int v) {
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  /** Unsigned LEB128 of a long (zigzag it first for signed values). */
  void writeVarlong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  void write(byte[] b) {
    write(b, 0, b.length);
  }

  void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  /** A length-prefixed byte string. */
  void writeBytes(byte[] b) {
    writeVarint(b.length);
    write(b, 0, b.length);
  }

  /**
   * The byte length, then the string in WTF-8: UTF-8 in which an unpaired surrogate is encoded
   * as a three-byte sequence of its own, so that every {@code String} (even an ill-formed one)
   * has exactly one encoding and no two strings share one; plain UTF-8 would turn every unpaired
   * surrogate into {@code '?'}.
   */
  void writeString(String s) {
    int n = s.length();
    int len = 0;
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len++;
      } else {
        ascii = false;
        if (c < 0x800) {
          len += 2;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          len += 4;
          i++;
        } else {
          len += 3;
        }
      }
    }
    writeVarint(len);
    ensure(len);
    byte[] b = buf;
    int p = size;
    if (ascii) {
      for (int i = 0; i < n; i++) {
        b[p++] = (byte) s.charAt(i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          b[p++] = (byte) c;
        } else if (c < 0x800) {
          b[p++] = (byte) (0xC0 | (c >> 6));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          b[p++] = (byte) (0xE0 | (c >> 12));
          b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }
    size = p;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
