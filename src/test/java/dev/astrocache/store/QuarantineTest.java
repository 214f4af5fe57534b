package dev.astrocache.store;

import static dev.astrocache.store.StoreContract.bytes;
import static dev.astrocache.store.StoreContract.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quarantine is told which bytes were bad (issue 15): only a copy that holds them is taken away,
 * in the file store (a second writer between the read and the quarantine), in the tiered store
 * (a bad local copy leaves the team's good remote one, on a real nginx), and the caller never
 * waits for the remote part.
 */
class QuarantineTest {
  @RegisterExtension static final NginxServer.PerClass NGINX = new NginxServer.PerClass();

  @TempDir Path tmp;

  private static List<Path> quarantined(Path root) throws IOException {
    return FileLayout.of(root).quarantined();
  }

  @Test
  void file_badEntryStillThere_isMovedToTheQuarantine() throws IOException {
    Path root = tmp.resolve("cache");
    try (FileStore store = FileStore.open(root, 1 << 20)) {
      EntryKey key = key("a");
      store.put(key, bytes(1, 100));
      byte[] bad = store.get(key);
      store.quarantine(key, bad);
      assertNull(store.get(key));
      assertEquals(1, quarantined(root).size());
      assertArrayEquals(bad, Files.readAllBytes(quarantined(root).get(0)));
    }
  }

  /**
   * The fault: a process read a bad entry, another process wrote a good one over it, then the
   * first quarantined: the good one was moved away. The second writer is a second store on the
   * same directory, as another process's would be.
   */
  @Test
  void file_secondWriterBetweenReadAndQuarantine_goodEntryStays() throws IOException {
    Path root = tmp.resolve("cache");
    try (FileStore reader = FileStore.open(root, 1 << 20);
        FileStore otherProcess = FileStore.open(root, 1 << 20)) {
      EntryKey key = key("a");
      Path file = reader.path(key);
      reader.put(key, bytes(1, 100));
      Files.write(file, bytes(9, 37)); // truncated and garbled on disk
      byte[] bad = reader.get(key);
      otherProcess.put(key, bytes(2, 100)); // the good entry, renamed into place meanwhile
      reader.quarantine(key, bad);
      assertArrayEquals(bytes(2, 100), reader.get(key), "the good entry stays");
      assertEquals(List.of(), quarantined(root), "and nothing is quarantined");
    }
  }

  @Test
  void memory_onlyTheBadBytesAreRemoved() throws IOException {
    MemoryStore store = new MemoryStore(1 << 20);
    EntryKey key = key("a");
    store.put(key, bytes(1, 10));
    store.quarantine(key, bytes(2, 10));
    assertArrayEquals(bytes(1, 10), store.get(key));
    store.quarantine(key, bytes(1, 10));
    assertNull(store.get(key));
  }

  private TieredStore tiered(String localDir, Store remote) throws IOException {
    return new TieredStore(FileStore.open(tmp.resolve(localDir), 1 << 20), remote,
        Duration.ofMinutes(10), System::nanoTime);
  }

  private Store http(URI url) throws IOException {
    return TieredStoreFailureTest.context(tmp, "http-ctx", url).open("http");
  }

  /**
   * The fault: a bad local copy (a crash, a full disk) made the tiered store delete the team's
   * good copy on the server. Against a real nginx: the remote object survives, and a fresh
   * machine still hits it.
   */
  @Test
  void tiered_badLocalCopyOnly_theTeamsRemoteCopyStays() throws IOException {
    URI url = URI.create(NGINX.server().url() + java.util.UUID.randomUUID().toString() + "/");
    EntryKey key = key("a");
    byte[] good = bytes(1, 500);
    try (TieredStore first = tiered("machine-1", http(url))) {
      first.put(key, good);
    } // close flushes the remote write
    Path localFile = FileLayout.of(tmp.resolve("machine-1")).entry(key);
    Files.write(localFile, bytes(7, 123)); // the local copy goes bad
    try (TieredStore again = tiered("machine-1", http(url))) {
      byte[] bad = again.get(key);
      assertArrayEquals(bytes(7, 123), bad);
      again.quarantine(key, bad);
      assertEquals(1, quarantined(tmp.resolve("machine-1")).size(), "the local copy is quarantined");
      // the remote copy is good and served again (and copied back into the local store)
      assertArrayEquals(good, again.get(key));
    } // close waits for the queued remote part
    try (Store remote = http(url)) {
      assertArrayEquals(good, remote.get(key), "the team's copy is still on the server");
    }
    try (TieredStore fresh = tiered("machine-2", http(url))) {
      assertArrayEquals(good, fresh.get(key));
    }
  }

  /** A bad remote copy (the same bytes in both tiers after a copy) is removed from both. */
  @Test
  void tiered_badRemoteCopy_isRemovedFromBothTiers() throws IOException {
    URI url = URI.create(NGINX.server().url() + java.util.UUID.randomUUID().toString() + "/");
    EntryKey key = key("a");
    byte[] bad = bytes(5, 77);
    try (Store remote = http(url)) {
      remote.put(key, bad); // verified by the secret, yet unusable to the cache
    }
    try (TieredStore tiered = tiered("machine-1", http(url))) {
      assertArrayEquals(bad, tiered.get(key)); // a remote hit, copied into the local store
      tiered.quarantine(key, bad);
      assertNull(tiered.get(key), "the copy being removed is not fetched back");
    }
    try (Store remote = http(url)) {
      assertNull(remote.get(key), "removed from the server");
    }
    assertEquals(1, quarantined(tmp.resolve("machine-1")).size());
  }

  /** A remote whose writes block until told; it records what it was asked. */
  private static final class BlockingRemote implements Store {
    final MemoryStore inner = new MemoryStore(1 << 20);
    final CountDownLatch writeStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public byte[] get(EntryKey key) {
      return inner.get(key);
    }

    @Override
    public void put(EntryKey key, byte[] entry) throws IOException {
      writeStarted.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      calls.add("put");
      inner.put(key, entry);
    }

    @Override
    public void quarantine(EntryKey key, byte[] badBytes) {
      calls.add("quarantine");
      inner.quarantine(key, badBytes);
    }
  }

  /**
   * The fault: quarantine waited (up to 30 s) on the caller's thread behind the queued remote
   * writes. The remote's write blocks; a watcher releases it as soon as the caller either
   * returns from quarantine or is seen waiting inside it, and records which came first. No
   * clock is read: what is asserted is where the caller was.
   */
  @Test
  void tiered_remoteWritesQueued_quarantineDoesNotMakeTheCallerWait() throws Exception {
    BlockingRemote remote = new BlockingRemote();
    EntryKey key = key("a");
    AtomicBoolean returned = new AtomicBoolean();
    AtomicBoolean callerSeenWaiting = new AtomicBoolean();
    Thread caller = Thread.currentThread();
    try (TieredStore tiered = tiered("machine-1", remote)) {
      tiered.put(key, bytes(1, 100));
      remote.writeStarted.await(); // the remote writer is busy, the removal will queue
      Thread watcher = new Thread(() -> {
        while (!returned.get()) {
          if (caller.getState() == Thread.State.TIMED_WAITING
              || caller.getState() == Thread.State.WAITING) {
            for (StackTraceElement frame : caller.getStackTrace()) {
              if (frame.getClassName().equals(TieredStore.class.getName())
                  && frame.getMethodName().equals("quarantine")) {
                callerSeenWaiting.set(true);
              }
            }
            if (callerSeenWaiting.get()) {
              break;
            }
          }
          Thread.onSpinWait();
        }
        remote.release.countDown();
      }, "quarantine-watcher");
      watcher.setDaemon(true);
      watcher.start();
      byte[] bad = tiered.get(key);
      tiered.quarantine(key, bad);
      returned.set(true);
      watcher.join();
      assertFalse(callerSeenWaiting.get(), "the caller waited inside quarantine");
    } // close runs the queue: the write, then the removal, in that order
    assertEquals(List.of("put", "quarantine"), remote.calls);
    assertNull(remote.inner.get(key), "the removal ran after the write it queued behind");
    assertTrue(Files.isDirectory(tmp.resolve("machine-1").resolve("quarantine")));
  }
}
