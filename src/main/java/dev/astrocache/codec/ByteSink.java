package dev.astrocache.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import dev.astrocache.base.Hashes;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A growable byte buffer with the primitive writes both formats share. Not thread-safe.
 *
 * <p>For a key part ({@link #spillInto}), what is written beyond a threshold goes into a
 * SHA-256 as it comes instead of into the buffer, so that a large argument (a 100 MB array) is
 * hashed without a copy of its encoding; {@link #keyPart} then gives the digest in place of the
 * bytes. Bytes written while the sink is {@linkplain #pinned pinned} stay in the buffer, since
 * the key writer sorts the encodings of a set's elements there.
 */
final class ByteSink {
  /** Strings at least this long are encoded through the JDK's vectorized UTF-8 encoder. */
  private static final int JDK_ENCODER_FROM = 32;
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  byte[] buf;
  int size;
  /** Whether bytes beyond {@link #spillOver} go to {@link #spill}; false: all stay here. */
  private boolean spilling;
  /**
   * Where the bytes go once more than {@link #spillOver} are written: made at the first spill,
   * as most key parts are small and never need it (a copy of a SHA-256 costs a part's encoding
   * a good share of its time).
   */
  private MessageDigest spill;
  private int spillOver;
  /** How many bytes went into {@link #spill}. */
  private long spilled;
  /** Above 0 while the bytes written must stay in the buffer (they are sorted there). */
  int pinned;

  ByteSink(int capacity) {
    buf = new byte[capacity];
  }

  /**
   * From now on, once more than {@code over} bytes are written, hands the buffered bytes to a
   * SHA-256 ({@link Hashes#sha256()}, made then) and keeps at most about {@code over} in the
   * buffer.
   */
  void spillInto(int over) {
    spilling = true;
    spillOver = over;
  }

  /** The digest the bytes spill into, made when first needed. */
  private MessageDigest spill() {
    if (spill == null) {
      spill = Hashes.sha256();
    }
    return spill;
  }

  /** Whether a write of {@code extra} more bytes goes to the digest rather than the buffer. */
  private boolean spills(int extra) {
    return spilling && pinned == 0 && (long) size + extra > spillOver;
  }

  private void flush() {
    spill().update(buf, 0, size);
    spilled += size;
    size = 0;
  }

  void ensure(int extra) {
    int need = size + extra;
    if (need < 0) {
      throw new OutOfMemoryError("value larger than 2 GiB");
    }
    if (need > buf.length) {
      if (spills(extra) && size > 0) {
        flush();
        if (extra <= buf.length) {
          return;
        }
        need = extra;
      }
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }

  /**
   * What was written, when at most the {@linkplain #spillInto threshold}; else {@code tag} and
   * the SHA-256 of everything written.
   */
  byte[] keyPart(int tag) {
    if (!spilling || spilled == 0 && size <= spillOver) {
      return toByteArray();
    }
    flush();
    byte[] part = new byte[33];
    part[0] = (byte) tag;
    System.arraycopy(spill.digest(), 0, part, 1, 32);
    return part;
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
    if (spills(len)) {
      flush();
      spill.update(b, off, len);
      spilled += len;
      return;
    }
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
    if (n > PIECE && spills(n)) {
      writeLongString(s);
      return;
    }
    writeShortString(s);
  }

  /** {@link #writeString}, the whole string at once. */
  private void writeShortString(String s) {
    int n = s.length();
    if (n >= JDK_ENCODER_FROM) {
      // WTF-8 is UTF-8 but for unpaired surrogates, which the JDK's encoder writes as '?': an
      // output with no '?' is exactly the WTF-8, and so is one of the string's length (each
      // char one byte: ASCII or an unpaired surrogate) whose every '?' stands for a '?'
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (!contains(utf8, (byte) '?') || utf8.length == n && ownQuestionMarks(s, utf8)) {
        writeVarint(utf8.length);
        write(utf8, 0, utf8.length);
        return;
      }
    }
    int len = wtf8Length(s, 0, n);
    writeVarint(len);
    if (spills(len)) {
      // a long string in a key part: in pieces, so that the buffer stays small (a piece never
      // ends between the two halves of a surrogate pair, which encode together)
      for (int from = 0; from < n; ) {
        int to = Math.min(n, from + PIECE);
        // only a real pair: a high surrogate followed by another high one ends the piece, and
        // that next one may begin a pair of its own, which growing the piece would split
        if (to < n && Character.isHighSurrogate(s.charAt(to - 1))
            && Character.isLowSurrogate(s.charAt(to))) {
          to++;
        }
        ensure(3 * (to - from));
        size = wtf8(s, from, to, buf, size);
        from = to;
      }
      return;
    }
    ensure(len);
    size = wtf8(s, 0, n, buf, size);
  }

  /** Chars of a long string encoded at once: a piece in UTF-8 fits the buffer's first growth. */
  private static final int PIECE = 8192;

  /**
   * A string longer than a piece that goes to the digest, taken to be ASCII (the common case):
   * its length then is its char count, and it is written a piece at a time through the JDK's
   * encoder, so that no copy of the whole string is made. A piece that is not ASCII undoes that
   * (the digest as it was before the string, from a copy) and writes the string as a short one
   * is written.
   */
  private void writeLongString(String s) {
    if (size > 0) {
      flush();
    }
    MessageDigest before;
    try {
      before = (MessageDigest) spill().clone();
    } catch (CloneNotSupportedException e) {
      writeShortString(s); // a provider whose digest cannot be copied: no guess to undo
      return;
    }
    long spilledBefore = spilled;
    int n = s.length();
    writeVarint(n);
    for (int from = 0; from < n; from += PIECE) {
      int to = Math.min(n, from + PIECE);
      byte[] utf8 = s.substring(from, to).getBytes(StandardCharsets.UTF_8);
      // as many bytes as chars: ASCII or unpaired surrogates, which encode as '?'
      if (utf8.length != to - from
          || contains(utf8, (byte) '?') && !ownQuestionMarks(s.substring(from, to), utf8)) {
        spill = before;
        spilled = spilledBefore;
        size = 0;
        writeShortString(s);
        return;
      }
      write(utf8, 0, utf8.length);
    }
  }

  /** Strings longer than this that are not ASCII have a key encoding of their own. */
  static final int LONG_KEY_STRING = 8192;
  /** After a long key string's ASCII prefix: a byte that no WTF-8 holds. */
  static final int UTF16_FOLLOWS = 0xFF;
  /** Chars of a long key string read at once. */
  private static final int KEY_CHUNK = 8192;
  /**
   * A long key string's chars, a chunk at a time, and their bytes, with views over them made
   * once: made on the first long string, so a chunk allocates nothing.
   */
  private char[] chars;
  private byte[] chunk;
  private CharBuffer charsIn;
  private ByteBuffer bytesOut;
  private CharBuffer utf16Out;
  private CharsetEncoder latin1;

  /**
   * The content of a {@code STRING} in a key (what follows the tag). A string of at most {@link
   * #LONG_KEY_STRING} chars, or an ASCII one, is a {@code str}, as {@link #writeString} writes
   * it. A longer one that is not ASCII is its char count, its ASCII prefix (a byte a char),
   * {@link #UTF16_FOLLOWS}, then the rest of its UTF-16 code units, little-endian: written and
   * hashed in one pass over the string's chars, in bulk copies (no UTF-8 encoding char by char,
   * no guess to undo, no copy of the string). The value format keeps WTF-8 ({@link
   * #writeString}).
   */
  void writeKeyString(String s) {
    int n = s.length();
    if (n <= LONG_KEY_STRING) {
      writeShortString(s);
      return;
    }
    if (chars == null) {
      chars = new char[KEY_CHUNK];
      chunk = new byte[2 * KEY_CHUNK];
      charsIn = CharBuffer.wrap(chars);
      bytesOut = ByteBuffer.wrap(chunk);
      utf16Out = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asCharBuffer();
      latin1 = StandardCharsets.ISO_8859_1.newEncoder();
    }
    writeVarint(n);
    // at least n bytes follow: past the threshold, the part is a digest, so the chunks can go
    // straight into it (the same bytes in the same order) rather than through the buffer
    boolean direct = spilling && pinned == 0 && (spilled > 0 || (long) size + n > spillOver);
    int from = 0;
    while (from < n) { // the ASCII prefix, a byte a char
      int k = Math.min(KEY_CHUNK, n - from);
      s.getChars(from, from + k, chars, 0);
      int ascii = ascii(k);
      writeChunk(ascii, direct);
      from += ascii;
      if (ascii < k) {
        break;
      }
    }
    if (from == n) {
      return; // ASCII: the bytes of a str
    }
    write(UTF16_FOLLOWS);
    while (from < n) {
      int k = Math.min(KEY_CHUNK, n - from);
      s.getChars(from, from + k, chars, 0);
      utf16Out.clear();
      utf16Out.put(chars, 0, k);
      writeChunk(2 * k, direct);
      from += k;
    }
  }

  /** Writes {@code chunk[0, len)}, {@code direct}ly into the digest or else through the buffer. */
  private void writeChunk(int len, boolean direct) {
    if (direct) {
      flush();
      spill().update(chunk, 0, len);
      spilled += len;
    } else {
      write(chunk, 0, len);
    }
  }

  /**
   * Narrows the leading ASCII chars of {@code chars[0, k)} into {@code chunk} and returns how
   * many: the JDK's Latin-1 encoder (vectorized) narrows up to the first char above 0xFF, then a
   * scan eight bytes at a time finds the first above 0x7F.
   */
  private int ascii(int k) {
    charsIn.position(0);
    charsIn.limit(k);
    bytesOut.clear();
    latin1.reset();
    latin1.encode(charsIn, bytesOut, true);
    int end = charsIn.position();
    int i = 0;
    while (i + 8 <= end && ((long) LONG.get(chunk, i) & 0x8080808080808080L) == 0) {
      i += 8;
    }
    while (i < end && chunk[i] >= 0) {
      i++;
    }
    return i;
  }

  /** Whether every {@code '?'} of {@code utf8}, of {@code s}'s length, is a {@code '?'} of it. */
  private static boolean ownQuestionMarks(String s, byte[] utf8) {
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == '?' && s.charAt(i) != '?') {
        return false; // an unpaired surrogate
      }
    }
    return true;
  }

  /** The length of {@code s[from, to)} in WTF-8. */
  private static int wtf8Length(String s, int from, int to) {
    int len = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len++;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < to
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 4;
        i++;
      } else {
        len += 3;
      }
    }
    return len;
  }

  /** Writes {@code s[from, to)} in WTF-8 at {@code b[p]} and returns the end. */
  private static int wtf8(String s, int from, int to, byte[] b, int p) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
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
    return p;
  }

  /** Writes the big-endian bytes of {@code a}: bulk copies, in pieces when they may spill. */
  void writeShorts(short[] a) {
    for (int from = 0, step = piece(a.length, 2); from < a.length; from += step) {
      int k = Math.min(step, a.length - from);
      ensure(2 * k);
      ByteBuffer.wrap(buf, size, 2 * k).asShortBuffer().put(a, from, k);
      size += 2 * k;
    }
  }

  /** Writes the big-endian bytes of {@code a}: bulk copies, in pieces when they may spill. */
  void writeChars(char[] a) {
    for (int from = 0, step = piece(a.length, 2); from < a.length; from += step) {
      int k = Math.min(step, a.length - from);
      ensure(2 * k);
      ByteBuffer.wrap(buf, size, 2 * k).asCharBuffer().put(a, from, k);
      size += 2 * k;
    }
  }

  /** Writes the big-endian bytes of {@code a}: bulk copies, in pieces when they may spill. */
  void writeInts(int[] a) {
    for (int from = 0, step = piece(a.length, 4); from < a.length; from += step) {
      int k = Math.min(step, a.length - from);
      ensure(4 * k);
      ByteBuffer.wrap(buf, size, 4 * k).asIntBuffer().put(a, from, k);
      size += 4 * k;
    }
  }

  /** Writes the big-endian bytes of {@code a}: bulk copies, in pieces when they may spill. */
  void writeLongs(long[] a) {
    for (int from = 0, step = piece(a.length, 8); from < a.length; from += step) {
      int k = Math.min(step, a.length - from);
      ensure(8 * k);
      ByteBuffer.wrap(buf, size, 8 * k).asLongBuffer().put(a, from, k);
      size += 8 * k;
    }
  }

  /**
   * How many of {@code n} elements of {@code width} bytes to copy at once: all, unless they may
   * go to the digest, which takes them 8 KiB at a time so that the buffer stays small.
   */
  private int piece(int n, int width) {
    if (spilling && pinned == 0) {
      return Math.max(1, Math.min(n, 8192 / width));
    }
    if (n > (Integer.MAX_VALUE - size) / width) {
      throw new OutOfMemoryError("value larger than 2 GiB");
    }
    return Math.max(1, n);
  }

  /**
   * The bytes written. The array itself when it is full (a large value is written into an array
   * of its exact size, and not copied again): a later write grows into a new array, so it never
   * changes what this returned.
   */
  byte[] toByteArray() {
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }

  /** Whether {@code b} holds the byte {@code v}, eight bytes at a time. */
  static boolean contains(byte[] b, byte v) {
    long pattern = 0x0101010101010101L * (v & 0xFF);
    int i = 0;
    for (; i + 8 <= b.length; i += 8) {
      long x = (long) LONG.get(b, i) ^ pattern; // a zero byte where b has v
      if (((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0) {
        return true;
      }
    }
    for (; i < b.length; i++) {
      if (b[i] == v) {
        return true;
      }
    }
    return false;
  }
}
