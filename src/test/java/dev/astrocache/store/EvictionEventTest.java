package dev.astrocache.store;

import static dev.astrocache.store.StoreContract.bytes;
import static dev.astrocache.store.StoreContract.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweeper's size-cap evictions as JFR events, from a recording in this JVM. */
class EvictionEventTest {
  private static final String F = "com.example.Prices.quote-1f3a9c0e";

  @TempDir
  Path tmp;

  @Test
  void sweepOverTheCap_recordsOneEventPerEvictedEntry() throws Exception {
    Path root = tmp.resolve("cache");
    Path jfr = tmp.resolve("sweep.jfr");
    long old = System.currentTimeMillis() - 10 * 24 * 3_600_000L;
    try (FileStore store = FileStore.open(root, Long.MAX_VALUE)) {
      for (int i = 0; i < 10; i++) {
        EntryKey k = key(F, "v1", "k" + i);
        store.put(k, bytes(i, 1_000));
        // the first three are ten days unused, the others fresh
        if (i < 3) {
          Files.setLastModifiedTime(store.path(k), FileTime.fromMillis(old));
        }
      }
    }
    try (Recording recording = new Recording()) {
      recording.enable("dev.astrocache.Eviction");
      recording.start();
      FileStoreSweeper.Result result = FileStoreSweeper.sweep(FileLayout.of(root), 8_000,
          () -> false);
      recording.stop();
      recording.dump(jfr);
      assertEquals(3, result.evictedEntries());
    }
    List<RecordedEvent> events = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (e.getEventType().getName().equals("dev.astrocache.Eviction")) {
        events.add(e);
      }
    }
    assertEquals(3, events.size(), events.toString());
    for (RecordedEvent e : events) {
      assertEquals(F, e.getString("function"));
      assertEquals(key(F, "v1", "k0").fingerprint(), e.getString("fingerprint"));
      assertEquals(1_000, e.getLong("bytes"));
      assertEquals("size cap", e.getString("reason"));
      assertTrue(e.getLong("computeTime") == Long.MIN_VALUE, "not a frame: no compute time " + e);
    }
  }
}
