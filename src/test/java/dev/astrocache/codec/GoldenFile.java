package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pinned encodings, one {@code name<TAB>hex} per line, so that a format change is a decision:
 * a difference fails the test with the regenerated file and how to write it.
 */
final class GoldenFile {
  static final String REGENERATE = "astrocache.regenerateGolden";

  private GoldenFile() {}

  static void check(String resource, Map<String, byte[]> actual) {
    StringBuilder now = new StringBuilder();
    for (Map.Entry<String, byte[]> e : actual.entrySet()) {
      now.append(e.getKey()).append('\t').append(HexFormat.of().formatHex(e.getValue())).append('\n');
    }
    Path source = Path.of("src/test/resources/codec", resource);
    if (Boolean.getBoolean(REGENERATE)) {
      try {
        Files.writeString(source, now.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    Map<String, String> pinned = read(resource);
    StringBuilder diff = new StringBuilder();
    for (Map.Entry<String, byte[]> e : actual.entrySet()) {
      String hex = HexFormat.of().formatHex(e.getValue());
      String was = pinned.remove(e.getKey());
      if (!hex.equals(was)) {
        diff.append("  ").append(e.getKey()).append(": pinned ").append(was).append(", now ").append(hex).append('\n');
      }
    }
    for (String gone : pinned.keySet()) {
      diff.append("  ").append(gone).append(": pinned but no longer produced\n");
    }
    if (diff.length() > 0) {
      fail("The encoding differs from " + source + ":\n" + diff
          + "If the format change is deliberate, bump the format version and regenerate with\n"
          + "  mvn -B -o test -Dtest='CanonicalEncoderTest,ValueCodecTest' -D" + REGENERATE + "=true\n"
          + "and commit the file. Its new content:\n" + now);
    }
  }

  private static Map<String, String> read(String resource) {
    Map<String, String> m = new LinkedHashMap<>();
    try (InputStream in = GoldenFile.class.getResourceAsStream("/codec/" + resource)) {
      if (in == null) {
        return m;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          m.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }
}
