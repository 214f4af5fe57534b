package dev.astrocache.fingerprint;

import dev.astrocache.base.Classes;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A {@code static final} field of reference type that the reached code reads: a holder the
 * program may fill after the class is initialized (a plug-in registry, a singleton with a
 * setter), whose content belongs in the key depending on the value it holds at call time (see
 * {@link #countsByContent}), or a memo the code fills itself ({@link #filledByCode}).
 */
public final class StaticHolder {
  private final Field field;
  /** Binary names of the classes whose instances the reached code changes. */
  private final Set<String> changedByCode;
  private final ConcurrentHashMap<Class<?>, Boolean> mutable = new ConcurrentHashMap<>();

  private final boolean filledByCode;

  StaticHolder(Field field, Set<String> changedByCode, boolean filledByCode) {
    this.field = Objects.requireNonNull(field, "field == null");
    this.changedByCode = Set.copyOf(changedByCode);
    this.filledByCode = filledByCode;
  }

  /** The field, made accessible. */
  public Field field() {
    return field;
  }

  /** Binary names of the classes whose instances the reached code changes. */
  Set<String> changedByCode() {
    return changedByCode;
  }

  /**
   * Whether the reached code changes what the field holds itself ({@code MEMO.put(k, v)}): a
   * memo, which never counts by content, though the classes it holds are code the call runs.
   */
  public boolean filledByCode() {
    return filledByCode;
  }

  /** The field's value now, or null if it cannot be read. */
  public Object value() {
    try {
      return field.get(null);
    } catch (IllegalAccessException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * Whether {@code value}, held by this field, counts by content: an array that is not empty, a
   * JDK collection or map (an unmodifiable view too: what it shows can be filled through another
   * reference; not a {@code List.of} or {@code Map.copyOf} of strings, numbers and dates, which
   * cannot change, checked once per object), an atomic holder, a subclass of a JDK collection that keeps its content in the
   * JDK's fields, or an object of another class outside the JDK with a non-final, non-transient
   * field or a field that holds one of those, unless the reached code changes objects of that
   * class itself (then it is the code's own memo or bookkeeping). Values fixed when the class
   * was initialized (strings, enum constants, records of values, lambdas, other JDK objects, a
   * library's immutable collection whose fields are final or transient) do not.
   */
  public boolean countsByContent(Object value) {
    if (value == null || filledByCode || value == fixed) {
      return false;
    }
    Class<?> type = value.getClass();
    if (isImmutableCollection(type)) {
      if (ofScalars(value)) {
        fixed = value; // that object can never hold anything else: checked once
        return false;
      }
      return true;
    }
    if (type.isArray()) {
      return Array.getLength(value) > 0;
    }
    Last last = this.last;
    if (last != null && last.type == type) {
      return last.mutable;
    }
    boolean m = mutable.computeIfAbsent(type, this::mutable);
    this.last = new Last(type, m);
    return m;
  }

  /** The last value found to be an immutable collection of immutable values, or null. */
  private volatile Object fixed;

  /**
   * The JDK's unmodifiable collections that are not views ({@code List.of}, {@code Map.copyOf},
   * {@code Stream.toList}, the empty and singleton ones): what they hold cannot change.
   */
  private static boolean isImmutableCollection(Class<?> type) {
    String n = type.getName();
    return Classes.isJdk(type) && (n.startsWith("java.util.ImmutableCollections$")
        || n.startsWith("java.util.Collections$Empty")
        || n.startsWith("java.util.Collections$Singleton")
        || n.equals("java.util.Collections$CopiesList"));
  }

  /** JDK classes whose instances cannot change. */
  private static final Set<Class<?>> SCALARS = Set.of(String.class, Integer.class, Long.class,
      Short.class, Byte.class, Character.class, Boolean.class, Float.class, Double.class,
      java.math.BigInteger.class, java.math.BigDecimal.class, java.util.UUID.class,
      java.time.LocalDate.class, java.time.LocalTime.class, java.time.LocalDateTime.class,
      java.time.Instant.class, java.time.Duration.class);

  /** Whether an immutable collection holds scalars only (entries of a map: keys and values). */
  private static boolean ofScalars(Object value) {
    Iterable<?> items = value instanceof Map<?, ?> m ? m.entrySet() : (Collection<?>) value;
    for (Object o : items) {
      if (o instanceof Map.Entry<?, ?> e) {
        if (!scalar(e.getKey()) || !scalar(e.getValue())) {
          return false;
        }
      } else if (!scalar(o)) {
        return false;
      }
    }
    return true;
  }

  private static boolean scalar(Object o) {
    return o == null || SCALARS.contains(o.getClass());
  }

  /** The class seen last and its answer: a static holds objects of one class, as a rule. */
  private record Last(Class<?> type, boolean mutable) {}

  private volatile Last last;

  private boolean mutable(Class<?> type) {
    if (Classes.isJdk(type)) {
      return holder(type);
    }
    if (type.isHidden() || Enum.class.isAssignableFrom(type)) {
      return false;
    }
    if (extendsStatefulJdkClass(type)) {
      return true; // a HashMap or ArrayList of the user's: its content is in the JDK's fields
    }
    boolean mutableField = false;
    for (Class<?> c = type; c != null && !Classes.isJdk(c); c = c.getSuperclass()) {
      if (changedByCode.contains(c.getName())) {
        return false;
      }
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && (!Modifier.isFinal(m)
            || f.getType().isArray() || holder(f.getType()))) {
          mutableField = true;
        }
      }
    }
    return mutableField;
  }

  /**
   * Whether the first JDK superclass of {@code type} keeps state in a non-transient field
   * ({@code ArrayList.size}, {@code HashMap.threshold}); the abstract collections keep none.
   */
  private static boolean extendsStatefulJdkClass(Class<?> type) {
    Class<?> c = type.getSuperclass();
    while (c != null && !Classes.isJdk(c)) {
      c = c.getSuperclass();
    }
    for (; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) && !Modifier.isTransient(m)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A JDK container or holder type whose content the program can change. */
  private static boolean holder(Class<?> type) {
    return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
        || AtomicReference.class.isAssignableFrom(type)
        || AtomicReferenceArray.class.isAssignableFrom(type)
        || AtomicInteger.class.isAssignableFrom(type) || AtomicLong.class.isAssignableFrom(type)
        || AtomicBoolean.class.isAssignableFrom(type)
        || AtomicIntegerArray.class.isAssignableFrom(type)
        || AtomicLongArray.class.isAssignableFrom(type);
  }

  @Override
  public String toString() {
    return "StaticHolder[" + field.getDeclaringClass().getName() + "." + field.getName() + "]";
  }
}
