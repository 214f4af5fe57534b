package dev.astrocache.store;

import static dev.astrocache.store.HttpStoreTest.object;
import static dev.astrocache.store.HttpStoreTest.randomKey;
import static dev.astrocache.store.TieredStoreFailureTest.HANG_GUARD;
import static dev.astrocache.store.TieredStoreFailureTest.openTiered;
import static dev.astrocache.store.TieredStoreFailureTest.tenMinuteBackoff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import dev.astrocache.testing.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tiered} store: the store contract and the tiers, with the real file store in front of
 * the http store on a real nginx. Errors, timeouts and back-off against a JDK server on loopback,
 * which need no nginx, are in {@link TieredStoreFailureTest}.
 */
class TieredStoreTest extends StoreContract {

  @RegisterExtension static final NginxServer.PerClass NGINX = new NginxServer.PerClass();

  @TempDir Path tmp;

  @Override
  protected void configure(TestStoreContext context) {
    // a folder of its own per test: the contract expects every test to start empty
    String folder = java.util.UUID.randomUUID() + "/";
    context.set("remote.url", NGINX.server().url() + folder).set("remote.secret", HttpStoreTest.SECRET)
        .set("remote.timeout", HttpStoreTest.TEST_TIMEOUT);
  }

  @Override
  protected Store open(TestStoreContext context) throws IOException {
    return context.open("tiered");
  }

  private TestStoreContext context(String dir, URI url) throws IOException {
    return TieredStoreFailureTest.context(tmp, dir, url);
  }

  public interface Quotes {
    long quote(String symbol);
  }

  /** A cache of the team, or of the teammate with another secret, in a fresh local folder. */
  private dev.astrocache.Cache teamCache(String folder, URI url, String secret) {
    return dev.astrocache.Astrocache.builder().directory(tmp.resolve(folder)).store("tiered")
        .setting("remote.url", url.toString()).setting("remote.secret", secret)
        .setting("remote.timeout", HttpStoreTest.TEST_TIMEOUT).build();
  }

  /** Counts computations outside the impl's state (a captured counter would be in the key). */
  static final java.util.concurrent.atomic.AtomicInteger COMPUTED =
      new java.util.concurrent.atomic.AtomicInteger();

  /** How many of {@code symbols} the cache computed (the others came from a store). */
  private static int computed(dev.astrocache.Cache cache, String... symbols) {
    COMPUTED.set(0);
    Quotes q = cache.wrap(Quotes.class, symbol -> {
      COMPUTED.incrementAndGet();
      return symbol.length() * 7L;
    });
    for (String symbol : symbols) {
      assertEquals(symbol.length() * 7L, q.quote(symbol));
    }
    return COMPUTED.get();
  }

  /**
   * Issue 11: two secrets on one server kept evicting each other's entries, each process writing
   * over every object it could not verify. Now the teammate with the other secret writes nothing
   * (one warning), and the team keeps hitting in fresh local folders.
   */
  @Test
  void twoSecrets_theOtherOneWritesNothingAndTheTeamKeepsItsEntries() throws IOException {
    URI url = URI.create(NGINX.server().url() + java.util.UUID.randomUUID().toString() + "/");
    String other = "another-secret-of-16+";
    try (dev.astrocache.Cache team = teamCache("team-1", url, HttpStoreTest.SECRET)) {
      assertEquals(2, computed(team, "ACME", "INITECH"));
    } // closing flushes the remote writes
    try (LogCapture log = new LogCapture(HttpStore.class.getName())) {
      for (int round = 0; round < 2; round++) {
        try (dev.astrocache.Cache wrong = teamCache("other-" + round, url, other)) {
          assertEquals(3, computed(wrong, "ACME", "INITECH", "NEW" + round));
        }
        try (dev.astrocache.Cache team = teamCache("team-" + (round + 2), url,
            HttpStoreTest.SECRET)) {
          assertEquals(0, computed(team, "ACME", "INITECH"), "round " + round);
          // the other one's new result: not sent
          assertEquals(1, computed(team, "NEW" + round), "round " + round);
        }
      }
      // one per process with the other secret: each one's first refused read
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(2, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("astrocache: the objects at " + url + " do not verify"
          + " with this process's astrocache.remote.secret"), warnings.get(0));
    }
  }

  /** The manifests explain misses on this machine: the local file store keeps them. */
  @Test
  void manifests_areTheLocalFileStores() throws IOException {
    TestStoreContext context = new TestStoreContext(Files.createDirectories(tmp.resolve("a")));
    try (Store file = context.open("file");
        Store store = new TieredStore(file, new MemoryStoreProvider().open(context),
            Duration.ofMinutes(10), System::nanoTime)) {
      assertSame(file.manifests().orElseThrow(), store.manifests().orElseThrow());
    }
    TestStoreContext overNginx = context("b", NGINX.server().url());
    try (Store opened = openTiered(overNginx)) {
      EntryKey key = randomKey();
      opened.manifests().orElseThrow().write(key.function(), key.fingerprint(), "a.A#f()I 1\n");
      assertEquals("a.A#f()I 1\n", Files.readString(FileLayout.of(overNginx.directory())
          .manifest(key.function(), key.fingerprint())));
    }
  }

  @Test
  void get_remoteHit_fillsTheLocalStore() throws IOException {
    EntryKey key = randomKey();
    try (Store first = openTiered(context("a", NGINX.server().url()))) {
      first.put(key, new byte[] {4, 2});
    }
    TestStoreContext second = context("b", NGINX.server().url());
    try (Store local = second.open("file")) {
      assertNull(local.get(key));
    }
    try (Store store = openTiered(second)) {
      assertArrayEquals(new byte[] {4, 2}, store.get(key));
    }
    try (Store local = second.open("file")) {
      assertArrayEquals(new byte[] {4, 2}, local.get(key));
    }
  }

