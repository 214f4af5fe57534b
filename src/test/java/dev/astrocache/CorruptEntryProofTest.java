package dev.astrocache;

import static dev.astrocache.testing.StatsAssert.assertStats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.astrocache.store.FileLayout;
import dev.astrocache.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt entries, as a property: an entry file whose bytes are flipped, overwritten, truncated
 * or extended, in its header or its payload, is always a miss: moved to the quarantine with the
 * damaged bytes, counted in {@code stats().rejected()}, the value computed again and right,
 * never an exception to the caller; the entry written again is a hit.
 */
class CorruptEntryProofTest {
  static final int EXAMPLES = 400;

  @TempDir Path dir;

  public interface Values {
    List<Integer> squares(int n);

    String words(int n);

    Map<String, List<Long>> table(int n);

    byte[] bytes(int n);
  }

  /** Counts its computations in a field the key leaves out. */
  static final class Computing implements Values {
    transient int computed;

    @Override
    public List<Integer> squares(int n) {
      computed++;
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < n % 300; i++) {
        out.add(i * i - n);
      }
      return out;
    }

    @Override
    public String words(int n) {
      computed++;
      return ("w" + n + " \u00e9t\u00e9 ").repeat(n % 200);
    }

    @Override
    public Map<String, List<Long>> table(int n) {
      computed++;
      Map<String, List<Long>> out = new TreeMap<>();
      for (int i = 0; i < n % 40; i++) {
        out.put("k" + i, List.of((long) n * i, (long) -i));
      }
      return out;
    }

