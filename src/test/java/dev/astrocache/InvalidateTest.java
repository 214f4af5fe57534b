package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.EveryStore;
import dev.astrocache.testing.Javac;
import dev.astrocache.testing.StoreSetup;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Cache.invalidate} of a proxy, of one method, of one call; current and older code. */
class InvalidateTest {
  @TempDir Path dir;

  public interface Shop {
    int price(String item);

    String label(String item);
  }

  static final class Counted implements Shop {
    final transient AtomicInteger calls = new AtomicInteger();

    @Override
    public int price(String item) {
      calls.incrementAndGet();
      return item.length();
    }

    @Override
    public String label(String item) {
      calls.incrementAndGet();
      return "<" + item + ">";
    }
  }

  static final class Discounted implements Shop {
    final transient AtomicInteger calls = new AtomicInteger();

    @Override
    public int price(String item) {
      calls.incrementAndGet();
      return item.length() - 1;
    }

    @Override
    public String label(String item) {
      calls.incrementAndGet();
      return item;
    }
  }

  private Cache cache(String store) {
    return Astrocache.builder().directory(dir.resolve(store)).store(store).build();
  }

  @EveryStore
  void invalidateProxy_dropsEveryMethodsEntries(StoreSetup store) {
    Cache cache = store.cache(dir);
    Counted impl = new Counted();
    Shop s = cache.wrap(Shop.class, impl);
    s.price("a");
    s.price("bb");
    s.label("a");
    assertEquals(3, cache.invalidate(s));
    s.price("a");
    s.label("a");
    assertEquals(5, impl.calls.get(), "both computed again");
    Shop equal = cache.wrap(Shop.class, new Counted());
    assertEquals(1, cache.invalidate(equal, "price", String.class),
        "another proxy of an equal impl drops the same entries");
  }

  /** Tiered: the server's copies go too, or the next cache would be answered from them. */
  @EveryStore(durable = true)
  void invalidated_entriesAreGoneForTheNextCacheOnTheDirectory(StoreSetup store) {
    Cache first = store.cache(dir);
    Shop s = first.wrap(Shop.class, new Counted());
    s.price("a");
    s.label("a");
    assertEquals(1, first.invalidating(s).price("a") + 1);
    assertEquals(1, first.invalidate(s, "label", String.class));
    first.close();
    Counted impl = new Counted();
    Cache next = store.cache(dir);
    Shop again = next.wrap(Shop.class, impl);
    again.price("a");
    again.label("a");
    assertEquals(2, impl.calls.get(), "both dropped, on every tier");
    assertEquals(0, next.stats().hits());
  }

  @EveryStore
  void invalidating_dropsOneCallsEntry_andCallsNothing(StoreSetup store) {
    Cache cache = store.cache(dir);
    Counted impl = new Counted();
    Shop s = cache.wrap(Shop.class, impl);
    s.price("a");
    s.price("bb");
    s.label("a");
    Shop drop = cache.invalidating(s);
    assertEquals(0, drop.price("a"));
    assertNull(drop.label("zzz"), "no entry: nothing to drop");
    assertEquals(3, impl.calls.get(), "the impl is not called");
    s.price("a");
    s.price("bb");
    s.label("a");
    assertEquals(4, impl.calls.get(), "only price(\"a\") was computed again");
  }

  @Test
  void invalidateOneMethod_keepsTheOthers() {
    try (Cache cache = cache("file")) {
      Counted impl = new Counted();
      Shop s = cache.wrap(Shop.class, impl);
      s.price("a");
      s.label("a");
      assertEquals(1, cache.invalidate(s, "price", String.class));
      s.price("a");
      s.label("a");
      assertEquals(3, impl.calls.get(), "label still hits");
    }
  }

  @Test
  void anotherImplementationsEntries_areKept() {
    try (Cache cache = cache("file")) {
      Counted mine = new Counted();
      Discounted other = new Discounted();
      Shop a = cache.wrap(Shop.class, mine);
      Shop b = cache.wrap(Shop.class, other);
      a.price("abc");
      b.price("abc");
      assertEquals(1, cache.invalidate(a));
      assertEquals(2, b.price("abc"));
      assertEquals(1, other.calls.get(), "the other impl still hits");
    }
  }

  private static final String IMPL = """
      package inv;

      public final class Impl implements java.util.function.IntUnaryOperator {
        @Override
        public int applyAsInt(int x) {
          return Helper.f(x);
        }

        static final class Helper {
          static int f(int x) {
            return x + 1;
          }
        }
      }
      """;

  private static IntUnaryOperator load(Path classes) throws Exception {
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        InvalidateTest.class.getClassLoader());
    return (IntUnaryOperator) loader.loadClass("inv.Impl").getConstructor().newInstance();
  }

  @Test
  void olderCodeVersions_areDroppedToo_otherImplementationsNot() throws Exception {
    IntUnaryOperator v1 = load(Javac.compile(dir.resolve("v1"), Map.of("inv.Impl", IMPL)));
    IntUnaryOperator v2 = load(Javac.compile(dir.resolve("v2"),
        Map.of("inv.Impl", IMPL.replace("x + 1", "x + 2"))));
    try (Cache cache = cache("file")) {
      IntUnaryOperator p1 = cache.wrap(IntUnaryOperator.class, v1);
      IntUnaryOperator p2 = cache.wrap(IntUnaryOperator.class, v2);
      IntUnaryOperator lambda = cache.wrap(IntUnaryOperator.class, x -> x * 10);
      assertEquals(2, p1.applyAsInt(1));
      assertEquals(3, p2.applyAsInt(1));
      assertEquals(10, lambda.applyAsInt(1));
      Path function;
      try (Stream<Path> functions = Files.list(dir.resolve("file"))) {
        function = functions.filter(f -> f.getFileName().toString()
            .startsWith("java.util.function.IntUnaryOperator.applyAsInt-")).findFirst()
            .orElseThrow();
      }
      try (Stream<Path> fingerprints = Files.list(function)) {
        // the lambda is filed under the class that made it, InvalidateTest$$Lambda.applyAsInt
        assertEquals(2, fingerprints.count(), "two versions of Impl");
      }
      assertEquals(2, cache.invalidate(p2), "this version's entry and the older one's");
      CacheStats before = cache.stats();
      assertEquals(10, lambda.applyAsInt(1));
      assertEquals(before.hits() + 1, cache.stats().hits(), "the lambda's entry is kept");
      assertEquals(2, p1.applyAsInt(1));
      assertEquals(before.misses() + 1, cache.stats().misses(), "v1's entry is gone");
    }
  }

  @Test
  void aStoreThatCannotListItsEntries_saysSoAndWhatToDo() {
    try (Cache cache = Astrocache.builder().directory(dir).store("test-manifests").build()) {
      Shop s = cache.wrap(Shop.class, new Counted());
      s.price("a");
      UnsupportedOperationException e =
          assertThrows(UnsupportedOperationException.class, () -> cache.invalidate(s));
      assertTrue(e.getMessage().startsWith("astrocache: the 'test-manifests' store cannot list its"
          + " entries, so the entries of dev.astrocache.InvalidateTest$Shop."), e.getMessage());
      assertTrue(e.getMessage().endsWith(" cannot be invalidated: use a store that can (file,"
          + " memory, tiered), or drop one call's entry with invalidating(proxy)"),
          e.getMessage());
    }
  }

  @Test
  void closedCache_refuses() {
    Cache cache = cache("file");
    Shop s = cache.wrap(Shop.class, new Counted());
    cache.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.invalidate(s));
    assertEquals("astrocache: this cache is closed: invalidate through an open cache",
        e.getMessage());
  }
}
