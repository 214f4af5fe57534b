package dev.astrocache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the impl's state on a warm hit: an impl holding a 1,000,000-entry immutable map
 * ({@code Map.copyOf}, read once per wrap) next to an impl with no state, in the same run
 * (target: {@code hitImmutableMap} within 2x of {@code hitNoState}), and the same map held as a
 * {@code HashMap}, which must be read again on every call since the program may change it
 * ({@code hitMutableMap}, reported, in microseconds like the others).
 *
 * <p>Run: {@code benchmarks/run.sh StateBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StateBenchmark {
  static final int ENTRIES = 1_000_000;

  /** What is cached. */
  public interface Prices {
    int price(String item);
  }

  static final class NoState implements Prices {
    @Override
    public int price(String item) {
      return item.length();
    }
  }

  static final class Table implements Prices {
    final Map<String, Integer> table;

    Table(Map<String, Integer> table) {
      this.table = table;
    }

    @Override
    public int price(String item) {
      return table.getOrDefault(item, -1);
    }
  }

  private Path dir;
  private Prices noState;
  private Prices immutableMap;
  private Prices mutableMap;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("astrocache-state");
    Map<String, Integer> table = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      table.put("item" + i, i);
    }
    Cache cache = Astrocache.builder().directory(dir.resolve("cache")).build();
    noState = cache.wrap(Prices.class, new NoState());
    immutableMap = cache.wrap(Prices.class, new Table(Map.copyOf(table)));
    mutableMap = cache.wrap(Prices.class, new Table(table));
    // the misses: from now on every call is a hit
    noState.price("item7");
    immutableMap.price("item7");
    mutableMap.price("item7");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** A warm hit on an impl without fields. */
  @Benchmark
  public int hitNoState() {
    return noState.price("item7");
  }

  /** A warm hit on an impl holding a 1,000,000-entry Map.copyOf in a final field. */
  @Benchmark
  public int hitImmutableMap() {
    return immutableMap.price("item7");
  }

  /** A warm hit on an impl holding the same entries in a HashMap: read again on every call. */
  @Benchmark
  public int hitMutableMap() {
    return mutableMap.price("item7");
  }
}
