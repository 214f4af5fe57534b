package dev.astrocache.base;

/**
 * The one fact of an entry's frame that the file store's sweeper needs, its recorded compute
 * time, read from the frame's first bytes without the front's {@code EntryFrame} (which the
 * store may not depend on). {@code EntryFrameTest}'s peer {@code EntryCostTest} holds the two
 * together: what {@code EntryFrame.write} frames, this reads back.
 *
 * <p>Layout (see {@code EntryFrame}): magic "ASTC", a 2-byte version (1 to 4), the serializer
 * name's length {@code n} (1 to 255), the name, the 32-byte key, createdMillis, computeNanos at
 * offset {@code 47 + n}.
 */
public final class EntryCost {
  /** Bytes that hold the compute time of any frame: the longest name's offset plus 8. */
  public static final int HEAD_BYTES = 47 + 255 + 8;

  private static final int MAGIC = 0x41535443; // "ASTC"

  private EntryCost() {}

  /**
   * The compute time in nanoseconds that the frame starting with {@code head[0, length)}
   * records, or -1 when those bytes are not the start of a frame this version reads (a foreign
   * or truncated file; a negative time is -1 too). Checks neither key nor checksum: it only
   * weighs an entry for eviction.
   */
  public static long computeNanos(byte[] head, int length) {
    if (length < 8 || length > head.length) {
      return -1;
    }
    int magic = (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8
        | (head[3] & 0xff);
    int version = (head[4] & 0xff) << 8 | (head[5] & 0xff);
    int n = head[6] & 0xff;
    if (magic != MAGIC || version < 1 || version > 4 || n == 0 || length < 47 + n + 8) {
      return -1;
    }
    long nanos = 0;
    for (int i = 47 + n; i < 47 + n + 8; i++) {
      nanos = nanos << 8 | (head[i] & 0xff);
    }
    return nanos < 0 ? -1 : nanos;
  }
}
