package dev.astrocache.spi;

import java.io.IOException;
import java.util.Set;

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

  /**
   * The short names of the settings this store reads through {@link StoreContext#setting}, such
   * as {@code "s3.bucket"} for {@code -Dastrocache.s3.bucket}. The cache warns once about every
   * {@code astrocache.*} system property and {@code ASTROCACHE_*} environment variable that no
   * one reads, and the builder refuses such a name: list here every setting of your own so that
   * it is neither warned about nor refused. The default lists none.
   */
  default Set<String> settings() {
    return Set.of();
  }
}
