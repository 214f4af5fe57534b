package dev.astrocache.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MethodFingerprintTest {
  private static MethodFingerprint of(int firstByte, String unresolved) {
    byte[] hash = new byte[32];
    hash[0] = (byte) firstByte;
    TreeMap<String, String> manifest = new TreeMap<>();
    manifest.put("p.Impl#run(I)I", "ab".repeat(32));
    return new MethodFingerprint(hash, manifest, Set.of(unresolved));
  }

  @Test
  void equals_comparesTheHashByContent() {
    assertEquals(of(1, "p.Gen"), of(1, "p.Gen"));
    assertEquals(of(1, "p.Gen").hashCode(), of(1, "p.Gen").hashCode());
    assertNotEquals(of(1, "p.Gen"), of(2, "p.Gen"));
    assertNotEquals(of(1, "p.Gen"), of(1, "p.Other"));
  }

  @Test
  void hexAndToString_showTheHash() {
    String hex = "fe" + "00".repeat(31);

    assertEquals(hex, of(0xFE, "p.Gen").hex());
    assertEquals("MethodFingerprint[" + hex + ", 1 methods, unresolved [p.Gen]]",
        of(0xFE, "p.Gen").toString());
  }
}
