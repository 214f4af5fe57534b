package dev.astrocache.codec;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
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
 * is allocated (each element takes at least one byte), and any failure,
 * including one thrown by a record's constructor or an element's {@code hashCode}, becomes an
 * {@link IOException}.
 */
final class ValueReader extends ByteSource {
  private final ClassLoader loader;
  private final List<Class<?>> classes = new ArrayList<>(4);
  /** The result's declared type, which decides the classes a java.io part may name. */
  private final java.lang.reflect.Type declared;
  /** Made at the first java.io part, shared by the others. */
  private JavaClasses javaClasses;

  ValueReader(byte[] buf, ClassLoader loader, java.lang.reflect.Type declared) {
    this(buf, 0, buf.length, loader, declared);
  }

  /** Reads the payload of {@code length} bytes at {@code offset} of {@code buf}. */
  ValueReader(byte[] buf, int offset, int length, ClassLoader loader,
      java.lang.reflect.Type declared) {
    super(buf, offset, length);
    this.loader = loader;
    this.declared = declared;
  }

  Object read() throws IOException {
    try {
      if (end == start) {
        throw corrupt("the payload is empty");
      }
      int version = buf[pos++] & 0xFF;
      if (version != ValueTags.VERSION) {
        throw corrupt("unknown format version " + version + " (this build reads version "
            + ValueTags.VERSION + ")");
      }
      Object v = value();
      if (pos != end) {
        throw corrupt((end - pos) + " bytes follow the value");
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

  /** One value: a scalar, or PENDING after pushing the frame of a container. */
  private Object one() throws IOException {
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
        if (javaClasses == null) {
          javaClasses = JavaClasses.of(declared);
        }
        return JavaFallback.read(buf, at, n, loader, javaClasses);
      }
      default:
        if (tag >= ValueTags.BOOLEAN_ARRAY && tag <= ValueTags.DOUBLE_ARRAY) {
          return primitiveArray(tag);
        }
        if (tag >= ValueTags.INSTANT && tag <= ValueTags.MONTH_DAY) {
          return time(tag);
        }
        return open(tag);
    }
  }

  /** What {@link #value} returns for a container whose frame it pushed. */
  private static final Object PENDING = new Object();

  private static final int F_RECORD = 1, F_COLLECTION = 2, F_MAP = 3, F_ARRAY = 4, F_OPTIONAL = 5;

  /** A container being read: what it becomes, and how many children are still to come. */
  private static final class Frame {
    int kind;
    /** The tag it was read from, for what it becomes when complete. */
    int tag;
    int n;
    int i;
    Collection<Object> collection;
    Map<Object, Object> map;
    Object key;
    boolean haveKey;
    Object[] items;
    Class<?> type;
    RecordShape shape;
  }

  private Frame[] frames = new Frame[8];
  private int depth;

  /**
   * Reads one value, containers on the reader's own stack instead of by recursion: a payload
   * nested as deep as it is long reads without a depth limit (each level takes at least a byte,
   * and a frame per level is no more than what the value itself allocates).
   */
  private Object value() throws IOException {
    int base = depth;
    Object v = one();
    if (v != PENDING) {
      return v;
    }
    while (true) {
      Frame f = frames[depth - 1];
      boolean pushed = false;
      while (f.i < f.n) {
        Object child = one();
        if (child == PENDING) {
          pushed = true;
          break;
        }
        add(f, child);
      }
      if (!pushed) {
        Object done = close(f);
        depth--;
        if (depth == base) {
          return done;
        }
        add(frames[depth - 1], done);
      }
    }
  }

  private Frame push(int kind, int tag, int n) {
    if (depth == frames.length) {
      frames = Arrays.copyOf(frames, depth * 2);
    }
    Frame f = frames[depth];
    if (f == null) {
      f = frames[depth] = new Frame();
    }
    f.kind = kind;
    f.tag = tag;
    f.n = n;
    f.i = 0;
    f.collection = null;
    f.map = null;
    f.key = null;
    f.haveKey = false;
    f.items = null;
    f.type = null;
    f.shape = null;
    depth++;
    return f;
  }

  /** Opens a container: checks its header and length, and pushes its frame. */
  private Object open(int tag) throws IOException {
    switch (tag) {
      case ValueTags.RECORD -> {
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
        Frame f = push(F_RECORD, tag, n);
        f.type = type;
        f.shape = shape;
        f.items = new Object[n];
      }
      case ValueTags.ARRAY_LIST -> {
        int n = length(1);
        push(F_COLLECTION, tag, n).collection = new ArrayList<>(n);
      }
      case ValueTags.LINKED_LIST -> {
        int n = length(1);
        push(F_COLLECTION, tag, n).collection = new LinkedList<>();
      }
      case ValueTags.LIST_UNMODIFIABLE, ValueTags.ARRAYS_AS_LIST -> {
        int n = length(1);
        push(F_ARRAY, tag, n).items = new Object[n];
      }
      case ValueTags.HASH_SET -> {
        int n = length(1);
        push(F_COLLECTION, tag, n).collection = new HashSet<>(capacity(n));
      }
      case ValueTags.LINKED_HASH_SET, ValueTags.SET_UNMODIFIABLE -> {
        int n = length(1);
        push(F_COLLECTION, tag, n).collection = new LinkedHashSet<>(capacity(n));
      }
      case ValueTags.TREE_SET -> {
        int n = length(1);
        push(F_COLLECTION, tag, n).collection = new TreeSet<>();
      }
      case ValueTags.HASH_MAP -> {
        int n = length(2);
        push(F_MAP, tag, 2 * n).map = new HashMap<>(capacity(n));
      }
      case ValueTags.LINKED_HASH_MAP, ValueTags.MAP_UNMODIFIABLE -> {
        int n = length(2);
        push(F_MAP, tag, 2 * n).map = new LinkedHashMap<>(capacity(n));
      }
      case ValueTags.TREE_MAP -> {
        int n = length(2);
        push(F_MAP, tag, 2 * n).map = new TreeMap<>();
      }
      case ValueTags.OPTIONAL -> push(F_OPTIONAL, tag, 1).items = new Object[1];
      case ValueTags.OBJECT_ARRAY -> {
        Class<?> component = classRef();
        if (component.isPrimitive()) {
          throw corrupt("an object array of " + component.getName());
        }
        int n = length(1);
        push(F_ARRAY, tag, n).items = (Object[]) Array.newInstance(component, n);
      }
      default -> throw corrupt("unknown tag " + tag);
    }
    return PENDING;
  }

  /** Adds a child read in full to its container. */
  private void add(Frame f, Object v) throws IOException {
    int i = f.i++;
    switch (f.kind) {
      case F_RECORD -> {
        Class<?> t = f.shape.boxedTypes[i];
        if (v == null ? t != f.shape.fields[i].getType() : !t.isInstance(v)) {
          throw corrupt("component " + f.shape.fields[i].getName() + " of " + f.type.getName()
              + " is " + (v == null ? "null" : "a " + v.getClass().getName())
              + ", but its type is " + f.shape.fields[i].getType().getName());
        }
        f.items[i] = v;
      }
      case F_COLLECTION -> f.collection.add(v);
      case F_MAP -> {
        if (f.haveKey) {
          f.map.put(f.key, v);
          f.key = null;
          f.haveKey = false;
        } else {
          f.key = v;
          f.haveKey = true;
        }
      }
      case F_ARRAY, F_OPTIONAL -> f.items[i] = v;
      default -> throw new AssertionError(f.kind);
    }
  }

  /** The value a container with all its children read becomes. */
  private Object close(Frame f) throws IOException {
    switch (f.tag) {
      case ValueTags.RECORD:
        return construct(f.type, f.shape, f.items);
      case ValueTags.ARRAY_LIST:
      case ValueTags.LINKED_LIST:
        return f.collection;
      case ValueTags.HASH_SET:
      case ValueTags.LINKED_HASH_SET:
      case ValueTags.TREE_SET:
        return distinct(f.collection, f.n);
      case ValueTags.SET_UNMODIFIABLE:
        return Collections.unmodifiableSet((java.util.Set<Object>) distinct(f.collection, f.n));
      case ValueTags.HASH_MAP:
      case ValueTags.LINKED_HASH_MAP:
      case ValueTags.TREE_MAP:
        return distinct(f.map, f.n / 2);
      case ValueTags.MAP_UNMODIFIABLE:
        return Collections.unmodifiableMap(distinct(f.map, f.n / 2));
      case ValueTags.LIST_UNMODIFIABLE:
        // not List.of: Stream.toList(), unmodifiableList, emptyList and singletonList answer
        // contains(null) with false, List.of throws; a hit must behave as the computed value did
        return Collections.unmodifiableList(Arrays.asList(f.items));
      case ValueTags.ARRAYS_AS_LIST:
        return Arrays.asList(f.items);
      case ValueTags.OPTIONAL:
        return Optional.of(nonNull(f.items[0]));
      case ValueTags.OBJECT_ARRAY:
        return f.items;
      default:
        throw new AssertionError(f.tag);
    }
  }

  private Object nonNull(Object v) throws IOException {
    if (v == null) {
      throw corrupt("Optional.of(null)");
    }
    return v;
  }

  private Collection<Object> distinct(Collection<Object> c, int n) throws IOException {
    if (c.size() != n) {
      throw corrupt("a set holds the same element twice");
    }
    return c;
  }

  private Map<Object, Object> distinct(Map<Object, Object> m, int n) throws IOException {
    if (m.size() != n) {
      throw corrupt("a map holds the same key twice");
    }
    return m;
  }

  private Object construct(Class<?> type, RecordShape shape, Object[] args) throws IOException {
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
      // with its cause: a class that cannot be loaded here is a miss, not a corrupt entry
      IOException x = corrupt("class " + name + " cannot be loaded by " + loader + ": " + e);
      x.initCause(e);
      throw x;
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
      // the other arrays are big-endian runs of fixed-size elements: one bulk copy each
      case ValueTags.SHORT_ARRAY: {
        short[] a = new short[length(2)];
        elements(a.length, 2).asShortBuffer().get(a);
        return a;
      }
      case ValueTags.CHAR_ARRAY: {
        char[] a = new char[length(2)];
        elements(a.length, 2).asCharBuffer().get(a);
        return a;
      }
      case ValueTags.INT_ARRAY: {
        int[] a = new int[length(4)];
        elements(a.length, 4).asIntBuffer().get(a);
        return a;
      }
      case ValueTags.LONG_ARRAY: {
        long[] a = new long[length(8)];
        elements(a.length, 8).asLongBuffer().get(a);
        return a;
      }
      case ValueTags.FLOAT_ARRAY: {
        float[] a = new float[length(4)];
        elements(a.length, 4).asFloatBuffer().get(a);
        return a;
      }
      default: {
        double[] a = new double[length(8)];
        elements(a.length, 8).asDoubleBuffer().get(a);
        return a;
      }
    }
  }

  /** The next {@code n} elements of {@code size} bytes (checked by length), consumed. */
  private ByteBuffer elements(int n, int size) {
    ByteBuffer b = ByteBuffer.wrap(buf, pos, n * size).slice();
    pos += n * size;
    return b;
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
