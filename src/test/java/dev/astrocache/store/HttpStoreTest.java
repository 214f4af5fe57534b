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
import dev.astrocache.spi.EntryTooLargeException;
import dev.astrocache.spi.Store;
import dev.astrocache.testing.LogCapture;
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
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code http} store: the store contract and the protocol against a real nginx with WebDAV,
 * headers, errors and timeouts against a JDK server on loopback.
 */
class HttpStoreTest extends StoreContract {

  static final String SECRET = "0123456789abcdef-test-secret";

  /** Generous, so that a loaded machine does not fail a test; timeouts have tests of their own. */
  static final String TEST_TIMEOUT = "30s";

  @RegisterExtension static final NginxServer.PerClass NGINX = new NginxServer.PerClass();

  @TempDir Path tmp;

  static EntryKey randomKey() {
    return randomKey("com.example.Prices.quote-1f3a9c0e");
  }

  /**
   * A new key of {@code function} under one fingerprint: the file store keeps a function's
   * newest code versions only (max.versions), so keys of random fingerprints would evict each
   * other.
   */
  static EntryKey randomKey(String function) {
    return new EntryKey(function, FINGERPRINT, hex());
  }

  private static final String FINGERPRINT = hex();

  /** Where nginx keeps the object of {@code key}. */
  static Path object(NginxServer server, EntryKey key) {
    return server.cacheDir().resolve(HttpStore.objectName(key));
  }

  /** The URL the store uses for {@code key}. */
  static String url(URI base, EntryKey key) {
    return base + HttpStore.objectName(key);
  }

  @Override
  protected void configure(TestStoreContext context) {
    // a folder of its own per test: the contract expects every test to start empty
    String folder = java.util.UUID.randomUUID() + "/";
    context.set("remote.url", NGINX.server().url() + folder).set("remote.secret", SECRET)
        .set("remote.timeout", TEST_TIMEOUT);
  }

  @Override
  protected Store open(TestStoreContext context) throws IOException {
    return context.open("http");
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

  private TestStoreContext context(URI url) {
    return new TestStoreContext(tmp).set("remote.url", url.toString()).set("remote.secret", SECRET)
        .set("remote.timeout", TEST_TIMEOUT);
  }

  private static Store openHttp(TestStoreContext context) {
    return new HttpStoreProvider().open(context);
  }

  @Test
  void put_thenGetFromNginx_returnsTheBytes() throws IOException {
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = openHttp(context)) {
      EntryKey key = randomKey();
      byte[] entry = "forty-two".getBytes(StandardCharsets.UTF_8);
      store.put(key, entry);
      assertArrayEquals(entry, store.get(key));
      assertTrue(store.contains(key));
      assertEquals(List.of(), context.rejections());
    }
  }

  @Test
  void manifests_none() {
    assertEquals(java.util.Optional.empty(), store.manifests());
  }

  @Test
  void put_storesOneFlatObjectNamedByTheHashOfTheWholeKey() throws IOException {
    try (Store store = openHttp(context(NGINX.server().url()))) {
      EntryKey key = randomKey();
      store.put(key, new byte[] {1, 2, 3});
      String name = sha256Hex(key.function() + "/" + key.fingerprint() + "/" + key.key());
      assertEquals(3 + HmacEnvelope.OVERHEAD, Files.size(NGINX.server().cacheDir().resolve(name)));
    }
  }

  @Test
  void quarantine_deletesTheObjectOnTheServer() throws IOException {
    try (Store store = openHttp(context(NGINX.server().url()))) {
      EntryKey key = randomKey();
      store.put(key, new byte[] {1});
      store.quarantine(key);
      assertFalse(Files.exists(object(NGINX.server(), key)));
    }
  }

  @Test
  void quarantine_serverWithoutDelete_throwsWithAHint() throws IOException {
    try (JdkServer server = new JdkServer(exchange -> respond(exchange, 405))) {
      try (Store store = openHttp(context(server.url()))) {
        EntryKey key = randomKey();
        IOException e = assertThrows(IOException.class, () -> store.quarantine(key));
        assertEquals("DELETE " + url(server.url(), key) + " answered HTTP 405: the server does not "
            + "accept DELETE there; for nginx, enable WebDAV with dav_methods PUT DELETE;",
            e.getMessage());
      }
    }
  }

  @Test
  void put_twice_replacesTheEntry() throws IOException {
    try (Store store = openHttp(context(NGINX.server().url()))) {
      EntryKey key = randomKey();
      store.put(key, new byte[] {1});
      store.put(key, new byte[] {2, 2});
      assertArrayEquals(new byte[] {2, 2}, store.get(key));
    }
  }

