package dev.astrocache;

import dev.astrocache.fingerprint.MethodFingerprint;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a proxy knows about one method of its interface, made once per {@code wrap}: whether it
 * is cached, its names, and its fingerprints by the set of instantiated types seen with it.
 */
final class MethodPlan {
  /**
   * A fingerprint with its hex form, computed once per plan and seed set, the readers of the
   * ambient inputs its code reads, and when ({@link System#nanoTime}) its reads were last found
   * unchanged. With ambient inputs, the code an entry is filed under is the one
   * {@link Ambient.Memo#current} makes of this and the inputs' values.
   */
  record Code(byte[] hash, String hex, MethodFingerprint fingerprint, Ambient.Memo ambient,
      long checkedAt) {
    Code(byte[] hash, String hex, MethodFingerprint fingerprint, Ambient.Memo ambient) {
      this(hash, hex, fingerprint, ambient, System.nanoTime());
    }
  }

  final Method method;
  final boolean passThrough;
  final String function;
  /** The signature part of the call key ({@link CallKey#signature}). */
  final byte[] signature;
  final Class<?> resultType;
  /**
   * The method that runs, as manifests name it ({@code binary.Impl#name(descriptor)}), or null
   * if reflection does not show it: it tells this impl's older fingerprints from another impl's.
   */
  final String implementation;
  /** Resolves the classes of a result read from the store ({@link Flight#resultLoader}). */
  final ClassLoader resultLoader;
  /** What the serializer is told the result is ({@link DeclaredResult}). */
  final java.lang.reflect.Type declaredResult;
  private final ConcurrentHashMap<Set<Class<?>>, Code> code = new ConcurrentHashMap<>();

  MethodPlan(Class<?> api, Class<?> implClass, Method method) {
    this.method = method;
    this.passThrough = method.getReturnType() == void.class
        || method.isAnnotationPresent(NotCached.class)
        || isObjectMethod(method);
    this.function = Keys.functionName(api, method);
    this.signature = CallKey.signature(method, implClass);
    this.resultType = boxed(method.getReturnType());
    this.implementation = implementation(implClass, method);
    this.resultLoader = Flight.resultLoader(api, implClass, method.getReturnType());
    this.declaredResult = DeclaredResult.of(method, implClass);
  }

  private static String implementation(Class<?> implClass, Method method) {
    try {
      return Keys.signature(implClass.getMethod(method.getName(), method.getParameterTypes()));
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
  }

  Code code(Set<Class<?>> seeds, Function<Set<Class<?>>, Code> compute) {
    Code c = code.get(seeds);
    return c != null ? c : code.computeIfAbsent(Set.copyOf(seeds), compute);
  }

  /** Replaces {@code old} with {@code fresh} after a recheck, unless another thread did. */
  void recheck(Set<Class<?>> seeds, Code old, Code fresh) {
    code.replace(seeds, old, fresh);
  }

  static boolean isObjectMethod(Method m) {
    switch (m.getName()) {
      case "equals":
        return m.getParameterCount() == 1 && m.getParameterTypes()[0] == Object.class;
      case "hashCode":
      case "toString":
        return m.getParameterCount() == 0;
      default:
        return false;
    }
  }

  static Class<?> boxed(Class<?> t) {
    if (!t.isPrimitive()) {
      return t;
    }
    if (t == int.class) {
      return Integer.class;
    } else if (t == long.class) {
      return Long.class;
    } else if (t == boolean.class) {
      return Boolean.class;
    } else if (t == double.class) {
      return Double.class;
    } else if (t == float.class) {
      return Float.class;
    } else if (t == char.class) {
      return Character.class;
    } else if (t == byte.class) {
      return Byte.class;
    } else if (t == short.class) {
      return Short.class;
    }
    return Void.class;
  }
}
