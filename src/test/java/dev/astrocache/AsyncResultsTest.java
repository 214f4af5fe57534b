package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Methods returning {@code CompletableFuture} or {@code CompletionStage}: cached by value. */
class AsyncResultsTest {
  @TempDir Path work;

  public interface Lookups {
    CompletableFuture<List<String>> words(String text);

    CompletionStage<Integer> length(String text);

    CompletableFuture<Void> send(String text);

    CompletableFuture<Shown> shown(String text);
  }

  /** Records the thread that serializes it (java.io fallback). */
  public static final class Shown implements Serializable {
    private static final long serialVersionUID = 1;
    static volatile String writtenBy;
    final String text;

    Shown(String text) {
      this.text = text;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      writtenBy = Thread.currentThread().getName();
      out.defaultWriteObject();
    }
  }

  /** The futures it handed out, completed by the test; its counters stay out of the key. */
  static final class Impl implements Lookups {
    transient int calls;
    transient int sends;
    transient List<CompletableFuture<List<String>>> pending = new ArrayList<>();
    transient boolean fail;

    @Override
    public synchronized CompletableFuture<List<String>> words(String text) {
      calls++;
      CompletableFuture<List<String>> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    @Override
    public synchronized CompletionStage<Integer> length(String text) {
      calls++;
      return fail ? CompletableFuture.failedFuture(new IllegalStateException("service down"))
          : CompletableFuture.supplyAsync(text::length);
    }

    @Override
    public synchronized CompletableFuture<Void> send(String text) {
      sends++;
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Shown> shown(String text) {
      return CompletableFuture.completedFuture(new Shown(text));
    }
  }

  private Cache cache() {
    return Astrocache.builder().directory(work.resolve("cache")).store("file").build();
  }

  private static <T> T get(CompletionStage<T> f) throws Exception {
    return f.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void hit_returnsACompletedFutureOfTheValue() throws Exception {
    try (Cache cache = cache()) {
      Impl impl = new Impl();
      Lookups p = cache.wrap(Lookups.class, impl);
      CompletableFuture<List<String>> first = p.words("a b");
      assertFalse(first.isDone());
      impl.pending.get(0).complete(new ArrayList<>(List.of("a", "b")));
      assertEquals(List.of("a", "b"), get(first));
      assertEquals(1, cache.stats().puts());

      CompletableFuture<List<String>> second = p.words("a b");
      assertTrue(second.isDone());
      assertEquals(List.of("a", "b"), second.getNow(null));
      assertEquals(ArrayList.class, second.getNow(null).getClass());
      assertEquals(1, impl.calls);
      assertEquals(1, cache.stats().hits());
    }
  }

  @Test
  void completionStage_isCachedByItsValueAcrossCaches() throws Exception {
    try (Cache cache = cache()) {
      assertEquals(5, get(cache.wrap(Lookups.class, new Impl()).length("hello")));
    }
    try (Cache cache = cache()) {
      Impl impl = new Impl();
      CompletionStage<Integer> again = cache.wrap(Lookups.class, impl).length("hello");
      assertTrue(again.toCompletableFuture().isDone());
      assertEquals(5, get(again));
      assertEquals(0, impl.calls);
    }
  }

  @Test
  void exceptionalCompletion_isNotCached() throws Exception {
    try (Cache cache = cache()) {
      Impl impl = new Impl();
      Lookups p = cache.wrap(Lookups.class, impl);
      impl.fail = true;
      ExecutionException e = assertThrows(ExecutionException.class, () -> get(p.length("x")));
      assertEquals("service down", e.getCause().getMessage());
      assertEquals(IllegalStateException.class, e.getCause().getClass());
      assertEquals(0, cache.stats().puts());
      impl.fail = false;
      assertEquals(1, get(p.length("x")));
      assertEquals(2, impl.calls);
      assertEquals(1, cache.stats().puts());
    }
  }

  @Test
  void concurrentCallers_shareOneComputation_eachWithItsOwnCopy() throws Exception {
    try (Cache cache = cache()) {
      Impl impl = new Impl();
      Lookups p = cache.wrap(Lookups.class, impl);
      CompletableFuture<List<String>> leader = p.words("x y");
      CompletableFuture<List<String>> follower = p.words("x y");
      CompletableFuture<List<String>> other = p.words("z");
      assertEquals(2, impl.calls);
      List<String> value = new ArrayList<>(List.of("x", "y"));
      impl.pending.get(0).complete(value);
      assertSame(value, get(leader));
      assertEquals(value, get(follower));
      assertNotSame(value, get(follower));
      assertFalse(other.isDone());
      impl.pending.get(1).complete(List.of("z"));
      assertEquals(List.of("z"), get(other));
      assertEquals(2, cache.stats().puts());
    }
  }

  @Test
  void followers_getTheLeadersFailure() throws Exception {
    try (Cache cache = cache()) {
      Impl impl = new Impl();
      Lookups p = cache.wrap(Lookups.class, impl);
      CompletableFuture<List<String>> leader = p.words("x");
      CompletableFuture<List<String>> follower = p.words("x");
      impl.pending.get(0).completeExceptionally(new IOException("timeout"));
      assertEquals("timeout",
          assertThrows(ExecutionException.class, () -> get(leader)).getCause().getMessage());
      assertEquals("timeout",
          assertThrows(ExecutionException.class, () -> get(follower)).getCause().getMessage());
      CompletableFuture<List<String>> later = p.words("x");
      assertEquals(2, impl.calls);
      impl.pending.get(1).complete(List.of("x"));
      assertEquals(List.of("x"), get(later));
    }
  }

  @Test
  void entry_isWrittenOffTheCallersThread() throws Exception {
    try (Cache cache = cache()) {
      Shown.writtenBy = null;
      // already completed when the impl returns it: the write still happens on another thread
      Lookups p = cache.wrap(Lookups.class, new Impl());
      Shown s = get(p.shown("hi"));
      assertEquals("hi", s.text);
      assertEquals(1, cache.stats().puts());
      assertTrue(Shown.writtenBy.startsWith("astrocache-async-"), Shown.writtenBy);
      assertNotEquals(Thread.currentThread().getName(), Shown.writtenBy);
      // read back through java.io, whose class list comes from the future's value type
      CompletableFuture<Shown> again = p.shown("hi");
      assertTrue(again.isDone());
      assertEquals("hi", again.getNow(null).text);
      assertEquals(1, cache.stats().hits());
      assertEquals(0, cache.stats().rejected());
    }
  }

  @Test
  void futureOfVoid_passesThrough() throws Exception {
    try (Cache cache = cache()) {
      Impl impl = new Impl();
      Lookups p = cache.wrap(Lookups.class, impl);
      get(p.send("a"));
      get(p.send("a"));
      assertEquals(2, impl.sends);
      assertEquals(0, cache.stats().puts() + cache.stats().misses());
    }
  }

  private static final String PROGRAM = """
      package async;

      import dev.astrocache.Astrocache;
      import java.util.concurrent.CompletableFuture;

      public final class Main {
        public interface Rates {
          CompletableFuture<Double> rate(String currency);
        }

        static final class Remote implements Rates {
          @Override
          public CompletableFuture<Double> rate(String currency) {
            return CompletableFuture.supplyAsync(() -> {
              System.out.println("fetching " + currency);
              return currency.length() * 0.25;
            });
          }
        }

        public static void main(String[] args) throws Exception {
          Rates rates = Astrocache.wrap(Rates.class, new Remote());
          CompletableFuture<Double> f = rates.rate("EUR");
          System.out.println("done at once " + f.isDone());
          System.out.println("rate " + f.get());
          System.out.println("hits=" + Astrocache.defaultCache().stats().hits());
        }
      }
      """;

  @Test
  void nextJvm_getsACompletedFuture() {
    Path classes = Javac.compile(work.resolve("classes"), Map.of("async.Main", PROGRAM));
    Map<String, String> props = Map.of("astrocache.dir", work.resolve("jvms").toString());
    ChildJvm.Result first = ChildJvm.run("async.Main", List.of(classes), props);
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("fetching EUR\n") && first.output().contains("rate 0.75\n")
        && first.output().contains("hits=0"), first.output());
    ChildJvm.Result second = ChildJvm.run("async.Main", List.of(classes), props);
    assertEquals(0, second.exitCode(), second.output());
    assertEquals("done at once true\nrate 0.75\nhits=1\n", second.output());
  }
}
