package dev.astrocache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
 * A warm hit: a {@code List<Integer>} of 100 elements keyed by a small record, next to the floor
 * that any durable cache pays, measured in the same run: SHA-256 of the key bytes,
 * {@code Files.readAllBytes} of one small file, and {@code java.io} deserialization of the same
 * value. Target: {@code hit} at most half of {@code floor}. {@code recheck} is how often a held
 * proxy checks that its code is unchanged: {@code 1s} (the default) costs a hit one clock read;
 * {@code 0} does the check (a stat per class file the method reaches) on every hit.
 *
 * <p>Run: {@code benchmarks/run.sh HitBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HitBenchmark {

  /** The key of a call. */
  public record Query(String table, int first, int count) {}

  /** What is cached. */
  public interface Numbers {
    List<Integer> range(Query q);
  }

  static final class SlowNumbers implements Numbers {
    @Override
    public List<Integer> range(Query q) {
      List<Integer> out = new ArrayList<>(q.count());
      for (int i = 0; i < q.count(); i++) {
        out.add(q.first() + i * 7919);
      }
      return out;
    }
  }

  @Param({"1s", "0"})
  public String recheck;

  private Path dir;
  private Numbers numbers;
  private final Query query = new Query("primes", 1_000_000, 100);
  private byte[] keyBytes;
  private Path smallFile;
  private byte[] javaSerialized;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("astrocache-hit");
    numbers = Astrocache.builder().directory(dir.resolve("cache")).setting("recheck", recheck)
        .build()
        .wrap(Numbers.class, new SlowNumbers());
    List<Integer> value = numbers.range(query); // the miss: from now on every call is a hit
    keyBytes = (Numbers.class.getName() + "#range" + query).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new ArrayList<>(value));
    }
    javaSerialized = bytes.toByteArray();
    smallFile = dir.resolve("small");
    Files.write(smallFile, javaSerialized);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** A warm hit through the proxy: key, one file read, decode. */
  @Benchmark
  public List<Integer> hit() {
    return numbers.range(query);
  }

  /** SHA-256 of the key bytes + one small file read + java.io deserialization of the value. */
  @Benchmark
  public Object floor() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] digest = sha.digest(keyBytes);
    byte[] read = Files.readAllBytes(smallFile);
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(read))) {
      Object value = in.readObject();
      return digest[0] == 0 ? digest : value;
    }
  }

  /** The floor's parts, to see where its time goes. */
  @Benchmark
  public byte[] floorSha256() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(keyBytes);
  }

  @Benchmark
  public byte[] floorReadFile() throws IOException {
    return Files.readAllBytes(smallFile);
  }

  @Benchmark
  public Object floorJavaDeserialize() throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(javaSerialized))) {
      return in.readObject();
    }
  }
}
