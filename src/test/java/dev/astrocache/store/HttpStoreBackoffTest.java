package dev.astrocache.store;

import static dev.astrocache.store.HttpStoreTest.randomKey;
import static dev.astrocache.store.HttpStoreTest.respond;
import static dev.astrocache.store.HttpStoreTest.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.EntryTooLargeException;
import dev.astrocache.spi.Store;
import dev.astrocache.testing.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code http} store alone against JDK servers on loopback: its own back-off (a hanging or
 * failing server costs one request per outage, not a timeout per call), and its size cap
 * ({@code remote.max.bytes}) on what it sends and reads.
 */
class HttpStoreBackoffTest {
  @TempDir Path tmp;

  private TestStoreContext context(URI url) {
    return new TestStoreContext(tmp).set("remote.url", url.toString())
        .set("remote.secret", HttpStoreTest.SECRET).set("remote.timeout", HttpStoreTest.TEST_TIMEOUT);
  }

  private static Store openHttp(TestStoreContext context) {
    return new HttpStoreProvider().open(context);
  }

  /** A server that takes each request and answers none until released. */
  private static HttpStoreTest.JdkServer hanging(AtomicInteger requests, CountDownLatch arrived,
      CountDownLatch release) throws IOException {
    return new HttpStoreTest.JdkServer(exchange -> {
      requests.incrementAndGet();
      arrived.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 404);
    });
  }

  @Test
  void hangingServer_oneTimeoutThenEveryCallAnswersAtOnceForTheBackoff() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (HttpStoreTest.JdkServer server = hanging(requests, arrived, release);
        LogCapture log = new LogCapture(HttpStore.class.getName())) {
      TestStoreContext context = context(server.url()).set("remote.timeout", "300ms");
      int answeredWhileOff = 0;
      try (Store store = openHttp(context)) {
        EntryKey key = randomKey();
        IOException e = assertThrows(IOException.class, () -> store.get(key));
        String timedOut = "GET " + url(server.url(), key) + " timed out after 300ms"
            + " (astrocache.remote.timeout)";
        assertEquals(timedOut, e.getMessage());
        assertTrue(arrived.await(20, TimeUnit.SECONDS));
        // switched off: each of these would otherwise wait for the timeout and throw it
        for (int i = 0; i < 5; i++) {
          assertNull(store.get(randomKey()));
          store.put(randomKey(), new byte[] {1});
          assertFalse(store.contains(randomKey()));
          store.quarantine(randomKey());
          answeredWhileOff += 4;
        }
        assertEquals(List.of("astrocache: the http store failed, so calls do not use it for the"
            + " next 1m (astrocache.remote.backoff) before it is tried again: " + timedOut),
            log.messages(Level.WARNING));
      } finally {
        release.countDown();
      }
      assertEquals(20, answeredWhileOff);
      assertEquals(1, requests.get(), "requests that reached the server");
    }
  }

  @Test
  void afterTheBackoff_oneCallProbes_andASuccessSwitchesTheServerBackOn() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger status = new AtomicInteger(503);
    AtomicLong now = new AtomicLong();
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      requests.incrementAndGet();
      respond(exchange, status.get());
    }); LogCapture log = new LogCapture(HttpStore.class.getName())) {
      TestStoreContext context = context(server.url()).set("remote.backoff", "10s");
      RemoteSettings settings = RemoteSettings.read(context);
      try (Store store = new HttpStore(context, settings, settings.maxBytes(), now::get)) {
        assertThrows(IOException.class, () -> store.get(randomKey()));
        assertNull(store.get(randomKey()));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThrows(IOException.class, () -> store.get(randomKey())); // the probe: still down
        assertNull(store.get(randomKey()));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        status.set(404);
        assertNull(store.get(randomKey())); // the probe: answers
        assertNull(store.get(randomKey()));
        assertEquals(4, requests.get());
      }
      assertEquals(1, log.messages(Level.WARNING).size(), log.messages(Level.WARNING).toString());
      assertEquals(List.of("astrocache: the http store answers again: http store at "
          + server.url()), log.messages(Level.INFO));
    }
  }

  /** Through a cache: each call against a hanging server is computed, one request in all. */
  @Test
  void cacheOverTheHttpStoreAlone_hangingServerCostsOneRequest() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger computed = new AtomicInteger();
    try (HttpStoreTest.JdkServer server = hanging(requests, arrived, release);
        LogCapture log = new LogCapture(HttpStore.class.getName())) {
      try (Cache cache = Astrocache.builder().directory(tmp).store("http")
          .setting("remote.url", server.url().toString())
          .setting("remote.secret", HttpStoreTest.SECRET)
          .setting("remote.timeout", "300ms").build()) {
        Squares s = cache.wrap(Squares.class, n -> {
          computed.incrementAndGet();
          return (long) n * n;
        });
        for (int i = 0; i < 6; i++) {
          assertEquals(49L, s.square(7));
        }
        assertTrue(arrived.await(20, TimeUnit.SECONDS));
      } finally {
        release.countDown();
      }
      assertEquals(6, computed.get());
      assertEquals(1, requests.get(), "requests that reached the server");
      assertEquals(1, log.messages(Level.WARNING).size(), log.messages(Level.WARNING).toString());
    }
  }

  public interface Squares {
    long square(int n);
  }

  /** A Content-Length over remote.max.bytes is refused before any of the body arrives. */
  @Test
  void get_contentLengthOverTheCap_isRefusedBeforeTheBody() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      exchange.sendResponseHeaders(200, 300L << 20); // announces 300 MiB, then sends none of it
      exchange.getResponseBody().flush();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    })) {
      // had the client waited for the body, the call would throw the 30s timeout
      TestStoreContext context = context(server.url()).set("remote.max.bytes", "64m");
      try (Store store = openHttp(context)) {
        EntryKey key = randomKey();
        assertNull(store.get(key));
        assertEquals(List.of(key + ": too large: the object has more than 67108864 bytes, the most"
            + " an entry may have (astrocache.remote.max.bytes)"), context.rejections());
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void put_entryOverTheCap_staysLocalUnsent() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      requests.incrementAndGet();
      respond(exchange, 201);
    })) {
      TestStoreContext context = context(server.url()).set("remote.max.bytes", "4000");
      try (Store store = openHttp(context)) {
        EntryKey key = randomKey();
        EntryTooLargeException e = assertThrows(EntryTooLargeException.class,
            () -> store.put(key, new byte[3961]));
        assertEquals("the entry for " + url(server.url(), key) + " has 3961 bytes, more than"
            + " astrocache.remote.max.bytes (4000 with its envelope) lets the http store send: it"
            + " stays local", e.getMessage());
        store.put(key, new byte[3960]); // 4000 with its envelope: sent
      }
      assertEquals(1, requests.get());
    }
  }

  @Test
  void maxBytes_defaultsTo64MiB() {
    TestStoreContext context = context(URI.create("http://127.0.0.1:9/cache/"));
    assertEquals(64L << 20, RemoteSettings.read(context).maxBytes());
  }
}
