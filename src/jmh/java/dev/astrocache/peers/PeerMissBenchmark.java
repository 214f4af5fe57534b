package dev.astrocache.peers;

import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import dev.astrocache.CacheStats;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * A miss's overhead against a peer's put, in one run: every call has a new key and the value is
 * the suite's {@code List<Integer>} of 100, computed by copying a list already made and then
 * {@code Blackhole.consumeCPU(work)}.
 *
 * <ul>
 *   <li>{@code peer}: {@code astrocache}, a proxy call that misses with the defaults
 *       ({@code writes=behind}, {@code durability=none}): the key, a lookup that finds nothing,
 *       serializing, framing and handing the entry to the file store's writer, or dropping it
 *       when the writer's queue is full ({@code writes.full=drop}); {@code
 *       astrocache-full-inline}, the same but a caller that finds the queue full writes its own
 *       entry ({@code writes.full=inline}, before drops); {@code astrocache-inline}, the same with {@code writes=inline} (the caller creates the file);
 *       {@code astrocache-force}, {@code writes=inline} and {@code durability=force}, the
 *       behaviour before issue 13; {@code ehcache}, the computation then a put into Ehcache 3's
 *       persistent disk tier; {@code none}, the computation alone. The overhead of each is its
 *       time less {@code none}'s at the same {@code work}.
 *   <li>{@code work}: {@code 0}, misses back to back, which the disk writer bounds once the
 *       write-behind queue is full (entries are then dropped, or written by their callers with
 *       {@code writes.full=inline}; each iteration prints how many were dropped); {@code 80000} tokens, about 200 µs of
 *       computation per miss here, the realistic case in which the writer keeps up.
 * </ul>
 *
 * <p>What was written is removed between iterations, outside the measurement: the cache is closed
 * (writing what waits) and built again.
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

  @Param({"astrocache", "astrocache-full-inline", "astrocache-inline", "astrocache-force",
      "ehcache", "none"})
  public String peer;

  @Param({"0", "80000"})
  public long work;

  /** The impl: a copy of the list, after {@code work} tokens of computation. */
  public static final class Computed implements Source {
    private final List<Integer> list = List.copyOf(castList(Values.of("list100")));
    private final long tokens;

    Computed(long tokens) {
      this.tokens = tokens;
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> castList(Object o) {
      return (List<Integer>) o;
    }

    @Override
    public Object value(String name, Query q) {
      if (tokens > 0) {
        Blackhole.consumeCPU(tokens);
      }
      return new ArrayList<>(list);
    }
  }

  private Computed computed;
  private Path dir;
  private Path cacheDir;
  private Source source;
  private Cache cache;
  private CacheManager manager;
  private org.ehcache.Cache<String, Serializable> ehcache;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    computed = new Computed(work);
    dir = Files.createTempDirectory("astrocache-peer-miss");
    cacheDir = dir.resolve("cache");
    if (peer.equals("ehcache")) {
      manager = CacheManagerBuilder.newCacheManagerBuilder()
          .with(CacheManagerBuilder.persistence(dir.resolve("ehcache").toFile()))
          .withCache("values", CacheConfigurationBuilder.newCacheConfigurationBuilder(
              String.class, Serializable.class,
              ResourcePoolsBuilder.newResourcePoolsBuilder().disk(1, MemoryUnit.GB, true)))
          .build(true);
      ehcache = manager.getCache("values", String.class, Serializable.class);
    }
  }

  @Setup(Level.Iteration)
  public void openCache() {
    if (peer.startsWith("astrocache")) {
      cache = Astrocache.builder().directory(cacheDir).setting("max.bytes", "100g")
          .setting("writes", peer.equals("astrocache") || peer.equals("astrocache-full-inline")
              ? "behind" : "inline")
          .setting("durability", peer.endsWith("force") ? "force" : "none")
          .setting("writes.full", peer.equals("astrocache-full-inline") ? "inline" : "drop")
          .build();
      source = cache.wrap(Source.class, computed);
      source.value("list100", new Query("primes", -1, 100)); // the fingerprint, outside the runs
    }
  }

  @TearDown(Level.Iteration)
  public void removeWritten() throws IOException {
    if (ehcache != null) {
      ehcache.clear();
      return;
    }
    if (cache == null) {
      return;
    }
    CacheStats stats = cache.stats();
    System.out.println("astrocache: " + stats.misses() + " misses, " + stats.puts() + " stored, "
        + stats.dropped() + " dropped");
    cache.close(); // writes the entries still waiting, so that none lands after the removal
    cache = null;
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
    if (source == null) {
      Serializable v = (Serializable) computed.value("list100", q);
      if (ehcache != null) {
        ehcache.put("list100/" + q.table() + "/" + q.first() + "/" + q.count(), v);
      }
      return v;
    }
    return source.value("list100", q);
  }
}
