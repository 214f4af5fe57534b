package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.astrocache.config.Setting;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings {@code refresh} and {@code enabled}. */
class RefreshAndEnabledTest {
  @TempDir Path dir;

  public interface Counter {
    int next(String name);

    int other(String name);

    Object echo(Object o);
  }

  static final class Counting implements Counter {
    final transient AtomicInteger calls = new AtomicInteger();

    @Override
    public int next(String name) {
      return calls.incrementAndGet();
    }

    @Override
    public int other(String name) {
      return 100 + calls.incrementAndGet();
    }

    @Override
    public Object echo(Object o) {
      calls.incrementAndGet();
      return o;
    }
  }

  private String functionOf(Cache cache, Object proxy, String method) {
    return cache.stats().byFunction().keySet().stream()
        .filter(f -> f.contains("$Counter." + method + "-")).findFirst().orElseThrow();
  }

  @Test
  void refreshTrue_computesEveryCallAndOverwritesItsEntry() {
    Counting impl = new Counting();
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      assertEquals(1, cache.wrap(Counter.class, impl).next("a"));
    }
    try (Cache cache = Astrocache.builder().directory(dir).refresh("true").build()) {
      Counter c = cache.wrap(Counter.class, impl);
      assertEquals(2, c.next("a"));
      assertEquals(3, c.next("a"));
      assertEquals(0, cache.stats().hits());
      assertEquals(2, cache.stats().puts());
    }
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      assertEquals(3, cache.wrap(Counter.class, impl).next("a"), "the refreshed entry");
    }
  }

  @Test
  void refreshByName_refreshesThoseFunctionsOnly() {
    Counting impl = new Counting();
    String next;
    try (Cache cache = Astrocache.builder().directory(dir).build()) {
      Counter c = cache.wrap(Counter.class, impl);
      assertEquals(1, c.next("a"));
      assertEquals(102, c.other("a"));
      next = functionOf(cache, c, "next");
    }
    try (Cache cache = Astrocache.builder().directory(dir).setting("refresh", next).build()) {
      Counter c = cache.wrap(Counter.class, impl);
      assertEquals(3, c.next("a"));
      assertEquals(102, c.other("a"), "not named: a hit");
    }
  }

  @Test
  void refresh_parsesAListOfNames() {
    assertEquals(Set.of("a.B.c-12345678", "a.B.d-87654321"),
        Setting.REFRESH.parse(" a.B.c-12345678, a.B.d-87654321 "));
    assertEquals(Setting.EVERY_FUNCTION, Setting.REFRESH.parse("yes"));
    assertEquals(Set.of(), Setting.REFRESH.parse("false"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Setting.REFRESH.parse("a,,b"));
    assertEquals("astrocache.refresh must be true, false or a comma-separated list of function"
        + " names such as true or com.example.Prices.quote-1f3a9c0e (names as the cache"
        + " directory shows them), not 'a,,b'", e.getMessage());
  }

  @Test
  void enabledFalse_passesEveryCallThrough_andWritesNothing() throws IOException {
    Path home = Files.createDirectories(dir.resolve("off"));
    Counting impl = new Counting();
    try (Cache cache = Astrocache.builder().directory(home).enabled(false).build();
        Socket socket = new Socket()) {
      Counter c = cache.wrap(Counter.class, impl);
      assertEquals(1, c.next("a"));
      assertEquals(2, c.next("a"));
      assertEquals(socket, c.echo(socket), "no key is made, so nothing has to be encodable");
      assertEquals(0, cache.stats().calls());
      assertEquals(0, cache.invalidate(c));
    }
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void enabledFalse_fromASystemPropertyStyleSetting() {
    Counting impl = new Counting();
    try (Cache cache = Astrocache.builder().directory(dir).setting("astrocache.enabled", "off")
        .build()) {
      Counter c = cache.wrap(Counter.class, impl);
      c.next("a");
      c.next("a");
      assertEquals(2, impl.calls.get());
    }
  }
}
