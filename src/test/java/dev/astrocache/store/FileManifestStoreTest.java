package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.ManifestStoreContract;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The file store's manifests meet the contract, read and written through {@link FileLayout}. */
class FileManifestStoreTest extends ManifestStoreContract {
  @TempDir Path directory;
  private Store store;

  @Override
  protected ManifestStore manifests() throws IOException {
    if (store == null) {
      store = new TestStoreContext(directory).open("file");
    }
    return store.manifests().orElseThrow();
  }

  @Override
  protected void putEntry(String function, String fingerprint) throws IOException {
    manifests();
    store.put(new EntryKey(function, fingerprint, "ab".repeat(32)), new byte[] {1});
  }

  @AfterEach
  void close() throws IOException {
    if (store != null) {
      store.close();
    }
  }
}
