package dev.astrocache.fingerprint;

import dev.astrocache.base.Classes;
import dev.astrocache.base.Descriptors;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JDK's classes: those of the boot layer's modules defined to the boot or platform loader.
 * They are not walked; the Java feature version stands in for them. Their shape (supertypes,
 * overridable methods) is read by reflection, which is safe to memoize for the JVM's lifetime.
 */
final class JdkTypes {
  private static final ConcurrentHashMap<String, Set<String>> SUPERTYPES = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Set<String>> OVERRIDABLE = new ConcurrentHashMap<>();

  private JdkTypes() {}

  /** Whether the internal name is a JDK class or an array: {@link Classes#isJdk(String)}. */
  static boolean isJdk(String internalName) {
    return Classes.isJdk(internalName);
  }

  private static Optional<Class<?>> load(String internalName) {
    try {
      return Optional.of(Class.forName(Names.binary(internalName), false,
          ClassLoader.getPlatformClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** The JDK type and all its supertypes, as internal names ({@code java/lang/Object} included). */
  static Set<String> supertypes(String internalName) {
    return SUPERTYPES.computeIfAbsent(internalName, name -> {
      Set<String> all = new HashSet<>();
      all.add("java/lang/Object");
      all.add(name);
      Deque<Class<?>> todo = new ArrayDeque<>();
      load(name).ifPresent(todo::add);
      while (!todo.isEmpty()) {
        Class<?> c = todo.pop();
        all.add(Names.internal(c));
        if (c.getSuperclass() != null) {
          todo.add(c.getSuperclass());
        }
        for (Class<?> i : c.getInterfaces()) {
          todo.add(i);
        }
      }
      return Set.copyOf(all);
    });
  }

  /**
   * The {@code name + descriptor} of every instance method the JDK type and its supertypes
   * declare that a subclass can override: what JDK code may call back on a user's object.
   */
  static Set<String> overridableMethods(String internalName) {
    return OVERRIDABLE.computeIfAbsent(internalName, name -> {
      Set<String> methods = new HashSet<>();
      for (String type : supertypes(name)) {
        load(type).ifPresent(c -> {
          for (Method m : c.getDeclaredMethods()) {
            int mod = m.getModifiers();
            if (!Modifier.isStatic(mod) && !Modifier.isPrivate(mod) && !Modifier.isFinal(mod)) {
              methods.add(m.getName() + Descriptors.of(m));
            }
          }
        });
      }
      return Set.copyOf(methods);
    });
  }
}
