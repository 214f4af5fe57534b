package dev.astrocache;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.io.IOException;

/** A store whose every write fails as on a full disk; found through test META-INF/services. */
public final class FullDiskStoreProvider implements StoreProvider {
  @Override
  public String name() {
    return "test-full-disk";
  }

  @Override
  public Store open(StoreContext context) {
    return new Store() {
      @Override
      public byte[] get(EntryKey key) {
        return null;
      }

      @Override
      public void put(EntryKey key, byte[] entry) throws IOException {
        throw new IOException("No space left on device");
      }
    };
  }
}
