package dev.astrocache.codec;

import java.lang.reflect.Method;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.text.ChoiceFormat;
import java.text.DateFormatSymbols;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.chrono.ChronoLocalDate;
import java.util.Calendar;
import java.util.Currency;
import java.util.GregorianCalendar;
import java.util.HexFormat;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The canonical encodings of JDK objects that are not plain values but whose settings their
 * public API reads: a clock, a number or date format, a math context, a time zone, the atomic
 * numbers. Each counts by everything a getter can tell of it, so that two objects that format,
 * round or tell the time differently never share a key. Tags and layouts: {@link KeyTags}.
 */
final class KeyJdk {
  private KeyJdk() {}

  /** Methods of newer JDKs (setStrict is Java 23, the monetary grouping separator Java 15). */
  private static final Method IS_STRICT = method(NumberFormat.class, "isStrict");
  private static final Method MONETARY_GROUPING =
      method(DecimalFormatSymbols.class, "getMonetaryGroupingSeparator");

  private static final Duration[] OFFSET_UNITS = {Duration.ofMillis(1), Duration.ofSeconds(1),
      Duration.ofMinutes(1)};
  private static final Duration[] TICKS = {Duration.ofNanos(1000), Duration.ofMillis(1),
      Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
      Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5),
      Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofDays(1)};

  private static Method method(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** The KeyClass kind of a JDK class written here, or 0. */
  static int kindOf(Class<?> type) {
    if (Clock.class.isAssignableFrom(type)) {
      return KeyClass.CLOCK;
    }
    if (TimeZone.class.isAssignableFrom(type)) {
      return KeyClass.TIME_ZONE;
    }
    if (Calendar.class.isAssignableFrom(type)) {
      return KeyClass.CALENDAR;
    }
    if (InetAddress.class.isAssignableFrom(type)) {
      return KeyClass.INET_ADDRESS;
    }
    if (ChronoLocalDate.class.isAssignableFrom(type)) {
      return KeyClass.CHRONO_DATE;
    }
    if (type == MathContext.class) {
      return KeyClass.MATH_CONTEXT;
    } else if (type == DecimalFormat.class) {
      return KeyClass.DECIMAL_FORMAT;
    } else if (type == ChoiceFormat.class) {
      return KeyClass.CHOICE_FORMAT;
    } else if (type == DecimalFormatSymbols.class) {
      return KeyClass.DECIMAL_FORMAT_SYMBOLS;
    } else if (type == SimpleDateFormat.class) {
      return KeyClass.SIMPLE_DATE_FORMAT;
    } else if (type == DateFormatSymbols.class) {
      return KeyClass.DATE_FORMAT_SYMBOLS;
    } else if (type == AtomicBoolean.class) {
      return KeyClass.ATOMIC_BOOLEAN;
    } else if (type == AtomicInteger.class) {
      return KeyClass.ATOMIC_INTEGER;
    } else if (type == AtomicLong.class) {
      return KeyClass.ATOMIC_LONG;
    } else if (type == AtomicIntegerArray.class) {
      return KeyClass.ATOMIC_INTEGER_ARRAY;
    } else if (type == AtomicLongArray.class) {
      return KeyClass.ATOMIC_LONG_ARRAY;
    } else if (type == LongAdder.class) {
      return KeyClass.LONG_ADDER;
    } else if (type == DoubleAdder.class) {
      return KeyClass.DOUBLE_ADDER;
    } else if (type == InetSocketAddress.class) {
      return KeyClass.INET_SOCKET_ADDRESS;
    } else if (type == HexFormat.class) {
      return KeyClass.HEX_FORMAT;
    }
    return 0;
  }

  static void write(ByteSink out, Object v, int kind) {
    switch (kind) {
      case KeyClass.CLOCK -> clock(out, (Clock) v);
      case KeyClass.MATH_CONTEXT -> {
        MathContext m = (MathContext) v;
        out.write(KeyTags.MATH_CONTEXT);
        out.writeInt(m.getPrecision());
        out.writeString(m.getRoundingMode().name());
      }
      case KeyClass.TIME_ZONE -> {
        out.write(KeyTags.TIME_ZONE);
        timeZone(out, (TimeZone) v);
      }
      case KeyClass.DECIMAL_FORMAT -> {
        out.write(KeyTags.DECIMAL_FORMAT);
        decimalFormat(out, (DecimalFormat) v);
      }
      case KeyClass.CHOICE_FORMAT -> {
        ChoiceFormat c = (ChoiceFormat) v;
        out.write(KeyTags.CHOICE_FORMAT);
        out.writeString(c.toPattern());
        double[] limits = c.getLimits();
        Object[] formats = c.getFormats();
        out.writeVarint(limits.length);
        for (int i = 0; i < limits.length; i++) {
          out.writeLong(Double.doubleToLongBits(limits[i]));
          out.writeString(String.valueOf(formats[i]));
        }
        numberFormat(out, c);
      }
      case KeyClass.DECIMAL_FORMAT_SYMBOLS -> {
        out.write(KeyTags.DECIMAL_FORMAT_SYMBOLS);
        decimalSymbols(out, (DecimalFormatSymbols) v);
      }
      case KeyClass.SIMPLE_DATE_FORMAT -> {
        out.write(KeyTags.SIMPLE_DATE_FORMAT);
        simpleDateFormat(out, (SimpleDateFormat) v);
      }
      case KeyClass.DATE_FORMAT_SYMBOLS -> {
        out.write(KeyTags.DATE_FORMAT_SYMBOLS);
        dateSymbols(out, (DateFormatSymbols) v, true);
      }
      case KeyClass.CALENDAR -> {
        Calendar c = (Calendar) v;
        out.write(KeyTags.CALENDAR);
        out.writeLong(c.getTimeInMillis());
        calendar(out, c);
      }
      case KeyClass.ATOMIC_BOOLEAN -> {
        out.write(KeyTags.ATOMIC_BOOLEAN);
        out.write(((AtomicBoolean) v).get() ? 1 : 0);
      }
      case KeyClass.ATOMIC_INTEGER -> {
        out.write(KeyTags.ATOMIC_INTEGER);
        out.writeInt(((AtomicInteger) v).get());
      }
      case KeyClass.ATOMIC_LONG -> {
        out.write(KeyTags.ATOMIC_LONG);
        out.writeLong(((AtomicLong) v).get());
      }
      case KeyClass.ATOMIC_INTEGER_ARRAY -> {
        AtomicIntegerArray a = (AtomicIntegerArray) v;
        out.write(KeyTags.ATOMIC_INTEGER_ARRAY);
        int n = a.length();
        out.writeVarint(n);
        for (int i = 0; i < n; i++) {
          out.writeInt(a.get(i));
        }
      }
      case KeyClass.ATOMIC_LONG_ARRAY -> {
        AtomicLongArray a = (AtomicLongArray) v;
        out.write(KeyTags.ATOMIC_LONG_ARRAY);
        int n = a.length();
        out.writeVarint(n);
        for (int i = 0; i < n; i++) {
          out.writeLong(a.get(i));
        }
      }
      case KeyClass.LONG_ADDER -> {
        out.write(KeyTags.LONG_ADDER);
        out.writeLong(((LongAdder) v).sum());
      }
      case KeyClass.DOUBLE_ADDER -> {
        out.write(KeyTags.DOUBLE_ADDER);
        out.writeLong(Double.doubleToLongBits(((DoubleAdder) v).sum()));
      }
      case KeyClass.INET_ADDRESS -> {
        InetAddress a = (InetAddress) v;
        out.write(KeyTags.INET_ADDRESS);
        out.writeBytes(a.getAddress());
        // host name as given or already resolved, and an IPv6 scope: no lookup
        out.writeString(a.toString());
      }
      case KeyClass.INET_SOCKET_ADDRESS -> {
        InetSocketAddress a = (InetSocketAddress) v;
        out.write(KeyTags.INET_SOCKET_ADDRESS);
        out.writeString(a.getHostString());
        out.writeInt(a.getPort());
        InetAddress resolved = a.getAddress();
        if (resolved == null) {
          out.write(0);
        } else {
          out.write(1);
          out.writeBytes(resolved.getAddress());
        }
      }
      case KeyClass.HEX_FORMAT -> {
        HexFormat h = (HexFormat) v;
        out.write(KeyTags.HEX_FORMAT);
        out.writeString(h.delimiter());
        out.writeString(h.prefix());
        out.writeString(h.suffix());
        out.write(h.isUpperCase() ? 1 : 0);
      }
      case KeyClass.CHRONO_DATE -> {
        ChronoLocalDate d = (ChronoLocalDate) v;
        out.write(KeyTags.CHRONO_DATE);
        out.writeString(d.getChronology().getId());
        out.writeLong(d.toEpochDay());
      }
      default -> throw new AssertionError(kind);
    }
  }

  /**
   * A clock by what it tells: its zone, and then 0 for the system clock (which counts as "the
   * system clock in zone Z", not by the instant it shows), 1 and the instant of a fixed clock,
   * 2 and the offset of an offset system clock, 3 and the tick of a ticking system clock. Their
   * offset and tick are private, so they are found by {@code equals} against clocks built from
   * candidates (the offset measured, rounded to a millisecond, second or minute; the common
   * ticks). Any other clock is 4, its class and the instant it shows now: the same instant only
   * while it stands still (a clock offset from a fixed one), so a running one misses every time
   * rather than share a key with another.
   */
  private static void clock(ByteSink out, Clock c) {
    out.write(KeyTags.CLOCK);
    ZoneId zone = c.getZone();
    out.writeString(zone.getId());
    String name = c.getClass().getName();
    if (name.equals("java.time.Clock$FixedClock")) {
      out.write(1);
      instant(out, c.instant());
      return;
    }
    Clock system = Clock.system(zone);
    if (c.equals(system)) {
      out.write(0);
      return;
    }
    if (name.equals("java.time.Clock$OffsetClock")) {
      Instant now = system.instant();
      Duration measured = Duration.between(now, c.instant());
      for (Duration unit : OFFSET_UNITS) {
        Duration candidate = nearest(measured, unit);
        if (candidate != null && c.equals(Clock.offset(system, candidate))) {
          out.write(2);
          out.writeLong(candidate.getSeconds());
          out.writeInt(candidate.getNano());
          return;
        }
      }
    } else if (name.equals("java.time.Clock$TickClock")) {
      for (Duration tick : TICKS) {
        if (c.equals(Clock.tick(system, tick))) {
          out.write(3);
          out.writeLong(tick.getSeconds());
          out.writeInt(tick.getNano());
          return;
        }
      }
    }
    out.write(4);
    out.writeString(name);
    instant(out, c.instant());
  }

  private static Duration nearest(Duration d, Duration unit) {
    try {
      long u = unit.toNanos();
      return Duration.ofNanos(Math.floorDiv(Math.addExact(d.toNanos(), u / 2), u) * u);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static void instant(ByteSink out, Instant t) {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  /** Class (its rules: a SimpleTimeZone's are its own), id, offsets, and toString's rules. */
  private static void timeZone(ByteSink out, TimeZone z) {
    out.writeString(z.getClass().getName());
    out.writeString(z.getID());
    out.writeInt(z.getRawOffset());
    out.writeInt(z.getDSTSavings());
    out.write(z.useDaylightTime() ? 1 : 0);
    // a SimpleTimeZone's start and end rules, a ZoneInfo's transitions and last rule: no
    // identity hash, the same in every run of one Java version
    out.writeString(z.toString());
  }

  private static void numberFormat(ByteSink out, NumberFormat f) {
    out.write(f.isGroupingUsed() ? 1 : 0);
    out.write(f.isParseIntegerOnly() ? 1 : 0);
    out.writeInt(f.getMinimumIntegerDigits());
    out.writeInt(f.getMaximumIntegerDigits());
    out.writeInt(f.getMinimumFractionDigits());
    out.writeInt(f.getMaximumFractionDigits());
    out.writeString(optional(IS_STRICT, f));
  }

  private static void decimalFormat(ByteSink out, DecimalFormat f) {
    out.writeString(f.toPattern());
    out.writeString(f.getPositivePrefix());
    out.writeString(f.getNegativePrefix());
    out.writeString(f.getPositiveSuffix());
    out.writeString(f.getNegativeSuffix());
    out.writeInt(f.getMultiplier());
    out.writeInt(f.getGroupingSize());
    out.write(f.isDecimalSeparatorAlwaysShown() ? 1 : 0);
    out.write(f.isParseBigDecimal() ? 1 : 0);
    RoundingMode r = f.getRoundingMode();
    out.writeString(r == null ? "" : r.name());
    Currency c = f.getCurrency();
    out.writeString(c == null ? "" : c.getCurrencyCode());
    numberFormat(out, f);
    decimalSymbols(out, f.getDecimalFormatSymbols());
  }

  private static void decimalSymbols(ByteSink out, DecimalFormatSymbols s) {
    out.writeShort(s.getZeroDigit());
    out.writeShort(s.getGroupingSeparator());
    out.writeShort(s.getDecimalSeparator());
    out.writeShort(s.getPerMill());
    out.writeShort(s.getPercent());
    out.writeShort(s.getDigit());
    out.writeShort(s.getPatternSeparator());
    out.writeShort(s.getMinusSign());
    out.writeShort(s.getMonetaryDecimalSeparator());
    out.writeString(s.getInfinity());
    out.writeString(s.getNaN());
    out.writeString(s.getCurrencySymbol());
    out.writeString(s.getInternationalCurrencySymbol());
    out.writeString(s.getExponentSeparator());
    Currency c = s.getCurrency();
    out.writeString(c == null ? "" : c.getCurrencyCode());
    out.writeString(optional(MONETARY_GROUPING, s));
  }

  private static void simpleDateFormat(ByteSink out, SimpleDateFormat f) {
    String pattern = f.toPattern();
    out.writeString(pattern);
    // the start of the century that "yy" parses into: by default 80 years before the format
    // was made, to the millisecond, so it counts only where the pattern has such a year (else
    // no two formats made at different times would share a key)
    if (abbreviatedYear(pattern)) {
      out.write(1);
      out.writeLong(f.get2DigitYearStart().getTime());
    } else {
      out.write(0);
    }
    out.write(f.isLenient() ? 1 : 0);
    // zone names are a table of some 600 zones, read only by the pattern letter z (its
    // cloning costs a quarter of a millisecond): left out of a pattern without one
    dateSymbols(out, f.getDateFormatSymbols(), pattern.indexOf('z') >= 0);
    timeZone(out, f.getTimeZone());
    calendar(out, f.getCalendar());
    NumberFormat n = f.getNumberFormat();
    if (n instanceof DecimalFormat d && d.getClass() == DecimalFormat.class) {
      out.write(1);
      decimalFormat(out, d);
    } else {
      out.write(0);
      out.writeString(n.getClass().getName());
      numberFormat(out, n);
    }
  }

  /** A run of one or two y or Y outside quotes: a year parsed relative to a century. */
  static boolean abbreviatedYear(String pattern) {
    boolean quoted = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && (c == 'y' || c == 'Y')) {
        int run = 1;
        while (i + 1 < pattern.length() && pattern.charAt(i + 1) == c) {
          run++;
          i++;
        }
        if (run <= 2) {
          return true;
        }
      }
    }
    return false;
  }

  private static void dateSymbols(ByteSink out, DateFormatSymbols s, boolean zones) {
    strings(out, s.getEras());
    strings(out, s.getMonths());
    strings(out, s.getShortMonths());
    strings(out, s.getWeekdays());
    strings(out, s.getShortWeekdays());
    strings(out, s.getAmPmStrings());
    out.writeString(s.getLocalPatternChars());
    if (!zones) {
      out.write(0);
      return;
    }
    out.write(1);
    String[][] table = s.getZoneStrings();
    out.writeVarint(table.length);
    for (String[] row : table) {
      strings(out, row);
    }
  }

  /** A calendar's settings, without its time (which a date format sets on every use). */
  private static void calendar(ByteSink out, Calendar c) {
    out.writeString(c.getClass().getName());
    out.writeString(c.getCalendarType());
    out.writeInt(c.getFirstDayOfWeek());
    out.writeInt(c.getMinimalDaysInFirstWeek());
    out.write(c.isLenient() ? 1 : 0);
    out.writeLong(c instanceof GregorianCalendar g ? g.getGregorianChange().getTime() : 0);
    timeZone(out, c.getTimeZone());
  }

  private static void strings(ByteSink out, String[] a) {
    out.writeVarint(a.length);
    for (String s : a) {
      out.writeString(s == null ? "" : s);
    }
  }

  /** The result of a getter that newer JDKs have, as text, or "" on this one. */
  private static String optional(Method getter, Object target) {
    if (getter == null) {
      return "";
    }
    try {
      return String.valueOf(getter.invoke(target));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "";
    }
  }
}
