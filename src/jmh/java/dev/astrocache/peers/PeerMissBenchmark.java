package dev.astrocache.peers;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
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
 * A miss's overhead against a peer's put, in one run: every call has a new key and the value is
 * the suite's {@code List<Integer>} of 100, computed by copying a list already made (so the
 * computation is next to nothing). {@code astrocache}: a proxy call that misses (the key, a
 * lookup that finds nothing, serializing, framing, writing the entry with the default {@code
 * durability=none}); {@code astrocache-force}: the same with {@code durability=force}, the
 * behaviour before issue 13; {@code ehcache}: a put into Ehcache 3's persistent disk tier. What
 * was written is removed between iterations, outside the measurement.
 *
 * <p>Run: {@code benchmarks/suite.sh} (or {@code benchmarks/run.sh PeerMissBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PeerMissBenchmark {

  @Param({"astrocache", "astrocache-force", "ehcache"})
  public String peer;

  static final class Computed implements Source {
    private final List<Integer> list = List.copyOf(castList(Values.of("list100")));

    @SuppressWarnings("unchecked")
    private static List<Integer> castList(Object o) {
      return (List<Integer>) o;
    }

    @Override
    public Object value(String name, Query q) {
      return new java.util.ArrayList<>(list);
    }
  }

  private final Computed computed = new Computed();
  private Path dir;
  private Path cacheDir;
  private Source source;
  private Cache cache;
  private CacheManager manager;
  private org.ehcache.Cache<String, Serializable> ehcache;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("astrocache-peer-miss");
    cacheDir = dir.resolve("cache");
    if (peer.startsWith("astrocache")) {
      cache = Astrocache.builder().directory(cacheDir).setting("max.bytes", "100g")
          .setting("durability", peer.endsWith("force") ? "force" : "none").build();
      source = cache.wrap(Source.class, computed);
      source.value("list100", new Query("primes", -1, 100)); // the fingerprint, outside the runs
    } else {
      manager = CacheManagerBuilder.newCacheManagerBuilder()
          .with(CacheManagerBuilder.persistence(dir.resolve("ehcache").toFile()))
          .withCache("values", CacheConfigurationBuilder.newCacheConfigurationBuilder(
              String.class, Serializable.class,
              ResourcePoolsBuilder.newResourcePoolsBuilder().disk(1, MemoryUnit.GB, true)))
          .build(true);
      ehcache = manager.getCache("values", String.class, Serializable.class);
    }
  }

  @TearDown(Level.Iteration)
  public void removeWritten() throws IOException {
    if (ehcache != null) {
      ehcache.clear();
      return;
    }
    try (Stream<Path> files = Files.walk(cacheDir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        if (Files.isRegularFile(p) && p.getFileName().toString().matches("[0-9a-f]{64}")) {
          Files.delete(p);
        }
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (cache != null) {
      cache.close();
    }
    if (manager != null) {
      manager.close();
    }
    Values.deleteTree(dir);
  }

  @Benchmark
  public Object miss() {
    Query q = new Query("primes", next++, 100);
    if (ehcache != null) {
      Serializable v = (Serializable) computed.value("list100", q);
      ehcache.put("list100/" + q.table() + "/" + q.first() + "/" + q.count(), v);
      return v;
    }
    return source.value("list100", q);
  }
}
