package dev.astrocache.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** Writes one value in the {@code astrocache} format (see {@link ValueTags}). */
final class ValueWriter {
  /** What {@link #step} returns when a frame has no child left. */
  private static final Object DONE = new Object();
  private final ByteSink out = new ByteSink(128);
  /** The containers from the root to the value being written, for cycles. */
  private final OnPath path = new OnPath();
  private Frame[] frames = new Frame[8];
  /** Classes named so far, numbered from 1; most values name none, so made on first use. */
  private Map<Class<?>, Integer> classIds;

  /** The result's declared type, which decides the classes a java.io part may name. */
  private final java.lang.reflect.Type declared;
  /** Made at the first java.io part, shared by the others. */
  private JavaClasses javaClasses;

  ValueWriter(java.lang.reflect.Type declared) {
    this.declared = declared;
    out.write(ValueTags.VERSION);
  }

  byte[] write(Object value) throws IOException {
    try {
      value(value);
      while (path.size() > 0) {
        Frame f = frames[path.size() - 1];
        if (!step(f)) {
          f.v = null;
          f.it = null;
          f.entry = null;
          f.key = null;
          path.pop();
        }
      }
    } catch (ValueFailure e) {
      for (int d = path.size() - 1; d >= 0; d--) {
        e.at(frames[d].segment());
      }
      String path = e.path();
      throw new IOException("Cannot cache the result" + (path.isEmpty() ? "" : " at " + path)
          + ": " + e.type.getName() + " " + e.reason + ". " + e.fix);
    } catch (StackOverflowError e) {
      // a value's own code (an iterator) recursing on a thread with a small stack
      throw new IOException("Cannot cache the result: " + value.getClass().getName()
          + " is nested too deeply for this thread's stack. Return a shallower value, or mark"
          + " the method @NotCached.");
    }
    return out.toByteArray();
  }

  /** Writes {@code v} (false), or pushes the frame of a container that will (true). */
  private boolean value(Object v) {
    if (v == null) {
      out.write(ValueTags.NULL);
      return false;
    }
    Class<?> type = v.getClass();
    if (type == Integer.class) { // the commonest elements skip the class lookup
      out.write(ValueTags.INT);
      out.writeVarint(zigzag((Integer) v));
      return false;
    }
    int kind = ValueKinds.KIND.get(type);
    switch (kind) {
      case ValueTags.STRING -> {
        out.write(kind);
        out.writeString((String) v);
      }
      case ValueTags.INT -> {
        out.write(kind);
        out.writeVarint(zigzag((Integer) v));
      }
      case ValueTags.LONG -> {
        out.write(kind);
        out.writeVarlong(zigzag((Long) v));
      }
      case ValueTags.TRUE -> out.write((Boolean) v ? ValueTags.TRUE : ValueTags.FALSE);
      case ValueTags.BYTE -> {
        out.write(kind);
        out.write((Byte) v);
      }
      case ValueTags.SHORT -> {
        out.write(kind);
        out.writeShort((Short) v);
      }
      case ValueTags.CHAR -> {
        out.write(kind);
        out.writeShort((Character) v);
      }
      case ValueTags.FLOAT -> {
        out.write(kind);
        out.writeInt(Float.floatToRawIntBits((Float) v));
      }
      case ValueTags.DOUBLE -> {
        out.write(kind);
        out.writeLong(Double.doubleToRawLongBits((Double) v));
      }
      case ValueTags.BIG_INTEGER -> {
        out.write(kind);
        out.writeBytes(((BigInteger) v).toByteArray());
      }
      case ValueTags.BIG_DECIMAL -> {
        BigDecimal d = (BigDecimal) v;
        out.write(kind);
        out.writeVarint(zigzag(d.scale()));
        out.writeBytes(d.unscaledValue().toByteArray());
      }
      case ValueTags.UUID -> {
        UUID u = (UUID) v;
        out.write(kind);
        out.writeLong(u.getMostSignificantBits());
        out.writeLong(u.getLeastSignificantBits());
      }
      case ValueTags.BOOLEAN_ARRAY, ValueTags.BYTE_ARRAY, ValueTags.SHORT_ARRAY,
          ValueTags.CHAR_ARRAY, ValueTags.INT_ARRAY, ValueTags.LONG_ARRAY,
          ValueTags.FLOAT_ARRAY, ValueTags.DOUBLE_ARRAY -> primitiveArray(v, kind);
      case ValueTags.OPTIONAL_INT -> {
        OptionalInt o = (OptionalInt) v;
        out.write(kind);
        out.write(o.isPresent() ? 1 : 0);
        if (o.isPresent()) {
          out.writeVarint(zigzag(o.getAsInt()));
        }
      }
      case ValueTags.OPTIONAL_LONG -> {
        OptionalLong o = (OptionalLong) v;
        out.write(kind);
        out.write(o.isPresent() ? 1 : 0);
        if (o.isPresent()) {
          out.writeVarlong(zigzag(o.getAsLong()));
        }
      }
      case ValueTags.OPTIONAL_DOUBLE -> {
        OptionalDouble o = (OptionalDouble) v;
        out.write(kind);
        out.write(o.isPresent() ? 1 : 0);
        if (o.isPresent()) {
          out.writeLong(Double.doubleToRawLongBits(o.getAsDouble()));
        }
      }
      case ValueKinds.K_ENUM -> {
        Class<?> e = ((Enum<?>) v).getDeclaringClass();
        out.write(ValueTags.ENUM);
        classRef(e);
        out.writeString(((Enum<?>) v).name());
      }
      case ValueKinds.K_ZONE_ID -> {
        out.write(ValueTags.ZONE_ID);
        out.writeString(((ZoneId) v).getId());
      }
      case ValueKinds.K_NONE -> throw new ValueFailure(v.getClass(), "is not a value type astrocache knows"
          + " (records, enums, collections, java.time, ...) and not Serializable",
          "Return a record or a Serializable class instead, plug in a Serializer"
              + " (dev.astrocache.spi.Serializer) for it, or mark the method @NotCached.");
      default -> {
        if (kind >= ValueTags.INSTANT && kind <= ValueTags.MONTH_DAY) {
          time(v, kind);
        } else {
          return nested(v, kind);
        }
      }
    }
    return false;
  }