  /**
   * The front reads a hit through DirectRead: a remote hit comes back whole and fills the local
   * store, as get's does, and a local hit is the file store's direct read; none is a miss.
   */
  @Test
  void readDirect_remoteHitThenLocalHit_giveTheEntry() throws IOException {
    EntryKey key = randomKey();
    byte[] entry = new byte[300];
    new java.util.Random(7).nextBytes(entry);
    try (Store first = openTiered(context("a", NGINX.server().url()))) {
      first.put(key, entry);
    }
    TestStoreContext second = context("b", NGINX.server().url());
    try (Store store = openTiered(second)) {
      DirectRead direct = (DirectRead) store;
      assertNull(direct.readDirect(randomKey()));
      assertArrayEquals(entry, bytes(direct.readDirect(key)), "the remote hit");
    }
    try (Store local = second.open("file")) {
      assertArrayEquals(entry, local.get(key), "copied into the local store");
    }
    // the same local folder in front of an empty remote folder: only the local copy can answer
    URI empty = URI.create(NGINX.server().url() + java.util.UUID.randomUUID().toString() + "/");
    try (Store store = openTiered(context("b", empty))) {
      assertArrayEquals(entry, bytes(((DirectRead) store).readDirect(key)), "the local hit");
    }
  }

  private static byte[] bytes(java.nio.ByteBuffer b) {
    assertEquals(0, b.position());
    byte[] read = new byte[b.remaining()];
    b.get(read);
    return read;
  }

  @Test
  void close_flushesTheRemoteWrites() throws IOException {
    TestStoreContext context = context("a", NGINX.server().url());
    EntryKey[] keys = new EntryKey[20];
    try (Store store = openTiered(context)) {
      for (int i = 0; i < keys.length; i++) {
        keys[i] = randomKey();
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
    EntryKey key = randomKey();
    try (Store remote = context("r", NGINX.server().url()).open("http")) {
      remote.put(key, new byte[] {1});
    }
    try (Store store = openTiered(context("a", NGINX.server().url()))) {
      assertTrue(store.contains(key));
      assertFalse(store.contains(randomKey()));
    }
  }

  @Test
  void get_rejectedRemoteObject_isAMissAndNotCopied() throws IOException {
    EntryKey key = randomKey();
    Files.write(object(NGINX.server(), key), new byte[] {1, 2, 3});
    TestStoreContext context = context("a", NGINX.server().url());
    try (Store store = openTiered(context)) {
      assertNull(store.get(key));
    }
    assertEquals(1, context.rejections().size());
    assertTrue(context.rejections().get(0).startsWith(key + ": unsigned: "));
    try (Store local = context.open("file")) {
      assertNull(local.get(key));
    }
  }

  @Test
  void serverStopped_callsAreAnsweredLocallyWithOneWarning() throws IOException {
    try (NginxServer own = NginxServer.start(tmp);
        LogCapture log = new LogCapture(TieredStore.class.getName())) {
      EntryKey stored = randomKey();
      EntryKey missing = randomKey();
      TestStoreContext context = context("a", own.url());
      try (Store store = openTiered(context)) {
        store.put(stored, new byte[] {9});
      }
      try (Store store = openTiered(context)) {
        own.stop();
        assertTimeoutPreemptively(HANG_GUARD, () -> {
          for (int i = 0; i < 10; i++) {
            assertArrayEquals(new byte[] {9}, store.get(stored));
            assertNull(store.get(missing));
            assertFalse(store.contains(missing));
            store.put(randomKey(), new byte[] {(byte) i});
          }
        });
      }
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size(), warnings::toString);
      assertTrue(warnings.get(0).startsWith("astrocache: the remote store failed, so calls use the "
          + "local store only for the next 1m (astrocache.remote.backoff) before it is tried "
          + "again: GET " + HttpStoreTest.url(own.url(), missing) + " failed: "), warnings.get(0));
    }
  }

  @Test
  void backoff_thenRetry_usesTheRemoteAgain() throws IOException {
    AtomicLong now = new AtomicLong(1_000);
    try (NginxServer own = NginxServer.start(tmp);
        LogCapture log = new LogCapture(TieredStore.class.getName())) {
      TestStoreContext context = context("a", own.url());
      EntryKey key = randomKey();
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

  /** nginx refuses bodies past client_max_body_size with 413: that switched the remote off. */
  @Test
  void entryPastNginxsBodyLimit_staysLocalAndTheRemoteStaysOn() throws IOException {
    URI url = URI.create(NGINX.server().smallUrl() + java.util.UUID.randomUUID().toString() + "/");
    EntryKey big = randomKey();
    EntryKey small = randomKey();
    byte[] large = new byte[NginxServer.SMALL_LIMIT * 4];
    try (LogCapture log = new LogCapture(TieredStore.class.getName())) {
      TestStoreContext here = context("here", url);
      try (Store store = tenMinuteBackoff(here)) {
        store.put(big, large);
        // queued behind the refused one: sent only if the remote is still on
        store.put(small, new byte[] {1});
      } // close waits for the remote writes
      try (Store elsewhere = tenMinuteBackoff(context("elsewhere", url))) {
        assertArrayEquals(new byte[] {1}, elsewhere.get(small), "the remote was switched off");
        assertNull(elsewhere.get(big));
      }
      try (Store local = here.open("file")) {
        assertArrayEquals(large, local.get(big));
      }
      assertEquals(List.of(), log.messages(Level.WARNING));
    }
  }
}
