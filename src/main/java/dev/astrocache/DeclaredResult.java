package dev.astrocache;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A method's declared result type as the serializer is told it: the generic return type, with
 * the type variables of the API bound to the impl's type arguments ({@code T get()} of {@code
 * Api<T>}, on an impl of {@code Api<Point>}, declares {@code Point}). It decides which classes the
 * codec's {@code java.io} part may name, so it comes from the code, never from the entry.
 */
final class DeclaredResult {
  private DeclaredResult() {}

  static Type of(Method method, Class<?> implClass) {
    Type t = method.getGenericReturnType();
    if (t instanceof Class<?>) {
      return t;
    }
    try {
      return substitute(t, bindings(implClass), new HashSet<>());
    } catch (RuntimeException | LinkageError e) {
      return method.getReturnType(); // a malformed generic signature: the erasure
    }
  }

  /** The type variables of {@code implClass}'s supertypes, bound as it and they extend them. */
  private static Map<TypeVariable<?>, Type> bindings(Class<?> implClass) {
    Map<TypeVariable<?>, Type> map = new HashMap<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    todo.add(implClass);
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      if (!seen.add(c)) {
        continue;
      }
      Type[] supers = c.getGenericInterfaces();
      Type superclass = c.getGenericSuperclass();
      if (superclass != null) {
        supers = Arrays.copyOf(supers, supers.length + 1);
        supers[supers.length - 1] = superclass;
      }
      for (Type s : supers) {
        if (s instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
          TypeVariable<?>[] vars = raw.getTypeParameters();
          Type[] args = p.getActualTypeArguments();
          for (int i = 0; i < vars.length && i < args.length; i++) {
            map.putIfAbsent(vars[i], substitute(args[i], map, new HashSet<>()));
          }
          todo.add(raw);
        } else if (s instanceof Class<?> raw) {
          todo.add(raw);
        }
      }
    }
    return map;
  }

  private static Type substitute(Type t, Map<TypeVariable<?>, Type> map, Set<Type> busy) {
    if (t instanceof TypeVariable<?> v) {
      Type bound = map.get(v);
      return bound == null || !busy.add(v) ? v : substitute(bound, map, busy);
    }
    if (t instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments().clone();
      for (int i = 0; i < args.length; i++) {
        args[i] = substitute(args[i], map, busy);
      }
      return new Parameterized(p.getRawType(), args, p.getOwnerType());
    }
    if (t instanceof GenericArrayType a) {
      Type component = substitute(a.getGenericComponentType(), map, busy);
      return new ArrayOf(component);
    }
    if (t instanceof WildcardType w) {
      Type[] upper = w.getUpperBounds().clone();
      for (int i = 0; i < upper.length; i++) {
        upper[i] = substitute(upper[i], map, busy);
      }
      Type[] lower = w.getLowerBounds().clone();
      for (int i = 0; i < lower.length; i++) {
        lower[i] = substitute(lower[i], map, busy);
      }
      return new Wildcard(upper, lower);
    }
    return t;
  }

  private record ArrayOf(Type component) implements GenericArrayType {
    @Override
    public Type getGenericComponentType() {
      return component;
    }

    @Override
    public String getTypeName() {
      return component.getTypeName() + "[]";
    }
  }

  private record Wildcard(Type[] upper, Type[] lower) implements WildcardType {
    @Override
    public Type[] getUpperBounds() {
      return upper.clone();
    }

    @Override
    public Type[] getLowerBounds() {
      return lower.clone();
    }

    @Override
    public String getTypeName() {
      return lower.length > 0 ? "? super " + lower[0].getTypeName()
          : upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + upper[0].getTypeName();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Wildcard w && Arrays.equals(upper, w.upper) && Arrays.equals(lower, w.lower);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(upper) * 31 + Arrays.hashCode(lower);
    }
  }

  /** A parameterized type with its variables bound (the JDK's own implementation is internal). */
  private record Parameterized(Type raw, Type[] args, Type owner) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return owner;
    }

    @Override
    public String getTypeName() {
      StringBuilder s = new StringBuilder(raw.getTypeName()).append('<');
      for (int i = 0; i < args.length; i++) {
        s.append(i == 0 ? "" : ", ").append(args[i].getTypeName());
      }
      return s.append('>').toString();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Parameterized p && raw.equals(p.raw) && Arrays.equals(args, p.args)
          && Objects.equals(owner, p.owner);
    }

    @Override
    public int hashCode() {
      return raw.hashCode() * 31 + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
      return getTypeName();
    }
  }
}
