package dev.astrocache.peers;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 * A warm hit, by value and by peer, in one run: {@code astrocache} (a proxy call: the key's
 * SHA-256, one file read, the frame's check, decoding), {@code ehcache} (Ehcache 3's persistent
 * disk tier alone, so that every get reads the disk store and deserializes), {@code caffeine}
 * (in memory, the value itself: the reference no disk cache can reach) and {@code floor}
 * (SHA-256 of the key, {@code Files.readAllBytes} of the value's {@code java.io} serialization,
 * and its deserialization: what any durable cache does at least). The peers' key is the text of
 * the call ({@code value/table/first/count}).
 *
 * <p>Run: {@code benchmarks/suite.sh} (or {@code benchmarks/run.sh PeerHitBenchmark}); with two
 * threads, {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PeerHitBenchmark {

  @Param({"bytes100", "bytes10k", "bytes1m", "bytes10m", "string100k", "list100"})
  public String value;

  @Param({"astrocache", "ehcache", "caffeine", "floor"})
  public String peer;

  static final class Computed implements Source {
    @Override
    public Object value(String name, Query q) {
      return Values.of(name);
    }
  }

  private final Query query = new Query("primes", 1_000_000, 100);
  private Path dir;
  private Callable<Object> hit;
  private AutoCloseable close = () -> { };

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("astrocache-peers");
    String key = value + "/" + query.table() + "/" + query.first() + "/" + query.count();
    Object v = Values.of(value);
    switch (peer) {
      case "astrocache": {
        Cache cache = Astrocache.builder().directory(dir.resolve("cache"))
            .setting("max.bytes", "10g").build();
        Source source = cache.wrap(Source.class, new Computed());
        source.value(value, query); // the miss: from now on every call is a hit
        close = cache;
        hit = () -> source.value(value, query);
        break;
      }
      case "ehcache": {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Object> type = (Class) (v instanceof byte[] ? byte[].class
            : v instanceof String ? String.class : java.io.Serializable.class);
        CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
            .with(CacheManagerBuilder.persistence(dir.resolve("ehcache").toFile()))
            .withCache("values", CacheConfigurationBuilder.newCacheConfigurationBuilder(
                String.class, type,
                ResourcePoolsBuilder.newResourcePoolsBuilder().disk(512, MemoryUnit.MB, true)))
            .build(true);
        org.ehcache.Cache<String, Object> cache = manager.getCache("values", String.class, type);
        cache.put(key, v);
        close = manager;
        hit = () -> cache.get(key);
        break;
      }
      case "caffeine": {
        com.github.benmanes.caffeine.cache.Cache<String, Object> cache =
            Caffeine.newBuilder().maximumSize(1000).build();
        cache.put(key, v);
        hit = () -> cache.getIfPresent(key);
        break;
      }
      case "floor": {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("entry");
        Files.write(file, Values.javaSerialize(v));
        hit = () -> {
          byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBytes);
          Object read = Values.javaDeserialize(Files.readAllBytes(file));
          return digest[0] == 0 && digest[1] == 0 && digest[2] == 0 ? digest : read;
        };
        break;
      }
      default:
        throw new IllegalArgumentException("no peer " + peer);
    }
    Object got = hit.call();
    if (!java.util.Objects.deepEquals(got, v)) {
      throw new IllegalStateException(peer + " gave back another value for " + value);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    close.close();
    Values.deleteTree(dir);
  }

  @Benchmark
  public Object hit() throws Exception {
    return hit.call();
  }
}
