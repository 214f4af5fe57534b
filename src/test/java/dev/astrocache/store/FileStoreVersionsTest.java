package dev.astrocache.store;

import static dev.astrocache.store.StoreContract.bytes;
import static dev.astrocache.store.StoreContract.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store keeps the entries of each function's newest code versions (max.versions). */
class FileStoreVersionsTest {
  private static final String F = "com.example.Prices.quote-1f3a9c0e";
  private static final long HOUR_AGO = System.currentTimeMillis() - 3_600_000;

  @TempDir
  Path root;

  @Test
  void put_ofANewFingerprint_removesTheEntriesOfVersionsBeyondTheNewest() throws Exception {
    try (FileStore store = FileStore.open(root, Long.MAX_VALUE, 2)) {
      for (int v = 1; v <= 4; v++) {
        EntryKey k = key(F, "v" + v, "a");
        store.put(k, bytes(v, 100));
        store.put(key(F, "v" + v, "b"), bytes(v, 100));
        store.manifests().orElseThrow().write(F, k.fingerprint(), "m " + v + "\n");
        age(store, "v" + v, v); // version v last used v minutes after an hour ago
        store.awaitBackground();
      }
      FileLayout layout = store.layout();
      assertEquals(List.of(0, 0, 2, 2), List.of(count(layout, "v1"), count(layout, "v2"),
          count(layout, "v3"), count(layout, "v4")));
      for (int v = 1; v <= 4; v++) {
        assertTrue(Files.exists(layout.manifest(F, key(F, "v" + v, "a").fingerprint())));
      }
    }
  }

  @Test
  void pruneVersions_keepsTheCurrentAndTheMostRecentlyUsed_notTheNewestFolder()
      throws IOException {
    FileStore store = FileStore.open(root, Long.MAX_VALUE);
    store.put(key(F, "old-but-used", "a"), bytes(1, 10));
    store.put(key(F, "newer-unused", "a"), bytes(2, 10));
    store.put(key(F, "current", "a"), bytes(3, 10));
    age(store, "newer-unused", 1);
    age(store, "old-but-used", 30);
    age(store, "current", 0);
    long freed = FileStoreSweeper.pruneVersions(store.layout(), F,
        key(F, "current", "a").fingerprint(), 2);
    assertEquals(10, freed);
    assertEquals(1, count(store.layout(), "old-but-used"));
    assertEquals(0, count(store.layout(), "newer-unused"));
    assertEquals(1, count(store.layout(), "current"), "the one just written always stays");
    store.close();
  }

  @Test
  void put_withTheDefaultOpen_keepsEveryVersion() throws Exception {
    try (FileStore store = FileStore.open(root, Long.MAX_VALUE)) {
      for (int v = 1; v <= 5; v++) {
        store.put(key(F, "v" + v, "a"), "x".getBytes(StandardCharsets.US_ASCII));
      }
      store.awaitBackground();
      for (int v = 1; v <= 5; v++) {
        assertEquals(1, count(store.layout(), "v" + v));
      }
    }
  }

  private static void age(FileStore store, String seed, int minutes) throws IOException {
    String fingerprint = key(F, seed, "a").fingerprint();
    for (EntryKey k : store.layout().entries(F, fingerprint)) {
      FileTime t = FileTime.fromMillis(HOUR_AGO + minutes * 60_000L);
      Files.getFileAttributeView(store.layout().entry(k),
          java.nio.file.attribute.BasicFileAttributeView.class).setTimes(t, t, null);
    }
  }

  private static int count(FileLayout layout, String seed) throws IOException {
    return layout.entries(F, key(F, seed, "a").fingerprint()).size();
  }

  @Test
  void pruneVersions_foldersOfOneCodeUnderSeveralInputValues_countOnce() throws IOException {
    FileStore store = FileStore.open(root, Long.MAX_VALUE);
    String methods = "demo.Rates#rate(Ljava/lang/String;)D 1111\n";
    String[] folders = {"old-code", "v-a", "v-b", "v-c", "v-d"};
    for (int i = 0; i < folders.length; i++) {
      EntryKey k = key(F, folders[i], "a");
      store.put(k, bytes(i, 10));
      String manifest = i == 0 ? "demo.Rates#rate(Ljava/lang/String;)D 0000\n"
          + FileLayout.MANIFEST_INPUT_PREFIX + "system property rates.factor aa\n"
          : methods + FileLayout.MANIFEST_INPUT_PREFIX + "system property rates.factor " + i + "\n";
      store.manifests().orElseThrow().write(F, k.fingerprint(), manifest);
      age(store, folders[i], folders.length - i);
    }
    assertEquals(store.layout().codeVersion(F, key(F, "v-a", "a").fingerprint()),
        store.layout().codeVersion(F, key(F, "v-d", "a").fingerprint()));
    long freed = FileStoreSweeper.pruneVersions(store.layout(), F,
        key(F, "v-d", "a").fingerprint(), 1);
    assertEquals(10, freed, "only the other code's entry");
    assertEquals(0, count(store.layout(), "old-code"));
    for (int i = 1; i < folders.length; i++) {
      assertEquals(1, count(store.layout(), folders[i]), folders[i]);
    }
    store.close();
  }
}
