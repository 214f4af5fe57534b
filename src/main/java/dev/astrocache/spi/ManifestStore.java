package dev.astrocache.spi;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifests a store keeps beside its entries, offered through {@link Store#manifests()}.
 *
 * <p>A manifest belongs to a function (a cached method, {@link EntryKey#function()}) at one
 * fingerprint of its code ({@link EntryKey#fingerprint()}); its text, written by the cache, lists
 * the methods that code reached with their hashes. When a call misses while another fingerprint
 * of the same function has entries, the cache reads the most recent such manifest and logs which
 * methods changed, appeared or disappeared. A store without manifests costs its users only that
 * explanation.
 *
 * <p>The function and fingerprint follow the rules of {@link EntryKey} (safe as path and URL
 * segments; the fingerprint is 64 lower-case hex digits). The text is opaque to the store: keep
 * it as given, in UTF-8 where bytes are needed. Implementations must be thread-safe and, when
 * several processes share the store, make each write appear whole or not at all. Failures are
 * thrown as {@link IOException}: the cache logs them at DEBUG level and goes on, so a manifest
 * never fails a call.
 */
public interface ManifestStore {

  /**
   * Keeps {@code text} as the manifest of {@code function} at {@code fingerprint}. The manifest
   * of a fingerprint never changes (the fingerprint is a hash of what it lists), so a store that
   * already keeps one there may leave it and return. The cache writes each manifest at most once
   * per process, on the first call that computes a result under that fingerprint.
   *
   * @throws IOException when the manifest cannot be written
   */
  void write(String function, String fingerprint, String text) throws IOException;

  /**
   * The manifests kept for {@code function}, one per fingerprint, in no particular order; empty
   * when there are none (a function never called, a folder that does not exist). Listing must
   * not read every text: a library upgrade can leave thousands of methods in each.
   *
   * @throws IOException when the store cannot be listed
   */
  List<StoredManifest> list(String function) throws IOException;

  /**
   * The text of the manifest of {@code function} at {@code fingerprint}, as it was written;
   * empty when none is kept (another process may have removed it since {@link #list}).
   *
   * @throws IOException when it cannot be read
   */
  Optional<String> read(String function, String fingerprint) throws IOException;

  /**
   * Keeps {@code text} as what the cache knows of one state of the implementation whose calls
   * have entries at {@code function} and {@code fingerprint}: {@code state} is 16 lower-case hex
   * digits (a digest of the encoded state), {@code text} one line per field with a digest of its
   * value. It lets a miss say that the state changed, and which field, rather than that the
   * arguments were new. The cache writes each at most once per process, after an entry with that
   * state was written; a store may replace an earlier text. The default keeps nothing: misses are
   * then explained without the state.
   *
   * @throws IOException when it cannot be written
   */
  default void writeState(String function, String fingerprint, String state, String text)
      throws IOException {}

  /**
   * The states kept for {@code function} at {@code fingerprint} by {@link #writeState}, each
   * state to its text; empty when there are none, and by default.
   *
   * @throws IOException when they cannot be read
   */
  default Map<String, String> states(String function, String fingerprint) throws IOException {
    return Map.of();
  }
}
