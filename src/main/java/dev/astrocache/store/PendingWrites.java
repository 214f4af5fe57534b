package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * A store whose puts are written to disk by a background thread ({@code writes=behind}): what
 * the file store, and the tiered store through its local one, are. Not part of the SPI: the front
 * uses it when the store it opened is one.
 */
public interface PendingWrites {

  /**
   * Puts as {@link dev.astrocache.spi.Store#put} does, unless the writer's queue is full and the
   * store was opened with {@code writes.full=drop} (the default): then the entry is dropped, not
   * stored (a later call of its key misses and puts again), and this returns false at once, so
   * that the caller never waits on the disk for its own value. The front puts this way, counts
   * what is dropped and warns once.
   *
   * @return whether the entry was stored (written, or waiting to be)
   * @throws IOException when the entry cannot be written here
   */
  boolean offer(EntryKey key, byte[] entry) throws IOException;

  /**
   * Returns once the entry put under {@code key}, if it is still waiting, is on disk: written
   * here, on the caller's thread, or by the background thread that had begun it. For
   * {@code singleflight=machine}, whose followers in other processes read the entry from disk
   * as soon as the leader unlocks.
   *
   * @throws IOException when the entry cannot be written; it is then no longer pending
   */
  void flush(EntryKey key) throws IOException;

  /**
   * Where the failures of background writes go (the key and what failed), instead of one warning
   * of the store's own: the front counts them and warns once, as for a write of its own. Called
   * on the writer's thread; an entry that failed is dropped (the next call of its key misses).
   */
  void onWriteFailure(BiConsumer<EntryKey, Exception> listener);
}
