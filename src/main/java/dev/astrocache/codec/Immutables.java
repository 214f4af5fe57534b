package dev.astrocache.codec;

import dev.astrocache.base.Classes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a value is deeply immutable: whether encoding it later can give other bytes or other
 * classes than encoding it now. Only what is known to be so counts; anything else (an
 * {@code ArrayList}, an unmodifiable view of a mutable map, an array, a JDK object with state,
 * a non-final field anywhere) is not, and is read again on every call.
 */
final class Immutables {
  private Immutables() {}

  /** Scalars of the JDK that no one can change: exact classes, as {@link KeyClass} kinds. */
  private static final Set<Integer> SCALARS = Set.of(KeyClass.STRING, KeyClass.BOOLEAN,
      KeyClass.BYTE, KeyClass.SHORT, KeyClass.CHAR, KeyClass.INT, KeyClass.LONG, KeyClass.FLOAT,
      KeyClass.DOUBLE, KeyClass.BIG_INTEGER, KeyClass.BIG_DECIMAL, KeyClass.OPTIONAL_INT,
      KeyClass.OPTIONAL_LONG, KeyClass.OPTIONAL_DOUBLE, KeyClass.INSTANT, KeyClass.DURATION,
      KeyClass.LOCAL_DATE, KeyClass.LOCAL_TIME, KeyClass.LOCAL_DATE_TIME,
      KeyClass.OFFSET_DATE_TIME, KeyClass.OFFSET_TIME, KeyClass.ZONED_DATE_TIME,
      KeyClass.ZONE_ID, KeyClass.PERIOD, KeyClass.YEAR, KeyClass.YEAR_MONTH, KeyClass.MONTH_DAY,
      KeyClass.UUID_KIND, KeyClass.CLASS, KeyClass.URI_KIND, KeyClass.URL_KIND, KeyClass.FILE,
      KeyClass.LOCALE, KeyClass.PATTERN, KeyClass.CURRENCY, KeyClass.CHARSET, KeyClass.PATH,
      KeyClass.DATE_TIME_FORMATTER);

  /**
   * The JDK's unmodifiable collections that are not views: {@code List.of}, {@code Set.of},
   * {@code Map.of} and their {@code copyOf}, {@code Stream.toList}, {@code Map.entry}, the empty,
   * singleton and {@code nCopies} collections of {@code Collections}. Taken from samples, so the
   * set follows the running JDK's class names. {@code Collections.unmodifiableX} is a view of a
   * collection that its owner may still change, so it is not here.
   */
  private static final Set<Class<?>> COLLECTIONS = collections();

