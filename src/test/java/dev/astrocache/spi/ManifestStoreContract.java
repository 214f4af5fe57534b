package dev.astrocache.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ManifestStore} meets. A store's test extends this class, supplies a
 * fresh, empty {@link #manifests()} for each test and {@link #putEntry} to put an entry under a
 * function and fingerprint, so that {@link StoredManifest#hasEntries()} can be checked.
 */
public abstract class ManifestStoreContract {
  protected static final String FUNCTION = "com.example.Prices.quote-1f3a9c0e";
  protected static final String OTHER_FUNCTION = "com.example.Prices.total-00c0ffee";
  protected static final String V1 = "1".repeat(64);
  protected static final String V2 = "2".repeat(64);

  /** For subclasses. */
  protected ManifestStoreContract() {}

  /** The manifests of a fresh, empty store; the same instance within one test. */
  protected abstract ManifestStore manifests() throws IOException;

  /** Puts an entry (any bytes) under {@code function} at {@code fingerprint}. */
  protected abstract void putEntry(String function, String fingerprint) throws IOException;

  @Test
  void list_functionWithoutManifests_isEmpty() throws IOException {
    assertEquals(List.of(), manifests().list(FUNCTION));
    assertEquals(Optional.empty(), manifests().read(FUNCTION, V1));
  }

  @Test
  void write_thenRead_givesTheTextAsWritten() throws IOException {
    String text = "a.A#f(I)I 11\na.\u00c9t\u00e9#g()V 22\n"; // not ASCII
    manifests().write(FUNCTION, V1, text);
    assertEquals(Optional.of(text), manifests().read(FUNCTION, V1));
    assertEquals(Optional.empty(), manifests().read(FUNCTION, V2));
    assertEquals(Optional.empty(), manifests().read(OTHER_FUNCTION, V1));
  }

  @Test
  void write_sameFingerprintTwice_keepsOneManifestThere() throws IOException {
    manifests().write(FUNCTION, V1, "a.A#f()V 1\n");
    manifests().write(FUNCTION, V1, "a.A#f()V 1\n");
    assertEquals(List.of(V1), fingerprints(FUNCTION));
    assertEquals(Optional.of("a.A#f()V 1\n"), manifests().read(FUNCTION, V1));
  }

  @Test
  void list_namesEachFingerprintOfThatFunctionOnly() throws IOException {
    manifests().write(FUNCTION, V1, "a.A#f()V 1\n");
    manifests().write(FUNCTION, V2, "a.A#f()V 2\n");
    manifests().write(OTHER_FUNCTION, V1, "a.A#g()V 1\n");
    assertEquals(List.of(V1, V2), fingerprints(FUNCTION));
    assertEquals(List.of(V1), fingerprints(OTHER_FUNCTION));
  }

  @Test
  void list_saysWhichFingerprintsHaveEntries() throws IOException {
    manifests().write(FUNCTION, V1, "a.A#f()V 1\n");
    manifests().write(FUNCTION, V2, "a.A#f()V 2\n");
    putEntry(FUNCTION, V2);
    Set<String> withEntries = manifests().list(FUNCTION).stream()
        .filter(StoredManifest::hasEntries).map(StoredManifest::fingerprint)
        .collect(Collectors.toSet());
    assertEquals(Set.of(V2), withEntries);
  }

  @Test
  void list_writtenTimes_areNotInTheFuture() throws IOException {
    manifests().write(FUNCTION, V1, "a.A#f()V 1\n");
    StoredManifest m = manifests().list(FUNCTION).get(0);
    assertFalse(m.written().isAfter(java.time.Instant.now()), m.toString());
    assertTrue(m.written().toEpochMilli() > 0, m.toString());
  }

  private List<String> fingerprints(String function) throws IOException {
    return manifests().list(function).stream().map(StoredManifest::fingerprint).sorted().toList();
  }
}
