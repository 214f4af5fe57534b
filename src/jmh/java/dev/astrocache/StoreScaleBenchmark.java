package dev.astrocache;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.store.FileLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A warm hit on a store that holds {@code entries} entries, 1,000 next to 1,000,000, in one run:
 * the 1,000 entries hit are real (written by the cache), the others small files under random
 * keys in the same function's folder (about 3,900 per shard at 1,000,000). Target: the hit at
 * 1,000,000 within 1.5 times the hit at 1,000.
 *
 * <p>The directory of each size is built once per trial under {@code java.io.tmpdir}
 * ({@code astrocache-scale-<entries>}) and reused by later runs while its marker file is there;
 * the 1,000,000-entry one takes about 4 GB of disk blocks. Delete it after the run.
 *
 * <p>Run: {@code benchmarks/run.sh StoreScaleBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreScaleBenchmark {
  private static final int HOT = 1_000;

  /** What is cached: a small value per id. */
  public interface Prices {
    String price(int id);
  }

  static final class ListPrices implements Prices {
    @Override
    public String price(int id) {
      return "item " + id + " costs " + (id * 37 % 1000) + ".99";
    }
  }

  @Param({"1000", "1000000"})
  public int entries;

  private Cache cache;
  private Prices prices;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "astrocache-scale-" + entries);
    Path marker = dir.resolve("built-" + entries);
    if (!Files.exists(marker)) {
      build(dir);
      Files.writeString(marker, "built by StoreScaleBenchmark\n");
    }
    cache = Astrocache.builder().directory(dir).build();
    prices = cache.wrap(Prices.class, new ListPrices());
    for (int i = 0; i < HOT; i++) {
      prices.price(i);
    }
    if (cache.stats().misses() != 0) {
      throw new IllegalStateException("the hot entries miss: " + cache.stats());
    }
  }

  private void build(Path dir) throws IOException {
    try (Cache writer = Astrocache.builder().directory(dir).build()) {
      Prices p = writer.wrap(Prices.class, new ListPrices());
      for (int i = 0; i < HOT; i++) {
        p.price(i);
      }
    }
    FileLayout layout = FileLayout.of(dir);
    List<String> functions = layout.functions();
    String function = functions.get(0);
    String fingerprint = layout.fingerprints(function).get(0);
    Random random = new Random(42);
    byte[] key = new byte[32];
    byte[] value = new byte[64];
    HexFormat hex = HexFormat.of();
    for (int i = HOT; i < entries; i++) {
      random.nextBytes(key);
      random.nextBytes(value);
      Path file = layout.entry(new EntryKey(function, fingerprint, hex.formatHex(key)));
      if (!Files.isDirectory(file.getParent())) {
        layout.createDirectories(file.getParent());
      }
      Files.write(file, value);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  @Benchmark
  public String hit() {
    int i = next;
    next = i + 1 == HOT ? 0 : i + 1;
    return prices.price(i);
  }
}
