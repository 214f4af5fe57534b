package dev.astrocache.store;

import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.io.IOException;

/** The {@code file} store. */
public final class FileStoreProvider implements StoreProvider {

  @Override
  public String name() {
    return "file";
  }

  @Override
  public Store open(StoreContext context) throws IOException {
    throw new IOException("not yet: " + context);
  }
}
