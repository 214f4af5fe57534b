package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.astrocache.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TimeToLive}, the builder's {@code timeToLive} and the setting {@code ttl}. */
class TimeToLiveTest {
  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  private final AtomicInteger calls = new AtomicInteger();

  @TimeToLive("2h")
  public interface Rates {
    @TimeToLive("10m")
    double rate(String currency);

    double fee(String currency);

    long forever(String currency);
  }

  public interface Plain {
    long value(String key);
  }

  /** Counts its calls in a transient field: a counter in the state would change every key. */
  static final class PaidRates implements Rates, Plain {
    private final transient AtomicInteger calls;

    PaidRates(AtomicInteger calls) {
      this.calls = calls;
    }

    @Override
    public double rate(String currency) {
      return calls.incrementAndGet();
    }

    @Override
    public double fee(String currency) {
      return calls.incrementAndGet();
    }

    @Override
    public long forever(String currency) {
      return calls.incrementAndGet();
    }

    @Override
    public long value(String key) {
      return calls.incrementAndGet();
    }
  }

  private Astrocache.Builder builder() {
    return Astrocache.builder().directory(dir).clock(now::get);
  }

  @Test
  void methodAnnotation_expiresAfterItsLifetime_andTheEntryIsReplaced() {
    try (Cache cache = builder().build()) {
      Rates r = cache.wrap(Rates.class, new PaidRates(calls));
      assertEquals(1.0, r.rate("EUR"));
      now.addAndGet(Duration.ofMinutes(10).toMillis() - 1);
      assertEquals(1.0, r.rate("EUR"), "within its lifetime");
      now.addAndGet(1);
      assertEquals(2.0, r.rate("EUR"), "expired: computed again");
      assertEquals(1, cache.stats().expired());
      assertEquals(2, cache.stats().misses());
      assertEquals(2, cache.stats().puts(), "the entry was replaced");
      now.addAndGet(Duration.ofMinutes(9).toMillis());
      assertEquals(2.0, r.rate("EUR"), "the new entry's lifetime starts when it was written");
    }
  }

  @Test
  void interfaceAnnotation_coversTheOtherMethods_overTheSetting() {
    try (Cache cache = builder().timeToLive(Duration.ofMinutes(1)).build()) {
      Rates r = cache.wrap(Rates.class, new PaidRates(calls));
      assertEquals(1.0, r.fee("EUR"));
      now.addAndGet(Duration.ofMinutes(90).toMillis());
      assertEquals(1.0, r.fee("EUR"), "2h from the interface, not the builder's 1m");
      now.addAndGet(Duration.ofMinutes(30).toMillis());
      assertEquals(2.0, r.fee("EUR"));
    }
  }

  @Test
  void builderTimeToLive_appliesWhereNoAnnotationSays() {
    try (Cache cache = builder().timeToLive(Duration.ofSeconds(90)).build()) {
      Plain p = cache.wrap(Plain.class, new PaidRates(calls));
      assertEquals(1, p.value("a"));
      now.addAndGet(89_999);
      assertEquals(1, p.value("a"));
      now.addAndGet(1);
      assertEquals(2, p.value("a"));
    }
  }

  @Test
  void setting_ttl_isReadFromTheTable() {
    try (Cache cache = builder().setting("ttl", "7d").build()) {
      Plain p = cache.wrap(Plain.class, new PaidRates(calls));
      assertEquals(1, p.value("a"));
      now.addAndGet(Duration.ofDays(7).toMillis() - 1);
      assertEquals(1, p.value("a"));
      now.addAndGet(1);
      assertEquals(2, p.value("a"));
    }
  }

  @Test
  void noLifetime_neverExpires() {
    try (Cache cache = builder().build()) {
      Plain p = cache.wrap(Plain.class, new PaidRates(calls));
      assertEquals(1, p.value("a"));
      now.addAndGet(Duration.ofDays(3650).toMillis());
      assertEquals(1, p.value("a"));
      assertEquals(0, cache.stats().expired());
    }
  }

