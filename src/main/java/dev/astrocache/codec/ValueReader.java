package dev.astrocache.codec;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Reads one payload. Every length and count is checked against the bytes left before anything
 * is allocated (each element takes at least one byte), nesting is limited, and any failure,
 * including one thrown by a record's constructor or an element's {@code hashCode}, becomes an
 * {@link IOException}.
 */
final class ValueReader extends ByteSource {
  private final ClassLoader loader;
  private final List<Class<?>> classes = new ArrayList<>(4);
  private int depth;

  ValueReader(byte[] buf, ClassLoader loader) {
    super(buf);
    this.loader = loader;
  }

  Object read() throws IOException {
    try {
      if (buf.length == 0) {
        throw corrupt("the payload is empty");
      }
      int version = buf[pos++] & 0xFF;
      if (version != ValueTags.VERSION) {
        throw corrupt("unknown format version " + version + " (this build reads version "
            + ValueTags.VERSION + ")");
      }
      Object v = value();
      if (pos != buf.length) {
        throw corrupt((buf.length - pos) + " bytes follow the value");
      }
      return v;
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      throw corrupt("reading failed with " + e);
    }
  }

  private static int capacity(int n) {
    return (int) (n / 0.75f) + 1;
  }

  private Object value() throws IOException {
    int tag = u8();
    switch (tag) {
      case ValueTags.NULL:
        return null;
      case ValueTags.FALSE:
        return Boolean.FALSE;
      case ValueTags.TRUE:
        return Boolean.TRUE;
      case ValueTags.BYTE:
        return (byte) u8();
      case ValueTags.SHORT:
        return (short) u16();
      case ValueTags.CHAR:
        return (char) u16();
      case ValueTags.INT:
        return sint();
      case ValueTags.LONG:
        return slong();
      case ValueTags.FLOAT:
        return Float.intBitsToFloat(i32());
      case ValueTags.DOUBLE:
        return Double.longBitsToDouble(i64());
      case ValueTags.STRING:
        return string();
      case ValueTags.BIG_INTEGER:
        return bigInteger();
      case ValueTags.BIG_DECIMAL: {
        int scale = sint();
        return new BigDecimal(bigInteger(), scale);
      }
      case ValueTags.UUID:
        return new UUID(i64(), i64());
      case ValueTags.ENUM:
        return enumValue();
      case ValueTags.OPTIONAL_EMPTY:
        return Optional.empty();
      case ValueTags.OPTIONAL_INT:
        return flag() ? OptionalInt.of(sint()) : OptionalInt.empty();
      case ValueTags.OPTIONAL_LONG:
        return flag() ? OptionalLong.of(slong()) : OptionalLong.empty();
      case ValueTags.OPTIONAL_DOUBLE:
        return flag() ? OptionalDouble.of(Double.longBitsToDouble(i64())) : OptionalDouble.empty();
      case ValueTags.JAVA_SERIALIZED: {
        int n = length(1);
        int at = pos;
        pos += n;
        return JavaFallback.read(buf, at, n, loader);
      }
      default:
        if (tag >= ValueTags.BOOLEAN_ARRAY && tag <= ValueTags.DOUBLE_ARRAY) {
          return primitiveArray(tag);
        }
        if (tag >= ValueTags.INSTANT && tag <= ValueTags.MONTH_DAY) {
          return time(tag);
        }
        return nested(tag);
    }
  }

