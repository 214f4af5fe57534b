package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real {@link StoreContext} for tests: a directory, settings set with {@link #set}, stores
 * opened by name through {@link ServiceLoader}, and the rejections it was told of.
 */
public final class TestStoreContext implements StoreContext {
  private final Path directory;
  private final Map<String, String> settings = new ConcurrentHashMap<>();
  private final List<String> rejections = new ArrayList<>();

  public TestStoreContext(Path directory) {
    this.directory = directory;
  }

  /** Sets {@code name} (short form, such as {@code "max.bytes"}) to {@code value}. */
  public TestStoreContext set(String name, String value) {
    settings.put(name, value);
    return this;
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  @Override
  public Store open(String storeName) throws IOException {
    for (StoreProvider provider
        : ServiceLoader.load(StoreProvider.class, TestStoreContext.class.getClassLoader())) {
      if (provider.name().equals(storeName)) {
        return provider.open(this);
      }
    }
    throw new IllegalArgumentException("no store provider named " + storeName);
  }

  @Override
  public synchronized void rejected(EntryKey key, String reason) {
    rejections.add(key + ": " + reason);
  }

  /** What {@link #rejected} was told, as {@code "<key>: <reason>"}, oldest first. */
  public synchronized List<String> rejections() {
    return List.copyOf(rejections);
  }
}
