package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code http} store against a real nginx (the protocol) and a JDK server (headers, errors). */
class HttpStoreTest {

  static final String SECRET = "0123456789abcdef-test-secret";

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

  static EntryKey key() {
    return key("com.example.Prices.quote-1f3a9c0e");
  }

  static EntryKey key(String function) {
    return new EntryKey(function, hex(), hex());
  }

  static String hex() {
    byte[] b = new byte[32];
    ThreadLocalRandom.current().nextBytes(b);
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }

  private RemoteTestContext context(URI url) {
    return new RemoteTestContext(tmp).with("remote.url", url.toString())
        .with("remote.secret", SECRET);
  }

  private Store open(RemoteTestContext context) {
    return new HttpStoreProvider().open(context);
  }

  @Test
  void put_thenGetFromNginx_returnsTheBytes() throws IOException {
    RemoteTestContext context = context(nginx.url());
    try (Store store = open(context)) {
      EntryKey key = key();
      byte[] entry = "forty-two".getBytes(StandardCharsets.UTF_8);
      store.put(key, entry);
      assertArrayEquals(entry, store.get(key));
      assertTrue(store.contains(key));
      assertEquals(List.of(), context.rejections());
    }
  }

  @Test
  void put_storesOneFlatObjectNamedByTheKey() throws IOException {
    try (Store store = open(context(nginx.url()))) {
      EntryKey key = key();
      store.put(key, new byte[] {1, 2, 3});
      Path object = nginx.cacheDir().resolve(key.key());
      assertEquals(3 + HmacEnvelope.OVERHEAD, Files.size(object));
    }
  }

  @Test
  void put_twice_replacesTheEntry() throws IOException {
    try (Store store = open(context(nginx.url()))) {
      EntryKey key = key();
      store.put(key, new byte[] {1});
      store.put(key, new byte[] {2, 2});
      assertArrayEquals(new byte[] {2, 2}, store.get(key));
    }
  }

  @Test
  void get_absent_isNullWithoutRejection() throws IOException {
    RemoteTestContext context = context(nginx.url());
    try (Store store = open(context)) {
      EntryKey key = key();
      assertNull(store.get(key));
      assertFalse(store.contains(key));
      assertEquals(List.of(), context.rejections());
    }
  }

  @Test
  void get_urlWithoutTrailingSlash_usesTheSameFolder() throws IOException {
    String url = nginx.url().toString();
    try (Store store = open(context(URI.create(url.substring(0, url.length() - 1))))) {
      EntryKey key = key();
      store.put(key, new byte[] {7});
      assertTrue(Files.exists(nginx.cacheDir().resolve(key.key())));
    }
  }

  @Test
  void get_objectAlteredOnServer_isRejectedAndReported() throws IOException {
    RemoteTestContext context = context(nginx.url());
    try (Store store = open(context)) {
      EntryKey key = key();
      store.put(key, "price=100".getBytes(StandardCharsets.UTF_8));
      Path object = nginx.cacheDir().resolve(key.key());
      byte[] bytes = Files.readAllBytes(object);
      bytes[HmacEnvelope.HEADER_LENGTH + 6] = '9'; // price=900
      Files.write(object, bytes);

      assertNull(store.get(key));
      assertEquals(List.of(new RemoteTestContext.Rejection(key, "signature mismatch: the object "
          + "was altered, belongs to another key, or was signed with another "
          + "astrocache.remote.secret (GET " + nginx.url() + key.key() + ")")), context.rejections());
    }
  }

  @Test
  void get_unsignedObject_isRejected() throws IOException {
    RemoteTestContext context = context(nginx.url());
    try (Store store = open(context)) {
      EntryKey key = key();
      Files.write(nginx.cacheDir().resolve(key.key()), "plain bytes".getBytes(StandardCharsets.UTF_8));

      assertNull(store.get(key));
      assertEquals(List.of(new RemoteTestContext.Rejection(key, "unsigned: the object does not "
          + "start with the astrocache envelope magic; it was not written by an astrocache http "
          + "store (GET " + nginx.url() + key.key() + ")")), context.rejections());
    }
  }

  @Test
  void get_truncatedObject_isRejected() throws IOException {
    RemoteTestContext context = context(nginx.url());
    try (Store store = open(context)) {
      EntryKey key = key();
      store.put(key, new byte[100]);
      Path object = nginx.cacheDir().resolve(key.key());
      byte[] bytes = Files.readAllBytes(object);
      Files.write(object, java.util.Arrays.copyOf(bytes, bytes.length - 1));

      assertNull(store.get(key));
      assertEquals(1, context.rejections().size());
      assertEquals("truncated or extended: the envelope announces 100 payload bytes but carries 99"
          + " (GET " + nginx.url() + key.key() + ")", context.rejections().get(0).reason());
    }
  }

  @Test
  void get_objectCopiedFromAnotherKey_isRejected() throws IOException {
    RemoteTestContext context = context(nginx.url());
    try (Store store = open(context)) {
      EntryKey cheap = key("com.example.Prices.cheap");
      EntryKey dear = new EntryKey("com.example.Prices.dear", cheap.fingerprint(), hex());
      store.put(cheap, new byte[] {1});
      Files.copy(nginx.cacheDir().resolve(cheap.key()), nginx.cacheDir().resolve(dear.key()));

      assertNull(store.get(dear));
      assertTrue(context.rejections().get(0).reason().startsWith("signature mismatch"));
    }
  }

