package dev.astrocache.store;

import static dev.astrocache.store.HttpStoreTest.key;
import static dev.astrocache.store.HttpStoreTest.respond;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tiered} store: the real file store in front of the http store on a real nginx. */
class TieredStoreTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(20);

  @TempDir static Path shared;
  static NginxServer nginx;

  @TempDir Path tmp;

  @BeforeAll
  static void startNginx() throws IOException {
    nginx = NginxServer.start(shared);
  }

  @AfterAll
  static void stopNginx() {
    if (nginx != null) {
      nginx.close();
    }
  }

  private RemoteTestContext context(String dir, URI url) throws IOException {
    return new RemoteTestContext(Files.createDirectories(tmp.resolve(dir)))
        .with("remote.url", url.toString())
        .with("remote.secret", HttpStoreTest.SECRET);
  }

  private static Store open(RemoteTestContext context) throws IOException {
    return new TieredStoreProvider().open(context);
  }

  @Test
  void get_remoteHit_fillsTheLocalStore() throws IOException {
    EntryKey key = key();
    try (Store first = open(context("a", nginx.url()))) {
      first.put(key, new byte[] {4, 2});
    }
    RemoteTestContext second = context("b", nginx.url());
    try (Store local = second.open("file")) {
      assertNull(local.get(key));
    }
    try (Store store = open(second)) {
      assertArrayEquals(new byte[] {4, 2}, store.get(key));
    }
    try (Store local = second.open("file")) {
      assertArrayEquals(new byte[] {4, 2}, local.get(key));
    }
  }

  @Test
  void close_flushesTheRemoteWrites() throws IOException {
    RemoteTestContext context = context("a", nginx.url());
    EntryKey[] keys = new EntryKey[20];
    try (Store store = open(context)) {
      for (int i = 0; i < keys.length; i++) {
        keys[i] = key();
        store.put(keys[i], new byte[] {(byte) i});
      }
    }
    try (Store remote = context.open("http")) {
      for (int i = 0; i < keys.length; i++) {
        assertArrayEquals(new byte[] {(byte) i}, remote.get(keys[i]));
      }
    }
  }

  @Test
  void contains_asksLocalThenRemote() throws IOException {
    EntryKey key = key();
    try (Store remote = context("r", nginx.url()).open("http")) {
      remote.put(key, new byte[] {1});
    }
    try (Store store = open(context("a", nginx.url()))) {
      assertTrue(store.contains(key));
      assertFalse(store.contains(key()));
    }
  }

  @Test
  void get_rejectedRemoteObject_isAMissAndNotCopied() throws IOException {
    EntryKey key = key();
    Files.write(nginx.cacheDir().resolve(key.key()), new byte[] {1, 2, 3});
    RemoteTestContext context = context("a", nginx.url());
    try (Store store = open(context)) {
      assertNull(store.get(key));
    }
    assertEquals(List.of(key), context.rejections().stream().map(r -> r.key()).toList());
    try (Store local = context.open("file")) {
      assertNull(local.get(key));
    }
  }

  @Test
  void serverStopped_callsAreAnsweredLocallyWithOneWarning() throws IOException {
    try (NginxServer own = NginxServer.start(tmp);
        RemoteLogCapture log = new RemoteLogCapture(TieredStore.class.getName())) {
      EntryKey stored = key();
      EntryKey missing = key();
      RemoteTestContext context = context("a", own.url());
      try (Store store = open(context)) {
        store.put(stored, new byte[] {9});
      }
      try (Store store = open(context)) {
        own.stop();
        assertTimeoutPreemptively(HANG_GUARD, () -> {
          for (int i = 0; i < 10; i++) {
            assertArrayEquals(new byte[] {9}, store.get(stored));
            assertNull(store.get(missing));
            assertFalse(store.contains(missing));
            store.put(key(), new byte[] {(byte) i});
          }
        });
      }
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size(), warnings::toString);
      assertTrue(warnings.get(0).startsWith("astrocache: the remote store failed, so calls use the "
          + "local store only for the next 1m (astrocache.remote.backoff) before it is tried "
          + "again: GET " + own.url() + missing.key() + " failed: "), warnings.get(0));
    }
  }

  @Test
  void remoteError_switchesTheRemoteOffForTheBackoff() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      requests.incrementAndGet();
      respond(exchange, 500);
    }); RemoteLogCapture log = new RemoteLogCapture(TieredStore.class.getName())) {
      try (Store store = open(context("a", server.url()))) {
        for (int i = 0; i < 5; i++) {
          assertNull(store.get(key()));
        }
      }
      assertEquals(1, requests.get());
      assertEquals(1, log.messages(Level.WARNING).size());
    }
  }

  @Test
  void remoteTimeout_switchesTheRemoteOffAfterOneTimeout() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger requests = new AtomicInteger();
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      requests.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 404);
    }); RemoteLogCapture log = new RemoteLogCapture(TieredStore.class.getName())) {
      RemoteTestContext context = context("a", server.url()).with("remote.timeout", "100ms");
      try (Store store = open(context)) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
          for (int i = 0; i < 5; i++) {
            assertNull(store.get(key()));
          }
        });
      } finally {
        release.countDown();
      }
      assertEquals(1, requests.get());
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size());
      assertTrue(warnings.get(0).endsWith(" timed out after 100ms (astrocache.remote.timeout)"),
          warnings.get(0));
    }
  }

  @Test
  void backoff_thenRetry_usesTheRemoteAgain() throws IOException {
    AtomicLong now = new AtomicLong(1_000);
    try (NginxServer own = NginxServer.start(tmp);
        RemoteLogCapture log = new RemoteLogCapture(TieredStore.class.getName())) {
      RemoteTestContext context = context("a", own.url());
      EntryKey key = key();
      try (Store remote = context.open("http")) {
        remote.put(key, new byte[] {5});
      }
      Duration backoff = Duration.ofSeconds(60);
      try (Store store =
          new TieredStore(context.open("file"), context.open("http"), backoff, now::get)) {
        own.stop();
        assertNull(store.get(key));
        own.restart();

        now.addAndGet(backoff.toNanos() - 1);
        assertNull(store.get(key), "still backing off: the remote is not asked");

        now.addAndGet(1);
        assertArrayEquals(new byte[] {5}, store.get(key), "back-off over: the remote is asked");
      }
      assertEquals(1, log.messages(Level.WARNING).size());
      assertEquals(List.of("astrocache: the remote store answers again: http store at "
          + own.url()), log.messages(Level.INFO));
    }
  }

  @Test
  void backoff_failedRetry_staysOffWithoutAnotherWarning() throws IOException {
    AtomicLong now = new AtomicLong(0);
    AtomicInteger requests = new AtomicInteger();
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      requests.incrementAndGet();
      respond(exchange, 503);
    }); RemoteLogCapture log = new RemoteLogCapture(TieredStore.class.getName())) {
      RemoteTestContext context = context("a", server.url());
      Duration backoff = Duration.ofSeconds(10);
      try (Store store =
          new TieredStore(context.open("file"), context.open("http"), backoff, now::get)) {
        assertNull(store.get(key()));
        now.addAndGet(backoff.toNanos());
        assertNull(store.get(key()));
        assertNull(store.get(key()));
        now.addAndGet(backoff.toNanos());
        assertNull(store.get(key()));
      }
      assertEquals(3, requests.get());
      assertEquals(1, log.messages(Level.WARNING).size());
    }
  }

  @Test
  void open_withoutSecret_refusesNamingTheSetting() throws IOException {
    RemoteTestContext context = context("a", nginx.url()).with("remote.secret", null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(context));
    assertTrue(e.getMessage().startsWith("astrocache.remote.secret is not set: "), e.getMessage());
  }

  @Test
  void open_malformedBackoff_namesTheSetting() throws IOException {
    RemoteTestContext context = context("a", nginx.url()).with("remote.backoff", "soon");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(context));
    assertEquals("astrocache.remote.backoff must be a positive duration such as 500ms, 2s, 5m or "
        + "1h, not: soon", e.getMessage());
  }

  @Test
  void open_byName_findsTheProvider() throws IOException {
    try (Store store = context("a", nginx.url()).open("tiered")) {
      assertTrue(store.toString().endsWith(" in front of http store at " + nginx.url()),
          store.toString());
    }
  }
}