  private Object nested(int tag) throws IOException {
    if (++depth > ValueWriter.MAX_DEPTH) {
      throw corrupt("nested more than " + ValueWriter.MAX_DEPTH + " levels deep");
    }
    Object v;
    switch (tag) {
      case ValueTags.RECORD -> v = record();
      case ValueTags.ARRAY_LIST -> {
        int n = length(1);
        v = fill(new ArrayList<>(n), n);
      }
      case ValueTags.LINKED_LIST -> v = fill(new LinkedList<>(), length(1));
      case ValueTags.LIST_UNMODIFIABLE -> v = unmodifiableList();
      case ValueTags.ARRAYS_AS_LIST -> {
        Object[] a = new Object[length(1)];
        for (int i = 0; i < a.length; i++) {
          a[i] = value();
        }
        v = Arrays.asList(a);
      }
      case ValueTags.HASH_SET -> {
        int n = length(1);
        v = fill(new HashSet<>(capacity(n)), n);
      }
      case ValueTags.LINKED_HASH_SET -> {
        int n = length(1);
        v = fill(new LinkedHashSet<>(capacity(n)), n);
      }
      case ValueTags.TREE_SET -> v = fill(new TreeSet<>(), length(1));
      case ValueTags.SET_UNMODIFIABLE -> {
        int n = length(1);
        v = Collections.unmodifiableSet(fill(new LinkedHashSet<>(capacity(n)), n));
      }
      case ValueTags.HASH_MAP -> {
        int n = length(2);
        v = fill(new HashMap<>(capacity(n)), n);
      }
      case ValueTags.LINKED_HASH_MAP -> {
        int n = length(2);
        v = fill(new LinkedHashMap<>(capacity(n)), n);
      }
      case ValueTags.TREE_MAP -> v = fill(new TreeMap<>(), length(2));
      case ValueTags.MAP_UNMODIFIABLE -> {
        int n = length(2);
        v = Collections.unmodifiableMap(fill(new LinkedHashMap<>(capacity(n)), n));
      }
      case ValueTags.OPTIONAL -> v = Optional.of(nonNull(value()));
      case ValueTags.OBJECT_ARRAY -> v = objectArray();
      default -> throw corrupt("unknown tag " + tag);
    }
    depth--;
    return v;
  }

  private Object nonNull(Object v) throws IOException {
    if (v == null) {
      throw corrupt("Optional.of(null)");
    }
    return v;
  }