  private static final int F_RECORD = 1, F_LIST = 2, F_ITERATED = 3, F_MAP = 4, F_ARRAY = 5,
      F_ONE = 6;

  /** A container being written: how far it got, and which child is being written. */
  private static final class Frame {
    int kind;
    Object v;
    RecordShape shape;
    int i;
    int n;
    Iterator<?> it;
    Map.Entry<?, ?> entry;
    Object key;
    /** The segment of the child being written: a record component, an index, a map key or value. */
    int seg;

    String segment() {
      return switch (seg) {
        case 1 -> shape.paths[i - 1];
        case 2 -> "[" + (i - 1) + "]";
        case 3 -> "{" + KeyWriter.render(key) + "}";
        case 4 -> "[" + KeyWriter.render(key) + "]";
        case 5 -> ".get()";
        default -> "";
      };
    }
  }

  /**
   * Values that hold values get a frame on the writer's own stack, not a recursive call: a
   * result nested as deep as memory allows is written. A value that contains itself (a list
   * holding itself) would never end, and is refused.
   */
  private boolean nested(Object v, int kind) {
    int depth = path.size();
    if (path.indexOf(v) >= 0) {
      throw new ValueFailure(v.getClass(), "contains itself, which the astrocache format cannot"
          + " hold", "Return a value without cycles, or mark the method @NotCached.");
    }
    switch (kind) {
      case ValueKinds.K_RECORD -> {
        RecordShape shape = RecordShape.of(v.getClass());
        if (shape.error != null) {
          throw new ValueFailure(v.getClass(), "cannot be read: " + shape.error,
              "Open the package to dev.astrocache, or mark the method @NotCached.");
        }
        Frame f = push(F_RECORD, v);
        f.shape = shape;
        f.n = shape.fields.length;
        out.write(ValueTags.RECORD);
        classRef(v.getClass());
        out.writeVarint(f.n);
      }
      case ValueTags.ARRAY_LIST, ValueTags.LINKED_LIST, ValueTags.LIST_UNMODIFIABLE,
          ValueTags.ARRAYS_AS_LIST -> {
        List<?> list = (List<?>) v;
        int n = list.size();
        if (list instanceof RandomAccess) {
          push(F_LIST, v).n = n;
        } else {
          iterated(v, list, n);
        }
        out.write(kind);
        out.writeVarint(n);
      }
      case ValueKinds.K_COLLECTION_VIEW -> {
        Collection<?> c = (Collection<?>) v;
        int n = c.size();
        iterated(v, c, n);
        out.write(ValueTags.LIST_UNMODIFIABLE);
        out.writeVarint(n);
      }
      case ValueTags.HASH_SET, ValueTags.LINKED_HASH_SET, ValueTags.SET_UNMODIFIABLE -> set((Set<?>) v, kind);
      case ValueTags.TREE_SET -> {
        if (((TreeSet<?>) v).comparator() == null) {
          set((Set<?>) v, kind);
        } else {
          java(v);
        }
      }
      case ValueTags.HASH_MAP, ValueTags.LINKED_HASH_MAP, ValueTags.MAP_UNMODIFIABLE -> map((Map<?, ?>) v, kind);
      case ValueTags.TREE_MAP -> {
        if (((TreeMap<?, ?>) v).comparator() == null) {
          map((Map<?, ?>) v, kind);
        } else {
          java(v);
        }
      }
      case ValueTags.OPTIONAL -> {
        Optional<?> o = (Optional<?>) v;
        if (o.isEmpty()) {
          out.write(ValueTags.OPTIONAL_EMPTY);
        } else {
          Frame f = push(F_ONE, v);
          f.n = 1;
          f.key = o.get();
          out.write(ValueTags.OPTIONAL);
        }
      }
      case ValueKinds.K_OBJECT_ARRAY -> {
        Object[] a = (Object[]) v;
        push(F_ARRAY, v).n = a.length;
        out.write(ValueTags.OBJECT_ARRAY);
        classRef(a.getClass().getComponentType());
        out.writeVarint(a.length);
      }
      case ValueKinds.K_JAVA -> java(v);
      default -> throw new AssertionError(kind);
    }
    return path.size() > depth;
  }

