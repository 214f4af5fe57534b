package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.astrocache.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
  @TempDir Path dir;

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
        + " method changed (a class's supertypes, the Java version or a type seen at run time"
        + " did)",
        Manifests.describe("f", "0123", Map.of("a", "1"), Map.of("a", "1")));
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
    fingerprintWithEntries("aaaa", "a.Mine#run()I 1\na.Util#f()I 1\n", 1_000);
    fingerprintWithEntries("bbbb", "a.Other#run()I 7\n", 2_000);
    SortedMap<String, String> now = new TreeMap<>(Map.of("a.Mine#run()I", "1", "a.Util#f()I", "2"));
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      new Manifests(dir).explainMiss("a.Api.run-1234", "cccc", now, "a.Mine#run()I");
      assertEquals(List.of("astrocache: a.Api.run-1234 misses: its code changed since fingerprint"
          + " aaaa:\n  changed: a.Util#f()I"), log.messages(Level.INFO));
    }
  }

  @Test
  void explainMiss_onlyAnotherImplementationsFingerprint_saysNothing() throws IOException {
    fingerprintWithEntries("bbbb", "a.Other#run()I 7\n", 2_000);
    SortedMap<String, String> now = new TreeMap<>(Map.of("a.Mine#run()I", "1"));
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      new Manifests(dir).explainMiss("a.Api.run-1234", "cccc", now, "a.Mine#run()I");
      assertEquals(List.of(), log.messages(Level.INFO));
    }
  }

  private void fingerprintWithEntries(String fingerprint, String manifest, long modified)
      throws IOException {
    Path fp = Files.createDirectories(dir.resolve("a.Api.run-1234").resolve(fingerprint));
    Files.createDirectories(fp.resolve("ab"));
    Path file = Files.writeString(fp.resolve(Manifests.FILE), manifest, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(modified));
  }
}