  private <C extends Collection<Object>> C fill(C c, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      c.add(value());
    }
    if (c.size() != n && !(c instanceof List)) {
      throw corrupt("a set holds the same element twice");
    }
    return c;
  }

  private <M extends Map<Object, Object>> M fill(M m, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      Object k = value();
      m.put(k, value());
    }
    if (m.size() != n) {
      throw corrupt("a map holds the same key twice");
    }
    return m;
  }

  private Object unmodifiableList() throws IOException {
    int n = length(1);
    Object[] a = new Object[n];
    for (int i = 0; i < n; i++) {
      a[i] = value();
    }
    // not List.of: Stream.toList(), unmodifiableList, emptyList and singletonList answer
    // contains(null) with false, List.of throws; a hit must behave as the computed value did
    return Collections.unmodifiableList(Arrays.asList(a));
  }

  private Object record() throws IOException {
    Class<?> type = classRef();
    if (!type.isRecord()) {
      throw corrupt(type.getName() + " is named as a record but is not one");
    }
    RecordShape shape = RecordShape.of(type);
    if (shape.error != null) {
      throw corrupt(shape.error);
    }
    int n = length(1);
    if (n != shape.fields.length) {
      throw corrupt("record " + type.getName() + " has " + shape.fields.length
          + " components, the payload " + n + " (was the record changed?)");
    }
    Object[] args = new Object[n];
    for (int i = 0; i < n; i++) {
      Object a = value();
      Class<?> t = shape.boxedTypes[i];
      if (a == null ? t != shape.fields[i].getType() : !t.isInstance(a)) {
        throw corrupt("component " + shape.fields[i].getName() + " of " + type.getName() + " is "
            + (a == null ? "null" : "a " + a.getClass().getName()) + ", but its type is "
            + shape.fields[i].getType().getName());
      }
      args[i] = a;
    }
    try {
      return shape.constructor.invokeExact(args);
    } catch (RuntimeException e) {
      throw corrupt("the canonical constructor of " + type.getName() + " refused the components: " + e);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      throw corrupt("the canonical constructor of " + type.getName() + " threw " + e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object enumValue() throws IOException {
    Class<?> type = classRef();
    if (!type.isEnum()) {
      throw corrupt(type.getName() + " is named as an enum but is not one");
    }
    String name = string();
    try {
      return Enum.valueOf((Class) type, name);
    } catch (IllegalArgumentException e) {
      throw corrupt("enum " + type.getName() + " has no constant " + name + " (was it renamed?)");
    }
  }

  private Object objectArray() throws IOException {
    Class<?> component = classRef();
    if (component.isPrimitive()) {
      throw corrupt("an object array of " + component.getName());
    }
    int n = length(1);
    Object[] a = (Object[]) Array.newInstance(component, n);
    for (int i = 0; i < n; i++) {
      a[i] = value();
    }
    return a;
  }

  private Class<?> classRef() throws IOException {
    int id = varint();
    if (id != 0) {
      if (id > classes.size()) {
        throw corrupt("class reference " + id + " before its name");
      }
      return classes.get(id - 1);
    }
    String name = string();
    Class<?> type;
    try {
      type = Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw corrupt("class " + name + " cannot be loaded by " + loader + ": " + e);
    }
    classes.add(type);
    return type;
  }

  private Object primitiveArray(int tag) throws IOException {
    switch (tag) {
      case ValueTags.BOOLEAN_ARRAY: {
        boolean[] a = new boolean[length(1)];
        for (int i = 0; i < a.length; i++) {
          a[i] = flag();
        }
        return a;
      }
      case ValueTags.BYTE_ARRAY: {
        int n = length(1);
        byte[] a = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return a;
      }
      case ValueTags.SHORT_ARRAY: {
        short[] a = new short[length(2)];
        for (int i = 0; i < a.length; i++) {
          a[i] = (short) u16();
        }
        return a;
      }
      case ValueTags.CHAR_ARRAY: {
        char[] a = new char[length(2)];
        for (int i = 0; i < a.length; i++) {
          a[i] = (char) u16();
        }
        return a;
      }
      case ValueTags.INT_ARRAY: {
        int[] a = new int[length(4)];
        for (int i = 0; i < a.length; i++) {
          a[i] = i32();
        }
        return a;
      }
      case ValueTags.LONG_ARRAY: {
        long[] a = new long[length(8)];
        for (int i = 0; i < a.length; i++) {
          a[i] = i64();
        }
        return a;
      }
      case ValueTags.FLOAT_ARRAY: {
        float[] a = new float[length(4)];
        for (int i = 0; i < a.length; i++) {
          a[i] = Float.intBitsToFloat(i32());
        }
        return a;
      }
      default: {
        double[] a = new double[length(8)];
        for (int i = 0; i < a.length; i++) {
          a[i] = Double.longBitsToDouble(i64());
        }
        return a;
      }
    }
  }

  private Object time(int tag) throws IOException {
    try {
      switch (tag) {
        case ValueTags.INSTANT:
          return Instant.ofEpochSecond(slong(), varint());
        case ValueTags.DURATION:
          return Duration.ofSeconds(slong(), varint());
        case ValueTags.LOCAL_DATE:
          return LocalDate.ofEpochDay(slong());
        case ValueTags.LOCAL_TIME:
          return LocalTime.ofNanoOfDay(varlong());
        case ValueTags.LOCAL_DATE_TIME:
          return dateTime();
        case ValueTags.OFFSET_DATE_TIME:
          return OffsetDateTime.of(dateTime(), ZoneOffset.ofTotalSeconds(sint()));
        case ValueTags.OFFSET_TIME:
          return OffsetTime.of(LocalTime.ofNanoOfDay(varlong()), ZoneOffset.ofTotalSeconds(sint()));
        case ValueTags.ZONED_DATE_TIME: {
          LocalDateTime t = dateTime();
          ZoneOffset offset = ZoneOffset.ofTotalSeconds(sint());
          return ZonedDateTime.ofStrict(t, offset, ZoneId.of(string()));
        }
        case ValueTags.ZONE_ID:
          return ZoneId.of(string());
        case ValueTags.PERIOD:
          return Period.of(sint(), sint(), sint());
        case ValueTags.YEAR:
          return Year.of(sint());
        case ValueTags.YEAR_MONTH: {
          int year = sint();
          return YearMonth.of(year, u8());
        }
        default: {
          int month = u8();
          return MonthDay.of(month, u8());
        }
      }
    } catch (DateTimeException | ArithmeticException e) {
      throw corrupt("a java.time value out of range: " + e.getMessage());
    }
  }

  private LocalDateTime dateTime() throws IOException {
    LocalDate d = LocalDate.ofEpochDay(slong());
    return LocalDateTime.of(d, LocalTime.ofNanoOfDay(varlong()));
  }

  private BigInteger bigInteger() throws IOException {
    int n = length(1);
    if (n == 0) {
      throw corrupt("a BigInteger of no bytes");
    }
    BigInteger b = new BigInteger(buf, pos, n);
    pos += n;
    return b;
  }
}
