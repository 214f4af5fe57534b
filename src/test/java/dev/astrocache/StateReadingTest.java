package dev.astrocache;

import org.junit.jupiter.api.AfterEach;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.astrocache.codec.CanonicalEncoder;
import dev.astrocache.testing.LogCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The impl's state through wrap: read once where immutable, again where not, never silent. */
class StateReadingTest {
  @TempDir Path dir;

  public interface Prices {
    int price(String item);
  }

  /** Its table is whatever map it was given: immutable, mutable, or a view of a mutable one. */
  static final class Table implements Prices {
    final Map<String, Integer> prices;
    transient int calls;

    Table(Map<String, Integer> prices) {
      this.prices = prices;
    }

    @Override
    public int price(String item) {
      calls++;
      return prices.getOrDefault(item, -1);
    }
  }

  /** The caches a test built, closed after it: their entries are written behind the calls. */
  private final List<Cache> opened = new ArrayList<>();

  @AfterEach
  void closeCaches() {
    opened.forEach(Cache::close);
  }

  private Cache cache() {
    Cache cache = Astrocache.builder().directory(dir).build();
    opened.add(cache);
    return cache;
  }

  @Test
  void immutableTable_hitsAndAnotherTableMisses() {
    Cache cache = cache();
    Table a = new Table(Map.copyOf(Map.of("tea", 3)));
    Prices p = cache.wrap(Prices.class, a);
    assertEquals(3, p.price("tea"));
    assertEquals(3, p.price("tea"));
    assertEquals(1, a.calls);
    Table b = new Table(Map.of("tea", 4));
    assertEquals(4, cache.wrap(Prices.class, b).price("tea"));
    assertEquals(1, b.calls);
    assertEquals(2, cache.stats().misses());
    assertEquals(1, cache.stats().hits());
  }

  @Test
  void mutableTable_changedAfterWrap_misses() {
    Cache cache = cache();
    Map<String, Integer> prices = new HashMap<>(Map.of("tea", 3));
    Table t = new Table(prices);
    Prices p = cache.wrap(Prices.class, t);
    assertEquals(3, p.price("tea"));
    prices.put("tea", 5);
    assertEquals(5, p.price("tea"));
    assertEquals(5, p.price("tea"));
    assertEquals(2, t.calls);
  }

  @Test
  void unmodifiableViewOfAMutableTable_changedAfterWrap_misses() {
    Cache cache = cache();
    Map<String, Integer> prices = new HashMap<>(Map.of("tea", 3));
    Table t = new Table(Collections.unmodifiableMap(prices));
    Prices p = cache.wrap(Prices.class, t);
    assertEquals(3, p.price("tea"));
    prices.put("tea", 6);
    assertEquals(6, p.price("tea"));
    assertEquals(2, t.calls);
  }

  /** A final field holding an ArrayList: the reference cannot change, the list can. */
  static final class Menu implements Prices {
    final List<String> items = new ArrayList<>(List.of("tea"));

    @Override
    public int price(String item) {
      return items.indexOf(item);
    }
  }

  @Test
  void finalFieldHoldingAnArrayList_changedAfterWrap_misses() {
    Menu m = new Menu();
    Prices p = cache().wrap(Prices.class, m);
    assertEquals(-1, p.price("coffee"));
    m.items.add("coffee");
    assertEquals(1, p.price("coffee"));
  }

  @Test
  void largeMutableTable_warnsOnceAtWrapWithItsSize() throws Exception {
    Map<String, Integer> prices = new HashMap<>();
    for (int i = 0; i < 30_000; i++) {
      prices.put("item" + i, i);
    }
    int bytes = new CanonicalEncoder(type -> new byte[0])
        .encode(prices, CanonicalEncoder.Mode.STATE, new HashSet<>()).length;
    Cache cache = cache();
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      Prices p = cache.wrap(Prices.class, new Table(prices));
      assertEquals(7, p.price("item7"));
      assertEquals(7, p.price("item7"));
      cache.wrap(Prices.class, new Table(prices));
      assertEquals(List.of("astrocache: this.prices of dev.astrocache.StateReadingTest$Table is"
          + " read again on every call (" + String.format("%,d", bytes) + " bytes), since"
          + " java.util.HashMap can change. If it does not change after wrap, hold an immutable"
          + " copy (Map.copyOf, List.copyOf, a record) in a final field."),
          log.messages(Level.WARNING));
    }
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      cache().wrap(Prices.class, new Table(Map.copyOf(prices)));
      assertEquals(List.of(), log.messages(Level.WARNING));
    }
  }

  /** A rule built with Function.andThen: a lambda of the JDK, whose captured values are closed. */
  static final class Rule implements Prices {
    final Function<String, String> normalize;

    Rule(Function<String, String> normalize) {
      this.normalize = normalize;
    }

    @Override
    public int price(String item) {
      return normalize.apply(item).length();
    }
  }

  private static final String ANDTHEN_WARNING = "astrocache: this.normalize of"
      + " dev.astrocache.StateReadingTest$Rule counts by its class only, since it is a lambda"
      + " made inside the JDK, whose captured values astrocache cannot read"
      + " (java.util.function.Function$$Lambda): impls that differ there share entries. Hold a"
      + " value instead (such as a record), or mark the field transient.";

  @Test
  void andThenInState_callsWorkWithOneWarningAtWrap() {
    Function<String, String> trim = String::trim;
    Cache cache = cache();
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      Prices p = cache.wrap(Prices.class, new Rule(trim.andThen(String::toUpperCase)));
      assertEquals(List.of(ANDTHEN_WARNING), log.messages(Level.WARNING));
      assertEquals(3, p.price(" tea "));
      assertEquals(3, p.price(" tea "));
      assertEquals(1, cache.stats().hits());
      cache.wrap(Prices.class, new Rule(trim.andThen(String::toLowerCase)));
      assertEquals(List.of(ANDTHEN_WARNING), log.messages(Level.WARNING));
    }
  }

  @Test
  void andThenInState_strictMode_failsAtWrap() {
    Function<String, String> trim = String::trim;
    Cache strict = Astrocache.builder().directory(dir).strict(true).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> strict.wrap(Prices.class, new Rule(trim.andThen(String::toUpperCase))));
    assertEquals(ANDTHEN_WARNING + " (strict mode)", e.getMessage());
  }

  /** A rule the program may swap after wrap. */
  static final class Swappable implements Prices {
    Function<String, String> normalize = String::trim;

    @Override
    public int price(String item) {
      return normalize.apply(item).length();
    }
  }

  @Test
  void andThenSetAfterWrap_warnsOnceAtTheCall() {
    Function<String, String> trim = String::trim;
    Swappable s = new Swappable();
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      Prices p = cache().wrap(Prices.class, s);
      assertEquals(3, p.price(" tea "));
      assertEquals(List.of(), log.messages(Level.WARNING));
      s.normalize = trim.andThen(x -> x + "!");
      assertEquals(4, p.price(" tea "));
      assertEquals(4, p.price(" tea "));
      assertEquals(List.of("astrocache: this.normalize of dev.astrocache.StateReadingTest$Swappable"
          + " counts by its class only, since it is a lambda made inside the JDK, whose captured"
          + " values astrocache cannot read (java.util.function.Function$$Lambda): impls that"
          + " differ there share entries. Hold a value instead (such as a record), or mark the"
          + " field transient."), log.messages(Level.WARNING));
    }
  }
}
