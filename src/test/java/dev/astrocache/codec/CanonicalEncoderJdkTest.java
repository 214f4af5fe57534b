package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.codec.CanonicalEncoder.Mode;
import dev.astrocache.codec.CodecFixtures.Point;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ChoiceFormat;
import java.text.DateFormatSymbols;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.chrono.JapaneseDate;
import java.time.chrono.ThaiBuddhistDate;
import java.util.Arrays;
import java.util.Currency;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SimpleTimeZone;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicMarkableReference;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicStampedReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * JDK objects that count by the settings their public API reads, as arguments and as state
 * (issue 9, item 6): two that format, round, or tell the time differently never share a key.
 */
class CanonicalEncoderJdkTest {
  private final CanonicalEncoder encoder = new CanonicalEncoder(
      type -> ("code:" + KeyClass.stableName(type)).getBytes(StandardCharsets.UTF_8));
  private final KeyAssertions keys = new KeyAssertions(encoder);

  private byte[] key(Object v) {
    return keys.key(v);
  }

  private void assertSameKey(Object a, Object b) {
    keys.assertSameKey(a, b);
  }

  private void assertDifferentKeys(Object... values) {
    keys.assertDifferentKeys(values);
  }

  /** In STATE mode, held by a record: the same rule as an argument. */
  private void assertDifferentStates(Object a, Object b) {
    assertFalse(Arrays.equals(keys.key(new Holder(a), Mode.STATE, new HashSet<>()),
        keys.key(new Holder(b), Mode.STATE, new HashSet<>())), a + " vs " + b);
  }

  record Holder(Object value) {}

