package dev.astrocache;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Stores that fail in one way each, or record their closing; found through META-INF/services. */
public final class TestStores {
  private TestStores() {}

  /** A store that cannot be opened, as in a folder without write permission. */
  public static final class Unopenable implements StoreProvider {
    @Override
    public String name() {
      return "test-unopenable";
    }

    @Override
    public Store open(StoreContext context) throws IOException {
      throw new IOException("Permission denied");
    }
  }

  /** A store whose every read fails, as with a remote that resets connections. */
  public static final class Unreadable implements StoreProvider {
    @Override
    public String name() {
      return "test-unreadable";
    }

    @Override
    public Store open(StoreContext context) {
      return new Store() {
        @Override
        public byte[] get(EntryKey key) throws IOException {
          throw new IOException("Connection reset");
        }

        @Override
        public void put(EntryKey key, byte[] entry) {}
      };
    }
  }

  /** An in-memory store that records, by the cache's directory, that it was closed. */
  public static final class Recording implements StoreProvider {
    /** The directories of the caches whose store was closed. */
    static final Set<Path> CLOSED = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
      return "test-recording";
    }

    @Override
    public Store open(StoreContext context) {
      Map<String, byte[]> entries = new ConcurrentHashMap<>();
      Path directory = context.directory();
      return new Store() {
        @Override
        public byte[] get(EntryKey key) {
          return entries.get(key.toString());
        }

        @Override
        public void put(EntryKey key, byte[] entry) {
          entries.put(key.toString(), entry);
        }

        @Override
        public void close() {
          CLOSED.add(directory);
        }
      };
    }
  }
}
