package dev.astrocache;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import dev.astrocache.spi.StoredManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plug-in store, neither {@code file} nor {@code tiered} by name, that keeps entries in memory
 * and offers manifests, kept in memory per cache directory; found through test
 * META-INF/services.
 */
public final class ManifestKeepingStoreProvider implements StoreProvider {
  /** Per cache directory: {@code function/fingerprint} to the manifest's text. */
  static final Map<Path, Map<String, String>> MANIFESTS = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "test-manifests";
  }

  @Override
  public Store open(StoreContext context) throws IOException {
    Store entries = context.open("memory");
    Map<String, String> kept =
        MANIFESTS.computeIfAbsent(context.directory(), d -> new ConcurrentHashMap<>());
    ManifestStore manifests = new ManifestStore() {
      @Override
      public void write(String function, String fingerprint, String text) {
        kept.putIfAbsent(function + "/" + fingerprint, text);
      }

      @Override
      public List<StoredManifest> list(String function) {
        List<StoredManifest> list = new ArrayList<>();
        kept.keySet().stream().filter(k -> k.startsWith(function + "/")).forEach(k ->
            list.add(new StoredManifest(k.substring(function.length() + 1), Instant.EPOCH, true)));
        return list;
      }

      @Override
      public Optional<String> read(String function, String fingerprint) {
        return Optional.ofNullable(kept.get(function + "/" + fingerprint));
      }
    };
    return new Store() {
      @Override
      public byte[] get(EntryKey key) throws IOException {
        return entries.get(key);
      }

      @Override
      public void put(EntryKey key, byte[] entry) throws IOException {
        entries.put(key, entry);
      }

      @Override
      public Optional<ManifestStore> manifests() {
        return Optional.of(manifests);
      }
    };
  }
}
