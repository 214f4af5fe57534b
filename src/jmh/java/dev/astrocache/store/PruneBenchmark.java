package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The time to remove 100,000 entries, each run on a freshly built tree: {@code versions}, the
 * removal of an old code version's 100,000 entries when a new version is written ({@link
 * FileStoreSweeper#pruneVersions}); {@code size}, a sweep over 200,000 entries that evicts the
 * 100,000 worth least to hold the cap ({@link FileStoreSweeper#sweep}: a stat walk, a walk that
 * reads each entry's header, a walk that deletes). The tree is synced to disk before each run.
 *
 * <p>Run: {@code benchmarks/run.sh PruneBenchmark -f 1 -wi 0 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class PruneBenchmark {
  private static final String F = "com.example.Prices.quote-1f3a9c0e";
  private static final int REMOVED = 100_000;
  private static final int SIZE = 200;

  @Param({"versions", "size"})
  public String kind;

  private Path root;
  private FileLayout layout;
  private String current;
  private long cap;

  @Setup(Level.Invocation)
  public void build() throws IOException {
    root = Files.createTempDirectory("astrocache-prune");
    layout = FileLayout.of(root);
    Random random = new Random(7);
    String old = fingerprint(random);
    current = fingerprint(random);
    long tenDaysAgo = System.currentTimeMillis() - 10 * 24 * 3_600_000L;
    write(random, old, REMOVED, tenDaysAgo);
    if (kind.equals("versions")) {
      write(random, current, 1, -1);
    } else {
      write(random, current, REMOVED, -1);
      // the sweep evicts down to 90% of the cap (rounded to tenths): exactly the old entries
      cap = (long) Math.ceil(REMOVED * (double) SIZE / 0.9) + 10;
    }
    // the tree's pages on disk, so that the removal does not race their write-back
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(Random random, String fingerprint, int count, long mtime)
      throws IOException {
    byte[] key = new byte[32];
    byte[] value = new byte[SIZE];
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < count; i++) {
      random.nextBytes(key);
      random.nextBytes(value);
      Path file = layout.entry(new EntryKey(F, fingerprint, hex.formatHex(key)));
      if (!Files.isDirectory(file.getParent())) {
        layout.createDirectories(file.getParent());
      }
      Files.write(file, value);
      if (mtime >= 0) {
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
      }
    }
  }

  private static String fingerprint(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Benchmark
  public long prune() throws IOException {
    if (kind.equals("versions")) {
      long freed = FileStoreSweeper.pruneVersions(layout, F, current, 1);
      check(freed == (long) REMOVED * SIZE, freed + " bytes freed");
      return freed;
    }
    FileStoreSweeper.Result r = FileStoreSweeper.sweep(layout, cap, () -> false);
    check(r.evictedEntries() == REMOVED, r.toString());
    return r.evictedEntries();
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("not 100,000 entries removed: " + what);
    }
  }

  @TearDown(Level.Invocation)
  public void delete() throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
