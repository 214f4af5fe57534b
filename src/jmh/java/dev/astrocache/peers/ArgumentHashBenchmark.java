package dev.astrocache.peers;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
 * Hashing a large argument: a warm hit on a method whose argument is 16 MiB of {@code kind}
 * ({@code bytes}, {@code ints}, {@code longs}, {@code ascii} and {@code text}, a non-ASCII
 * string), whose result is a small int; next to {@code sha256}, SHA-256 of 16 MiB alone, the
 * least any content key costs. Throughput is 16 MiB over the time of one call.
 *
 * <p>Run: {@code benchmarks/suite.sh} (or {@code benchmarks/run.sh ArgumentHashBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ArgumentHashBenchmark {
  /** The argument's size in bytes (a string's: its UTF-8). */
  static final int SIZE = 16 << 20;

  /** What is cached: something small about a large argument. */
  public interface Sizes {
    int bytes(byte[] a);

    int ints(int[] a);

    int longs(long[] a);

    int text(String s);
  }

  static final class Computed implements Sizes {
    @Override
    public int bytes(byte[] a) {
      return a.length;
    }

    @Override
    public int ints(int[] a) {
      return a.length;
    }

    @Override
    public int longs(long[] a) {
      return a.length;
    }

    @Override
    public int text(String s) {
      return s.length();
    }
  }

  @Param({"bytes", "ints", "longs", "ascii", "text", "sha256"})
  public String kind;

  private Path dir;
  private Cache cache;
  private Sizes sizes;
  private byte[] bytes;
  private int[] ints;
  private long[] longs;
  private String string;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("astrocache-hash");
    cache = Astrocache.builder().directory(dir.resolve("cache")).build();
    sizes = cache.wrap(Sizes.class, new Computed());
    Random random = new Random(7);
    bytes = new byte[SIZE];
    random.nextBytes(bytes);
    ints = new int[SIZE / 4];
    ByteBuffer.wrap(bytes).asIntBuffer().get(ints);
    longs = new long[SIZE / 8];
    ByteBuffer.wrap(bytes).asLongBuffer().get(longs);
    if (kind.equals("ascii")) {
      char[] c = new char[SIZE];
      for (int i = 0; i < c.length; i++) {
        c[i] = (char) ('a' + (bytes[i] & 15));
      }
      string = new String(c);
    } else {
      // 16 MiB of UTF-8 from two- and three-byte characters and ASCII
      StringBuilder b = new StringBuilder();
      String[] words = {"été ", "Ωμέγα ", "中文字 ", "plain "};
      int n = 0;
      for (int i = 0; n < SIZE; i++) {
        String w = words[bytes[i] & 3];
        b.append(w);
        n += w.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      }
      string = b.toString();
    }
    hit(); // the miss: from now on every call is a hit
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    cache.close();
    Values.deleteTree(dir);
  }

  @Benchmark
  public Object hit() throws Exception {
    switch (kind) {
      case "bytes":
        return sizes.bytes(bytes);
      case "ints":
        return sizes.ints(ints);
      case "longs":
        return sizes.longs(longs);
      case "ascii":
      case "text":
        return sizes.text(string);
      default:
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
  }
}
