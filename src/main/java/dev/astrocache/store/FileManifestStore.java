package dev.astrocache.store;

import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.StoredManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The file store's manifests: {@code <root>/<function>/<fingerprint>/manifest.txt} in UTF-8,
 * written whole or not at all, 0600 in 0700 folders ({@link FileLayout}). The sweeper leaves
 * them; a fingerprint's manifest stays after eviction has taken all its entries, and then no
 * longer {@link StoredManifest#hasEntries has entries}.
 */
final class FileManifestStore implements ManifestStore {
  private final FileLayout layout;

  FileManifestStore(FileLayout layout) {
    this.layout = layout;
  }

  @Override
  public void write(String function, String fingerprint, String text) throws IOException {
    Path file = layout.manifest(function, fingerprint);
    if (Files.exists(file)) {
      return;
    }
    layout.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public List<StoredManifest> list(String function) throws IOException {
    List<StoredManifest> manifests = new ArrayList<>();
    for (String fingerprint : layout.fingerprints(function)) {
      Path file = layout.manifest(function, fingerprint);
      try {
        manifests.add(new StoredManifest(fingerprint,
            Files.getLastModifiedTime(file).toInstant(), layout.hasEntries(function, fingerprint)));
      } catch (NoSuchFileException e) {
        // a fingerprint whose manifest was never written (a store that could not write it)
      }
    }
    return manifests;
  }

  @Override
  public Optional<String> read(String function, String fingerprint) throws IOException {
    try {
      return Optional.of(
          Files.readString(layout.manifest(function, fingerprint), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "manifests in " + layout.root();
  }
}