  private static Set<Class<?>> collections() {
    List<Object> samples = new ArrayList<>(List.of(
        List.of(), List.of(1), List.of(1, 2), List.of(1, 2, 3), List.of(1, 2, 3).subList(0, 2),
        Set.of(), Set.of(1), Set.of(1, 2), Set.of(1, 2, 3),
        Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2), Map.of(1, 1, 2, 2, 3, 3), Map.entry(1, 1),
        Stream.of(1).toList(), Stream.of(1, 2).toList(), Stream.of(1, 2, 3).toList(),
        Collections.emptyList(), Collections.emptySet(), Collections.emptyMap(),
        Collections.singletonList(1), Collections.singleton(1), Collections.singletonMap(1, 1),
        Collections.nCopies(2, 1)));
    samples.add(Stream.of((Object) null).toList());
    samples.add(Stream.of(1, null, 3).toList());
    Set<Class<?>> out = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Object s : samples) {
      out.add(s.getClass());
    }
    return out;
  }

  /** Every instance field of a class and its superclasses outside the JDK, transient too. */
  private static final ClassValue<Field[]> ALL_FIELDS = new ClassValue<>() {
    @Override
    protected Field[] computeValue(Class<?> type) {
      List<Field> out = new ArrayList<>();
      for (Class<?> c = type; c != null && !Classes.isJdk(c); c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers())) {
            out.add(f);
          }
        }
      }
      return out.toArray(new Field[0]);
    }
  };

  /**
   * True if {@code value} and everything it holds are known never to change: JDK scalars
   * ({@code String}, boxed and big numbers, {@code java.time}, {@code UUID}, ...), the JDK's
   * unmodifiable collections of such values, {@code Optional}s of them, JDK enum constants and
   * those of the user's without non-final fields, and records, lambdas and plain objects whose
   * every field (transient ones too: their classes take part in the fingerprint) is final and
   * holds such a value. {@code root}, the impl being read, is never immutable here.
   */
  static boolean deeply(Object value, Object root) {
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    ArrayDeque<Object> todo = new ArrayDeque<>();
    todo.push(value == null ? NULL : value);
    while (!todo.isEmpty()) {
      Object v = todo.pop();
      Class<?> t = v.getClass();
      if (v == NULL || t == String.class || t == Integer.class || t == Long.class
          || seen.put(v, Boolean.TRUE) != null) {
        continue;
      }
      if (v == root || !push(v, todo)) {
        return false;
      }
    }
    return true;
  }

  private static final Object NULL = new Object();

  /** Pushes what {@code v} holds; false if {@code v} itself can change. */
  private static boolean push(Object v, ArrayDeque<Object> todo) {
    Class<?> type = v.getClass();
    KeyClass kc = KeyClass.of(type);
    if (SCALARS.contains(kc.kind)) {
      // a user's Path or Charset implementation is not known to be immutable
      return !kc.user;
    }
    switch (kc.kind) {
      case KeyClass.OPTIONAL -> {
        add(todo, ((Optional<?>) v).orElse(null));
        return true;
      }
      case KeyClass.ENUM -> {
        return !kc.user || fields(v, ALL_FIELDS.get(type), todo);
      }
      case KeyClass.RECORD, KeyClass.LAMBDA -> {
        // their fields are final whatever the modifiers say: no reflection can set them
        return kc.inaccessible == null && fields(v, kc.fields, todo);
      }
      case KeyClass.OBJECT -> {
        return kc.inaccessible == null && kc.hiddenState == null
            && fields(v, ALL_FIELDS.get(type), todo);
      }
      case KeyClass.LIST, KeyClass.SET, KeyClass.COLLECTION -> {
        if (!COLLECTIONS.contains(type)) {
          return false;
        }
        for (Object e : (Collection<?>) v) {
          add(todo, e);
        }
        return true;
      }
      case KeyClass.MAP -> {
        if (!COLLECTIONS.contains(type)) {
          return false;
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          add(todo, e.getKey());
          add(todo, e.getValue());
        }
        return true;
      }
      case KeyClass.ENTRY -> {
        if (!COLLECTIONS.contains(type)) {
          return false;
        }
        Map.Entry<?, ?> e = (Map.Entry<?, ?>) v;
        add(todo, e.getKey());
        add(todo, e.getValue());
        return true;
      }
      case KeyClass.JDK_OTHER -> {
        // a client or an executor: its class is all a key holds of it, but what it holds may
        // be walked for code; only one without any instance field is sure never to change
        return kc.stateless;
      }
      default -> {
        return false; // arrays, Date, StringBuilder, BitSet, proxies
      }
    }
  }

  private static boolean fields(Object v, Field[] fields, ArrayDeque<Object> todo) {
    for (Field f : fields) {
      boolean primitive = f.getType().isPrimitive();
      if (!Modifier.isFinal(f.getModifiers()) && !v.getClass().isRecord()
          && !Classes.isLambda(v.getClass())) {
        return false;
      }
      if (primitive) {
        continue;
      }
      try {
        if (!f.trySetAccessible()) {
          return false;
        }
        add(todo, f.get(v));
      } catch (IllegalAccessException | RuntimeException e) {
        return false;
      }
    }
    return true;
  }

  private static void add(ArrayDeque<Object> todo, Object v) {
    if (v != null) {
      Class<?> t = v.getClass();
      if (t != String.class && t != Integer.class && t != Long.class) { // the commonest skip
        todo.push(v);
      }
    }
  }
}
