package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's pattern: calls on {@code this} skip the proxy; calls through a held proxy do not. */
class SelfCallTest {
  @TempDir Path dir;

  public interface Fibonacci {
    long fib(int n);
  }

  static final class OnThis implements Fibonacci {
    final transient AtomicInteger calls = new AtomicInteger();

    @Override
    public long fib(int n) {
      calls.incrementAndGet();
      return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
  }

  static final class ThroughTheProxy implements Fibonacci {
    final transient AtomicInteger calls = new AtomicInteger();
    /** Set to the proxy after wrap; transient, so the proxy is not part of the state. */
    transient Fibonacci self = this;

    @Override
    public long fib(int n) {
      calls.incrementAndGet();
      return n < 2 ? n : self.fib(n - 1) + self.fib(n - 2);
    }
  }

  @Test
  void callsOnThis_computeEverySubCall() {
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      OnThis impl = new OnThis();
      assertEquals(6765, cache.wrap(Fibonacci.class, impl).fib(20));
      assertEquals(21891, impl.calls.get(), "every sub-call computed, none cached");
    }
  }

  @Test
  void callsThroughAHeldProxy_areCachedEachOnce() {
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      ThroughTheProxy impl = new ThroughTheProxy();
      Fibonacci fib = cache.wrap(Fibonacci.class, impl);
      impl.self = fib;
      assertEquals(6765, fib.fib(20));
      assertEquals(21, impl.calls.get(), "each n computed once");
      assertEquals(21, cache.stats().misses());
      assertEquals(18, cache.stats().hits(), "fib(n - 2) was stored by fib(n - 1)'s call");
    }
  }
}
