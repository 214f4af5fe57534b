package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link StoreContext} for the remote store tests: settings from a map, stores opened through
 * {@link ServiceLoader} as the cache does, and every rejection recorded.
 */
final class RemoteTestContext implements StoreContext {

  /** A rejection reported by a store. */
  record Rejection(EntryKey key, String reason) {}

  private final Path directory;
  private final Map<String, String> settings = new HashMap<>();
  private final List<Rejection> rejections = new CopyOnWriteArrayList<>();

  RemoteTestContext(Path directory) {
    this.directory = directory;
  }

  /** Sets (or with {@code null}, removes) a setting by its short name. */
  RemoteTestContext with(String name, String value) {
    if (value == null) {
      settings.remove(name);
    } else {
      settings.put(name, value);
    }
    return this;
  }

  List<Rejection> rejections() {
    return rejections;
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
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class, StoreProvider.class.getClassLoader())) {
      if (p.name().equals(storeName)) {
        return p.open(this);
      }
    }
    throw new IllegalArgumentException("no store named " + storeName);
  }

  @Override
  public void rejected(EntryKey key, String reason) {
    rejections.add(new Rejection(key, reason));
  }
}