  private Frame push(int kind, Object v) {
    int d = path.size();
    if (d == frames.length) {
      frames = Arrays.copyOf(frames, d * 2);
    }
    Frame f = frames[d];
    if (f == null) {
      f = frames[d] = new Frame();
    }
    f.kind = kind;
    f.v = v;
    f.shape = null;
    f.i = 0;
    f.n = 0;
    f.it = null;
    f.entry = null;
    f.key = null;
    f.seg = 0;
    path.push(v);
    return f;
  }

  private void iterated(Object v, Collection<?> c, int n) {
    Frame f = push(F_ITERATED, v);
    f.n = n;
    f.it = c.iterator();
  }

  private void set(Set<?> set, int tag) {
    int n = set.size();
    iterated(set, set, n);
    out.write(tag);
    out.writeVarint(n);
  }

  private void map(Map<?, ?> map, int tag) {
    int n = map.size();
    Frame f = push(F_MAP, map);
    f.n = n;
    f.it = map.entrySet().iterator();
    out.write(tag);
    out.writeVarint(n);
  }

  /**
   * Writes {@code f}'s next children until one is a container, whose frame it pushes (true),
   * or none is left (false); sets the segment of each for failures.
   */
  private boolean step(Frame f) {
    while (true) {
      switch (f.kind) {
        case F_RECORD -> {
          if (f.i == f.n) {
            return false;
          }
          f.seg = 1;
          Object c;
          try {
            c = f.shape.fields[f.i++].get(f.v);
          } catch (IllegalAccessException e) {
            throw new ValueFailure(f.v.getClass(), "cannot be read: " + e.getMessage(),
                "Open the package to dev.astrocache, or mark the method @NotCached.");
          }
          if (value(c)) {
            return true;
          }
          continue;
        }
        case F_LIST -> {
          if (f.i == f.n) {
            return false;
          }
          f.seg = 2;
          if (value(((List<?>) f.v).get(f.i++))) {
            return true;
          }
          continue;
        }
        case F_ARRAY -> {
          if (f.i == f.n) {
            return false;
          }
          f.seg = 2;
          if (value(((Object[]) f.v)[f.i++])) {
            return true;
          }
          continue;
        }
        case F_ITERATED -> {
          if (!f.it.hasNext()) {
            if (f.i != f.n) {
              throw new ConcurrentModificationException();
            }
            return false;
          }
          if (f.i == f.n) {
            throw new ConcurrentModificationException();
          }
          f.i++;
          f.seg = 2;
          if (value(f.it.next())) {
            return true;
          }
          continue;
        }
        case F_MAP -> {
          if (f.entry != null) {
            Object value = f.entry.getValue();
            f.entry = null;
            f.seg = 4;
            if (value(value)) {
              return true;
            }
            continue;
          }
          if (!f.it.hasNext()) {
            if (f.i != f.n) {
              throw new ConcurrentModificationException();
            }
            return false;
          }
          if (f.i++ == f.n) {
            throw new ConcurrentModificationException();
          }
          f.entry = (Map.Entry<?, ?>) f.it.next();
          f.key = f.entry.getKey();
          f.seg = 3;
          if (value(f.key)) {
            return true;
          }
          continue;
        }
        case F_ONE -> {
          if (f.i == f.n) {
            return false;
          }
          f.i++;
          f.seg = 5;
          if (value(f.key)) {
            return true;
          }
          continue;
        }
        default -> throw new AssertionError(f.kind);
      }
    }
  }

