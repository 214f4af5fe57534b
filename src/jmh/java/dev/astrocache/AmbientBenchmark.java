package dev.astrocache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.astrocache.fingerprint.Fingerprinter;
import dev.astrocache.fingerprint.MethodFingerprint;
import java.util.Comparator;
import java.util.Set;
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
 * What ambient inputs cost on the hit path: a warm hit on a method that reads two system
 * properties, one class-path resource and a file passed as a {@code Path} argument, next to a hit
 * on the same work without them (a {@code String} argument, no reads), in the same run. On each
 * hit the first reads both properties and compares them with the values last seen, checks the
 * resource's file time and size, stats the file argument and hashes its size and time, and
 * checks the defaults (locale, zone, charset, line separator) by identity, which the second does
 * too. {@code ambientReadsOnly} is that extra work alone (the inputs read and compared, the file
 * argument's part), without the store read, which on a shared machine is the noisiest part.
 *
 * <p>Run: {@code benchmarks/run.sh AmbientBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AmbientBenchmark {

  /** Without ambient inputs. */
  public interface Plain {
    String render(String name);
  }

  /** Two properties, one resource and a file argument. */
  public interface Reading {
    String render(Path data);
  }

  static final class PlainImpl implements Plain {
    @Override
    public String render(String name) {
      return "report " + name;
    }
  }

  static final class ReadingImpl implements Reading {
    @Override
    public String render(Path data) {
      String mode = System.getProperty("bench.mode");
      String width = System.getProperty("bench.width", "80");
      try (InputStream in = AmbientBenchmark.class.getResourceAsStream(
          "AmbientBenchmark.class")) {
        return "report " + mode + width + in.readAllBytes().length + Files.size(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Path dir;
  private Plain plain;
  private Reading reading;
  private Path data;
  private Ambient ambient;
  private Ambient.Memo memo;
  private MethodPlan.Code base;
  private Object[] args;
  /** No argument is @NotKey. */
  private static final boolean[] KEYED = new boolean[1];
  private final ReadingImpl impl = new ReadingImpl();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("astrocache-ambient");
    data = Files.writeString(dir.resolve("data.csv"), "apples,3\npears,2\n");
    System.setProperty("bench.mode", "short");
    Cache cache = Astrocache.builder().directory(dir.resolve("cache")).build();
    plain = cache.wrap(Plain.class, new PlainImpl());
    reading = cache.wrap(Reading.class, new ReadingImpl());
    plain.render("data.csv"); // the misses: from now on every call is a hit
    reading.render(data);
    ambient = new Ambient(false, new FailurePolicy(false, new Stats()));
    MethodFingerprint f = new Fingerprinter().fingerprint(
        Reading.class.getMethods()[0], ReadingImpl.class, Set.of());
    memo = ambient.memo(f, code -> { });
    base = new MethodPlan.Code(f.hash(), f.hex(), f, memo);
    args = new Object[] {data};
    if (f.ambientInputs().size() != 3) {
      throw new IllegalStateException("expected two properties and a resource: " + f);
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

  /** A warm hit on the method that reads nothing from outside. */
  @Benchmark
  public String hitWithout() {
    return plain.render("data.csv");
  }

  /** The ambient part of {@code hitWithAmbient}'s key alone: the inputs and the file argument. */
  @Benchmark
  public Object ambientReadsOnly() {
    Ambient.Values values = memo.current(base);
    byte[][] paths = ambient.paths(impl, args, KEYED);
    return values.parts().length > paths.length ? values : paths;
  }

  /** A warm hit on the method that reads two properties, a resource and a file argument. */
  @Benchmark
  public String hitWithAmbient() {
    return reading.render(data);
  }
}
