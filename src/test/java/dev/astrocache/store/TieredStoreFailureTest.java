package dev.astrocache.store;

import static dev.astrocache.store.HttpStoreTest.randomKey;
import static dev.astrocache.store.HttpStoreTest.respond;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.EntryTooLargeException;
import dev.astrocache.spi.Store;
import dev.astrocache.testing.LogCapture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tiered} store when its remote fails: errors, timeouts, hangs, back-off, refusals and
 * bad settings, with the real file store in front of the http store on a JDK HTTP server (or a
 * socket) on loopback. Needs no nginx, so it runs wherever the JDK does; the tiers over a real
 * nginx are in {@link TieredStoreTest}.
 */
class TieredStoreFailureTest {

  static final Duration HANG_GUARD = Duration.ofSeconds(20);

  /** A URL that the open_ tests give the store: opening it sends no request. */
  private static final URI UNCONTACTED = URI.create("http://127.0.0.1:9/cache/");

  @TempDir Path tmp;

  /** A context for a store in {@code parent/dir} whose remote is at {@code url}. */
  static TestStoreContext context(Path parent, String dir, URI url) throws IOException {
    return new TestStoreContext(Files.createDirectories(parent.resolve(dir)))
        .set("remote.url", url.toString())
        .set("remote.secret", HttpStoreTest.SECRET)
        .set("remote.timeout", HttpStoreTest.TEST_TIMEOUT);
  }

  private TestStoreContext context(String dir, URI url) throws IOException {
    return context(tmp, dir, url);
  }

  static Store openTiered(TestStoreContext context) throws IOException {
    return new TieredStoreProvider().open(context);
  }

