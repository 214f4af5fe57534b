package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestsTest {

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
  void describe_sameMethodsSaysSo() {
    assertEquals("astrocache: f misses: its code changed since fingerprint 0123: no reached"
        + " method changed (the Java version or a type seen at run time did)",
        Manifests.describe("f", "0123", Map.of("a", "1"), Map.of("a", "1")));
  }
}
