package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
  private static final int FOLLOWERS = 3;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A leader of {@code key} running in the pool until {@code release}; returns once it runs. */
  private <V> Future<SingleFlight.Outcome<V>> lead(SingleFlight<V> flight, String key,
      CountDownLatch release, SingleFlight.Work<V> after) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    Future<SingleFlight.Outcome<V>> leader = inPool(flight, key, () -> {
      running.countDown();
      release.await();
      return after.run();
    });
    running.await();
    return leader;
  }

  /** {@code flight.run(key, work)} on a pool thread. */
  private <V> Future<SingleFlight.Outcome<V>> inPool(SingleFlight<V> flight, String key,
      SingleFlight.Work<V> work) {
    return pool.submit(() -> {
      try {
        return flight.run(key, work);
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    });
  }

  private static <V> V await(Future<V> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  @Test
  void run_callersOfAKeyThatIsRunningWaitAndGetTheLeadersValue() throws Exception {
    CountDownLatch followed = new CountDownLatch(FOLLOWERS);
    SingleFlight<Object> flight = new SingleFlight<>(followed::countDown);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    Object result = new Object();
    Future<SingleFlight.Outcome<Object>> leader = lead(flight, "k", release, () -> {
      runs.incrementAndGet();
      return result;
    });
    List<Future<SingleFlight.Outcome<Object>>> followers = new ArrayList<>();
    for (int i = 0; i < FOLLOWERS; i++) {
      followers.add(inPool(flight, "k", () -> {
        runs.incrementAndGet();
        return new Object();
      }));
    }
    followed.await(); // every follower found the leader before it finished
    release.countDown();

    SingleFlight.Outcome<Object> led = await(leader);
    assertTrue(led.led());
    assertSame(result, led.value());
    for (Future<SingleFlight.Outcome<Object>> f : followers) {
      SingleFlight.Outcome<Object> o = await(f);
      assertEquals(false, o.led());
      assertSame(result, o.value());
    }
    assertEquals(1, runs.get());
  }

  @Test
  void run_leadersExceptionReachesEveryFollower() throws Exception {
    CountDownLatch followed = new CountDownLatch(FOLLOWERS);
    SingleFlight<String> flight = new SingleFlight<>(followed::countDown);
    CountDownLatch release = new CountDownLatch(1);
    IOException boom = new IOException("boom");
    Future<SingleFlight.Outcome<String>> leader = lead(flight, "k", release, () -> {
      throw boom;
    });
    List<Future<SingleFlight.Outcome<String>>> followers = new ArrayList<>();
    for (int i = 0; i < FOLLOWERS; i++) {
      followers.add(inPool(flight, "k", () -> "not run"));
    }
    followed.await();
    release.countDown();

    assertSame(boom, assertThrows(ExecutionException.class, () -> await(leader)).getCause());
    for (Future<SingleFlight.Outcome<String>> f : followers) {
      assertSame(boom, assertThrows(ExecutionException.class, () -> await(f)).getCause());
    }
  }

  /** The leader's interrupt was its own: its followers run the work again, one leading. */
  @Test
  void run_leaderFailingByItsOwnInterrupt_followersRunTheWorkThemselves() throws Exception {
    CountDownLatch followed = new CountDownLatch(FOLLOWERS);
    SingleFlight<String> flight = new SingleFlight<>(followed::countDown);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    Future<SingleFlight.Outcome<String>> leader = lead(flight, "k", release, () -> {
      Thread.currentThread().interrupt(); // as a cancelled task's computation would see it
      throw new IllegalStateException("interrupted while computing");
    });
    List<Future<SingleFlight.Outcome<String>>> followers = new ArrayList<>();
    for (int i = 0; i < FOLLOWERS; i++) {
      followers.add(inPool(flight, "k", () -> "run by follower " + runs.incrementAndGet()));
    }
    followed.await();
    release.countDown();

    assertEquals("interrupted while computing",
        assertThrows(ExecutionException.class, () -> await(leader)).getCause().getMessage());
    int led = 0;
    for (Future<SingleFlight.Outcome<String>> f : followers) {
      SingleFlight.Outcome<String> o = await(f);
      assertTrue(o.value().startsWith("run by follower "), o.value());
      led += o.led() ? 1 : 0;
    }
    // each follower got a value; at least one ran the work again (more if they came one by one)
    assertTrue(led >= 1 && runs.get() == led, "led=" + led + " runs=" + runs.get());
  }

  @Test
  void run_leaderThrowingInterruptedException_followersRunTheWorkThemselves() throws Exception {
    CountDownLatch followed = new CountDownLatch(1);
    SingleFlight<String> watched = new SingleFlight<>(followed::countDown);
    CountDownLatch release = new CountDownLatch(1);
    Future<SingleFlight.Outcome<String>> leader = lead(watched, "k", release, () -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("stopped",
          new InterruptedException()));
    });
    Future<SingleFlight.Outcome<String>> follower = inPool(watched, "k", () -> "again");
    followed.await();
    release.countDown();
    assertThrows(ExecutionException.class, () -> await(leader));
    assertEquals(new SingleFlight.Outcome<>("again", true), await(follower));
  }

  @Test
  void run_afterTheLeaderIsDone_theNextCallerLeadsAgain() throws Throwable {
    SingleFlight<Integer> flight = new SingleFlight<>();
    AtomicInteger runs = new AtomicInteger();
    assertEquals(new SingleFlight.Outcome<>(1, true), flight.run("k", runs::incrementAndGet));
    assertEquals(new SingleFlight.Outcome<>(2, true), flight.run("k", runs::incrementAndGet));
    assertThrows(IOException.class, () -> flight.run("k", () -> {
      throw new IOException("once");
    }));
    assertEquals(new SingleFlight.Outcome<>(3, true), flight.run("k", runs::incrementAndGet));
  }

  @Test
  void run_otherKeysDoNotWaitForARunningOne() throws Exception {
    SingleFlight<String> flight = new SingleFlight<>();
    CountDownLatch release = new CountDownLatch(1);
    Future<SingleFlight.Outcome<String>> a = lead(flight, "a", release, () -> "a");
    // "a" is still running, held by the latch; "b" runs at once, on another thread too
    assertEquals(new SingleFlight.Outcome<>("b", true),
        await(inPool(flight, "b", () -> "b")));
    assertEquals(false, a.isDone());
    release.countDown();
    assertEquals(new SingleFlight.Outcome<>("a", true), await(a));
  }
}