  @Test
  void remoteError_switchesTheRemoteOffForTheBackoff() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      requests.incrementAndGet();
      respond(exchange, 500);
    }); LogCapture log = new LogCapture(TieredStore.class.getName())) {
      try (Store store = openTiered(context("a", server.url()))) {
        for (int i = 0; i < 5; i++) {
          assertNull(store.get(randomKey()));
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
    }); LogCapture log = new LogCapture(TieredStore.class.getName())) {
      TestStoreContext context = context("a", server.url()).set("remote.timeout", "100ms");
      try (Store store = openTiered(context)) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
          for (int i = 0; i < 5; i++) {
            assertNull(store.get(randomKey()));
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
  void put_remoteHangs_returnsWithoutWaitingAndCloseFlushes() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger puts = new AtomicInteger();
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      puts.incrementAndGet();
      respond(exchange, 201);
    })) {
      TestStoreContext context = context("a", server.url()).set("remote.timeout", "60s");
      Store store = openTiered(context);
      try {
        EntryKey[] keys = {randomKey(), randomKey(), randomKey()};
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
          for (EntryKey k : keys) {
            store.put(k, new byte[] {1});
            assertArrayEquals(new byte[] {1}, store.get(k));
          }
        });
      } finally {
        release.countDown();
        store.close();
      }
      assertEquals(3, puts.get());
    }
  }

  @Test
  void backoff_failedRetry_staysOffWithoutAnotherWarning() throws IOException {
    AtomicLong now = new AtomicLong(0);
    AtomicInteger requests = new AtomicInteger();
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      requests.incrementAndGet();
      respond(exchange, 503);
    }); LogCapture log = new LogCapture(TieredStore.class.getName())) {
      TestStoreContext context = context("a", server.url());
      Duration backoff = Duration.ofSeconds(10);
      try (Store store =
          new TieredStore(context.open("file"), context.open("http"), backoff, now::get)) {
        assertNull(store.get(randomKey()));
        now.addAndGet(backoff.toNanos());
        assertNull(store.get(randomKey()));
        assertNull(store.get(randomKey()));
        now.addAndGet(backoff.toNanos());
        assertNull(store.get(randomKey()));
      }
      assertEquals(3, requests.get());
      assertEquals(1, log.messages(Level.WARNING).size());
    }
  }

  @Test
  void open_withoutSecret_refusesNamingTheSetting() throws IOException {
    TestStoreContext context = new TestStoreContext(tmp).set("remote.url", UNCONTACTED.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> openTiered(context));
    assertTrue(e.getMessage().startsWith("astrocache.remote.secret is not set: "), e.getMessage());
  }

  @Test
  void open_malformedBackoff_namesTheSetting() throws IOException {
    TestStoreContext context = context("a", UNCONTACTED).set("remote.backoff", "soon");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> openTiered(context));
    assertEquals("astrocache.remote.backoff must be a positive duration such as 500ms, 2s, 5m or "
        + "1h, not 'soon'", e.getMessage());
  }

  @Test
  void open_byName_findsTheProvider() throws IOException {
    try (Store store = context("a", UNCONTACTED).open("tiered")) {
      assertTrue(store.toString().endsWith(" in front of http store at " + UNCONTACTED),
          store.toString());
    }
  }

  /**
   * A slow request that began before an outage and then succeeded switched the remote back on:
   * the back-off did not hold.
   */
  @Test
  void backoff_holdsWhenASlowRequestStartedBeforeTheFailureSucceeds() throws Exception {
    EntryKey slow = randomKey();
    String slowName = HttpStore.objectName(slow);
    CountDownLatch slowArrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger failing = new AtomicInteger();
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      if (exchange.getRequestURI().getPath().endsWith(slowName)) {
        slowArrived.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        respond(exchange, 404);
      } else {
        failing.incrementAndGet();
        respond(exchange, 500);
      }
    }); LogCapture log = new LogCapture(TieredStore.class.getName())) {
      TestStoreContext context = context("a", server.url());
      try (Store store = tenMinuteBackoff(context)) {
        Thread first = getInBackground(store, slow);
        assertTrue(slowArrived.await(20, TimeUnit.SECONDS));
        assertNull(store.get(randomKey())); // 500: off for ten minutes
        release.countDown();
        first.join();
        assertNull(store.get(randomKey()));
        assertNull(store.get(randomKey()));
      }
      assertEquals(1, failing.get(), "requests sent during the back-off");
      assertEquals(1, log.messages(Level.WARNING).size(), log.messages(Level.WARNING).toString());
    }
  }

  /** An answer the JDK client fails on with an unchecked exception is a failure like another. */
  @Test
  void backoff_afterAnAnswerTheClientThrowsUncheckedOn() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serve = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            requests.incrementAndGet();
            InputStream in = s.getInputStream();
            // the request head ends with an empty line
            for (int state = 0, b; state < 4 && (b = in.read()) >= 0; ) {
              state = b == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : 0;
            }
            s.getOutputStream().write(("HTTP/1.1 200 OK\r\n"
                + "Content-Length: 99999999999999999999999\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
          } catch (IOException e) {
            // closed: done
          }
        }
      });
      serve.setDaemon(true);
      serve.start();
      TestStoreContext context = context("a",
          URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/cache/"));
      try (Store store = tenMinuteBackoff(context)) {
        for (int i = 0; i < 3; i++) {
          assertNull(store.get(randomKey()));
        }
      }
      assertEquals(1, requests.get());
    }
  }

  /** One caller's interrupt (a task being cancelled) is not the remote's failure. */
  @Test
  void interruptedCaller_doesNotSwitchTheRemoteOff() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    CountDownLatch arrived = new CountDownLatch(1);
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      requests.incrementAndGet();
      arrived.countDown();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 404);
    }); LogCapture log = new LogCapture(TieredStore.class.getName())) {
      TestStoreContext context = context("a", server.url());
      try (Store store = tenMinuteBackoff(context)) {
        Thread cancelled = getInBackground(store, randomKey());
        assertTrue(arrived.await(20, TimeUnit.SECONDS));
        cancelled.interrupt();
        cancelled.join();
        int before = requests.get();
        assertNull(store.get(randomKey()));
        assertEquals(before + 1, requests.get(), "the remote was switched off");
      }
      assertEquals(List.of(), log.messages(Level.WARNING));
    }
  }

  /** An entry too large for the server (nginx's client_max_body_size) switched the remote off. */
  @Test
  void entryTheServerRefusesAsTooLarge_staysLocalAndTheRemoteStaysOn() throws Exception {
    AtomicInteger gets = new AtomicInteger();
    CountDownLatch smallStored = new CountDownLatch(1);
    try (HttpStoreTest.JdkServer server = new HttpStoreTest.JdkServer(exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (exchange.getRequestMethod().equals("PUT")) {
        respond(exchange, body.length > 50_000 ? 413 : 201);
        if (body.length <= 50_000) {
          smallStored.countDown();
        }
      } else {
        gets.incrementAndGet();
        respond(exchange, 404);
      }
    }); LogCapture log = new LogCapture(TieredStore.class.getName())) {
      TestStoreContext context = context("a", server.url());
      EntryKey big = randomKey();
      try (Store store = tenMinuteBackoff(context)) {
        store.put(big, new byte[100_000]);
        // queued behind the refused one: sent only if the remote is still on
        store.put(randomKey(), new byte[] {1});
        assertTrue(smallStored.await(20, TimeUnit.SECONDS), "the remote was switched off");
        assertArrayEquals(new byte[100_000], store.get(big));
        assertNull(store.get(randomKey()));
      }
      assertEquals(1, gets.get());
      assertEquals(List.of(), log.messages(Level.WARNING));
    }
  }

  /**
   * A remote from a plug-in, which knows the SPI only: its refusal of one entry as too large got
   * no special handling, so one large result switched it off for the back-off period.
   */
  @Test
  void pluginRemoteRefusesAnEntryAsTooLarge_itStaysLocalAndTheRemoteStaysOn() throws Exception {
    Map<EntryKey, byte[]> kept = new ConcurrentHashMap<>();
    AtomicInteger gets = new AtomicInteger();
    CountDownLatch smallStored = new CountDownLatch(1);
    Store remote = new Store() {
      @Override
      public byte[] get(EntryKey key) {
        gets.incrementAndGet();
        return kept.get(key);
      }

      @Override
      public void put(EntryKey key, byte[] entry) throws IOException {
        if (entry.length > 1000) {
          throw new EntryTooLargeException("the bucket keeps objects of up to 1000 bytes, not "
              + entry.length + " (raise bucket.max.object)");
        }
        kept.put(key, entry);
        smallStored.countDown();
      }
    };
    EntryKey big = randomKey();
    EntryKey small = randomKey();
    try (LogCapture log = new LogCapture(TieredStore.class.getName())) {
      TestStoreContext context = new TestStoreContext(Files.createDirectories(tmp.resolve("a")));
      try (Store store = new TieredStore(context.open("file"), remote, Duration.ofMinutes(10),
          System::nanoTime)) {
        store.put(big, new byte[5000]);
        // queued behind the refused one: sent only if the remote is still on
        store.put(small, new byte[] {1});
        assertTrue(smallStored.await(20, TimeUnit.SECONDS), "the remote was switched off");
        assertArrayEquals(new byte[5000], store.get(big));
        assertNull(store.get(randomKey()));
        assertEquals(1, gets.get(), "the miss did not ask the remote");
      }
      assertFalse(kept.containsKey(big));
      assertArrayEquals(new byte[] {1}, kept.get(small));
      assertEquals(List.of(), log.messages(Level.WARNING));
    }
  }

  /** A tiered store over {@code context}'s file and http stores, off for ten minutes on failure. */
  static Store tenMinuteBackoff(TestStoreContext context) throws IOException {
    return new TieredStore(context.open("file"), context.open("http"), Duration.ofMinutes(10),
        System::nanoTime);
  }

  /** A started thread that reads {@code key} from {@code store}. */
  static Thread getInBackground(Store store, EntryKey key) {
    Thread t = new Thread(() -> {
      try {
        store.get(key);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    t.start();
    return t;
  }
}
