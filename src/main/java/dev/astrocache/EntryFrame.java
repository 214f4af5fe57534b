package dev.astrocache;

import dev.astrocache.base.Hashes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The frame around every stored entry: magic, format version, serializer name, the entry's key,
 * timing, payload length and payload checksum, then the payload.
 *
 * <p>Layout, big-endian, {@code n} the length of the serializer name:
 *
 * <pre>
 * offset      size  field
 * 0           4     magic "ASTC"
 * 4           2     format version ({@link #FORMAT_VERSION})
 * 6           1     n, the serializer name's length, 1 to 255
 * 7           n     serializer name, printable ASCII
 * 7+n         32    key
 * 39+n        8     createdMillis
 * 47+n        8     computeNanos
 * 55+n        4     payload length
 * 59+n        4     CRC32C of every byte of the frame but these four
 * 63+n        ...   payload (version 1)
 * 63+n        8     lifetimeMillis, positive (versions 3 and 4 only)
 * 63+n+t      2     d, the length of the arguments text (versions 2 and 4 only)
 * 65+n+t      d     a short rendering of the call's arguments, UTF-8 (versions 2 and 4 only)
 * 63+n+t+a    ...   payload
 * </pre>
 *
 * <p>where {@code t} is 8 in versions 3 and 4 (else 0) and {@code a} is {@code 2 + d} in versions
 * 2 and 4 (else 0). The versions are the optional fields a header has: 1 none, 2 the arguments
 * text ({@link Header#arguments()}, shown by the command line's {@code list --entries}), 3 the
 * lifetime ({@link Header#lifetimeMillis()}, read by {@code prune --expired}), 4 both. A header
 * is written in the lowest version that holds it, so a header without either field is written as
 * version 1, byte for byte as before, and every version reads. The checksum covers the header as
 * well as the payload, so that any single altered byte is found, not only those of the payload.
 */
final class EntryFrame {

  /**
   * The newest layout, written when a header has {@linkplain Header#arguments() arguments} and a
   * {@linkplain Header#lifetimeMillis() lifetime}; bumped when the layout changes, and the
   * versions this class does not read are misses.
   */
  static final int FORMAT_VERSION = 4;

  /** The layout written when a header has neither arguments text nor lifetime: the first one. */
  static final int FORMAT_VERSION_WITHOUT_ARGUMENTS = 1;

  /** Added to version 1 when the header has arguments text. */
  private static final int WITH_ARGUMENTS = 1;
  /** Added to version 1 when the header has a lifetime. */
  private static final int WITH_LIFETIME = 2;

  /** The most bytes the arguments text may take, in UTF-8. */
  static final int MAX_ARGUMENTS_BYTES = 1024;

  /** Length of the key in bytes: a SHA-256. */
  static final int KEY_LENGTH = 32;

  private static final int MAGIC = 0x41535443; // "ASTC"
  private static final int NAME_OFFSET = 7;
  /** Fixed header bytes besides the serializer name. */
  private static final int FIXED = NAME_OFFSET + KEY_LENGTH + 8 + 8 + 4 + 4;
  /** The shortest possible frame: a one-character serializer name and an empty payload. */
  static final int MIN_LENGTH = FIXED + 1;
  /** The most bytes a header takes: the longest name and arguments text. */
  static final int MAX_HEADER_LENGTH = FIXED + 255 + 8 + 2 + MAX_ARGUMENTS_BYTES;

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /**
   * What the header says.
   *
   * @param serializer the name of the serializer that wrote the payload: 1 to 255 printable
   *     ASCII characters
   * @param key the 32-byte SHA-256 key of the call
   * @param createdMillis when the entry was written, epoch millis
   * @param computeNanos how long the call took to compute: the time a hit saves
   * @param arguments a short rendering of the call's arguments, such as {@code
   *     quote("widget", 3)}, at most {@value #MAX_ARGUMENTS_BYTES} bytes in UTF-8; {@code null}
   *     when not recorded (setting {@code describe.arguments} off, or an entry of version 1 or 3)
   * @param lifetimeMillis the time to live in force for the call when the entry was written
   *     ({@code @TimeToLive}, else the {@code ttl} setting), so that the entry expires at {@code
   *     createdMillis + lifetimeMillis} for whoever reads the header alone; 0 when none was (the
   *     entry does not expire), or the entry is of version 1 or 2
   */
  record Header(String serializer, byte[] key, long createdMillis, long computeNanos,
      String arguments, long lifetimeMillis) {

    /** A header without arguments text or lifetime, as version 1 wrote them. */
    Header(String serializer, byte[] key, long createdMillis, long computeNanos) {
      this(serializer, key, createdMillis, computeNanos, null, 0);
    }

    /** A header without lifetime, as version 2 wrote them. */
    Header(String serializer, byte[] key, long createdMillis, long computeNanos,
        String arguments) {
      this(serializer, key, createdMillis, computeNanos, arguments, 0);
    }

    /** Checks the serializer name, the key's length, the arguments text's and the lifetime. */
    public Header {
      Objects.requireNonNull(serializer, "serializer == null");
      Objects.requireNonNull(key, "key == null");
      if (serializer.isEmpty() || serializer.length() > 255 || !printableAscii(serializer)) {
        throw new IllegalArgumentException(
            "serializer name must be 1 to 255 printable ASCII characters without spaces: "
                + serializer);
      }
      if (key.length != KEY_LENGTH) {
        throw new IllegalArgumentException("key must be 32 bytes, not " + key.length);
      }
      // at most 3 UTF-8 bytes per char (a surrogate pair: 4 for 2), so a short text is not
      // encoded again to be measured: every hit reads a header
      if (arguments != null && arguments.length() * 3L > MAX_ARGUMENTS_BYTES
          && arguments.getBytes(StandardCharsets.UTF_8).length > MAX_ARGUMENTS_BYTES) {
        throw new IllegalArgumentException("arguments text must be at most "
            + MAX_ARGUMENTS_BYTES + " bytes in UTF-8, not " + arguments.getBytes(
                StandardCharsets.UTF_8).length);
      }
      if (lifetimeMillis < 0) {
        throw new IllegalArgumentException("lifetimeMillis must be positive, or 0 for none, not "
            + lifetimeMillis);
      }
    }

    /** Whether every char is printable ASCII but the space (a loop: every hit reads a header). */
    private static boolean printableAscii(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c <= 0x20 || c >= 0x7f) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Header h && serializer.equals(h.serializer) && Arrays.equals(key, h.key)
          && createdMillis == h.createdMillis && computeNanos == h.computeNanos
          && Objects.equals(arguments, h.arguments) && lifetimeMillis == h.lifetimeMillis;
    }

    @Override
    public int hashCode() {
      return Objects.hash(serializer, Arrays.hashCode(key), createdMillis, computeNanos,
          arguments, lifetimeMillis);
    }

    @Override
    public String toString() {
      return "Header[serializer=" + serializer + ", key=" + Hashes.hex(key) + ", createdMillis="
          + createdMillis + ", computeNanos=" + computeNanos
          + (arguments == null ? "" : ", arguments=" + arguments)
          + (lifetimeMillis == 0 ? "" : ", lifetimeMillis=" + lifetimeMillis) + "]";
    }
  }

  /**
   * A checked entry: its header, and where its payload lies in the frame it was read from. The
   * payload is not copied out of the frame (a hit copies it once, into its value); {@link
   * #payload()} copies it.
   *
   * @param frame the bytes read, header included
   * @param payloadOffset where the payload starts in {@code frame}
   * @param payloadLength the payload's length
   */
  record Decoded(Header header, byte[] frame, int payloadOffset, int payloadLength) {

    /** A decoded entry whose payload is all of {@code payload}. */
    Decoded(Header header, byte[] payload) {
      this(header, payload, 0, payload.length);
    }

    /** A copy of the payload. */
    byte[] payload() {
      return Arrays.copyOfRange(frame, payloadOffset, payloadOffset + payloadLength);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Decoded d && header.equals(d.header)
          && Arrays.equals(frame, payloadOffset, payloadOffset + payloadLength, d.frame,
              d.payloadOffset, d.payloadOffset + d.payloadLength);
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (int i = payloadOffset; i < payloadOffset + payloadLength; i++) {
        h = 31 * h + frame[i];
      }
      return 31 * header.hashCode() + h;
    }

    @Override
    public String toString() {
      return "Decoded[header=" + header + ", payload=" + payloadLength + " bytes]";
    }
  }

  private EntryFrame() {}

  /** Frames {@code payload} under {@code header}. */
  static byte[] write(Header header, byte[] payload) {
    Objects.requireNonNull(header, "header == null");
    Objects.requireNonNull(payload, "payload == null");
    byte[] name = header.serializer().getBytes(StandardCharsets.US_ASCII);
    byte[] arguments = header.arguments() == null ? null
        : header.arguments().getBytes(StandardCharsets.UTF_8);
    int n = name.length;
    boolean lifetime = header.lifetimeMillis() > 0;
    int at = FIXED + n + (lifetime ? 8 : 0); // where the arguments text's length goes
    int headerLength = at + (arguments == null ? 0 : 2 + arguments.length);
    int version = FORMAT_VERSION_WITHOUT_ARGUMENTS + (arguments == null ? 0 : WITH_ARGUMENTS)
        + (lifetime ? WITH_LIFETIME : 0);
    if (payload.length > Integer.MAX_VALUE - 16 - headerLength) {
      throw new IllegalArgumentException("payload too large to frame: " + payload.length + " bytes");
    }
    byte[] out = new byte[headerLength + payload.length];
    INT.set(out, 0, MAGIC);
    out[4] = (byte) (version >>> 8);
    out[5] = (byte) version;
    out[6] = (byte) n;
    System.arraycopy(name, 0, out, NAME_OFFSET, n);
    System.arraycopy(header.key(), 0, out, NAME_OFFSET + n, KEY_LENGTH);
    LONG.set(out, 39 + n, header.createdMillis());
    LONG.set(out, 47 + n, header.computeNanos());
    INT.set(out, 55 + n, payload.length);
    if (lifetime) {
      LONG.set(out, FIXED + n, header.lifetimeMillis());
    }
    if (arguments != null) {
      out[at] = (byte) (arguments.length >>> 8);
      out[at + 1] = (byte) arguments.length;
      System.arraycopy(arguments, 0, out, at + 2, arguments.length);
    }
    System.arraycopy(payload, 0, out, headerLength, payload.length);
    INT.set(out, 59 + n, checksum(out, 59 + n));
    return out;
  }

  /**
   * Reads and checks a frame: magic, version, lengths, checksum, and that its key is
   * {@code expectedKey}. The result refers to {@code entry}, which must not change after.
   *
   * @throws CorruptEntryException saying what is wrong and at which offset
   * @throws IllegalArgumentException when {@code expectedKey} is not 32 bytes long
   */
  static Decoded read(byte[] entry, byte[] expectedKey) throws CorruptEntryException {
    Objects.requireNonNull(entry, "entry == null");
    int headerLength = headerLength(entry, expectedKey);
    int length = entry.length;
    int n = entry[6] & 0xff;
    int payloadLength = (int) INT.get(entry, 55 + n);
    if (payloadLength != length - headerLength) {
      throw new CorruptEntryException("header says the payload is " + Integer.toUnsignedString(
          payloadLength) + " bytes but " + (length - headerLength)
          + " follow the header: truncated or extended", 55 + n);
    }
    int stored = (int) INT.get(entry, 59 + n);
    int actual = checksum(entry, 59 + n);
    if (stored != actual) {
      throw new CorruptEntryException(String.format(
          "checksum mismatch: header says 0x%08x, content gives 0x%08x", stored, actual), 59 + n);
    }
    checkKey(entry, n, expectedKey);
    return new Decoded(header(entry, headerLength, expectedKey), entry, headerLength,
        length - headerLength);
  }

  /**
   * Reads and checks a frame held in {@code frame} from position 0 to its limit, as {@link
   * #read(byte[], byte[])} does, copying only its header out of the buffer; the payload stays
   * where it is, at the returned offset.
   *
   * @return the header, and where the payload lies in {@code frame}
   * @throws CorruptEntryException saying what is wrong and at which offset
   */
  static InBuffer readBuffer(ByteBuffer frame, byte[] expectedKey) throws CorruptEntryException {
    Unchecked entry = readUnchecked(frame, expectedKey);
    entry.update(frame, entry.entry().payloadOffset(), frame.limit());
    entry.check();
    return entry.entry();
  }

  /**
   * Reads a frame held in {@code frame} from position 0 to its limit as {@link #readBuffer}
   * does, but leaves the payload's bytes to the caller: it gives them to the result ({@link
   * Unchecked#update}) as it copies them into their value, so that a large payload is read once,
   * then {@link Unchecked#check} says what {@link #readBuffer} would have. Until then nothing of
   * the entry may be trusted, its key included.
   *
   * @throws CorruptEntryException when the magic, version, serializer name, a length or the
   *     header's extent is wrong (as {@link #readBuffer} would say it)
   */
  static Unchecked readUnchecked(ByteBuffer frame, byte[] expectedKey)
      throws CorruptEntryException {
    Objects.requireNonNull(frame, "frame == null");
    int length = frame.limit();
    byte[] head = new byte[Math.min(length, MAX_HEADER_LENGTH)];
    frame.get(0, head);
    // a prefix of at most MAX_HEADER_LENGTH bytes holds any header whole, so the checks of the
    // prefix find what is wrong with the header of the frame, truncation included
    int headerLength = headerLength(head, expectedKey);
    int n = head[6] & 0xff;
    int payloadLength = (int) INT.get(head, 55 + n);
    if (payloadLength != length - headerLength) {
      throw new CorruptEntryException("header says the payload is " + Integer.toUnsignedString(
          payloadLength) + " bytes but " + (length - headerLength)
          + " follow the header: truncated or extended", 55 + n);
    }
    CRC32C crc = new CRC32C();
    crc.update(head, 0, 59 + n);
    crc.update(head, 63 + n, headerLength - 63 - n);
    return new Unchecked(new InBuffer(header(head, headerLength, expectedKey), headerLength,
        length - headerLength), head, expectedKey, crc);
  }

  /**
   * A frame whose header is read and whose checksum has seen every byte but the payload's,
   * from {@link #readUnchecked}: the caller gives it the payload's bytes in order, then checks.
   */
  static final class Unchecked {
    private final InBuffer entry;
    private final byte[] head;
    private final byte[] expectedKey;
    private final CRC32C crc;
    private long seen;

    private Unchecked(InBuffer entry, byte[] head, byte[] expectedKey, CRC32C crc) {
      this.entry = entry;
      this.head = head;
      this.expectedKey = expectedKey;
      this.crc = crc;
    }

    /** The header and where the payload lies: to be trusted only once {@link #check} passed. */
    InBuffer entry() {
      return entry;
    }

    /** The next {@code len} bytes of the payload, from {@code b[off]}. */
    void update(byte[] b, int off, int len) {
      crc.update(b, off, len);
      seen += len;
    }

    /**
     * The next bytes of the payload, from {@code frame[from]} to {@code frame[to]}, through a
     * heap copy in pieces (not the checksum's direct-buffer path: on a mapped file that a
     * truncation made shorter, the copy fails with an {@link InternalError}, the checksum
     * would crash the JVM).
     */
    void update(ByteBuffer frame, int from, int to) {
      byte[] piece = new byte[Math.min(to - from, 8192)];
      for (int at = from; at < to; at += piece.length) {
        int k = Math.min(piece.length, to - at);
        frame.get(at, piece, 0, k);
        update(piece, 0, k);
      }
    }

    /**
     * Checks that the payload's bytes were all given and the checksum and key match.
     *
     * @throws CorruptEntryException as {@link #readBuffer} would, with the same message
     */
    void check() throws CorruptEntryException {
      int n = head[6] & 0xff;
      if (seen != entry.payloadLength()) {
        throw new IllegalStateException("given " + seen + " bytes of a payload of "
            + entry.payloadLength());
      }
      int stored = (int) INT.get(head, 59 + n);
      int actual = (int) crc.getValue();
      if (stored != actual) {
        throw new CorruptEntryException(String.format(
            "checksum mismatch: header says 0x%08x, content gives 0x%08x", stored, actual),
            59 + n);
      }
      checkKey(head, n, expectedKey);
    }
  }

  /**
   * A checked entry in a buffer: its header, and where its payload lies.
   *
   * @param payloadOffset where the payload starts in the buffer
   * @param payloadLength the payload's length
   */
  record InBuffer(Header header, int payloadOffset, int payloadLength) {}

  /**
   * Reads the header of a frame without checking its payload or checksum, from {@code start},
   * the frame's first bytes (the whole frame, or at least its header: {@value
   * #MAX_HEADER_LENGTH} bytes hold any header): for listing entries without reading them whole.
   * Only {@link #read} says whether an entry is sound.
   *
   * @throws CorruptEntryException when the magic, version, serializer name, arguments length or
   *     key is wrong, or {@code start} ends within the header
   */
  static Header readHeader(byte[] start, byte[] expectedKey) throws CorruptEntryException {
    Objects.requireNonNull(start, "start == null");
    int headerLength = headerLength(start, expectedKey);
    checkKey(start, start[6] & 0xff, expectedKey);
    return header(start, headerLength, expectedKey);
  }

  /**
   * Checks magic, version and serializer name, and that the header's bytes are all there;
   * returns the header's length (where the payload starts).
   */
  private static int headerLength(byte[] entry, byte[] expectedKey) throws CorruptEntryException {
    Objects.requireNonNull(expectedKey, "expectedKey == null");
    if (expectedKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException("expectedKey must be 32 bytes, not " + expectedKey.length);
    }
    int length = entry.length;
    if (length < 4) {
      throw truncated(length, MIN_LENGTH);
    }
    int magic = (int) INT.get(entry, 0);
    if (magic != MAGIC) {
      throw new CorruptEntryException(String.format(
          "not an astrocache entry: magic is 0x%08x, expected 0x%08x (\"ASTC\")", magic, MAGIC), 0);
    }
    if (length < NAME_OFFSET) {
      throw truncated(length, MIN_LENGTH);
    }
    int version = ((entry[4] & 0xff) << 8) | (entry[5] & 0xff);
    if (version < FORMAT_VERSION_WITHOUT_ARGUMENTS || version > FORMAT_VERSION) {
      throw new CorruptEntryException("entry format version " + version
          + " is not one this astrocache reads (" + FORMAT_VERSION_WITHOUT_ARGUMENTS + " to "
          + FORMAT_VERSION + "): written by another version of astrocache", 4);
    }
    int n = entry[6] & 0xff;
    if (n == 0) {
      throw new CorruptEntryException("serializer name length is 0, must be 1 to 255", 6);
    }
    int headerLength = FIXED + n;
    if (length < headerLength) {
      throw truncated(length, headerLength);
    }
    for (int i = NAME_OFFSET; i < NAME_OFFSET + n; i++) {
      if (entry[i] <= 0x20 || entry[i] == 0x7f) { // bytes are signed: >= 0x80 is negative
        throw new CorruptEntryException(String.format(
            "serializer name has byte 0x%02x, must be printable ASCII", entry[i] & 0xff), i);
      }
    }
    if (hasLifetime(version)) {
      if (length < headerLength + 8) {
        throw truncated(length, headerLength + 8);
      }
      long lifetime = (long) LONG.get(entry, headerLength);
      if (lifetime <= 0) {
        throw new CorruptEntryException("lifetime is " + lifetime + " ms, must be positive",
            headerLength);
      }
      headerLength += 8;
    }
    if (hasArguments(version)) {
      if (length < headerLength + 2) {
        throw truncated(length, headerLength + 2);
      }
      int d = ((entry[headerLength] & 0xff) << 8) | (entry[headerLength + 1] & 0xff);
      if (d > MAX_ARGUMENTS_BYTES) {
        throw new CorruptEntryException("arguments text length is " + d + ", must be at most "
            + MAX_ARGUMENTS_BYTES, headerLength);
      }
      headerLength += 2 + d;
      if (length < headerLength) {
        throw truncated(length, headerLength);
      }
    }
    return headerLength;
  }

  private static boolean hasArguments(int version) {
    return ((version - FORMAT_VERSION_WITHOUT_ARGUMENTS) & WITH_ARGUMENTS) != 0;
  }

  private static boolean hasLifetime(int version) {
    return ((version - FORMAT_VERSION_WITHOUT_ARGUMENTS) & WITH_LIFETIME) != 0;
  }

  private static void checkKey(byte[] entry, int n, byte[] expectedKey)
      throws CorruptEntryException {
    int keyOffset = NAME_OFFSET + n;
    if (!Arrays.equals(entry, keyOffset, keyOffset + KEY_LENGTH, expectedKey, 0, KEY_LENGTH)) {
      throw new CorruptEntryException("entry is for key " + Hashes.hex(entry, keyOffset,
          keyOffset + KEY_LENGTH) + ", expected " + Hashes.hex(expectedKey), keyOffset);
    }
  }

  /** The header of a frame whose lengths {@link #headerLength} checked. */
  private static Header header(byte[] entry, int headerLength, byte[] key) {
    int n = entry[6] & 0xff;
    int version = ((entry[4] & 0xff) << 8) | (entry[5] & 0xff);
    long lifetime = hasLifetime(version) ? (long) LONG.get(entry, FIXED + n) : 0;
    int at = FIXED + n + (hasLifetime(version) ? 8 : 0);
    String arguments = hasArguments(version)
        ? new String(entry, at + 2, headerLength - at - 2, StandardCharsets.UTF_8) : null;
    return new Header(new String(entry, NAME_OFFSET, n, StandardCharsets.US_ASCII), key.clone(),
        (long) LONG.get(entry, 39 + n), (long) LONG.get(entry, 47 + n), arguments, lifetime);
  }

  private static CorruptEntryException truncated(int length, int needed) {
    return new CorruptEntryException("entry is " + length + " bytes, shorter than its header ("
        + needed + " bytes): truncated or not an astrocache entry", length);
  }

  /** CRC32C of the frame without the four checksum bytes at {@code at}. */
  private static int checksum(byte[] frame, int at) {
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, at);
    crc.update(frame, at + 4, frame.length - at - 4);
    return (int) crc.getValue();
  }
}
