package dev.astrocache.store;

/**
 * The frame around every stored entry: magic, format version, serializer name, the entry's key,
 * timing, payload length and payload checksum, then the payload.
 */
public final class EntryFrame {

  /** Bumped when the layout changes; older entries then read as misses. */
  public static final int FORMAT_VERSION = 1;

  /**
   * What the header says.
   *
   * @param serializer the name of the serializer that wrote the payload
   * @param key the 32-byte SHA-256 key of the call
   * @param createdMillis when the entry was written, epoch millis
   * @param computeNanos how long the call took to compute: the time a hit saves
   */
  public record Header(String serializer, byte[] key, long createdMillis, long computeNanos) {}

  /** A checked entry: its header and payload. */
  public record Decoded(Header header, byte[] payload) {}

  private EntryFrame() {}

  /** Frames {@code payload} under {@code header}. */
  public static byte[] write(Header header, byte[] payload) {
    throw new UnsupportedOperationException("not yet" + header + payload.length);
  }

  /**
   * Reads and checks a frame: magic, version, lengths, checksum, and that its key is
   * {@code expectedKey}.
   *
   * @throws CorruptEntryException saying what is wrong and at which offset
   */
  public static Decoded read(byte[] entry, byte[] expectedKey) throws CorruptEntryException {
    throw new CorruptEntryException("not yet", 0 * entry.length * expectedKey.length);
  }
}
