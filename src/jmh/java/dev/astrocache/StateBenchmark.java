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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the impl's state on a warm hit: an impl holding a 1,000,000-entry immutable map
 * ({@code Map.copyOf}, read once per wrap) next to an impl with no state, in the same run
 * (target: {@code state=immutableMap} within 2x of {@code state=none}), and the same map held as
 * a {@code HashMap}, which must be read again on every call since the program may change it
 * ({@code state=mutableMap}, reported, in microseconds like the others).
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

  /**
   * The impl: {@code none} without fields, {@code immutableMap} holding the entries in a
   * {@code Map.copyOf}, {@code mutableMap} in a {@code HashMap}. In this order, so that the two
   * compared run next to each other.
   */
  @Param({"none", "immutableMap", "mutableMap"})
  public String state;

  private Path dir;
  private Prices prices;
  /**
   * The entries, alive in every trial: a live set of this size makes every hit slower (the
   * collector has more to scan), and the comparison is of the key's cost, not of the heap's.
   */
  private Map<String, Integer> table;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("astrocache-state");
    table = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      table.put("item" + i, i);
    }
    Prices impl = switch (state) {
      case "none" -> new NoState();
      case "immutableMap" -> new Table(Map.copyOf(table));
      default -> new Table(table);
    };
    prices = Astrocache.builder().directory(dir.resolve("cache")).build()
        .wrap(Prices.class, impl);
    prices.price("item7"); // the miss: from now on every call is a hit
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** A warm hit on the impl that {@link #state} names. */
  @Benchmark
  public int hit() {
    return prices.price("item7");
  }
}
