package dev.astrocache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * A miss's overhead: every call has a new key, and the computation is a loop of 100 additions, so
 * what is measured is the key, the lookup that finds nothing, the serialization, the frame and
 * the write. {@code durability}: {@code none} (the default) renames an unforced temporary file
 * into place, {@code force} forces it first (the behaviour before issue 13). {@code compute} is
 * the computation alone. The entries written are removed between iterations, outside the
 * measurement.
 *
 * <p>Run: {@code benchmarks/run.sh MissBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MissBenchmark {

  /** The key of a call. */
  public record Query(String table, int first, int count) {}

  /** What is cached. */
  public interface Numbers {
    List<Integer> range(Query q);
  }

  static final class FastNumbers implements Numbers {
    @Override
    public List<Integer> range(Query q) {
      List<Integer> out = new ArrayList<>(q.count());
      for (int i = 0; i < q.count(); i++) {
        out.add(q.first() + i * 7919);
      }
      return out;
    }
  }

  @Param({"none", "force"})
  public String durability;

  private Path dir;
  private Path cacheDir;
  private Numbers numbers;
  private final Numbers direct = new FastNumbers();
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("astrocache-miss");
    cacheDir = dir.resolve("cache");
    numbers = Astrocache.builder().directory(cacheDir).setting("durability", durability)
        .setting("max.bytes", "100g").build().wrap(Numbers.class, new FastNumbers());
    numbers.range(new Query("primes", -1, 100)); // the first fingerprint, outside the runs
  }

  /** Removes the entries written, keeping the manifests (written once per code version). */
  @TearDown(Level.Iteration)
  public void removeEntries() throws IOException {
    try (Stream<Path> files = Files.walk(cacheDir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        if (Files.isRegularFile(p) && p.getFileName().toString().matches("[0-9a-f]{64}")) {
          Files.delete(p);
        }
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** A call whose key was never seen: computed, serialized, framed and written. */
  @Benchmark
  public List<Integer> miss() {
    return numbers.range(new Query("primes", next++, 100));
  }

  /** The computation alone, for the overhead: {@code miss - compute}. */
  @Benchmark
  public List<Integer> compute() {
    return direct.range(new Query("primes", next++, 100));
  }
}
