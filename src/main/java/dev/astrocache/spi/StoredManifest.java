package dev.astrocache.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A manifest that a {@link ManifestStore} keeps, as {@link ManifestStore#list} names it: its
 * text is read with {@link ManifestStore#read}.
 *
 * @param fingerprint the fingerprint of the function's code it belongs to (64 lower-case hex
 *     digits)
 * @param written when it was written; the cache compares a miss with the most recent one
 * @param hasEntries whether the store holds entries under this fingerprint: the cache compares
 *     a miss only with fingerprints that have entries, since a fingerprint whose entries are all
 *     gone (evicted, cleared) is not what the code used to answer from
 */
public record StoredManifest(String fingerprint, Instant written, boolean hasEntries) {

  /** Checks that no part is null. */
  public StoredManifest {
    Objects.requireNonNull(fingerprint, "fingerprint == null");
    Objects.requireNonNull(written, "written == null");
  }
}
