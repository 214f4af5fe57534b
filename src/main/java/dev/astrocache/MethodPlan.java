package dev.astrocache;

import dev.astrocache.config.Setting;
import dev.astrocache.fingerprint.MethodFingerprint;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a proxy knows about one method of its interface, made once per {@code wrap}: whether it
 * is cached, its names, its annotations ({@link NotKey} parameters, {@link TimeToLive}), and its
 * fingerprints by the set of instantiated types seen with it.
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
  /** The class of the result: for a future ({@link #async}), of the value it completes with. */
  final Class<?> resultType;
  /** Whether the method returns a future, cached by its value ({@link AsyncResults}). */
  final boolean async;
  /**
   * The method that runs, as manifests name it ({@code binary.Impl#name(descriptor)}), or null
   * if reflection does not show it: it tells this impl's older fingerprints from another impl's.
   */
  final String implementation;
  /** Resolves the classes of a result read from the store ({@link Flight#resultLoader}). */
  final ClassLoader resultLoader;
  /** What the serializer is told the result is ({@link DeclaredResult}). */
  final java.lang.reflect.Type declaredResult;
  /** Per parameter: whether it is annotated {@link NotKey}, and so left out of the key. */
  final boolean[] notKey;
  /** The lifetime of entries from {@link TimeToLive} on the method or its interface, or null. */
  final Duration timeToLive;
  private final ConcurrentHashMap<Set<Class<?>>, Code> code = new ConcurrentHashMap<>();
  /** This function's counters in the cache that made the plan, looked up on the first call. */
  volatile Counters counters;
  /**
   * The {@code Method} object (the proxy's) this plan was last looked up by ({@link
   * CachingHandler#plan}): only ever one equal to this plan's method, so a stale one only misses
   * that memo.
   */
  Method askedBy;

  /**
   * Reads the method's annotations, once per wrap.
   *
   * @throws IllegalArgumentException if a {@link TimeToLive} is malformed
   */
  MethodPlan(Class<?> api, Class<?> implClass, Method method) {
    this.method = method;
    this.passThrough = method.getReturnType() == void.class || AsyncResults.isVoid(method)
        || method.isAnnotationPresent(NotCached.class)
        || isObjectMethod(method);
    this.function = Keys.functionName(api, implClass, method);
    this.signature = CallKey.signature(method, implClass);
    this.async = AsyncResults.isAsync(method);
    Class<?> result = async ? AsyncResults.valueType(method) : method.getReturnType();
    this.resultType = boxed(result);
    this.implementation = implementation(implClass, method);
    this.resultLoader = Flight.resultLoader(api, implClass, result);
    java.lang.reflect.Type declared = DeclaredResult.of(method, implClass);
    this.declaredResult = async ? AsyncResults.valueType(declared) : declared;
    Annotation[][] annotations = method.getParameterAnnotations();
    this.notKey = new boolean[annotations.length];
    for (int i = 0; i < annotations.length; i++) {
      for (Annotation a : annotations[i]) {
        notKey[i] |= a instanceof NotKey;
      }
    }
    TimeToLive ttl = method.getAnnotation(TimeToLive.class);
    AnnotatedElement on = method;
    if (ttl == null) {
      ttl = method.getDeclaringClass().getAnnotation(TimeToLive.class);
      on = method.getDeclaringClass();
    }
    if (ttl == null && api != method.getDeclaringClass()) {
      ttl = api.getAnnotation(TimeToLive.class);
      on = api;
    }
    this.timeToLive = ttl == null ? null : timeToLive(ttl.value(), on);
  }

  private static Duration timeToLive(String text, AnnotatedElement on) {
    try {
      return Setting.TTL.parse(text);
    } catch (IllegalArgumentException e) {
      String where = on instanceof Method m ? Keys.signature(m) : ((Class<?>) on).getName();
      throw new IllegalArgumentException("@TimeToLive(\"" + text + "\") on " + where
          + " must be a positive duration such as 90s, 10m, 2h, 7d or PT10M", e);
    }
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