  @Test
  void lifetimes_parseEveryDocumentedForm() {
    assertEquals(Duration.ofSeconds(90), Setting.TTL.parse("90s"));
    assertEquals(Duration.ofMinutes(10), Setting.TTL.parse("10m"));
    assertEquals(Duration.ofHours(2), Setting.TTL.parse("2h"));
    assertEquals(Duration.ofDays(7), Setting.TTL.parse("7d"));
    assertEquals(Duration.ofMinutes(10), Setting.TTL.parse("PT10M"));
    assertEquals(Duration.ofDays(7), Setting.TTL.parse("P7D"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Setting.TTL.parse("0s"));
    assertEquals("astrocache.ttl must be a positive duration such as 90s, 10m, 2h, 7d or PT10M,"
        + " not '0s'", e.getMessage());
  }

  public interface Broken {
    @TimeToLive("ten minutes")
    int value(int x);
  }

  @Test
  void malformedAnnotation_failsWhenWrapped_namingTheMethod() {
    try (Cache cache = builder().build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> cache.wrap(Broken.class, x -> x));
      assertEquals("@TimeToLive(\"ten minutes\") on dev.astrocache.TimeToLiveTest$Broken#value(I)I"
          + " must be a positive duration such as 90s, 10m, 2h, 7d or PT10M", e.getMessage());
    }
  }

  @Test
  void builder_refusesANonPositiveLifetime() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Astrocache.builder().timeToLive(Duration.ZERO));
    assertEquals("timeToLive must be positive, not PT0S", e.getMessage());
  }

  @Test
  void put_recordsTheLifetimeInForceInTheHeader_noneWithoutOne() throws Exception {
    try (Cache cache = Astrocache.builder().directory(dir.resolve("rates")).clock(now::get)
        .setting("describe.arguments", "false").build()) {
      Rates r = cache.wrap(Rates.class, new PaidRates(calls));
      r.rate("EUR");
      r.fee("EUR");
    }
    try (Cache cache = Astrocache.builder().directory(dir.resolve("plain")).clock(now::get)
        .setting("ttl", "90s").build()) {
      cache.wrap(Plain.class, new PaidRates(calls)).value("a");
    }
    try (Cache cache = Astrocache.builder().directory(dir.resolve("none")).clock(now::get)
        .build()) {
      cache.wrap(Plain.class, new PaidRates(calls)).value("a");
    }
    assertEquals(java.util.Map.of("rate", 600_000L, "fee", 7_200_000L),
        lifetimes(dir.resolve("rates")), "the method's @TimeToLive, else the interface's");
    assertEquals(java.util.Map.of("value", 90_000L), lifetimes(dir.resolve("plain")),
        "the ttl setting");
    assertEquals(java.util.Map.of("value", 0L), lifetimes(dir.resolve("none")), "none");
  }

  /** Each entry's recorded lifetime by method name; checks each frame's version too. */
  private static java.util.Map<String, Long> lifetimes(Path root) throws Exception {
    dev.astrocache.store.FileLayout layout = dev.astrocache.store.FileLayout.of(root);
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (String function : layout.functions()) {
      for (String fingerprint : layout.fingerprints(function)) {
        for (dev.astrocache.spi.EntryKey k : layout.entries(function, fingerprint)) {
          byte[] entry = java.nio.file.Files.readAllBytes(layout.entry(k));
          EntryFrame.Header h = EntryFrame.read(entry,
              java.util.HexFormat.of().parseHex(k.key())).header();
          assertEquals(1 + (h.arguments() == null ? 0 : 1) + (h.lifetimeMillis() == 0 ? 0 : 2),
              entry[5], "the format version");
          String method = function.substring(function.lastIndexOf('.') + 1);
          out.put(method.substring(0, method.indexOf('-')), h.lifetimeMillis());
        }
      }
    }
    return out;
  }
}
