package dev.astrocache;

import static dev.astrocache.testing.StatsAssert.assertStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads: many threads on one key and on several, some interrupted while they wait for another
 * thread's computation: every key computed once, every result right, no deadlock (every wait
 * bounded; {@code assertTimeoutPreemptively} only guards against a hang). An interrupted caller
 * gets its value and keeps its interrupt flag; its next calls are hits like anyone's.
 */
class ThreadsProofTest {
  static final int THREADS = 32;
  static final int ROUNDS = 5;

  @TempDir Path dir;

  public interface Slow {
    String value(int key);
  }

  /** Each computation waits at the gate; counts computations per key, outside the key. */
  static final class Gated implements Slow {
    final transient Map<Integer, AtomicInteger> computed = new ConcurrentHashMap<>();
    final transient Map<Thread, Boolean> leaders = new ConcurrentHashMap<>();
    transient volatile CountDownLatch gate = new CountDownLatch(1);

    @Override
    public String value(int key) {
      computed.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      leaders.put(Thread.currentThread(), true);
      try {
        if (!gate.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the gate was not opened within 60 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while computing " + key);
      }
      return expected(key);
    }
  }

  static String expected(int key) {
    return ("value of " + key + ";").repeat(1 + key % 50);
  }

  @Test
  void manyThreadsSomeInterruptedWhileWaiting_computeEachKeyOnceAndGetItRight() {
    assertTimeoutPreemptively(Duration.ofSeconds(300), this::run);
  }

