package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A store that can read an entry into a buffer of its own instead of a new array: what a hit of
 * the file store does, so that a large payload is copied from the file once into the buffer and
 * once into its value, with no array of the whole entry in between. Not part of the SPI: the
 * front uses it when the store it opened is one.
 */
public interface DirectRead {

  /**
   * The entry stored under {@code key}, from position 0 to its limit, or {@code null} if there
   * is none. The buffer belongs to the calling thread and is overwritten by its next read: read
   * what is needed from it before anything that may read again (such as user code).
   */
  ByteBuffer readDirect(EntryKey key) throws IOException;
}
