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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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

  /**
   * {@code <root>/<function>/<fingerprint>/state-<state>.txt}, written whole or not at all; one
   * already there is left, as its name is a digest of the state it describes.
   */
  @Override
  public void writeState(String function, String fingerprint, String state, String text)
      throws IOException {
    Path file = layout.state(function, fingerprint, state);
    if (!Files.exists(file)) {
      layout.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public Map<String, String> states(String function, String fingerprint) throws IOException {
    Map<String, String> states = new TreeMap<>();
    for (String state : layout.states(function, fingerprint)) {
      try {
        states.put(state, Files.readString(layout.state(function, fingerprint, state),
            StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        // removed meanwhile
      }
    }
    return states;
  }

  @Override
  public String toString() {
    return "manifests in " + layout.root();
  }
}
