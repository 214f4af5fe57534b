package dev.astrocache.spi;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Keeps entries: opaque byte arrays addressed by an {@link EntryKey}.
 *
 * <p>A store never interprets the bytes: the cache frames each entry with its own header
 * (magic, format version, serializer, key, payload length, checksum) and checks that frame on
 * every read, so a store only has to give back what it was given, or nothing. Implementations
 * must be thread-safe; a store shared by several processes must make each {@link #put} appear
 * whole or not at all.
 *
 * <p>Stores are created by a {@link StoreProvider}, found with {@link java.util.ServiceLoader}.
 */
public interface Store extends AutoCloseable {

  /**
   * The bytes stored under {@code key}, or {@code null} when there are none.
   *
   * @throws IOException when the store cannot be read; the cache counts an error and computes
   */
  byte[] get(EntryKey key) throws IOException;

  /**
   * Stores {@code entry} under {@code key}, replacing any earlier entry.
   *
   * @throws EntryTooLargeException when the store works but refuses this entry as too large for
   *     it; stores that compose others keep the entry elsewhere and go on using this one
   * @throws IOException when the entry cannot be written; the caller still gets its value
   */
  void put(EntryKey key, byte[] entry) throws IOException;

  /** Whether an entry is stored under {@code key}. The default reads it. */
  default boolean contains(EntryKey key) throws IOException {
    return get(key) != null;
  }

  /**
   * Takes away the entry under {@code key}, whatever it holds now. The default does nothing. The
   * cache calls {@link #quarantine(EntryKey, byte[])}, which says which bytes were bad.
   */
  default void quarantine(EntryKey key) throws IOException {}

  /**
   * Takes away an entry the cache found corrupt or foreign, if it still holds {@code badBytes}
   * (what {@link #get} returned and the cache could not use): an entry written since then, by
   * this process or another, is good and stays. A store that composes others takes away only the
   * copies that hold those bytes (a bad local copy does not cost the team its good remote one),
   * and must not make the caller wait on a remote: it may queue that part. The file store moves
   * the file into a quarantine folder, where a person can look at it.
   *
   * <p>The default calls {@link #quarantine(EntryKey)}, so a store written before this method
   * existed keeps working, without the check.
   *
   * @param badBytes the bytes the cache read and rejected; not modified
   */
  default void quarantine(EntryKey key, byte[] badBytes) throws IOException {
    quarantine(key);
  }

  /**
   * Removes the entry under {@code key}, if there is one, for {@code Cache.invalidate}: a later
   * {@link #get} of it returns {@code null}. The default throws {@link
   * UnsupportedOperationException}: a store that cannot remove entries. {@code file}, {@code
   * memory}, {@code http} ({@code DELETE}) and {@code tiered} (both tiers) can.
   *
   * @return whether there was an entry (for a remote store that cannot tell, {@code true})
   * @throws IOException when the entry is there but cannot be removed
   */
  default boolean remove(EntryKey key) throws IOException {
    throw new UnsupportedOperationException(this + " cannot remove entries");
  }

  /**
   * The keys of the entries this store holds for {@code function}, under every fingerprint, in
   * no particular order; empty when it holds none. For {@code Cache.invalidate}, which removes
   * them with {@link #remove}. The default throws {@link UnsupportedOperationException}: a store
   * that cannot list its entries, as {@code http} cannot ({@code tiered} lists its local ones).
   *
   * @throws IOException when the store cannot be listed
   */
  default List<EntryKey> entries(String function) throws IOException {
    throw new UnsupportedOperationException(this + " cannot list its entries");
  }

  /**
   * The manifests this store keeps beside its entries, which let the cache say which methods
   * changed when a call misses after an edit; empty, the default, when it keeps none. The
   * {@code file} store keeps them in its directory and the {@code tiered} store offers its local
   * store's; {@code memory} and {@code http} keep none. A store that composes others offers the
   * manifests of the one that lives longest on this machine, or none.
   */
  default Optional<ManifestStore> manifests() {
    return Optional.empty();
  }

  /** Releases what the store holds. The default does nothing. */
  @Override
  default void close() throws IOException {}
}
