package dev.astrocache;

/**
 * The entry frame (package-private, the front's own) for the store tests in another package:
 * they write whole entries as the cache frames them and check that what a store gives back is
 * still whole.
 */
public final class EntryFrames {
  private EntryFrames() {}

  /** A frame of {@code payload} for the 32-byte {@code key}, as the cache writes it. */
  public static byte[] frame(String serializer, byte[] key, long createdMillis, long computeNanos,
      byte[] payload) {
    return EntryFrame.write(new EntryFrame.Header(serializer, key, createdMillis, computeNanos),
        payload);
  }

  /**
   * The created time of a whole frame of {@code key}.
   *
   * @throws IllegalArgumentException naming what is wrong if it is not one
   */
  public static long createdMillis(byte[] entry, byte[] key) {
    try {
      return EntryFrame.read(entry, key).header().createdMillis();
    } catch (CorruptEntryException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** {@code entry}, a whole frame of {@code key}, framed again with another creation time. */
  public static byte[] restamped(byte[] entry, byte[] key, long createdMillis) {
    try {
      EntryFrame.Decoded d = EntryFrame.read(entry, key);
      return frame(d.header().serializer(), key, createdMillis, d.header().computeNanos(),
          d.payload());
    } catch (CorruptEntryException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
