package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.Store;
import dev.astrocache.store.TestStoreContext;
import dev.astrocache.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
  private static final String FUNCTION = "a.Api.run-1234";
  private static final String AAAA = "a".repeat(64);
  private static final String BBBB = "b".repeat(64);
  private static final String CCCC = "c".repeat(64);

  @TempDir Path dir;
  /** The file store's manifests, which Manifests reads and writes through. */
  private Store store;
  private ManifestStore manifests;

  @BeforeEach
  void open() throws IOException {
    store = new TestStoreContext(dir).open("file");
    manifests = store.manifests().orElseThrow();
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  @Test
  void text_isOneSortedLinePerMethodAndParsesBack() {
    SortedMap<String, String> m = new TreeMap<>(Map.of("b.B#g()V", "22", "a.A#f(I)I", "11"));
    assertEquals("a.A#f(I)I 11\nb.B#g()V 22\n", Manifests.text(m));
    assertEquals(m, Manifests.parse(Manifests.text(m)));
  }

  @Test
  void describe_namesChangedAppearedAndDisappearedMethods() {
    Map<String, String> before = Map.of("a.A#f(I)I", "11", "a.A#gone()V", "33", "a.A#same()V", "44");
    Map<String, String> now = new TreeMap<>(
        Map.of("a.A#f(I)I", "12", "a.A#added()V", "55", "a.A#same()V", "44"));
    assertEquals("astrocache: a.Api.f-12345678 misses: its code changed since fingerprint"
        + " 0123456789ab:\n  changed: a.A#f(I)I\n  appeared: a.A#added()V\n"
        + "  disappeared: a.A#gone()V",
        Manifests.describe("a.Api.f-12345678", "0123456789abcdef", before, now));
  }

  @Test
  void describe_methodRedefinedInJShell_isOneChangeWithoutTheSnippetsContentHash() {
    // the snippet class that holds rate() is named by its content, which the edit changed;
    // two snippets each holding a run() cannot be paired, and stay as they are
    Map<String, String> before = new TreeMap<>(Map.of("REPL.$JShell$~a52e991c#rate()D", "11",
        "REPL.$JShell$~4900e57c$Impl#quote(I)D", "21", "REPL.$JShell$~00000001#run()V", "31",
        "REPL.$JShell$~00000002#run()V", "32"));
    Map<String, String> now = new TreeMap<>(Map.of("REPL.$JShell$~4dc0a76c#rate()D", "12",
        "REPL.$JShell$~4900e57c$Impl#quote(I)D", "22", "REPL.$JShell$~00000003#run()V", "33",
        "REPL.$JShell$~00000004#run()V", "34"));
    assertEquals("astrocache: f misses: its code changed since fingerprint 0123:\n"
        + "  changed: REPL.$JShell$~#rate()D, REPL.$JShell$~4900e57c$Impl#quote(I)D\n"
        + "  appeared: REPL.$JShell$~00000003#run()V, REPL.$JShell$~00000004#run()V\n"
        + "  disappeared: REPL.$JShell$~00000001#run()V, REPL.$JShell$~00000002#run()V",
        Manifests.describe("f", "0123", before, now));
  }

  @Test
  void describe_ambientInputChanged_namesTheInputNotItsValue() {
    Map<String, String> before = Map.of("a.A#f(I)I", "11",
        "ambient: system property report.mode", "aa", "ambient: env HOME", "cc");
    Map<String, String> now = Map.of("a.A#f(I)I", "11",
        "ambient: system property report.mode", "bb", "ambient: env HOME", "cc");
    assertEquals("astrocache: f misses: system property report.mode changed",
        Manifests.describe("f", "0123", before, now));
  }

  @Test
  void describe_ambientInputAndCodeChanged_namesBoth() {
    Map<String, String> before = Map.of("a.A#f(I)I", "11", "ambient: resource greeting.txt", "aa");
    Map<String, String> now = new TreeMap<>(Map.of("a.A#f(I)I", "12",
        "ambient: resource greeting.txt", "bb", "ambient: file data/prices.csv", "dd"));
    assertEquals("astrocache: f misses: resource greeting.txt changed; and its code changed"
        + " since fingerprint 0123:\n  changed: a.A#f(I)I",
        Manifests.describe("f", "0123", before, now));
  }

  @Test
  void describe_inputReadOnlyNow_isACodeChange() {
    Map<String, String> before = Map.of("a.A#f(I)I", "11");
    Map<String, String> now = new TreeMap<>(Map.of("a.A#f(I)I", "12",
        "ambient: env HOME", "dd"));
    assertEquals("astrocache: f misses: its code changed since fingerprint 0123:\n  changed:"
        + " a.A#f(I)I", Manifests.describe("f", "0123", before, now));
  }

  @Test
  void describe_sameMethodsSaysSo() {
    assertEquals("astrocache: f misses: its fingerprint differs from 0123's, but no reached"
        + " method changed (a class's supertypes or a type seen at run time did)",
        Manifests.describe("f", "0123", Map.of("a", "1"), Map.of("a", "1")));
  }

  @Test
  void describe_sameMethodsUnderAnotherJava_saysTheJavaVersionChanged() {
    assertEquals("astrocache: f misses: the Java version changed since fingerprint 0123 (Java 17,"
        + " now 25); no reached method changed",
        Manifests.describe("f", "0123", Map.of("a", "1"), Map.of("a", "1"), "17", "25"));
    assertEquals("astrocache: f misses: its fingerprint differs from 0123's, but no reached"
        + " method changed (a class's supertypes or a type seen at run time did)",
        Manifests.describe("f", "0123", Map.of("a", "1"), Map.of("a", "1"), "25", "25"));
  }

  @Test
  void describe_methodsThatOnlyAppeared_doNotClaimAnEdit() {
    assertEquals("astrocache: f misses: it reaches methods that fingerprint 0123 did not (an"
        + " edit, or a new type among the arguments or the state):\n  appeared: b.B#g()V",
        Manifests.describe("f", "0123", Map.of("a.A#f()V", "1"),
            Map.of("a.A#f()V", "1", "b.B#g()V", "2")));
  }

  @Test
  void text_javaLine_isNotAMethod() {
    String text = "a.A#f(I)I 11\njava 17\n";
    assertEquals(Map.of("a.A#f(I)I", "11"), Manifests.parse(text));
    assertEquals("17", Manifests.javaOf(text));
    assertNull(Manifests.javaOf("a.A#f(I)I 11\n"));
  }

  @Test
  void describe_longSection_namesTheFirstTwentyAndCountsTheRest() {
    Map<String, String> before = new TreeMap<>();
    Map<String, String> now = new TreeMap<>();
    for (int i = 10; i < 35; i++) {
      before.put("a.A#m" + i + "()V", "1");
      now.put("a.A#m" + i + "()V", "2");
    }
    StringBuilder first = new StringBuilder();
    for (int i = 10; i < 30; i++) {
      first.append(i == 10 ? "" : ", ").append("a.A#m").append(i).append("()V");
    }
    assertEquals("astrocache: f misses: its code changed since fingerprint 0123:\n  changed: "
        + first + ", and 5 more (the manifest.txt files beside the entries list them all)",
        Manifests.describe("f", "0123", before, now));
  }

  @Test
  void explainMiss_comparesWithTheSameImplementationOnly() throws IOException {
    // an older fingerprint of this impl, then a newer one of another impl of the same method
    fingerprintWithEntries(AAAA, "a.Mine#run()I 1\na.Util#f()I 1\n", 1_000);
    fingerprintWithEntries(BBBB, "a.Other#run()I 7\n", 2_000);
    SortedMap<String, String> now = new TreeMap<>(Map.of("a.Mine#run()I", "1", "a.Util#f()I", "2"));
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      new Manifests(manifests).explainMiss(call(CCCC, now, "a.Mine#run()I"));
      assertEquals(List.of("astrocache: a.Api.run-1234 misses: its code changed since fingerprint"
          + " aaaaaaaaaaaa:\n  changed: a.Util#f()I"), log.messages(Level.INFO));
    }
  }

  @Test
  void explainMiss_onlyAnotherImplementationsFingerprint_saysNothing() throws IOException {
    fingerprintWithEntries(BBBB, "a.Other#run()I 7\n", 2_000);
    SortedMap<String, String> now = new TreeMap<>(Map.of("a.Mine#run()I", "1"));
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      new Manifests(manifests).explainMiss(call(CCCC, now, "a.Mine#run()I"));
      assertEquals(List.of(), log.messages(Level.INFO));
    }
  }

  @Test
  void explainMiss_newestFingerprintWithoutEntries_isPassedOverForTheOneWithEntries()
      throws IOException {
    fingerprintWithEntries(AAAA, "a.Util#f()I 1\n", 1_000);
    new Manifests(manifests).record(FUNCTION, BBBB, new TreeMap<>(Map.of("a.Util#f()I", "9")));
    Files.setLastModifiedTime(manifestFile(BBBB), FileTime.fromMillis(2_000)); // no entries
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      new Manifests(manifests).explainMiss(
          call(CCCC, new TreeMap<>(Map.of("a.Util#f()I", "2")), null));
      assertEquals(List.of("astrocache: a.Api.run-1234 misses: its code changed since fingerprint"
          + " aaaaaaaaaaaa:\n  changed: a.Util#f()I"), log.messages(Level.INFO));
    }
  }

  @Test
  void record_writesTheTextOnceThroughTheStore() throws IOException {
    SortedMap<String, String> m = new TreeMap<>(Map.of("a.A#f(I)I", "11"));
    Manifests front = new Manifests(manifests);
    front.record(FUNCTION, AAAA, m);
    front.record(FUNCTION, AAAA, new TreeMap<>(Map.of("a.A#f(I)I", "12")));
    assertEquals(m, Manifests.parse(manifests.read(FUNCTION, AAAA).orElseThrow()));
    assertEquals("a.A#f(I)I 11\njava " + Runtime.version().feature() + "\n",
        Files.readString(manifestFile(AAAA)));
  }

  public interface Doubler {
    int twice(int x);
  }

  /** The cache asks the store for the capability: a plug-in store by any name may offer it. */
  @Test
  void cache_overAPluginStoreThatOffersManifests_writesThemThroughIt() throws IOException {
    Path home = Files.createDirectories(dir.resolve("plugin"));
    try (Cache cache = Astrocache.builder().directory(home).store("test-manifests").build()) {
      assertEquals(6, cache.wrap(Doubler.class, x -> x * 2).twice(3));
    }
    Map<String, String> kept = ManifestKeepingStoreProvider.MANIFESTS.get(home);
    assertEquals(1, kept.size(), kept.toString());
    String function = kept.keySet().iterator().next();
    assertTrue(function.startsWith("dev.astrocache.ManifestsTest$Doubler.twice-"), function);
    assertTrue(kept.values().iterator().next().contains("ManifestsTest#lambda$"), kept.toString());
  }

  /** The memory store offers none: nothing is written to the cache directory. */
  @Test
  void cache_overTheMemoryStore_writesNoManifest() throws IOException {
    Path home = Files.createDirectories(dir.resolve("memory"));
    try (Cache cache = Astrocache.builder().directory(home).store("memory").build()) {
      assertEquals(6, cache.wrap(Doubler.class, x -> x * 2).twice(3));
    }
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void of_storeWithoutManifestsOrABrokenPlugin_isNull() {
    Store none = new Store() {
      @Override
      public byte[] get(EntryKey key) {
        return null;
      }

      @Override
      public void put(EntryKey key, byte[] entry) {}
    };
    assertNull(Manifests.of(none));
    Store broken = new Store() {
      @Override
      public byte[] get(EntryKey key) {
        return null;
      }

      @Override
      public void put(EntryKey key, byte[] entry) {}

      @Override
      public Optional<ManifestStore> manifests() {
        throw new UnsupportedOperationException("not yet");
      }
    };
    assertNull(Manifests.of(broken));
    assertNotNull(Manifests.of(store), "the file store offers manifests");
  }

  private static Manifests.Call call(String fingerprint, SortedMap<String, String> manifest,
      String implementation) {
    return new Manifests.Call(FUNCTION, fingerprint, manifest, implementation, "a.Mine",
        "0123456789abcdef", () -> "");
  }

  private Path manifestFile(String fingerprint) {
    return dir.resolve(FUNCTION).resolve(fingerprint).resolve("manifest.txt");
  }

  /** A manifest written through the store, and a shard folder, as entries would leave it. */
  private void fingerprintWithEntries(String fingerprint, String manifest, long modified)
      throws IOException {
    manifests.write(FUNCTION, fingerprint, manifest);
    Files.createDirectories(dir.resolve(FUNCTION).resolve(fingerprint).resolve("ab"));
    Files.setLastModifiedTime(manifestFile(fingerprint), FileTime.fromMillis(modified));
  }
}