  private void java(Object v) {
    if (javaClasses == null) {
      javaClasses = JavaClasses.of(declared);
    }
    JavaClasses allowed = javaClasses;
    // the reader's list, applied as each class is written: what it would refuse is not written.
    // The first refusal is kept: the stream goes on to write the exception into itself
    String[] refused = new String[1];
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream oos = new ObjectOutputStream(bytes) {
      @Override
      protected void annotateClass(Class<?> c) throws IOException {
        if (refused[0] == null && !allowed.permits(c)) {
          refused[0] = c.getName();
        }
        if (refused[0] != null) {
          throw new NotSerializableException(refused[0]);
        }
      }

      @Override
      protected void annotateProxyClass(Class<?> c) throws IOException {
        if (allowed.restricted() && refused[0] == null) {
          refused[0] = "dynamic proxy " + c.getName();
        }
        if (refused[0] != null) {
          throw new NotSerializableException(refused[0]);
        }
      }
    }) {
      oos.writeObject(v);
    } catch (IOException | RuntimeException e) {
      if (refused[0] != null) {
        String what = refused[0].equals(v.getClass().getName()) ? "is Serializable, but"
            : "is Serializable, but holds a " + refused[0] + ", which is";
        throw new ValueFailure(v.getClass(), what + " not reachable from the declared result"
            + " type " + allowed.declaredName() + " and would not be read back", "Declare the"
            + " result (or the field that holds it) as that class or an application type it"
            + " implements, return a record, or mark the method @NotCached.");
      }
      throw new ValueFailure(v.getClass(), "is Serializable, but java.io serialization failed: " + e,
          "Make the fields it holds Serializable or transient, return a record instead,"
              + " or mark the method @NotCached.");
    }
    out.write(ValueTags.JAVA_SERIALIZED);
    out.writeBytes(bytes.toByteArray());
  }

  private void classRef(Class<?> type) {
    if (classIds == null) {
      classIds = new IdentityHashMap<>(8);
    }
    Integer id = classIds.get(type);
    if (id != null) {
      out.writeVarint(id);
      return;
    }
    classIds.put(type, classIds.size() + 1);
    out.writeVarint(0);
    out.writeString(type.getName());
  }

  private void primitiveArray(Object v, int tag) {
    out.write(tag);
    switch (tag) {
      case ValueTags.BOOLEAN_ARRAY -> {
        boolean[] a = (boolean[]) v;
        out.writeVarint(a.length);
        for (boolean b : a) {
          out.write(b ? 1 : 0);
        }
      }
      case ValueTags.BYTE_ARRAY -> out.writeBytes((byte[]) v);
      case ValueTags.SHORT_ARRAY -> {
        short[] a = (short[]) v;
        out.writeVarint(a.length);
        for (short s : a) {
          out.writeShort(s);
        }
      }
      case ValueTags.CHAR_ARRAY -> {
        char[] a = (char[]) v;
        out.writeVarint(a.length);
        for (char c : a) {
          out.writeShort(c);
        }
      }
      case ValueTags.INT_ARRAY -> {
        int[] a = (int[]) v;
        out.writeVarint(a.length);
        for (int i : a) {
          out.writeInt(i);
        }
      }
      case ValueTags.LONG_ARRAY -> {
        long[] a = (long[]) v;
        out.writeVarint(a.length);
        for (long l : a) {
          out.writeLong(l);
        }
      }
      case ValueTags.FLOAT_ARRAY -> {
        float[] a = (float[]) v;
        out.writeVarint(a.length);
        for (float f : a) {
          out.writeInt(Float.floatToRawIntBits(f));
        }
      }
      default -> {
        double[] a = (double[]) v;
        out.writeVarint(a.length);
        for (double d : a) {
          out.writeLong(Double.doubleToRawLongBits(d));
        }
      }
    }
  }

  private void time(Object v, int tag) {
    out.write(tag);
    switch (tag) {
      case ValueTags.INSTANT -> {
        Instant t = (Instant) v;
        out.writeVarlong(zigzag(t.getEpochSecond()));
        out.writeVarint(t.getNano());
      }
      case ValueTags.DURATION -> {
        Duration d = (Duration) v;
        out.writeVarlong(zigzag(d.getSeconds()));
        out.writeVarint(d.getNano());
      }
      case ValueTags.LOCAL_DATE -> out.writeVarlong(zigzag(((LocalDate) v).toEpochDay()));
      case ValueTags.LOCAL_TIME -> out.writeVarlong(((LocalTime) v).toNanoOfDay());
      case ValueTags.LOCAL_DATE_TIME -> dateTime((LocalDateTime) v);
      case ValueTags.OFFSET_DATE_TIME -> {
        OffsetDateTime t = (OffsetDateTime) v;
        dateTime(t.toLocalDateTime());
        out.writeVarint(zigzag(t.getOffset().getTotalSeconds()));
      }
      case ValueTags.OFFSET_TIME -> {
        OffsetTime t = (OffsetTime) v;
        out.writeVarlong(t.toLocalTime().toNanoOfDay());
        out.writeVarint(zigzag(t.getOffset().getTotalSeconds()));
      }
      case ValueTags.ZONED_DATE_TIME -> {
        ZonedDateTime t = (ZonedDateTime) v;
        dateTime(t.toLocalDateTime());
        out.writeVarint(zigzag(t.getOffset().getTotalSeconds()));
        out.writeString(t.getZone().getId());
      }
      case ValueTags.PERIOD -> {
        Period p = (Period) v;
        out.writeVarint(zigzag(p.getYears()));
        out.writeVarint(zigzag(p.getMonths()));
        out.writeVarint(zigzag(p.getDays()));
      }
      case ValueTags.YEAR -> out.writeVarint(zigzag(((Year) v).getValue()));
      case ValueTags.YEAR_MONTH -> {
        YearMonth ym = (YearMonth) v;
        out.writeVarint(zigzag(ym.getYear()));
        out.write(ym.getMonthValue());
      }
      case ValueTags.MONTH_DAY -> {
        MonthDay md = (MonthDay) v;
        out.write(md.getMonthValue());
        out.write(md.getDayOfMonth());
      }
      default -> throw new AssertionError(tag);
    }
  }

  private void dateTime(LocalDateTime t) {
    out.writeVarlong(zigzag(t.toLocalDate().toEpochDay()));
    out.writeVarlong(t.toLocalTime().toNanoOfDay());
  }

  static int zigzag(int v) {
    return (v << 1) ^ (v >> 31);
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }
}
