package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.ManifestStoreContract;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store's manifests meet the contract, read and written through {@link FileLayout}. */
class FileManifestStoreTest extends ManifestStoreContract {
  @TempDir Path directory;
  private Store store;

  @Override
  protected ManifestStore manifests() throws IOException {
    if (store == null) {
      // inline: the contract puts an entry and asks at once which folders hold entries on disk
      store = new TestStoreContext(directory).set("writes", "inline").open("file");
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

  @Test
  void states_areKeptBesideTheManifest_oneFilePerState_firstTextKept() throws IOException {
    String function = "a.Api.run-12345678";
    String fingerprint = "c".repeat(64);
    ManifestStore m = manifests();
    assertEquals(Map.of(), m.states(function, fingerprint));
    m.writeState(function, fingerprint, "0123456789abcdef", "rate 11\n");
    m.writeState(function, fingerprint, "0123456789abcdef", "rate 99\n");
    m.writeState(function, fingerprint, "fedcba9876543210", "rate 22\n");
    assertEquals(Map.of("0123456789abcdef", "rate 11\n", "fedcba9876543210", "rate 22\n"),
        m.states(function, fingerprint));
    FileLayout layout = FileLayout.of(directory);
    Path file = layout.state(function, fingerprint, "0123456789abcdef");
    assertEquals(directory.toAbsolutePath().resolve(function).resolve(fingerprint)
        .resolve("state-0123456789abcdef.txt"), file);
    assertEquals(FileLayout.Kind.STATE, layout.kind(file));
    assertEquals(FileLayout.Kind.TEMPORARY,
        layout.kind(file.resolveSibling(".state-0123456789abcdef.txt.12.a.tmp")));
    assertEquals(FileLayout.Kind.OTHER, layout.kind(file.resolveSibling("state-0123.txt")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> layout.state(function, fingerprint, "../x"));
    assertEquals("state must be 16 lower-case hex digits: '../x'", e.getMessage());
  }
}