  @Test
  void get_absent_isNullWithoutRejection() throws IOException {
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = openHttp(context)) {
      EntryKey key = randomKey();
      assertNull(store.get(key));
      assertFalse(store.contains(key));
      assertEquals(List.of(), context.rejections());
    }
  }

  @Test
  void get_urlWithoutTrailingSlash_usesTheSameFolder() throws IOException {
    String url = NGINX.server().url().toString();
    try (Store store = openHttp(context(URI.create(url.substring(0, url.length() - 1))))) {
      EntryKey key = randomKey();
      store.put(key, new byte[] {7});
      assertTrue(Files.exists(object(NGINX.server(), key)));
    }
  }

  @Test
  void get_objectAlteredOnServer_isRejectedAndReported() throws IOException {
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = openHttp(context)) {
      EntryKey key = randomKey();
      store.put(key, "price=100".getBytes(StandardCharsets.UTF_8));
      Path object = object(NGINX.server(), key);
      byte[] bytes = Files.readAllBytes(object);
      bytes[HmacEnvelope.HEADER_LENGTH + 6] = '9'; // price=900
      Files.write(object, bytes);

      assertNull(store.get(key));
      assertEquals(List.of(key + ": signature mismatch: the object was altered, belongs to "
          + "another key, or was signed with another astrocache.remote.secret"),
          context.rejections());
    }
  }

  @Test
  void get_unsignedObject_isRejected() throws IOException {
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = openHttp(context)) {
      EntryKey key = randomKey();
      Files.write(object(NGINX.server(), key), "plain bytes".getBytes(StandardCharsets.UTF_8));

      assertNull(store.get(key));
      assertEquals(List.of(key + ": unsigned: the object does not start with the astrocache "
          + "envelope magic; it was not written by an astrocache http store"),
          context.rejections());
    }
  }

  @Test
  void get_truncatedObject_isRejected() throws IOException {
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = openHttp(context)) {
      EntryKey key = randomKey();
      store.put(key, new byte[100]);
      Path object = object(NGINX.server(), key);
      byte[] bytes = Files.readAllBytes(object);
      Files.write(object, java.util.Arrays.copyOf(bytes, bytes.length - 1));

      assertNull(store.get(key));
      assertEquals(1, context.rejections().size());
      assertEquals(key + ": truncated or extended: the envelope announces 100 payload bytes but "
          + "carries 99", context.rejections().get(0));
    }
  }

  @Test
  void get_objectCopiedFromAnotherKey_isRejected() throws IOException {
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = openHttp(context)) {
      EntryKey cheap = randomKey("com.example.Prices.cheap");
      EntryKey dear = new EntryKey("com.example.Prices.dear", cheap.fingerprint(), hex());
      store.put(cheap, new byte[] {1});
      Files.copy(object(NGINX.server(), cheap), object(NGINX.server(), dear));

      assertNull(store.get(dear));
      assertTrue(context.rejections().get(0).startsWith(dear + ": signature mismatch"));
    }
  }

  @Test
  void get_signedWithAnotherSecret_isRejected() throws IOException {
    EntryKey key = randomKey();
    try (Store other = openHttp(context(NGINX.server().url()).set("remote.secret", "another-secret-of-16+"))) {
      other.put(key, new byte[] {1});
    }
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = openHttp(context)) {
      assertNull(store.get(key));
      assertTrue(context.rejections().get(0).startsWith(key + ": signature mismatch"));
    }
  }

  /** Issue 15: HEAD answered 200 for an object that does not verify; contains reads it. */
  @Test
  void contains_objectAlteredOnServer_isFalseAndReported() throws IOException {
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = openHttp(context)) {
      EntryKey key = randomKey();
      store.put(key, "price=100".getBytes(StandardCharsets.UTF_8));
      assertTrue(store.contains(key));
      Path object = object(NGINX.server(), key);
      byte[] bytes = Files.readAllBytes(object);
      bytes[HmacEnvelope.HEADER_LENGTH + 6] = '9';
      Files.write(object, bytes);

      assertFalse(store.contains(key));
      assertEquals(1, context.rejections().size());
      assertTrue(context.rejections().get(0).startsWith(key + ": signature mismatch"),
          context.rejections().toString());
    }
  }

  /**
   * Issue 11: a teammate with another secret read a refused object and then replaced it with its
   * own, evicting the team's entry. Now it stops writing (one warning naming the secret) and the
   * team's object survives; no other key of its is written either.
   */
  @Test
  void anotherSecret_afterARefusedRead_writesNothingAndTheTeamsObjectSurvives() throws Exception {
    EntryKey key = randomKey();
    EntryKey other = randomKey();
    byte[] good = "price=100".getBytes(StandardCharsets.UTF_8);
    URI url = NGINX.server().url();
    try (Store team = openHttp(context(url))) {
      team.put(key, good);
    }
    byte[] teamObject = Files.readAllBytes(object(NGINX.server(), key));
    TestStoreContext wrongContext = context(url).set("remote.secret", "another-secret-of-16+");
    try (LogCapture log = new LogCapture(HttpStore.class.getName());
        Store wrong = openHttp(wrongContext)) {
      assertNull(wrong.get(key));
      wrong.put(key, "price=900".getBytes(StandardCharsets.UTF_8));
      wrong.put(other, new byte[] {1});
      wrong.quarantine(key);
      assertEquals(List.of("astrocache: the objects at " + url + " do not verify with this"
          + " process's astrocache.remote.secret: most likely it differs from the secret of the"
          + " processes that wrote them. Not writing there until one verifies, so as not to"
          + " replace their entries; set the secret they share."), log.messages(Level.WARNING));
    }
    assertArrayEquals(teamObject, Files.readAllBytes(object(NGINX.server(), key)));
    assertFalse(Files.exists(object(NGINX.server(), other)));
    try (Store team = openHttp(context(url))) {
      assertArrayEquals(good, team.get(key));
    }
  }

  /** Once an object verifies, the secret is the team's: a bad one is one altered object. */
  @Test
  void aRefusedObjectAfterOneVerified_doesNotStopWrites() throws IOException {
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = openHttp(context)) {
      EntryKey good = randomKey();
      EntryKey altered = randomKey();
      store.put(good, new byte[] {1});
      store.put(altered, "price=100".getBytes(StandardCharsets.UTF_8));
      Path object = object(NGINX.server(), altered);
      byte[] bytes = Files.readAllBytes(object);
      bytes[HmacEnvelope.HEADER_LENGTH + 6] = '9';
      Files.write(object, bytes);
      assertArrayEquals(new byte[] {1}, store.get(good));
      assertNull(store.get(altered));
      assertTrue(context.rejections().get(0).startsWith(altered + ": signature mismatch"));
      store.put(altered, new byte[] {3}); // repairs it
      assertArrayEquals(new byte[] {3}, store.get(altered));
    }
  }

  @Test
  void put_withUserAndPassword_sendsBasicAuthorization() throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (JdkServer server = new JdkServer(exchange -> {
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
      respond(exchange, exchange.getRequestMethod().equals("PUT") ? 201 : 404);
    })) {
      TestStoreContext context = context(server.url())
          .set("remote.user", "alice").set("remote.password", "s3cr:t");
      try (Store store = openHttp(context)) {
        EntryKey key = randomKey();
        store.put(key, new byte[] {1});
        assertNull(store.get(key));
        assertFalse(store.contains(key));
      }
    }
    String basic = "Basic YWxpY2U6czNjcjp0"; // base64("alice:s3cr:t")
    // contains reads the object (GET): HEAD would say nothing of its signature
    assertEquals(List.of("PUT " + basic, "GET " + basic, "GET " + basic), seen);
  }

  @Test
  void get_withToken_sendsBearerAuthorization() throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (JdkServer server = new JdkServer(exchange -> {
      seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
      respond(exchange, 404);
    })) {
      try (Store store = openHttp(context(server.url()).set("remote.token", "tok-123"))) {
        assertNull(store.get(randomKey()));
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
      try (Store store = openHttp(context(server.url()))) {
        assertNull(store.get(randomKey()));
      }
    }
    assertEquals(List.of(false), seen);
  }

  @Test
  void get_serverError_throwsNamingUrlAndStatus() throws IOException {
    try (JdkServer server = new JdkServer(exchange -> respond(exchange, 500))) {
      EntryKey key = randomKey();
      // a store each: the first failure switches a store off for the back-off
      try (Store store = openHttp(context(server.url()))) {
        IOException e = assertThrows(IOException.class, () -> store.get(key));
        assertEquals("GET " + url(server.url(), key) + " answered HTTP 500", e.getMessage());
      }
      try (Store store = openHttp(context(server.url()))) {
        IOException e = assertThrows(IOException.class, () -> store.put(key, new byte[1]));
        assertEquals("PUT " + url(server.url(), key) + " answered HTTP 500", e.getMessage());
      }
      try (Store store = openHttp(context(server.url()))) {
        // contains reads the object: an answer to HEAD would say nothing of its signature
        IOException e = assertThrows(IOException.class, () -> store.contains(key));
        assertEquals("GET " + url(server.url(), key) + " answered HTTP 500", e.getMessage());
      }
    }
  }

  /** nginx answers 413 past client_max_body_size: the store works, it keeps this entry out. */
  @Test
  void put_overNginxsBodyLimit_throwsEntryTooLargeWithAHint() throws IOException {
    URI url = URI.create(NGINX.server().smallUrl() + java.util.UUID.randomUUID().toString() + "/");
    try (Store store = openHttp(context(url))) {
      EntryKey key = randomKey();
      int size = NginxServer.SMALL_LIMIT * 4;
      EntryTooLargeException e =
          assertThrows(EntryTooLargeException.class, () -> store.put(key, new byte[size]));
      assertEquals("PUT " + url(url, key) + " answered HTTP 413: the server refuses an object of "
          + size + " bytes (for nginx, raise client_max_body_size)", e.getMessage());
      byte[] small = {1, 2, 3};
      store.put(key, small);
      assertArrayEquals(small, store.get(key));
    }
  }

  @Test
  void put_forbidden_throwsWithAHintAtTheCredentials() throws IOException {
    try (JdkServer server = new JdkServer(exchange -> respond(exchange, 403))) {
      try (Store store = openHttp(context(server.url()))) {
        EntryKey key = randomKey();
        IOException e = assertThrows(IOException.class, () -> store.put(key, new byte[1]));
        assertEquals("PUT " + url(server.url(), key) + " answered HTTP 403: check "
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
      try (Store store = openHttp(context(server.url()).set("remote.timeout", "150ms"))) {
        EntryKey key = randomKey();
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
            () -> assertThrows(IOException.class, () -> store.get(key)));
        assertEquals("GET " + url(server.url(), key)
            + " timed out after 150ms (astrocache.remote.timeout)", e.getMessage());
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void get_bodyStalls_timesOutWithTheSetting() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    try (JdkServer server = new JdkServer(exchange -> {
      exchange.sendResponseHeaders(200, 1000);
      exchange.getResponseBody().write(new byte[10]);
      exchange.getResponseBody().flush();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    })) {
      try (Store store = openHttp(context(server.url()).set("remote.timeout", "300ms"))) {
        EntryKey key = randomKey();
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
            () -> assertThrows(IOException.class, () -> store.get(key)));
        assertEquals("GET " + url(server.url(), key)
            + " timed out after 300ms (astrocache.remote.timeout)", e.getMessage());
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void get_objectOverTheLimit_isRejectedWithoutReadingItAll() throws IOException {
    try (JdkServer server = new JdkServer(exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked: the client cannot know the size up front
      try (var body = exchange.getResponseBody()) {
        for (int i = 0; i < 100; i++) {
          body.write(new byte[1000]);
        }
      } catch (IOException e) {
        // the client hung up, as it should
      }
    })) {
      TestStoreContext context = context(server.url()).set("remote.max.bytes", "4000");
      try (Store store = openHttp(context)) {
        EntryKey key = randomKey();
        assertNull(store.get(key));
        assertEquals(List.of(key + ": too large: the object has more than 4000 bytes, the most an "
            + "entry may have (astrocache.remote.max.bytes)"), context.rejections());
      }
    }
  }

  @Test
  void get_nothingListening_throwsNamingTheUrl() throws IOException {
    URI url;
    try (JdkServer server = new JdkServer(exchange -> respond(exchange, 404))) {
      url = server.url();
    }
    try (Store store = openHttp(context(url))) {
      EntryKey key = randomKey();
      IOException e = assertThrows(IOException.class, () -> store.get(key));
      assertTrue(e.getMessage().startsWith("GET " + url(url, key) + " failed: cannot connect ("),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("): is the server up there?"), e.getMessage());
    }
  }

  @Test
  void open_withoutSecret_refusesNamingTheSetting() {
    TestStoreContext context = new TestStoreContext(tmp).set("remote.url", NGINX.server().url().toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> openHttp(context));
    assertEquals("astrocache.remote.secret is not set: the http store signs every entry it sends "
        + "with HMAC-SHA-256 and accepts only entries signed with the same secret, so that a "
        + "shared server cannot feed this process forged values; set astrocache.remote.secret (or "
        + "ASTROCACHE_REMOTE_SECRET) to the same random string of at least 16 characters in every "
        + "process that shares the server", e.getMessage());
  }

  @Test
  void open_byName_findsTheProvider() throws IOException {
    TestStoreContext context = context(NGINX.server().url());
    try (Store store = context.open("http")) {
      assertEquals("http store at " + NGINX.server().url(), store.toString());
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
