package dev.astrocache.codec;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DecimalStyle;
import java.time.temporal.TemporalField;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The canonical encodings of values that hold no other values: numbers, strings, time, ... */
final class KeyScalars {
  private KeyScalars() {}

  static void write(ByteSink out, Object v, int kind) {
    switch (kind) {
      case KeyClass.STRING -> {
        out.write(KeyTags.STRING);
        out.writeKeyString((String) v);
      }
      case KeyClass.BOOLEAN -> out.write((Boolean) v ? KeyTags.TRUE : KeyTags.FALSE);
      case KeyClass.BYTE -> {
        out.write(KeyTags.BYTE);
        out.write((Byte) v);
      }
      case KeyClass.SHORT -> {
        out.write(KeyTags.SHORT);
        out.writeShort((Short) v);
      }
      case KeyClass.CHAR -> {
        out.write(KeyTags.CHAR);
        out.writeShort((Character) v);
      }
      case KeyClass.INT -> {
        out.write(KeyTags.INT);
        out.writeInt((Integer) v);
      }
      case KeyClass.LONG -> {
        out.write(KeyTags.LONG);
        out.writeLong((Long) v);
      }
      case KeyClass.FLOAT -> {
        out.write(KeyTags.FLOAT);
        out.writeInt(Float.floatToIntBits((Float) v));
      }
      case KeyClass.DOUBLE -> {
        out.write(KeyTags.DOUBLE);
        out.writeLong(Double.doubleToLongBits((Double) v));
      }
      case KeyClass.BIG_INTEGER -> {
        out.write(KeyTags.BIG_INTEGER);
        out.writeBytes(((BigInteger) v).toByteArray());
      }
      case KeyClass.BIG_DECIMAL -> {
        BigDecimal d = (BigDecimal) v;
        out.write(KeyTags.BIG_DECIMAL);
        out.writeInt(d.scale());
        out.writeBytes(d.unscaledValue().toByteArray());
      }
      case KeyClass.BOOLEAN_ARRAY -> {
        boolean[] a = (boolean[]) v;
        out.write(KeyTags.BOOLEAN_ARRAY);
        out.writeVarint(a.length);
        for (boolean b : a) {
          out.write(b ? 1 : 0);
        }
      }
      case KeyClass.BYTE_ARRAY -> {
        out.write(KeyTags.BYTE_ARRAY);
        out.writeBytes((byte[]) v);
      }
      case KeyClass.SHORT_ARRAY -> {
        short[] a = (short[]) v;
        out.write(KeyTags.SHORT_ARRAY);
        out.writeVarint(a.length);
        out.writeShorts(a);
      }
      case KeyClass.CHAR_ARRAY -> {
        char[] a = (char[]) v;
        out.write(KeyTags.CHAR_ARRAY);
        out.writeVarint(a.length);
        out.writeChars(a);
      }
      case KeyClass.INT_ARRAY -> {
        int[] a = (int[]) v;
        out.write(KeyTags.INT_ARRAY);
        out.writeVarint(a.length);
        out.writeInts(a);
      }
      case KeyClass.LONG_ARRAY -> {
        out.write(KeyTags.LONG_ARRAY);
        longs(out, (long[]) v);
      }
      case KeyClass.FLOAT_ARRAY -> {
        float[] a = (float[]) v;
        out.write(KeyTags.FLOAT_ARRAY);
        out.writeVarint(a.length);
        for (float f : a) {
          out.writeInt(Float.floatToIntBits(f));
        }
      }
      case KeyClass.DOUBLE_ARRAY -> {
        double[] a = (double[]) v;
        out.write(KeyTags.DOUBLE_ARRAY);
        out.writeVarint(a.length);
        for (double d : a) {
          out.writeLong(Double.doubleToLongBits(d));
        }
      }
      case KeyClass.OPTIONAL_INT -> {
        OptionalInt o = (OptionalInt) v;
        out.write(KeyTags.OPTIONAL_INT);
        out.write(o.isPresent() ? 1 : 0);
        if (o.isPresent()) {
          out.writeInt(o.getAsInt());
        }
      }
      case KeyClass.OPTIONAL_LONG -> {
        OptionalLong o = (OptionalLong) v;
        out.write(KeyTags.OPTIONAL_LONG);
        out.write(o.isPresent() ? 1 : 0);
        if (o.isPresent()) {
          out.writeLong(o.getAsLong());
        }
      }
      case KeyClass.OPTIONAL_DOUBLE -> {
        OptionalDouble o = (OptionalDouble) v;
        out.write(KeyTags.OPTIONAL_DOUBLE);
        out.write(o.isPresent() ? 1 : 0);
        if (o.isPresent()) {
          out.writeLong(Double.doubleToLongBits(o.getAsDouble()));
        }
      }
      case KeyClass.INSTANT -> {
        Instant t = (Instant) v;
        out.write(KeyTags.INSTANT);
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
      }
      case KeyClass.DURATION -> {
        Duration d = (Duration) v;
        out.write(KeyTags.DURATION);
        out.writeLong(d.getSeconds());
        out.writeInt(d.getNano());
      }
      case KeyClass.LOCAL_DATE -> {
        out.write(KeyTags.LOCAL_DATE);
        date(out, (LocalDate) v);
      }
      case KeyClass.LOCAL_TIME -> {
        out.write(KeyTags.LOCAL_TIME);
        out.writeLong(((LocalTime) v).toNanoOfDay());
      }
      case KeyClass.LOCAL_DATE_TIME -> {
        LocalDateTime t = (LocalDateTime) v;
        out.write(KeyTags.LOCAL_DATE_TIME);
        date(out, t.toLocalDate());
        out.writeLong(t.toLocalTime().toNanoOfDay());
      }
      case KeyClass.OFFSET_DATE_TIME -> {
        OffsetDateTime t = (OffsetDateTime) v;
        out.write(KeyTags.OFFSET_DATE_TIME);
        date(out, t.toLocalDate());
        out.writeLong(t.toLocalTime().toNanoOfDay());
        out.writeInt(t.getOffset().getTotalSeconds());
      }
      case KeyClass.OFFSET_TIME -> {
        OffsetTime t = (OffsetTime) v;
        out.write(KeyTags.OFFSET_TIME);
        out.writeLong(t.toLocalTime().toNanoOfDay());
        out.writeInt(t.getOffset().getTotalSeconds());
      }
      case KeyClass.ZONED_DATE_TIME -> {
        ZonedDateTime t = (ZonedDateTime) v;
        out.write(KeyTags.ZONED_DATE_TIME);
        date(out, t.toLocalDate());
        out.writeLong(t.toLocalTime().toNanoOfDay());
        out.writeInt(t.getOffset().getTotalSeconds());
        out.writeString(t.getZone().getId());
      }
      case KeyClass.ZONE_ID -> {
        out.write(KeyTags.ZONE_ID);
        out.writeString(((ZoneId) v).getId());
      }
      case KeyClass.PERIOD -> {
        Period p = (Period) v;
        out.write(KeyTags.PERIOD);
        out.writeInt(p.getYears());
        out.writeInt(p.getMonths());
        out.writeInt(p.getDays());
      }
      case KeyClass.YEAR -> {
        out.write(KeyTags.YEAR);
        out.writeInt(((Year) v).getValue());
      }
      case KeyClass.YEAR_MONTH -> {
        YearMonth ym = (YearMonth) v;
        out.write(KeyTags.YEAR_MONTH);
        out.writeInt(ym.getYear());
        out.write(ym.getMonthValue());
      }
      case KeyClass.MONTH_DAY -> {
        MonthDay md = (MonthDay) v;
        out.write(KeyTags.MONTH_DAY);
        out.write(md.getMonthValue());
        out.write(md.getDayOfMonth());
      }
      case KeyClass.UUID_KIND -> {
        UUID u = (UUID) v;
        out.write(KeyTags.UUID);
        out.writeLong(u.getMostSignificantBits());
        out.writeLong(u.getLeastSignificantBits());
      }
      case KeyClass.CLASS -> {
        out.write(KeyTags.CLASS);
        out.writeString(KeyClass.stableName((Class<?>) v));
      }
      case KeyClass.PATH -> {
        Path p = (Path) v;
        out.write(KeyTags.PATH);
        String scheme = p.getFileSystem().provider().getScheme();
        out.writeString(scheme);
        out.writeString(p.toString());
        if (!scheme.equals("file")) {
          // which file system: "/a" of two zip files (one provider, one scheme) are two files
          out.writeString(p.toUri().toString());
        }
      }
      case KeyClass.URI_KIND -> {
        out.write(KeyTags.URI);
        out.writeString(((URI) v).toString());
      }
      case KeyClass.URL_KIND -> {
        out.write(KeyTags.URL);
        out.writeString(((URL) v).toExternalForm());
      }
      case KeyClass.FILE -> {
        out.write(KeyTags.FILE);
        out.writeString(((File) v).getPath());
      }
      case KeyClass.LOCALE -> {
        Locale l = (Locale) v;
        out.write(KeyTags.LOCALE);
        out.writeString(l.getLanguage());
        out.writeString(l.getScript());
        out.writeString(l.getCountry());
        out.writeString(l.getVariant());
        out.writeString(l.toString());
      }
      case KeyClass.CHARSET -> {
        out.write(KeyTags.CHARSET);
        out.writeString(((Charset) v).name());
      }
      case KeyClass.PATTERN -> {
        Pattern p = (Pattern) v;
        out.write(KeyTags.PATTERN);
        out.writeString(p.pattern());
        out.writeInt(p.flags());
      }
      case KeyClass.CHAR_SEQUENCE -> {
        out.write(KeyTags.CHAR_SEQUENCE);
        out.writeString(v.getClass().getName());
        out.writeString(v.toString());
      }
      case KeyClass.DATE -> {
        out.write(KeyTags.DATE);
        out.writeLong(((Date) v).getTime());
      }
      case KeyClass.CURRENCY -> {
        out.write(KeyTags.CURRENCY);
        out.writeString(((Currency) v).getCurrencyCode());
      }
      case KeyClass.BIT_SET -> {
        out.write(KeyTags.BIT_SET);
        longs(out, ((BitSet) v).toLongArray());
      }
      case KeyClass.DATE_TIME_FORMATTER -> dateTimeFormatter(out, (DateTimeFormatter) v);
      default -> throw new AssertionError(kind);
    }
  }

