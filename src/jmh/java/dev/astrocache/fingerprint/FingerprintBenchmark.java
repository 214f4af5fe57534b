package dev.astrocache.fingerprint;

import com.google.common.base.Joiner;
import com.google.common.base.Splitter;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.HashBasedTable;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Iterables;
import com.google.common.collect.Multimap;
import com.google.common.collect.Ordering;
import com.google.common.collect.Sets;
import com.google.common.collect.Table;
import com.google.common.collect.TreeMultiset;
import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import dev.astrocache.Astrocache;
import dev.astrocache.Cache;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * The cost of fingerprinting a method that reaches thousands of methods of a real library
 * (Guava): cold (a fresh {@link Fingerprinter}: read, parse, hash and walk everything) and warm
 * (memoized: the bytes of every reached class are re-read through their loaders and compared by
 * digest, since a class may have been redefined in place; nothing is re-parsed or re-walked).
 * Neither runs on a hit: {@code hitGuava} and {@code hitTiny} are warm hits through
 * {@code wrap} of that method and of one that reaches nothing, to show that the size of the code
 * behind a method does not show on its hits.
 *
 * <p>Run: {@code benchmarks/run.sh FingerprintBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FingerprintBenchmark {

  /** The cached API. */
  public interface Work {
    /** Does something with Guava. */
    int run(int n);
  }

  /** A method that uses Guava's maps, multimaps, tables, caches, joiners, hashing, orderings. */
  public static final class GuavaWork implements Work {
    @Override
    public int run(int n) {
      ImmutableMap<String, Integer> map = ImmutableMap.of("a", n, "b", n + 1);
      Multimap<String, Integer> multi = ArrayListMultimap.create();
      multi.putAll("k", map.values());
      LoadingCache<Integer, String> cache = CacheBuilder.newBuilder().maximumSize(10)
          .expireAfterWrite(Duration.ofMinutes(1)).build(CacheLoader.from(String::valueOf));
      String joined = Joiner.on(',').join(Splitter.on(';').split(cache.getUnchecked(n) + ";x"));
      Table<Integer, String, Integer> table = HashBasedTable.create();
      table.put(n, joined, n);
      TreeMultiset<String> words = TreeMultiset.create(Ordering.natural().reverse());
      words.addAll(Sets.union(map.keySet(), table.columnKeySet()));
      ImmutableListMultimap<Integer, String> index = ImmutableListMultimap.of(n, joined);
      String hash = BaseEncoding.base16().encode(Hashing.sha256()
          .hashString(Iterables.getFirst(words, ""), StandardCharsets.UTF_8).asBytes());
      return ImmutableSortedSet.copyOf(multi.values()).size() + index.size() + hash.length();
    }
  }

  /** The same API, reaching nothing. */
  public static final class TinyWork implements Work {
    @Override
    public int run(int n) {
      return n + 1;
    }
  }

  private Method run;
  private Fingerprinter warm;
  private List<String> reachedClasses;
  private Path dir;
  private Cache cache;
  private Work guavaHit;
  private Work tinyHit;

  /** Reports how much the method reaches. */
  @Setup(Level.Trial)
  public void setUp() throws NoSuchMethodException {
    run = Work.class.getMethod("run", int.class);
    warm = new Fingerprinter();
    MethodFingerprint fp = warm.fingerprint(run, GuavaWork.class, Set.of());
    long guava = fp.manifest().keySet().stream().filter(k -> k.startsWith("com.google.")).count();
    reachedClasses = fp.manifest().keySet().stream().map(k -> k.substring(0, k.indexOf('#')))
        .distinct().filter(c -> !c.contains("~")).map(c -> c.replace('.', '/') + ".class")
        .collect(Collectors.toList());
    long classes = reachedClasses.size();
    System.out.println("reached methods: " + fp.manifest().size() + " (Guava: " + guava
        + ") in " + classes + " named classes, classes without bytes: " + fp.unresolved().size());
  }

  /** Two wrapped methods, each called once so that every later call is a hit. */
  @Setup(Level.Trial)
  public void setUpHits() throws IOException {
    dir = Files.createTempDirectory("astrocache-fingerprint");
    cache = Astrocache.builder().directory(dir).build();
    guavaHit = cache.wrap(Work.class, new GuavaWork());
    tinyHit = cache.wrap(Work.class, new TinyWork());
    guavaHit.run(7);
    tinyHit.run(7);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cache.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** A fresh fingerprinter: everything read, parsed, hashed and walked. */
  @Benchmark
  public MethodFingerprint cold() {
    return new Fingerprinter().fingerprint(run, GuavaWork.class, Set.of());
  }

  /**
   * The floor under {@link #warm}: reading the bytes of the reached classes (those with a
   * stable name) through the class loader, without digesting or comparing them.
   */
  @Benchmark
  public int rereadBytes() throws IOException {
    int total = 0;
    ClassLoader loader = GuavaWork.class.getClassLoader();
    for (String c : reachedClasses) {
      try (InputStream in = loader.getResourceAsStream(c)) {
        total += in.readAllBytes().length;
      }
    }
    return total;
  }

  /** A warm hit of the method that reaches thousands of Guava's methods. */
  @Benchmark
  public int hitGuava() {
    return guavaHit.run(7);
  }

  /** A warm hit of a method that reaches nothing: {@link #hitGuava} should cost the same. */
  @Benchmark
  public int hitTiny() {
    return tinyHit.run(7);
  }

  /** A memoized result, after re-reading and comparing every reached class's bytes. */
  @Benchmark
  public MethodFingerprint warm() {
    return warm.fingerprint(run, GuavaWork.class, Set.of());
  }
}