    /** Every third one large enough to be mapped when read (from 256 KiB), the others small. */
    @Override
    public byte[] bytes(int n) {
      computed++;
      byte[] out = new byte[n % 3 == 0 ? (300 << 10) + n : n * 37 % 5000];
      new Random(n).nextBytes(out);
      return out;
    }
  }

  private static Object expected(int method, int n) {
    Computing c = new Computing();
    return method == 0 ? c.squares(n) : method == 1 ? c.words(n) : method == 2 ? c.table(n)
        : c.bytes(n);
  }

  private static Object call(Values v, int method, int n) {
    return method == 0 ? v.squares(n) : method == 1 ? v.words(n) : method == 2 ? v.table(n)
        : v.bytes(n);
  }

  /** Equal values, arrays by their elements. */
  private static void assertValue(Object want, Object got) {
    if (want instanceof byte[] w) {
      assertArrayEquals(w, (byte[]) got);
    } else {
      assertEquals(want, got);
    }
  }

  enum Damage { FLIP, OVERWRITE, TRUNCATE, EXTEND }

  @Test
  void damagedEntry_isAlwaysAMissQuarantinedCountedAndComputedAgain() throws Exception {
    Cache cache = Astrocache.builder().directory(dir).build();
    Computing impl = new Computing();
    Values values = cache.wrap(Values.class, impl);
    FileLayout layout = FileLayout.of(dir);
    Set<Path> known = new HashSet<>();
    int[] next = {1};
    Map<String, Integer> counts = new TreeMap<>();
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      qt().withFixedSeed(15L).withExamples(EXAMPLES)
          .forAll(integers().between(0, 3), integers().between(0, 1), integers().between(0, 3),
              longs().all())
          .checkAssert((damage, inHeader, method, seed) -> {
            int n = next[0]++; // a key of its own for each example, shrinking included
            Object want = expected(method, n);
            assertValue(want, call(values, method, n));
            Path entry = awaitNewEntry(layout, known);
            byte[] good = read(entry);
            byte[] bad = damage(Damage.values()[damage], inHeader == 1, good, new Random(seed));
            assertFalse(Arrays.equals(good, bad));
            write(entry, bad);
            int computedBefore = impl.computed;
            CacheStats before = cache.stats();
            int quarantinedBefore = quarantined(layout).size();

            Object got = call(values, method, n); // no exception, whatever the damage
            assertValue(want, got);
            assertEquals(computedBefore + 1, impl.computed, "computed again");
            CacheStats after = cache.stats();
            assertStats(delta(before, after)).hits(0).misses(1).rejected(1).errors(0);
            // the damaged bytes are in the quarantine (moved there now or soon)
            await("the damaged entry in " + layout.quarantine(),
                () -> quarantined(layout).size() == quarantinedBefore + 1);
            assertTrue(quarantined(layout).stream().anyMatch(q -> Arrays.equals(bad, read(q))),
                "the quarantine holds the damaged bytes");
            // the value written again is whole, and the next call is a hit
            await("the entry written again", () -> Files.isRegularFile(entry)
                && !Arrays.equals(bad, read(entry)));
            CacheStats beforeHit = cache.stats();
            assertValue(want, call(values, method, n));
            assertStats(delta(beforeHit, cache.stats())).hits(1).misses(0).rejected(0);
            counts.merge(Damage.values()[damage].name().toLowerCase() + " "
                + (inHeader == 1 ? "header" : "payload"), 1, Integer::sum);
          });
      // one warning for the first bad entry; the others are counted, not logged
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size(), warnings::toString);
      assertTrue(warnings.get(0).startsWith("astrocache: entry "), warnings::toString);
    }
    assertEquals(EXAMPLES, cache.stats().rejected());
    System.out.println("astrocache-proof: corrupt entries: " + EXAMPLES + " damaged entries "
        + counts + ": " + EXAMPLES + " misses, " + EXAMPLES + " quarantined, rejected="
        + cache.stats().rejected() + ", 0 exceptions, every value recomputed right");
  }

  /**
   * {@code good} damaged: in its header (the bytes before the payload) or its payload; a flip
   * changes one to eight bits of one byte, an overwrite a run of up to 16 bytes, a truncation
   * cuts it at a point in that part, an extension adds 1 to 64 bytes (at the end, or inside the
   * header).
   */
  static byte[] damage(Damage damage, boolean inHeader, byte[] good, Random r) {
    int n = good[6] & 0xff;
    int payloadLength = ((good[55 + n] & 0xff) << 24) | ((good[56 + n] & 0xff) << 16)
        | ((good[57 + n] & 0xff) << 8) | (good[58 + n] & 0xff);
    int headerLength = good.length - payloadLength;
    if (!inHeader && payloadLength == 0) {
      inHeader = true; // an empty payload has nothing to damage
    }
    int from = inHeader ? 0 : headerLength;
    int to = inHeader ? headerLength : good.length;
    int at = from + r.nextInt(to - from);
    byte[] bad;
    switch (damage) {
      case FLIP -> {
        bad = good.clone();
        bad[at] ^= (byte) (1 + r.nextInt(255));
      }
      case OVERWRITE -> {
        bad = good.clone();
        int len = 1 + r.nextInt(Math.min(16, to - at));
        for (int i = at; i < at + len; i++) {
          bad[i] ^= (byte) (1 + r.nextInt(255));
        }
      }
      case TRUNCATE -> bad = Arrays.copyOf(good, at);
      default -> {
        byte[] extra = new byte[1 + r.nextInt(64)];
        r.nextBytes(extra);
        int where = inHeader ? at : good.length;
        bad = new byte[good.length + extra.length];
        System.arraycopy(good, 0, bad, 0, where);
        System.arraycopy(extra, 0, bad, where, extra.length);
        System.arraycopy(good, where, bad, where + extra.length, good.length - where);
      }
    }
    return bad;
  }

  private static CacheStats delta(CacheStats a, CacheStats b) {
    return new CacheStats(b.hits() - a.hits(), b.misses() - a.misses(), b.puts() - a.puts(),
        b.errors() - a.errors(), b.rejected() - a.rejected(), 0, 0, b.timeSaved());
  }

  /** The one entry that appeared since the last call (a write may land a moment later). */
  private static Path awaitNewEntry(FileLayout layout, Set<Path> known) {
    List<Path> fresh = new ArrayList<>();
    await("a new entry in " + layout.root(), () -> {
      fresh.clear();
      try (Stream<Path> files = Files.walk(layout.root())) {
        files.filter(p -> layout.kind(p) == FileLayout.Kind.ENTRY && !known.contains(p))
            .forEach(fresh::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return !fresh.isEmpty();
    });
    assertEquals(1, fresh.size(), fresh::toString);
    known.add(fresh.get(0));
    return fresh.get(0);
  }

  private static List<Path> quarantined(FileLayout layout) {
    try {
      return layout.quarantined();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits up to 30 s for {@code condition}: a hang guard for background writes, not a timing. */
  private static void await(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path p, byte[] b) {
    try {
      Files.write(p, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void damage_changesTheBytesInThePartItNames() {
    byte[] good = EntryFrame.write(new EntryFrame.Header("astrocache", new byte[32], 1L, 2L,
        "squares(3)"), new byte[] {1, 2, 3, 4});
    int header = good.length - 4;
    for (Damage d : Damage.values()) {
      for (int seed = 0; seed < 50; seed++) {
        byte[] bad = damage(d, false, good, new Random(seed));
        assertFalse(Arrays.equals(good, bad), d + " " + seed);
        if (d != Damage.TRUNCATE) {
          assertArrayEquals(Arrays.copyOf(good, header), Arrays.copyOf(bad, header), d + "");
        } else {
          assertTrue(bad.length >= header, d + " " + seed);
        }
      }
    }
  }
}
