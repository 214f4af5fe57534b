package dev.astrocache.store;

import static dev.astrocache.store.StoreContract.bytes;
import static dev.astrocache.store.StoreContract.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreSweeperTest {
  private static final long HOUR_AGO = System.currentTimeMillis() - 3_600_000;

  @TempDir
  Path root;
  private FileStore store;

  @BeforeEach
  void open() throws IOException {
    store = FileStore.open(root, Long.MAX_VALUE); // only for its paths
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Puts 1000 bytes under {@code key}, written {@code second} seconds after an hour ago. */
  private Path put(EntryKey key, int second) throws IOException {
    // written directly, not with put: a put would start the store's own background sweep
    Path file = store.path(key);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes(second, 1000));
    Files.setLastModifiedTime(file, FileTime.fromMillis(HOUR_AGO + second * 1000L));
    return file;
  }

  /** Makes every folder under the root look an hour old. */
  private void ageFolders() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isDirectory).toList()) {
        Files.setLastModifiedTime(p, FileTime.fromMillis(HOUR_AGO));
      }
    }
  }

  private List<String> files() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted()
          .toList();
    }
  }

  @Test
  void sweep_underTheCap_deletesNothing() throws IOException {
    for (int i = 0; i < 10; i++) {
      put(key("k" + i), i);
    }
    FileStoreSweeper.Result result = FileStoreSweeper.sweep(store.layout(), 10_000, () -> false);
    assertEquals(new FileStoreSweeper.Result(10_000, 0, 0), result);
    assertEquals(10, files().size());
  }

  @Test
  void sweep_overTheCap_equalCostAndSize_evictsTheLongestUnusedDownTo90Percent()
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // no header (no compute time), the same size, one use each: only the time since the last
      // recorded use (the modification time) tells them apart; functions and folders alternate
      files.add(put(key("com.example.F" + (i % 3) + ".f-00000001", "v" + (i % 2), "k" + i), i));
    }
    FileStoreSweeper.Result result = FileStoreSweeper.sweep(store.layout(), 10_000, () -> false);
    assertEquals(new FileStoreSweeper.Result(9_000, 11, 0), result);
    for (int i = 0; i < 20; i++) {
      assertEquals(i >= 11, Files.exists(files.get(i)), "entry " + i);
    }
  }

  @Test
  void sweep_emptiedOldFolders_areRemovedButManifestsAndQuarantineStay() throws IOException {
    EntryKey gone = key("com.example.Gone.f-00000001", "v1", "a");
    EntryKey manifested = key("com.example.Kept.f-00000001", "v1", "b");
    EntryKey kept = key("com.example.Kept.f-00000001", "v2", "c");
    put(gone, 0);
    Path manifestedFile = put(manifested, 1);
    put(kept, 2);
    Path manifest = manifestedFile.getParent().getParent().resolve("manifest.txt");
    Files.write(manifest, List.of("reached methods"));
    Files.createDirectories(root.resolve("quarantine"));
    ageFolders();
    FileStoreSweeper.sweep(store.layout(), 1_200, () -> false); // down to 1080 bytes: one entry
    assertEquals(List.of(manifest, store.path(kept)).stream().map(p -> root.relativize(p)
        .toString()).sorted().toList(), files());
    assertFalse(Files.exists(root.resolve(gone.function())), "emptied function folder stayed");
    assertFalse(Files.exists(manifestedFile.getParent()), "emptied prefix folder stayed");
    assertTrue(Files.isDirectory(root.resolve("quarantine")));
  }

  @Test
  void sweep_emptyYoungFolder_stays() throws IOException {
    put(key("a"), 0);
    Path young = Files.createDirectories(store.path(key("b")).getParent());
    FileStoreSweeper.sweep(store.layout(), Long.MAX_VALUE, () -> false);
    assertTrue(Files.isDirectory(young), "a writer may be about to put a file there");
  }

  @Test
  void sweep_filesNotShapedLikeEntries_areLeftAloneAndNotCounted() throws IOException {
    Path entry = put(key("a"), 5);
    Path folder = entry.getParent();
    String hex = key("b").key();
    List<Path> foreign = List.of(root.resolve("README"), folder.resolve("notes.txt"),
        folder.getParent().resolve(hex), // an entry name one level too high
        folder.resolve(hex.startsWith(folder.getFileName().toString()) ? "0" + hex : hex),
        root.resolve("quarantine").resolve(hex));
    for (Path p : foreign) {
      Files.createDirectories(p.getParent());
      Files.write(p, bytes(1, 5000));
      Files.setLastModifiedTime(p, FileTime.fromMillis(HOUR_AGO - 10_000_000));
    }
    FileStoreSweeper.Result result = FileStoreSweeper.sweep(store.layout(), 1_000, () -> false);
    assertEquals(new FileStoreSweeper.Result(1_000, 0, 0), result);
    for (Path p : foreign) {
      assertTrue(Files.exists(p), p.toString());
    }
  }

  @Test
  void sweep_temporaryFiles_onlyOldOnesGo() throws IOException {
    Path folder = put(key("a"), 0).getParent();
    Path old = folder.resolve("." + key("a").key() + ".42.7.tmp");
    Path fresh = folder.resolve("." + key("a").key() + ".42.8.tmp");
    Files.write(old, bytes(1, 10));
    Files.write(fresh, bytes(2, 10));
    Files.setLastModifiedTime(old, FileTime.fromMillis(HOUR_AGO - 1000));
    FileStoreSweeper.Result result = FileStoreSweeper.sweep(store.layout(), Long.MAX_VALUE, () -> false);
    assertEquals(new FileStoreSweeper.Result(1_000, 0, 1), result);
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(fresh));
  }

  /** A manifest's temporary file is named like an entry's, after the file it becomes. */
  @Test
  void sweep_oldTemporaryFileOfAManifest_goesAndTheManifestStays() throws IOException {
    EntryKey key = key("a");
    put(key, 0);
    FileLayout layout = store.layout();
    Path manifest = layout.manifest(key.function(), key.fingerprint());
    Files.write(manifest, List.of("reached methods"));
    Path old = layout.newTemporary(manifest);
    Files.write(old, bytes(1, 10));
    Files.setLastModifiedTime(old, FileTime.fromMillis(HOUR_AGO - 1000));
    FileStoreSweeper.Result result = FileStoreSweeper.sweep(layout, Long.MAX_VALUE, () -> false);
    assertEquals(new FileStoreSweeper.Result(1_000, 0, 1), result);
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(manifest));
  }

  @Test
  void sweep_stopped_deletesNothing() throws IOException {
    for (int i = 0; i < 5; i++) {
      put(key("k" + i), i);
    }
    FileStoreSweeper.sweep(store.layout(), 1_000, () -> true);
    assertEquals(5, files().size());
  }

  @Test
  void threshold_findsTheEarliestTimeThatFreesEnough() {
    long[] mtimes = {50, 10, 30, 30, 20};
    long[] sizes = {1, 2, 4, 8, 16};
    assertEquals(10, FileStoreSweeper.threshold(mtimes, sizes, 0));
    assertEquals(11, FileStoreSweeper.threshold(mtimes, sizes, 1));
    assertEquals(11, FileStoreSweeper.threshold(mtimes, sizes, 2));
    assertEquals(21, FileStoreSweeper.threshold(mtimes, sizes, 3));
    assertEquals(31, FileStoreSweeper.threshold(mtimes, sizes, 19));
    assertEquals(51, FileStoreSweeper.threshold(mtimes, sizes, 31));
    assertEquals(51, FileStoreSweeper.threshold(mtimes, sizes, 1000));
  }
}
