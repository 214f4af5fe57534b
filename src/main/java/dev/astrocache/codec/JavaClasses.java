package dev.astrocache.codec;

import dev.astrocache.base.Classes;
import java.io.InvalidClassException;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes a {@code java.io} part of a value may name, read and written alike: what can be
 * reached from the result's declared type, never what the bytes claim (anyone who can write an
 * entry can write a list of classes too).
 *
 * <ul>
 *   <li>primitives, and JDK classes ({@link Classes#isJdk(Class)}), whose readers the JDK keeps
 *       safe and which the depth and size limits bound;
 *   <li>the application's classes named by the declared type: the type itself, its type
 *       arguments, array components and bounds; then, for each such class, the generic types of
 *       its non-static, non-transient fields (its superclasses' too), and so on;
 *   <li>a class assignable to one of those (a {@code Circle} where a field is declared {@code
 *       Shape}), which then adds its own fields' types, and its superclasses;
 *   <li>enums and records, anywhere: {@code java.io} makes them as the native format does, by
 *       name, through {@code valueOf} and the canonical constructor, with no {@code readObject}
 *       of theirs; refusing them here would protect nothing the native format does not allow.
 * </ul>
 *
 * <p>Anything else, such as a {@code Serializable} class on the class path whose {@code
 * readObject} has a side effect, is refused before it is instantiated: the reader resolves class
 * descriptors before it creates any object. Dynamic proxies are refused. The writer applies the
 * same list, so that a value which could not be read back is not written (it is returned, not
 * cached). A value held by a field declared {@code Object} or by a JDK type ({@code
 * List<Object>}) may therefore be a JDK value only.
 */
final class JavaClasses {

  /** A class the list refuses; the stream stops there. */
  static final class Refused extends InvalidClassException {
    private static final long serialVersionUID = 1L;
    final String refusedClass;

    Refused(String refusedClass, String message) {
      super(refusedClass, message);
      this.refusedClass = refusedClass;
    }
  }

  private final Type declared;
  /** The application's classes reached from the declared type: they and their subclasses pass. */
  private final List<Class<?>> reached = new ArrayList<>();
  private final Set<Class<?>> reachedSet = new HashSet<>();
  /** Classes found to pass, with their superclasses. */
  private final Set<Class<?>> passed = new HashSet<>();

  private JavaClasses(Type declared) {
    this.declared = declared;
    if (declared != null) {
      walk(declared);
    }
  }

  /**
   * The list for a result declared as {@code declared} ({@code Object.class}: JDK classes only);
   * {@code null}: every class, for the codec's two-argument forms, whose caller vouches for the
   * bytes.
   */
  static JavaClasses of(Type declared) {
    return new JavaClasses(declared);
  }

  /** Whether {@code c} may appear; a class that passes adds what its fields reach. */
  boolean permits(Class<?> c) {
    if (declared == null) {
      return true;
    }
    while (c.isArray()) {
      c = c.getComponentType();
    }
    if (c.isPrimitive() || passed.contains(c) || Classes.isJdk(c) || c.isEnum() || c.isRecord()) {
      return true;
    }
    for (int i = 0; i < reached.size(); i++) {
      if (reached.get(i).isAssignableFrom(c)) {
        walk(c); // it, its superclasses and what their fields reach
        return true;
      }
    }
    return false;
  }

  /** Throws {@link Refused} unless {@link #permits}. */
  void check(Class<?> c) throws Refused {
    if (!permits(c)) {
      throw new Refused(c.getName(), "not reachable from the declared result type "
          + declaredName() + ", so never read from java.io data");
    }
  }

  /** Whether a list applies (a declared type was given). */
  boolean restricted() {
    return declared != null;
  }

  /** The declared type, as messages name it. */
  String declaredName() {
    return declared == null ? "(any)" : declared.getTypeName();
  }

  private void walk(Type start) {
    Deque<Type> todo = new ArrayDeque<>();
    Set<Type> seen = new HashSet<>();
    todo.push(start);
    while (!todo.isEmpty()) {
      Type t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof Class<?> c) {
        while (c.isArray()) {
          c = c.getComponentType();
        }
        if (c.isPrimitive() || Classes.isJdk(c) || !reachedSet.add(c)) {
          continue;
        }
        reached.add(c);
        for (Class<?> k = c; k != null && !Classes.isJdk(k); k = k.getSuperclass()) {
          passed.add(k); // its superclasses' descriptors follow its own in the stream
          fields(k, todo);
          supertypes(k, todo);
        }
      } else if (t instanceof ParameterizedType p) {
        todo.push(p.getRawType());
        for (Type a : p.getActualTypeArguments()) {
          todo.push(a);
        }
      } else if (t instanceof GenericArrayType a) {
        todo.push(a.getGenericComponentType());
      } else if (t instanceof WildcardType w) {
        for (Type b : w.getUpperBounds()) {
          todo.push(b);
        }
        for (Type b : w.getLowerBounds()) {
          todo.push(b);
        }
      } else if (t instanceof TypeVariable<?> v) {
        for (Type b : v.getBounds()) {
          todo.push(b);
        }
      }
    }
  }

  private static void fields(Class<?> k, Deque<Type> todo) {
    Field[] fields;
    try {
      fields = k.getDeclaredFields();
    } catch (LinkageError | SecurityException e) {
      return; // a field's class is missing: the reader fails on it anyway
    }
    for (Field f : fields) {
      int m = f.getModifiers();
      if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
        continue;
      }
      try {
        todo.push(f.getGenericType());
      } catch (RuntimeException | LinkageError e) {
        todo.push(f.getType()); // a malformed generic signature: the raw type
      }
    }
  }

  /** The type arguments a class gives its supertypes ({@code class Prices extends ArrayList<Quote>}). */
  private static void supertypes(Class<?> k, Deque<Type> todo) {
    try {
      if (k.getGenericSuperclass() instanceof ParameterizedType p) {
        todo.push(p);
      }
      for (Type i : k.getGenericInterfaces()) {
        if (i instanceof ParameterizedType p) {
          todo.push(p);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      // a malformed generic signature: its type arguments do not count
    }
  }
}
