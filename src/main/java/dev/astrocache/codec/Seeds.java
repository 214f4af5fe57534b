package dev.astrocache.codec;

import dev.astrocache.base.Classes;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The classes of what a value holds where the encoding does not look: in {@code transient}
 * and {@code @NotKey} fields and inside JDK holders ({@code AtomicReference}, {@code ThreadLocal}, a
 * {@code Reference}). They are no values of the key, but their code is what the call runs, so
 * they join the visited types the fingerprint treats as instantiated.
 */
final class Seeds {
  private static final Slot[] NONE = {};

  /**
   * A user class's transient and {@code @NotKey} instance fields, up to the JDK, made
   * accessible: their values are out of the state, their code is not.
   */
  private static final ClassValue<Slot[]> TRANSIENTS = new ClassValue<>() {
    @Override
    protected Slot[] computeValue(Class<?> type) {
      return fields(type, true);
    }
  };

  /** A user class's instance fields of reference type, up to the JDK, made accessible. */
  private static final ClassValue<Slot[]> REFERENCES = new ClassValue<>() {
    @Override
    protected Slot[] computeValue(Class<?> type) {
      return fields(type, false);
    }
  };

  /**
   * A field, and the user classes any value of its declared type can hold if that type is
   * closed ({@link ClosedTypes}), else null: a {@code transient Map<String, Long>} memo is not
   * walked entry by entry on every call.
   */
  private record Slot(Field field, Set<Class<?>> closed) {}

  /**
   * Whether a class is astrocache's own (in its packages and from the same code source as this
   * class, so that a user's class shaded into the same jar is not): a cached proxy's handler
   * keeps the cache and its memos in transient fields, which are no collaborator of the user's,
   * and whose content differs from run to run.
   */
  private static final ClassValue<Boolean> OWN = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return type.getName().startsWith("dev.astrocache.")
          && Objects.equals(codeSource(type), codeSource(Seeds.class));
    }
  };

  private Seeds() {}

  private static Object codeSource(Class<?> type) {
    try {
      return type.getProtectionDomain().getCodeSource();
    } catch (SecurityException e) {
      return type;
    }
  }

  /**
   * Adds to {@code out} the user classes held, however deep, by {@code v}'s transient and
   * {@code @NotKey} fields.
   */
  static void ofTransientFields(Object v, Set<Class<?>> out) {
    Slot[] fs = TRANSIENTS.get(v.getClass());
    if (fs.length == 0) {
      return;
    }
    Deque<Object> todo = new ArrayDeque<>();
    for (Slot f : fs) {
      field(f, v, todo, out);
    }
    drain(todo, out);
  }

  /**
   * Adds to {@code out} the user classes that {@code v}, declared as {@code declared}, holds
   * however deep: from the declared type alone when it is closed and {@code v}'s class is the
   * JDK's or the declared one, else by walking what {@code v} holds.
   */
  static void of(Object v, Type declared, Set<Class<?>> out) {
    if (v == null) {
      return;
    }
    Set<Class<?>> closed = ClosedTypes.of(declared);
    if (closed != null && (Classes.isJdk(v.getClass()) || closed.contains(v.getClass()))) {
      out.addAll(closed);
      return;
    }
    Deque<Object> todo = new ArrayDeque<>();
    todo.push(v);
    drain(todo, out);
  }

  private static void field(Slot f, Object owner, Deque<Object> todo, Set<Class<?>> out) {
    Object value = read(f.field(), owner);
    if (value == null) {
      return;
    }
    if (f.closed() != null && (Classes.isJdk(value.getClass())
        || f.closed().contains(value.getClass()))) {
      out.addAll(f.closed());
    } else {
      todo.push(value);
    }
  }

  /**
   * Adds to {@code out} the user classes held, however deep, by a JDK object that the encoding
   * counts by its class: the value of an {@code AtomicReference}, the elements of an
   * {@code AtomicReferenceArray}, a {@code ThreadLocal}'s value for the calling thread (which
   * {@code get()} makes from its initial value if it has none yet, as the call would), a
   * {@code Reference}'s referent.
   */
  static void ofHolder(Object v, Set<Class<?>> out) {
    Deque<Object> todo = new ArrayDeque<>();
    children(v, todo);
    drain(todo, out);
  }

  private static void drain(Deque<Object> todo, Set<Class<?>> out) {
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    while (!todo.isEmpty()) {
      Object o = todo.pop();
      if (seen.put(o, Boolean.TRUE) != null) {
        continue;
      }
      Class<?> type = o.getClass();
      if (type.isArray()) {
        if (!type.getComponentType().isPrimitive()) {
          for (Object e : (Object[]) o) {
            push(todo, e);
          }
        }
      } else if (Classes.isJdk(type)) {
        children(o, todo);
      } else if (!OWN.get(type)) {
        out.add(type);
        if (o instanceof Enum<?> e) {
          out.add(e.getDeclaringClass());
        }
        for (Slot f : REFERENCES.get(type)) {
          field(f, o, todo, out);
        }
      }
    }
  }

  /** What a JDK object holds that public API can enumerate. */
  private static void children(Object o, Deque<Object> todo) {
    try {
      if (o instanceof Collection<?> c) {
        for (Object e : c) {
          push(todo, e);
        }
      } else if (o instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          push(todo, e.getKey());
          push(todo, e.getValue());
        }
      } else if (o instanceof Map.Entry<?, ?> e) {
        push(todo, e.getKey());
        push(todo, e.getValue());
      } else if (o instanceof Optional<?> opt) {
        push(todo, opt.orElse(null));
      } else if (o instanceof AtomicReference<?> r) {
        push(todo, r.get());
      } else if (o instanceof AtomicReferenceArray<?> a) {
        for (int i = 0; i < a.length(); i++) {
          push(todo, a.get(i));
        }
      } else if (o instanceof ThreadLocal<?> t) {
        push(todo, t.get());
      } else if (o instanceof Reference<?> r) {
        push(todo, r.get());
      }
    } catch (RuntimeException e) {
      // changed by another thread, or its own code threw: what it held is not known here
    }
  }

  private static void push(Deque<Object> todo, Object o) {
    if (o != null) {
      todo.push(o);
    }
  }

  private static Object read(Field f, Object o) {
    try {
      return f.get(o);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  private static Slot[] fields(Class<?> type, boolean transientOnly) {
    if (Classes.isJdk(type) || type.isArray() || OWN.get(type)) {
      return NONE;
    }
    List<Slot> out = new ArrayList<>();
    for (Class<?> c = type; c != null && !Classes.isJdk(c); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (Modifier.isStatic(m) || f.getType().isPrimitive()
            || (transientOnly && !Modifier.isTransient(m) && !KeyClass.isNotKey(f))) {
          continue;
        }
        try {
          f.setAccessible(true);
          out.add(new Slot(f, ClosedTypes.of(f.getGenericType())));
        } catch (RuntimeException e) {
          // a package not open to astrocache: what the field holds cannot be seen
        }
      }
    }
    return out.isEmpty() ? NONE : out.toArray(NONE);
  }
}
