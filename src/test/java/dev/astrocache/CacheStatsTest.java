package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every call counts once, as a hit, a miss or a wait; in total and per function. */
class CacheStatsTest {
  @TempDir Path dir;

  public interface Work {
    int slow(int x);

    int fast(int x);
  }

  static final class Gate implements Work {
    final transient CountDownLatch release = new CountDownLatch(1);
    final transient AtomicInteger computed = new AtomicInteger();

    @Override
    public int slow(int x) {
      computed.incrementAndGet();
      try {
        if (!release.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return x * 2;
    }

    @Override
    public int fast(int x) {
      return x + 1;
    }
  }

  @Test
  void threadsThatWaitForAnotherThreadsComputation_areCountedAsWaited() throws Exception {
    int threads = 32;
    DefaultCache cache = (DefaultCache) Astrocache.builder().directory(dir).build();
    Gate impl = new Gate();
    Work w = cache.wrap(Work.class, impl);
    CountDownLatch followed = new CountDownLatch(threads - 1);
    cache.onFollow(followed::countDown);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> List.of(w.slow(21), w.slow(21))));
      }
      // every thread but the leader waits for it before it is let go
      if (!followed.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("the followers never arrived: " + followed.getCount() + " left");
      }
      impl.release.countDown();
      for (Future<List<Integer>> f : results) {
        assertEquals(List.of(42, 42), f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    CacheStats s = cache.stats();
    assertEquals(1, impl.computed.get());
    assertEquals(1, s.misses());
    assertEquals(31, s.waited());
    assertEquals(32, s.hits(), "each thread's second call");
    assertEquals(64, s.calls());
    assertEquals(63.0 / 64, s.hitRate());
    cache.close();
  }

  @Test
  void byFunction_countsEachMethodApart_andStatsOfAProxyMethodReadsOne() {
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      Work w = cache.wrap(Work.class, new Gate());
      w.fast(1);
      w.fast(1);
      w.fast(2);
      CacheStats fast = cache.stats(w, "fast", int.class);
      assertEquals(1, fast.hits());
      assertEquals(2, fast.misses());
      assertEquals(2, fast.puts());
      assertEquals(Map.of(), fast.byFunction());
      CacheStats all = cache.stats();
      assertEquals(1, all.byFunction().size(), all.toString());
      String name = all.byFunction().keySet().iterator().next();
      assertEquals(true, name.startsWith("dev.astrocache.CacheStatsTest$Work.fast-"), name);
      assertEquals(fast, all.function(name));
      assertEquals(0, cache.stats(w, "slow", int.class).calls(), "never called");
      assertEquals(3, all.calls());
    }
  }

  @Test
  void oldConstructor_countsNoWaitsExpiriesOrFunctions() {
    CacheStats s = new CacheStats(2, 1, 1, 0, 3, 10, 20, Duration.ZERO);
    assertEquals(new CacheStats(2, 1, 1, 0, 3, 10, 20, Duration.ZERO, 0, 0, 0, Map.of()), s);
    assertEquals(new CacheStats(2, 1, 1, 0, 3, 10, 20, Duration.ZERO, 0, 0, Map.of()), s);
    assertEquals(3, s.calls());
    assertEquals(0.0, new CacheStats(0, 0, 0, 0, 0, 0, 0, Duration.ZERO).hitRate());
  }
}
