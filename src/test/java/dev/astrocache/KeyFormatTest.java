package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.codec.CanonicalEncoder;
import dev.astrocache.codec.ValueCodec;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key format change ({@link CallKey#FORMAT}) makes the entries of the previous format misses,
 * never errors: format 2 counts a LinkedHashMap in its order, where format 1 sorted it.
 */
class KeyFormatTest {
  @TempDir Path dir;

  public interface Csv {
    String header(Map<String, Integer> columns);
  }

  static final class Header implements Csv {
    @Override
    public String header(Map<String, Integer> columns) {
      return String.join(",", columns.keySet());
    }
  }

  private Cache cache() {
    return Astrocache.builder().directory(dir).build();
  }

  private Path entryFile() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> entries = files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList();
      assertEquals(1, entries.size(), entries.toString());
      return entries.get(0);
    }
  }

  private static byte[] frame(byte[] key, String value) throws Exception {
    return EntryFrame.write(new EntryFrame.Header(ValueCodec.NAME, key, System.currentTimeMillis(),
        1_000), new ValueCodec().serialize(value));
  }

  @Test
  void entryOfThePreviousFormat_isAMissNotAnError() throws Exception {
    Map<String, Integer> columns = new LinkedHashMap<>();
    columns.put("b", 2);
    columns.put("a", 1);
    Cache first = cache();
    Csv csv = first.wrap(Csv.class, new Header());
    assertEquals("b,a", csv.header(columns));
    assertEquals(1, first.stats().puts());
    Path entry = entryFile();
    byte[] fingerprint = HexFormat.of().parseHex(entry.getParent().getParent().getFileName().toString());

    // the key as CallKey frames it, from the parts of this call: first under this format (it
    // must be the entry's name, or this test rebuilds the key wrongly), then under the previous
    // one, where a LinkedHashMap was encoded sorted, as a TreeMap still is
    CachingHandler h = (CachingHandler) Proxy.getInvocationHandler(csv);
    Method m = Csv.class.getMethod("header", Map.class);
    byte[] signature = CallKey.signature(m, Header.class);
    byte[] state = h.encoder.encode(h.impl, CanonicalEncoder.Mode.STATE, new HashSet<>());
    byte[] now = h.encoder.encode(columns, CanonicalEncoder.Mode.ARGUMENT, new HashSet<>());
    byte[] sorted = h.encoder.encode(new TreeMap<>(columns), CanonicalEncoder.Mode.ARGUMENT,
        new HashSet<>());
    // this method reads no ambient input: its key holds the defaults only (issue 10)
    byte[][] defaults = {"defaults".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Ambient.defaults()};
    byte[] key = CallKey.digest(CallKey.FORMAT, signature, fingerprint, state, new byte[0][],
        defaults, new byte[0][], new byte[][] {now});
    assertEquals(entry.getFileName().toString(), HexFormat.of().formatHex(key));
    byte[] oldKey = CallKey.digest(CallKey.FORMAT - 1, signature, fingerprint, state,
        new byte[0][], new byte[][] {sorted});
    String oldHex = HexFormat.of().formatHex(oldKey);

    // an entry written as this test writes it is taken when its key is the call's
    Files.write(entry, frame(key, "from the entry"));
    Cache control = cache();
    assertEquals("from the entry", control.wrap(Csv.class, new Header()).header(columns));
    assertEquals(1, control.stats().hits());

    // only the previous format's entry for the same call: computed, nothing counted as an error
    Files.delete(entry);
    Path old = entry.getParent().getParent().resolve(oldHex.substring(0, 2)).resolve(oldHex);
    Files.createDirectories(old.getParent());
    byte[] oldEntry = frame(oldKey, "stale");
    Files.write(old, oldEntry);
    Cache second = cache();
    assertEquals("b,a", second.wrap(Csv.class, new Header()).header(columns));
    CacheStats s = second.stats();
    assertEquals(0, s.hits(), s.toString());
    assertEquals(1, s.misses(), s.toString());
    assertEquals(0, s.errors(), s.toString());
    assertEquals(1, s.puts(), s.toString());
    assertFalse(Files.exists(dir.resolve("quarantine")), "nothing quarantined");
    assertArrayEquals(oldEntry, Files.readAllBytes(old), "the old entry is left to the sweeper");
    second.close(); // the entry is written behind the call: closing writes it
    assertTrue(Files.exists(entry), "the call's entry is written again under this format");
  }
}
