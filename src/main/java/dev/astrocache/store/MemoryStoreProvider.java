package dev.astrocache.store;

import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.io.IOException;

/** The {@code memory} store. */
public final class MemoryStoreProvider implements StoreProvider {

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Store open(StoreContext context) throws IOException {
    throw new IOException("not yet: " + context);
  }
}