  @Test
  void clocks_byZoneAndWhatTheyTell() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    ZoneId paris = ZoneId.of("Europe/Paris");
    assertSameKey(Clock.systemUTC(), Clock.system(ZoneOffset.UTC));
    assertSameKey(Clock.system(paris), Clock.system(ZoneId.of("Europe/Paris")));
    assertSameKey(Clock.fixed(t, paris), Clock.fixed(t, paris));
    Clock in30 = Clock.offset(Clock.systemUTC(), Duration.ofDays(30));
    Clock in90 = Clock.offset(Clock.systemUTC(), Duration.ofDays(90));
    assertSameKey(in30, Clock.offset(Clock.systemUTC(), Duration.ofDays(30)));
    assertSameKey(Clock.tickMinutes(paris), Clock.tickMinutes(paris));
    assertDifferentKeys(Clock.systemUTC(), Clock.system(paris), Clock.fixed(t, paris),
        Clock.fixed(t, ZoneOffset.UTC), Clock.fixed(t.plusSeconds(1), paris), in30, in90,
        Clock.offset(Clock.system(paris), Duration.ofDays(30)), Clock.tickSeconds(paris),
        Clock.tickMinutes(paris), Clock.offset(Clock.systemUTC(), Duration.ofMillis(-1500)));
    assertDifferentStates(Clock.fixed(t, paris), Clock.fixed(t.plusSeconds(86400 * 60), paris));
    assertDifferentStates(in30, in90);
    // offset from a fixed clock: stands still, so it counts by the instant it shows
    assertSameKey(Clock.offset(Clock.fixed(t, paris), Duration.ofHours(1)),
        Clock.offset(Clock.fixed(t.plusSeconds(1800), paris), Duration.ofMinutes(30)));
    assertDifferentKeys(Clock.offset(Clock.fixed(t, paris), Duration.ofHours(1)),
        Clock.offset(Clock.fixed(t, paris), Duration.ofHours(2)));
    // a system clock counts as "the system clock in zone Z", not by the instant it shows
    assertEquals("700c4575726f70652f506172697300",
        HexFormat.of().formatHex(key(Clock.system(paris))));
  }

  @Test
  void mathContext_isAValueNotAConnection() {
    assertSameKey(new MathContext(7, RoundingMode.HALF_EVEN), MathContext.DECIMAL32);
    assertDifferentKeys(MathContext.DECIMAL32, MathContext.DECIMAL64,
        new MathContext(7, RoundingMode.HALF_UP), MathContext.UNLIMITED);
    assertDifferentStates(MathContext.DECIMAL32, MathContext.DECIMAL128);
  }

  @Test
  void timeZones_byIdAndRules() {
    assertSameKey(TimeZone.getTimeZone("Europe/Paris"), TimeZone.getTimeZone("Europe/Paris"));
    TimeZone shifted = TimeZone.getTimeZone("Europe/Paris");
    shifted.setRawOffset(2 * 3600_000);
    SimpleTimeZone custom = new SimpleTimeZone(3600_000, "Europe/Paris");
    SimpleTimeZone summer = new SimpleTimeZone(3600_000, "Europe/Paris", 2, -1,
        java.util.Calendar.SUNDAY, 7200_000, 9, -1, java.util.Calendar.SUNDAY, 7200_000);
    assertDifferentKeys(TimeZone.getTimeZone("Europe/Paris"), TimeZone.getTimeZone("UTC"),
        shifted, custom, summer, ZoneId.of("Europe/Paris"));
    assertDifferentStates(TimeZone.getTimeZone("UTC"), TimeZone.getTimeZone("Asia/Tokyo"));
  }

  @Test
  void decimalFormats_byPatternSymbolsAndEverySetting() {
    assertSameKey(new DecimalFormat("#,##0.00"), new DecimalFormat("#,##0.00"));
    DecimalFormat halfUp = new DecimalFormat("#,##0.00");
    halfUp.setRoundingMode(RoundingMode.HALF_UP);
    DecimalFormat noGrouping = new DecimalFormat("#,##0.00");
    noGrouping.setGroupingUsed(false);
    DecimalFormat bigDecimal = new DecimalFormat("#,##0.00");
    bigDecimal.setParseBigDecimal(true);
    DecimalFormat integerOnly = new DecimalFormat("#,##0.00");
    integerOnly.setParseIntegerOnly(true);
    DecimalFormat moreDigits = new DecimalFormat("#,##0.00");
    moreDigits.setMaximumFractionDigits(4);
    DecimalFormat german = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.GERMANY));
    DecimalFormatSymbols odd = DecimalFormatSymbols.getInstance(Locale.US);
    odd.setNaN("nothing");
    DecimalFormat oddNaN = new DecimalFormat("#,##0.00", odd);
    DecimalFormat minInt = new DecimalFormat("#,##0.00");
    minInt.setMinimumIntegerDigits(3);
    DecimalFormat alwaysPoint = new DecimalFormat("#,##0.00");
    alwaysPoint.setDecimalSeparatorAlwaysShown(true);
    DecimalFormat percent = new DecimalFormat("#,##0.00");
    percent.setMultiplier(100);
    DecimalFormat prefix = new DecimalFormat("#,##0.00");
    prefix.setPositivePrefix("+");
    assertDifferentKeys(new DecimalFormat("#,##0.00"), new DecimalFormat("0.00"), halfUp,
        noGrouping, bigDecimal, integerOnly, moreDigits, german, oddNaN, minInt, alwaysPoint,
        percent, prefix);
    assertDifferentKeys(NumberFormat.getCurrencyInstance(Locale.US),
        NumberFormat.getCurrencyInstance(Locale.UK), NumberFormat.getInstance(Locale.FRANCE),
        NumberFormat.getPercentInstance(Locale.US));
    DecimalFormat euro = (DecimalFormat) NumberFormat.getCurrencyInstance(Locale.US);
    euro.setCurrency(Currency.getInstance("EUR"));
    assertDifferentKeys(euro, NumberFormat.getCurrencyInstance(Locale.US));
    assertDifferentStates(new DecimalFormat("0.0"), new DecimalFormat("0.00"));
    assertDifferentKeys(DecimalFormatSymbols.getInstance(Locale.US), odd,
        DecimalFormatSymbols.getInstance(Locale.GERMANY));
  }

  @Test
  void choiceFormats_byLimitsAndFormats() {
    assertSameKey(new ChoiceFormat("0#none|1#one|1<many"), new ChoiceFormat("0#none|1#one|1<many"));
    assertDifferentKeys(new ChoiceFormat("0#none|1#one|1<many"), new ChoiceFormat("0#none|1#one|2#many"),
        new ChoiceFormat("0#zero|1#one|1<many"));
  }

  @Test
  void simpleDateFormats_byPatternSymbolsZoneAndLeniency() {
    assertSameKey(new SimpleDateFormat("yyyy-MM-dd", Locale.US), new SimpleDateFormat("yyyy-MM-dd", Locale.US));
    SimpleDateFormat tokyo = new SimpleDateFormat("yyyy-MM-dd", Locale.US);
    tokyo.setTimeZone(TimeZone.getTimeZone("Asia/Tokyo"));
    SimpleDateFormat utc = new SimpleDateFormat("yyyy-MM-dd", Locale.US);
    utc.setTimeZone(TimeZone.getTimeZone("UTC"));
    SimpleDateFormat strict = new SimpleDateFormat("yyyy-MM-dd", Locale.US);
    strict.setTimeZone(TimeZone.getTimeZone("UTC"));
    strict.setLenient(false);
    SimpleDateFormat century = new SimpleDateFormat("yy-MM-dd", Locale.US);
    century.setTimeZone(TimeZone.getTimeZone("UTC"));
    SimpleDateFormat otherCentury = new SimpleDateFormat("yy-MM-dd", Locale.US);
    otherCentury.setTimeZone(TimeZone.getTimeZone("UTC"));
    otherCentury.set2DigitYearStart(new Date(0));
    DateFormatSymbols shouting = DateFormatSymbols.getInstance(Locale.US);
    shouting.setShortMonths(new String[] {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL",
        "AUG", "SEP", "OCT", "NOV", "DEC", ""});
    SimpleDateFormat loud = new SimpleDateFormat("dd MMM yyyy", shouting);
    loud.setTimeZone(TimeZone.getTimeZone("UTC"));
    SimpleDateFormat quiet = new SimpleDateFormat("dd MMM yyyy", Locale.US);
    quiet.setTimeZone(TimeZone.getTimeZone("UTC"));
    SimpleDateFormat french = new SimpleDateFormat("dd MMM yyyy", Locale.FRANCE);
    french.setTimeZone(TimeZone.getTimeZone("UTC"));
    SimpleDateFormat mondays = new SimpleDateFormat("yyyy-ww", Locale.US);
    mondays.setTimeZone(TimeZone.getTimeZone("UTC"));
    SimpleDateFormat sundays = new SimpleDateFormat("yyyy-ww", Locale.US);
    sundays.setTimeZone(TimeZone.getTimeZone("UTC"));
    sundays.getCalendar().setFirstDayOfWeek(java.util.Calendar.MONDAY);
    assertDifferentKeys(tokyo, utc, strict, century, otherCentury, loud, quiet, french,
        mondays, sundays, new SimpleDateFormat("yyyy/MM/dd", Locale.US));
    assertDifferentStates(tokyo, utc);
    // the calendar's time is scratch space of format(): not a setting
    byte[] before = key(utc);
    utc.format(new Date(123_456_789_000L));
    assertArrayEquals(before, key(utc));
    // zone names count where the pattern has a z
    SimpleDateFormat zoned = new SimpleDateFormat("HH:mm z", Locale.US);
    DateFormatSymbols renamed = DateFormatSymbols.getInstance(Locale.US);
    String[][] zones = renamed.getZoneStrings();
    for (String[] row : zones) {
      row[2] = row[2] + "!";
    }
    renamed.setZoneStrings(zones);
    assertDifferentKeys(zoned, new SimpleDateFormat("HH:mm z", renamed));
  }

  @Test
  void calendars_byTimeAndSettings() {
    GregorianCalendar a = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.US);
    a.setTimeInMillis(0);
    GregorianCalendar b = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.US);
    b.setTimeInMillis(0);
    assertSameKey(a, b);
    b.setTimeInMillis(1);
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.US);
    c.setTimeInMillis(0);
    c.setMinimalDaysInFirstWeek(4);
    assertDifferentKeys(a, b, c);
  }

  @Test
  void calendarWhoseFieldsMakeNoDate_isAnUnencodableValueNotAnException() {
    GregorianCalendar strict = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.US);
    strict.setLenient(false);
    strict.set(java.util.Calendar.MONTH, 13);
    UnencodableValueException e = org.junit.jupiter.api.Assertions.assertThrows(
        UnencodableValueException.class,
        () -> encoder.encode(strict, Mode.ARGUMENT, new HashSet<>()));
    assertEquals("", e.path());
    assertTrue(e.reason().startsWith("reading it threw java.lang.IllegalArgumentException"),
        e.reason());
    UnencodableValueException inList = org.junit.jupiter.api.Assertions.assertThrows(
        UnencodableValueException.class,
        () -> encoder.encode(List.of(1, strict), Mode.ARGUMENT, new HashSet<>()));
    assertEquals("[1]", inList.path());
    assertEquals(GregorianCalendar.class, inList.type());
  }

  @Test
  void atomics_byTheirCurrentValue() {
    assertSameKey(new AtomicInteger(1), new AtomicInteger(1));
    assertDifferentKeys(new AtomicInteger(1), new AtomicInteger(2), new AtomicLong(1), 1,
        new AtomicBoolean(true), new AtomicBoolean(false), new AtomicIntegerArray(new int[] {1}),
        new AtomicLongArray(new long[] {1}), new AtomicReference<>(1), adder(1), doubleAdder(1),
        new AtomicReferenceArray<>(new Object[] {1}), new AtomicStampedReference<>(1, 0),
        new AtomicMarkableReference<>(1, false), new AtomicMarkableReference<>(1, true));
    AtomicLong counter = new AtomicLong();
    byte[] zero = key(counter);
    counter.incrementAndGet();
    assertFalse(Arrays.equals(zero, key(counter)));
    assertDifferentStates(new AtomicInteger(1), new AtomicInteger(2));
    assertDifferentStates(adder(1), adder(2));
  }

  private static LongAdder adder(long n) {
    LongAdder a = new LongAdder();
    a.add(n);
    return a;
  }

  private static DoubleAdder doubleAdder(double n) {
    DoubleAdder a = new DoubleAdder();
    a.add(n);
    return a;
  }

  @Test
  void atomicReference_encodesItsValueRecursively() {
    assertSameKey(new AtomicReference<>(List.of(new Point(1, 2))), new AtomicReference<>(List.of(new Point(1, 2))));
    assertDifferentKeys(new AtomicReference<>(new Point(1, 2)), new AtomicReference<>(new Point(1, 3)),
        new AtomicReference<>(null), new Point(1, 2));
    Set<Class<?>> visited = new HashSet<>();
    keys.key(new Holder(new AtomicReference<>(new Point(1, 2))), Mode.STATE, visited);
    assertEquals(Set.of(Holder.class, Point.class), visited);
    AtomicReference<Object> self = new AtomicReference<>();
    self.set(self);
    assertArrayEquals(key(self), key(self));
    assertDifferentKeys(new AtomicStampedReference<>("a", 1), new AtomicStampedReference<>("a", 2),
        new AtomicStampedReference<>("b", 1));
  }

  @Test
  void networkAddresses_withoutLookups() throws Exception {
    InetAddress a = InetAddress.getByAddress("db", new byte[] {10, 0, 0, 1});
    assertSameKey(a, InetAddress.getByAddress("db", new byte[] {10, 0, 0, 1}));
    assertDifferentKeys(a, InetAddress.getByAddress("db", new byte[] {10, 0, 0, 2}),
        InetAddress.getByAddress("cache", new byte[] {10, 0, 0, 1}),
        InetAddress.getByAddress(new byte[] {10, 0, 0, 1}));
    assertDifferentKeys(InetSocketAddress.createUnresolved("db", 5432),
        InetSocketAddress.createUnresolved("db", 5433), new InetSocketAddress(a, 5432));
  }

  @Test
  void hexFormatsAndOtherCalendarSystems() {
    assertSameKey(HexFormat.of(), HexFormat.of());
    assertDifferentKeys(HexFormat.of(), HexFormat.of().withUpperCase(), HexFormat.ofDelimiter(":"),
        HexFormat.of().withPrefix("0x"));
    LocalDate d = LocalDate.of(2026, 12, 1);
    assertDifferentKeys(d, JapaneseDate.from(d), ThaiBuddhistDate.from(d),
        JapaneseDate.from(d.plusDays(1)));
    assertSameKey(JapaneseDate.from(d), JapaneseDate.from(d));
  }

  @Test
  void locales_charsetsPatternsAndCurrencies_countByWhatTheyAre() {
    assertDifferentKeys(Locale.US, Locale.UK, Locale.forLanguageTag("en-US-u-nu-arab"),
        StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
        java.util.regex.Pattern.compile("a"), java.util.regex.Pattern.compile("a", java.util.regex.Pattern.CASE_INSENSITIVE),
        Currency.getInstance("EUR"), Currency.getInstance("USD"));
    assertTrue(key(Locale.US).length > 0);
  }
}