  /**
   * Everything a formatter's output depends on: its pattern (the printer-parser chain that
   * {@code toString} describes) and each setting a {@code with...} method can change.
   */
  private static void dateTimeFormatter(ByteSink out, DateTimeFormatter f) {
    out.write(KeyTags.DATE_TIME_FORMATTER);
    out.writeString(f.toString());
    out.writeString(f.getLocale().toString());
    DecimalStyle d = f.getDecimalStyle();
    out.writeShort(d.getZeroDigit());
    out.writeShort(d.getPositiveSign());
    out.writeShort(d.getNegativeSign());
    out.writeShort(d.getDecimalSeparator());
    out.writeString(f.getResolverStyle().name());
    Set<TemporalField> fields = f.getResolverFields();
    if (fields == null) {
      out.writeVarint(0);
    } else {
      List<String> names = new ArrayList<>();
      for (TemporalField field : fields) {
        names.add(field.toString());
      }
      Collections.sort(names);
      out.writeVarint(names.size() + 1);
      for (String n : names) {
        out.writeString(n);
      }
    }
    out.writeString(f.getChronology() == null ? "" : f.getChronology().getId());
    out.writeString(f.getZone() == null ? "" : f.getZone().getId());
  }

  private static void date(ByteSink out, LocalDate d) {
    out.writeInt(d.getYear());
    out.write(d.getMonthValue());
    out.write(d.getDayOfMonth());
  }

  private static void longs(ByteSink out, long[] a) {
    out.writeVarint(a.length);
    out.writeLongs(a);
  }
}