  private void run() throws Exception {
    Cache cache = Astrocache.builder().directory(dir).build();
    Gated impl = new Gated();
    Slow slow = cache.wrap(Slow.class, impl);
    List<Thread> threads = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r);
      synchronized (threads) {
        threads.add(t);
      }
      return t;
    });
    int interrupted = 0;
    int keysComputed = 0;
    long calls = 0;
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      for (int round = 0; round < ROUNDS; round++) {
        impl.gate = new CountDownLatch(1);
        impl.leaders.clear();
        // half the threads on one key, the others two by two on their own keys
        int hot = round * 100;
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          keys.add(i % 2 == 0 ? hot : hot + 1 + i / 4);
        }
        int distinct = (int) keys.stream().distinct().count();
        CountDownLatch started = new CountDownLatch(THREADS);
        List<Future<String[]>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          int key = keys.get(i);
          results.add(pool.submit(() -> {
            started.countDown();
            String got = slow.value(key);
            boolean flag = Thread.currentThread().isInterrupted();
            // again, with the flag as it is: a hit for an interrupted thread too
            String again = slow.value(key);
            boolean flagAfter = Thread.interrupted(); // cleared for the pool's next task
            return new String[] {got, Boolean.toString(flag), again, Boolean.toString(flagAfter)};
          }));
        }
        assertTrue(started.await(60, TimeUnit.SECONDS), "the threads did not start");
        // every caller waits: the leaders at the gate, the others for their leader
        awaitAllWaiting(threads, impl, distinct);
        List<Thread> followers = new ArrayList<>();
        synchronized (threads) {
          for (Thread t : threads) {
            if (!impl.leaders.containsKey(t)) {
              followers.add(t);
            }
          }
        }
        // a third of the followers are interrupted while they wait
        List<Thread> hit = new ArrayList<>();
        for (int i = 0; i < followers.size(); i += 3) {
          followers.get(i).interrupt();
          hit.add(followers.get(i));
        }
        interrupted += hit.size();
        impl.gate.countDown();
        int flagged = 0;
        for (int i = 0; i < THREADS; i++) {
          String[] r = results.get(i).get(60, TimeUnit.SECONDS);
          assertEquals(expected(keys.get(i)), r[0], "thread " + i + " of round " + round);
          assertEquals(expected(keys.get(i)), r[2], "thread " + i + " of round " + round);
          assertEquals(r[1], r[3], "the interrupt flag of thread " + i + " through a hit");
          flagged += Boolean.parseBoolean(r[1]) ? 1 : 0;
        }
        // each interrupted caller got its value with its flag still set
        assertEquals(hit.size(), flagged, "callers that came back interrupted");
        keysComputed += distinct;
        calls += 2 * THREADS;
        for (int key : keys) {
          assertEquals(1, impl.computed.get(key).get(), "computations of key " + key);
        }
      }
      assertEquals(List.of(), log.messages(Level.WARNING));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(keysComputed, impl.computed.size());
    // the first call of each key computed it; the threads that waited for it were handed its
    // value, and every second call was a hit
    assertStats(cache).misses(keysComputed).hits(ROUNDS * THREADS).errors(0).rejected(0);
    System.out.println("astrocache-proof: threads: " + ROUNDS + " rounds of " + THREADS
        + " threads (" + calls + " calls) on " + keysComputed + " keys, " + interrupted
        + " interrupted while waiting: each key computed once, every value right, "
        + cache.stats().hits() + " hits, no deadlock");
  }

  /**
   * A leader interrupted while it computes fails with its own interrupt; the callers that waited
   * for it were not interrupted, so one of them computes again and they all get the value.
   */
  @Test
  void leaderInterruptedWhileComputing_theWaitingCallersGetTheValueAnyway() {
    assertTimeoutPreemptively(Duration.ofSeconds(300), () -> {
      Cache cache = Astrocache.builder().directory(dir).build();
      Gated impl = new Gated();
      Slow slow = cache.wrap(Slow.class, impl);
      int callers = 8;
      List<Thread> threads = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(callers, r -> {
        Thread t = new Thread(r);
        synchronized (threads) {
          threads.add(t);
        }
        return t;
      });
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
          results.add(pool.submit(() -> {
            try {
              return slow.value(7);
            } catch (IllegalStateException e) {
              return e.getMessage() + " (interrupted=" + Thread.interrupted() + ")";
            }
          }));
        }
        awaitAllWaiting(threads, impl, 1, callers);
        Thread first = impl.leaders.keySet().iterator().next();
        first.interrupt();
        // one of the waiting callers leads now, at the gate again
        for (int spins = 0; impl.leaders.size() < 2
            && !results.stream().allMatch(Future::isDone); spins++) {
          assertTrue(spins < 6000, "no caller computed again within 60 s");
          Thread.sleep(10);
        }
        impl.gate.countDown();
        int interrupted = 0;
        for (Future<String> f : results) {
          String got = f.get(60, TimeUnit.SECONDS);
          if (got.equals("interrupted while computing 7 (interrupted=true)")) {
            interrupted++;
          } else {
            assertEquals(expected(7), got);
          }
        }
        assertEquals(1, interrupted, "callers that failed");
        assertEquals(2, impl.computed.get(7).get());
        assertStats(cache).misses(2).errors(0).rejected(0);
        System.out.println("astrocache-proof: threads: a leader interrupted while computing"
            + " with " + (callers - 1) + " callers waiting: it failed alone, " + (callers - 1)
            + " got the value (computed twice: once aborted)");
      } finally {
        pool.shutdownNow();
      }
    });
  }

  /** Until each thread waits (at the gate or for its leader) and every key has its leader. */
  private static void awaitAllWaiting(List<Thread> threads, Gated impl, int leaders)
      throws InterruptedException {
    awaitAllWaiting(threads, impl, leaders, THREADS);
  }

  private static void awaitAllWaiting(List<Thread> threads, Gated impl, int leaders, int count)
      throws InterruptedException {
    for (int spins = 0; spins < 6000; spins++) {
      boolean all;
      synchronized (threads) {
        all = threads.size() == count && threads.stream().allMatch(t ->
            t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
      }
      if (all && impl.leaders.size() == leaders) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the callers did not all wait within 60 s");
  }
}
