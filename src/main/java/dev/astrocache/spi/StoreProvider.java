package dev.astrocache.spi;

import java.io.IOException;

/**
 * Creates a {@link Store} by name. Found with {@link java.util.ServiceLoader} through a
 * {@code META-INF/services/dev.astrocache.spi.StoreProvider} file or a {@code provides} clause;
 * chosen with {@code Astrocache.builder().store("name")}, {@code -Dastrocache.store=name} or
 * {@code ASTROCACHE_STORE=name}. Implementations need a public no-argument constructor.
 */
public interface StoreProvider {

  /** The name users choose this store by, such as {@code "file"} or {@code "http"}. */
  String name();

  /**
   * Opens a store configured by {@code context}.
   *
   * @throws IOException when the store cannot be opened (a directory that cannot be created)
   * @throws IllegalArgumentException when a setting is missing or malformed; the message names
   *     the setting as {@code astrocache.<name>}
   */
  Store open(StoreContext context) throws IOException;
}
