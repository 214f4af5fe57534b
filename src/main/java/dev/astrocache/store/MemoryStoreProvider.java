package dev.astrocache.store;

import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.util.Objects;

/**
 * The {@code memory} store: entries in this JVM's heap, least recently used first out once they
 * pass {@code memory.max.bytes} ({@code astrocache.memory.max.bytes}, such as {@code 64m};
 * default {@value #DEFAULT_MAX_BYTES}). Nothing survives the JVM; useful for tests and as a
 * front tier.
 */
public final class MemoryStoreProvider implements StoreProvider {

  /** The cap when {@code memory.max.bytes} is not set. */
  public static final String DEFAULT_MAX_BYTES = "64m";

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Store open(StoreContext context) {
    Objects.requireNonNull(context, "context == null");
    return new MemoryStore(FileStoreProvider.parseBytes(
        "memory.max.bytes", context.setting("memory.max.bytes").orElse(DEFAULT_MAX_BYTES)));
  }
}
