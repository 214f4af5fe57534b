package dev.astrocache.codec;

import dev.astrocache.base.Classes;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Declared types whose values can only hold classes known from the type itself: final classes
 * whose fields are of such types ({@code String}, {@code Long}, a final record of those), and at
 * the top a JDK container of them ({@code Map<String, Long>}, {@code List<Result>}). For such a
 * field the user classes it can hold are read off its type, instead of walking its content on
 * every call. A type variable, a wildcard, an interface, a non-final class or a container inside
 * a container is open: what it holds is walked.
 */
final class ClosedTypes {
  private static final Object OPEN = new Object();
  /**
   * Each type's answer, held by the youngest class the type names ({@link Classes#youngest}), so
   * that a plug-in's field types keep no plug-in loader alive.
   */
  private static final ClassValue<ConcurrentHashMap<Type, Object>> MEMO = new ClassValue<>() {
    @Override
    protected ConcurrentHashMap<Type, Object> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private ClosedTypes() {}

  /**
   * The user classes a value of {@code declared} can hold, if the type is closed and the
   * container's runtime class (checked by the caller) is the JDK's or the declared one; null if
   * it is open.
   */
  @SuppressWarnings("unchecked")
  static Set<Class<?>> of(Type declared) {
    Class<?> home = home(declared);
    ConcurrentHashMap<Type, Object> memo = home == null ? null : MEMO.get(home);
    Object known = memo == null ? null : memo.get(declared);
    if (known == null) {
      Set<Class<?>> acc = new HashSet<>();
      known = top(declared, acc) ? Set.copyOf(acc) : OPEN;
      if (memo != null) {
        memo.putIfAbsent(declared, known);
      }
    }
    return known == OPEN ? null : (Set<Class<?>>) known;
  }

  /**
   * The class whose memo holds {@code declared}'s answer: the youngest of the classes it names
   * (a class, a parameterized type's raw type and arguments, an array's element type), or null
   * (not memoized) when it names classes of unrelated loaders or is not made of classes alone.
   */
  private static Class<?> home(Type declared) {
    if (declared instanceof Class<?> c) {
      return c;
    }
    if (declared instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      List<Class<?>> named = new ArrayList<>();
      named.add(raw);
      for (Type arg : p.getActualTypeArguments()) {
        while (arg instanceof GenericArrayType g) {
          arg = g.getGenericComponentType();
        }
        if (!(arg instanceof Class<?> c)) {
          return null;
        }
        named.add(c);
      }
      return Classes.youngest(named);
    }
    return null;
  }

  private static boolean top(Type t, Set<Class<?>> acc) {
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
        && Classes.isJdk(raw) && container(raw)) {
      for (Type arg : p.getActualTypeArguments()) {
        if (!closed(arg, acc, new HashSet<>())) {
          return false;
        }
      }
      return true;
    }
    return closed(t, acc, new HashSet<>());
  }

  private static boolean closed(Type t, Set<Class<?>> acc, Set<Class<?>> visiting) {
    if (t instanceof GenericArrayType g) {
      return closed(g.getGenericComponentType(), acc, visiting);
    }
    if (!(t instanceof Class<?> c)) {
      return false; // parameterized inside a container, type variable, wildcard
    }
    if (c.isPrimitive()) {
      return true;
    }
    if (c.isArray()) {
      return closed(c.getComponentType(), acc, visiting);
    }
    if (!Modifier.isFinal(c.getModifiers()) || c.isHidden() || container(c)) {
      return false;
    }
    if (Classes.isJdk(c)) {
      return true; // String, Long, LocalDate, UUID: JDK values, no user class inside
    }
    if (!visiting.add(c)) {
      return true;
    }
    Class<?> sup = c.getSuperclass();
    while (sup != null && !Classes.isJdk(sup)) {
      sup = sup.getSuperclass();
    }
    if (sup != null && sup != Object.class && sup != Record.class && sup != Enum.class) {
      return false; // its content is partly in a JDK superclass
    }
    acc.add(c);
    for (Class<?> k = c; k != null && !Classes.isJdk(k); k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())
            && !closed(f.getGenericType(), acc, visiting)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The JDK containers and holders whose content the seed walk enumerates. */
  private static boolean container(Class<?> c) {
    return Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)
        || Map.Entry.class.isAssignableFrom(c) || c == Optional.class
        || AtomicReference.class.isAssignableFrom(c)
        || AtomicReferenceArray.class.isAssignableFrom(c)
        || ThreadLocal.class.isAssignableFrom(c) || Reference.class.isAssignableFrom(c);
  }
}
