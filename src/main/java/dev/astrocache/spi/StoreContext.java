package dev.astrocache.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** What a {@link StoreProvider} is given to open a store with. */
public interface StoreContext {

  /** The cache directory: {@code astrocache.dir}, by default {@code ~/.astrocache}. */
  Path directory();

  /**
   * A setting by its short name, such as {@code "remote.url"}, resolved as the builder's value,
   * else the system property {@code astrocache.remote.url}, else the environment variable
   * {@code ASTROCACHE_REMOTE_URL}; empty when none is set.
   */
  Optional<String> setting(String name);

  /**
   * Opens another store by name with this same context, for stores that compose others (the
   * {@code tiered} store opens {@code file} and {@code http}).
   *
   * @throws IllegalArgumentException when no provider has that name
   */
  Store open(String storeName) throws IOException;

  /**
   * Tells the cache that the store refused an entry it was given (a remote entry that is
   * unsigned or whose signature does not match): the cache counts it and logs it once.
   */
  void rejected(EntryKey key, String reason);
}
