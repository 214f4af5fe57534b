package dev.astrocache.store;

import dev.astrocache.config.Setting;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code memory} store: entries in this JVM's heap, least recently used first out once they
 * pass {@code memory.max.bytes} ({@code astrocache.memory.max.bytes}, such as {@code 64m};
 * default {@code 64m}). Nothing survives the JVM; useful for tests and as a
 * front tier.
 */
public final class MemoryStoreProvider implements StoreProvider {

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Store open(StoreContext context) {
    Objects.requireNonNull(context, "context == null");
    return new MemoryStore(Setting.MEMORY_MAX_BYTES.parseOrDefault(
        context.setting(Setting.MEMORY_MAX_BYTES.name())));
  }

  @Override
  public Set<String> settings() {
    return Set.of(Setting.MEMORY_MAX_BYTES.name());
  }
}
