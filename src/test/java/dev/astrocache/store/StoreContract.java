package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Store} must do. A store's test extends this and says how to open the store;
 * {@link #configure} may add settings (a server's URL) to the context first.
 */
public abstract class StoreContract {
  @TempDir
  protected Path directory;
  protected TestStoreContext context;
  protected Store store;

  /** Opens the store under test with {@code context}. */
  protected abstract Store open(TestStoreContext context) throws IOException;

  /** Adds settings before the store is opened; the default adds none. */
  protected void configure(TestStoreContext context) {}

  @BeforeEach
  void openStore() throws IOException {
    context = new TestStoreContext(directory);
    configure(context);
    store = open(context);
  }

  @AfterEach
  void closeStore() throws Exception {
    store.close();
  }

  /** A valid key: function {@code function}, fingerprint and key derived from the seeds. */
  public static EntryKey key(String function, String fingerprintSeed, String keySeed) {
    return new EntryKey(function, sha256Hex("fp:" + fingerprintSeed), sha256Hex("key:" + keySeed));
  }

  public static EntryKey key(String keySeed) {
    return key("com.example.Prices.quote-1f3a9c0e", "v1", keySeed);
  }

  public static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code length} bytes determined by {@code seed}. */
  public static byte[] bytes(long seed, int length) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void get_absent_returnsNull() throws IOException {
    assertNull(store.get(key("absent")));
  }

  @Test
  void get_afterPut_returnsTheSameBytes() throws IOException {
    byte[] entry = bytes(1, 300);
    store.put(key("a"), entry);
    assertArrayEquals(entry, store.get(key("a")));
  }

  @Test
  void get_oneByteEntry_returnsIt() throws IOException {
    store.put(key("tiny"), new byte[] {42});
    assertArrayEquals(new byte[] {42}, store.get(key("tiny")));
  }

  @Test
  void put_twice_secondReplacesFirst() throws IOException {
    store.put(key("a"), bytes(1, 500));
    store.put(key("a"), bytes(2, 40));
    assertArrayEquals(bytes(2, 40), store.get(key("a")));
  }

  @Test
  void put_callerChangesArrayAfterwards_storedBytesUnchanged() throws IOException {
    byte[] entry = bytes(3, 64);
    store.put(key("a"), entry);
    entry[0]++;
    byte[] got = store.get(key("a"));
    got[1]++;
    assertArrayEquals(bytes(3, 64), store.get(key("a")));
  }

  @Test
  void contains_followsPutAndQuarantine() throws IOException {
    assertFalse(store.contains(key("a")));
    store.put(key("a"), bytes(1, 10));
    assertTrue(store.contains(key("a")));
    assertFalse(store.contains(key("b")));
    store.quarantine(key("a"));
    assertFalse(store.contains(key("a")));
  }

  @Test
  void quarantine_entry_getReturnsNullAndOthersStay() throws IOException {
    store.put(key("a"), bytes(1, 10));
    store.put(key("b"), bytes(2, 10));
    store.quarantine(key("a"));
    assertNull(store.get(key("a")));
    assertArrayEquals(bytes(2, 10), store.get(key("b")));
  }

  @Test
  void quarantine_absent_doesNothing() throws IOException {
    store.quarantine(key("never"));
    assertNull(store.get(key("never")));
  }

  @Test
  void put_afterQuarantine_storesAgain() throws IOException {
    store.put(key("a"), bytes(1, 10));
    store.quarantine(key("a"));
    store.put(key("a"), bytes(2, 10));
    assertArrayEquals(bytes(2, 10), store.get(key("a")));
  }

  @Test
  void put_largeEntry_roundTrips() throws IOException {
    byte[] entry = bytes(7, 6 * 1024 * 1024 + 13);
    store.put(key("large"), entry);
    assertArrayEquals(entry, store.get(key("large")));
  }

  @Test
  void put_sameKeyHexInOtherFunctionOrFingerprint_neverClashes() throws IOException {
    List<EntryKey> keys = List.of(
        key("com.example.A.f-00000001", "v1", "k"),
        key("com.example.A.f-00000002", "v1", "k"),
        key("com.example.A.f-00000001", "v2", "k"),
        key("com.example.B.f-00000001", "v2", "k"),
        key("com.example.A.f-00000001", "v1", "other"));
    for (int i = 0; i < keys.size(); i++) {
      store.put(keys.get(i), bytes(i, 20 + i));
    }
    for (int i = 0; i < keys.size(); i++) {
      assertArrayEquals(bytes(i, 20 + i), store.get(keys.get(i)), keys.get(i).toString());
    }
    store.quarantine(keys.get(0));
    assertNull(store.get(keys.get(0)));
    for (int i = 1; i < keys.size(); i++) {
      assertArrayEquals(bytes(i, 20 + i), store.get(keys.get(i)), keys.get(i).toString());
    }
  }

  /**
   * Eight threads put and get four shared keys and their own keys: a get of a shared key gives
   * null or exactly one of the values ever put there, a get of an own key the last value put.
   */
  @Test
  void putAndGet_manyThreads_eachGetIsAbsentOrAWholeValue() throws Exception {
    int threads = 8;
    int rounds = 60;
    List<byte[]> shared = new ArrayList<>();
    for (int v = 0; v < 8; v++) {
      shared.add(bytes(1000 + v, 1000 + v * 3000));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Callable<Integer> task = () -> {
          Random random = new Random(id);
          int seen = 0;
          for (int r = 0; r < rounds; r++) {
            EntryKey sharedKey = key("shared-" + random.nextInt(4));
            if (random.nextBoolean()) {
              store.put(sharedKey, shared.get(random.nextInt(shared.size())));
            }
            byte[] got = store.get(sharedKey);
            if (got != null) {
              seen++;
              assertTrue(shared.stream().anyMatch(s -> java.util.Arrays.equals(s, got)),
                  "a get of " + sharedKey + " gave " + got.length + " bytes that were never put");
            }
            EntryKey own = key("own-" + id + "-" + (r % 5));
            store.put(own, bytes(id * 1000L + r, 50 + r));
            assertArrayEquals(bytes(id * 1000L + r, 50 + r), store.get(own));
          }
          return seen;
        };
        results.add(pool.submit(task));
      }
      int seen = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        int sum = 0;
        for (Future<Integer> f : results) {
          sum += f.get();
        }
        return sum;
      });
      assertTrue(seen > 0, "no get of a shared key found a value");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void close_twice_isHarmless() throws Exception {
    store.close();
    store.close();
    assertEquals(0, context.rejections().size());
  }
}