  @Test
  void get_signedWithAnotherSecret_isRejected() throws IOException {
    EntryKey key = key();
    try (Store other = open(context(nginx.url()).with("remote.secret", "another-secret-of-16+"))) {
      other.put(key, new byte[] {1});
    }
    RemoteTestContext context = context(nginx.url());
    try (Store store = open(context)) {
      assertNull(store.get(key));
      assertEquals(key, context.rejections().get(0).key());
    }
  }

  @Test
  void put_withUserAndPassword_sendsBasicAuthorization() throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (JdkServer server = new JdkServer(exchange -> {
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
      respond(exchange, exchange.getRequestMethod().equals("PUT") ? 201 : 404);
    })) {
      RemoteTestContext context = context(server.url())
          .with("remote.user", "alice").with("remote.password", "s3cr:t");
      try (Store store = open(context)) {
        EntryKey key = key();
        store.put(key, new byte[] {1});
        assertNull(store.get(key));
        assertFalse(store.contains(key));
      }
    }
    String basic = "Basic YWxpY2U6czNjcjp0"; // base64("alice:s3cr:t")
    assertEquals(List.of("PUT " + basic, "GET " + basic, "HEAD " + basic), seen);
  }

  @Test
  void get_withToken_sendsBearerAuthorization() throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (JdkServer server = new JdkServer(exchange -> {
      seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
      respond(exchange, 404);
    })) {
      try (Store store = open(context(server.url()).with("remote.token", "tok-123"))) {
        assertNull(store.get(key()));
      }
    }
    assertEquals(List.of("Bearer tok-123"), seen);
  }

  @Test
  void get_withoutCredentials_sendsNoAuthorization() throws IOException {
    List<Boolean> seen = new CopyOnWriteArrayList<>();
    try (JdkServer server = new JdkServer(exchange -> {
      seen.add(exchange.getRequestHeaders().containsKey("Authorization"));
      respond(exchange, 404);
    })) {
      try (Store store = open(context(server.url()))) {
        assertNull(store.get(key()));
      }
    }
    assertEquals(List.of(false), seen);
  }

  @Test
  void get_serverError_throwsNamingUrlAndStatus() throws IOException {
    try (JdkServer server = new JdkServer(exchange -> respond(exchange, 500))) {
      try (Store store = open(context(server.url()))) {
        EntryKey key = key();
        IOException e = assertThrows(IOException.class, () -> store.get(key));
        assertEquals("GET " + server.url() + key.key() + " answered HTTP 500", e.getMessage());
        e = assertThrows(IOException.class, () -> store.put(key, new byte[1]));
        assertEquals("PUT " + server.url() + key.key() + " answered HTTP 500", e.getMessage());
        e = assertThrows(IOException.class, () -> store.contains(key));
        assertEquals("HEAD " + server.url() + key.key() + " answered HTTP 500", e.getMessage());
      }
    }
  }

  @Test
  void put_forbidden_throwsWithAHintAtTheCredentials() throws IOException {
    try (JdkServer server = new JdkServer(exchange -> respond(exchange, 403))) {
      try (Store store = open(context(server.url()))) {
        EntryKey key = key();
        IOException e = assertThrows(IOException.class, () -> store.put(key, new byte[1]));
        assertEquals("PUT " + server.url() + key.key() + " answered HTTP 403: check "
            + "astrocache.remote.user and astrocache.remote.password, or astrocache.remote.token",
            e.getMessage());
      }
    }
  }

  @Test
  void get_slowServer_timesOutWithTheSetting() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    try (JdkServer server = new JdkServer(exchange -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 404);
    })) {
      try (Store store = open(context(server.url()).with("remote.timeout", "150ms"))) {
        EntryKey key = key();
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
            () -> assertThrows(IOException.class, () -> store.get(key)));
        assertEquals("GET " + server.url() + key.key()
            + " timed out after 150ms (astrocache.remote.timeout)", e.getMessage());
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void get_nothingListening_throwsNamingTheUrl() throws IOException {
    URI url;
    try (JdkServer server = new JdkServer(exchange -> respond(exchange, 404))) {
      url = server.url();
    }
    try (Store store = open(context(url))) {
      EntryKey key = key();
      IOException e = assertThrows(IOException.class, () -> store.get(key));
      assertTrue(e.getMessage().startsWith("GET " + url + key.key() + " failed: "), e.getMessage());
    }
  }

  @Test
  void open_withoutSecret_refusesNamingTheSetting() {
    RemoteTestContext context = context(nginx.url()).with("remote.secret", null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(context));
    assertEquals("astrocache.remote.secret is not set: the http store signs every entry it sends "
        + "with HMAC-SHA-256 and accepts only entries signed with the same secret, so that a "
        + "shared server cannot feed this process forged values; set astrocache.remote.secret (or "
        + "ASTROCACHE_REMOTE_SECRET) to the same random string of at least 16 characters in every "
        + "process that shares the server", e.getMessage());
  }

  @Test
  void open_byName_findsTheProvider() throws IOException {
    RemoteTestContext context = context(nginx.url());
    try (Store store = context.open("http")) {
      assertEquals("http store at " + nginx.url(), store.toString());
    }
  }

  static void respond(HttpExchange exchange, int status) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** A JDK HTTP server on loopback whose every request goes to one handler. */
  static final class JdkServer implements AutoCloseable {
    interface Handler {
      void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    JdkServer(Handler handler) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext("/", handler::handle);
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cache/");
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
