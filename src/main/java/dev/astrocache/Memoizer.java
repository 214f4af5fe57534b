package dev.astrocache;

import dev.astrocache.base.Classes;
import dev.astrocache.fingerprint.Fingerprinter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code memoize}: a function without an interface of its own is wrapped as the implementation of
 * its functional interface, through the same path as {@link Cache#wrap}. The key is then the
 * interface method, the arguments and the function object's state: for a lambda, its captured
 * values; its code is the lambda's body, found through the {@code invokedynamic} site that made
 * it in the capturing class and walked like a wrapped method's.
 *
 * <p>{@link Function}, {@link BiFunction} and {@link Supplier} come back as a function that calls
 * the cached one, so that their default methods ({@code andThen}, {@code compose}) compose the
 * cached function rather than the original.
 */
final class Memoizer {
  private Memoizer() {}

  static <T, R> Function<T, R> function(Cache cache, Function<T, R> fn) {
    Objects.requireNonNull(fn, "fn == null");
    return new Fn<T, R>(wrap(cache, Function.class, fn));
  }

  static <T, U, R> BiFunction<T, U, R> biFunction(Cache cache, BiFunction<T, U, R> fn) {
    Objects.requireNonNull(fn, "fn == null");
    return new BiFn<T, U, R>(wrap(cache, BiFunction.class, fn));
  }

  static <R> Supplier<R> supplier(Cache cache, Supplier<R> fn) {
    Objects.requireNonNull(fn, "fn == null");
    return new Sup<R>(wrap(cache, Supplier.class, fn));
  }

  /**
   * @throws IllegalArgumentException if {@code fnType} is not a functional interface (one
   *     abstract method besides {@code Object}'s) or {@code fn} does not implement it
   */
  static <F> F any(Cache cache, Class<F> fnType, F fn) {
    Objects.requireNonNull(fnType, "fnType == null");
    Objects.requireNonNull(fn, "fn == null");
    if (!fnType.isInterface() || abstractMethods(fnType) != 1) {
      throw new IllegalArgumentException("memoize needs a functional interface (one abstract"
          + " method), and " + fnType.getName() + " is not one: pass the interface the lambda"
          + " implements (memoize(IntBinaryOperator.class, (a, b) -> a + b)), or wrap an"
          + " implementation of " + fnType.getSimpleName() + " with wrap()");
    }
    noteSite(fn);
    return cache.wrap(fnType, fn);
  }

  /** The proxy behind a memoized function, for {@link Cache#explain}; else {@code fn} itself. */
  static Object proxyOf(Object fn) {
    if (fn instanceof Fn<?, ?> f) {
      return f.proxy;
    } else if (fn instanceof BiFn<?, ?, ?> f) {
      return f.proxy;
    } else if (fn instanceof Sup<?> f) {
      return f.proxy;
    }
    return fn;
  }

  /** Calls the proxy; its default methods ({@code andThen}) thus compose the cached function. */
  private record Fn<T, R>(Function<T, R> proxy) implements Function<T, R> {
    @Override
    public R apply(T t) {
      return proxy.apply(t);
    }
  }

  private record BiFn<T, U, R>(BiFunction<T, U, R> proxy) implements BiFunction<T, U, R> {
    @Override
    public R apply(T t, U u) {
      return proxy.apply(t, u);
    }
  }

  private record Sup<R>(Supplier<R> proxy) implements Supplier<R> {
    @Override
    public R get() {
      return proxy.get();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <F> F wrap(Cache cache, Class raw, Object fn) {
    noteSite(fn);
    return (F) cache.wrap(raw, fn);
  }

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  /**
   * A lambda made in the call to {@code memoize} ({@code memoize(s -> ...)}) was made by the
   * {@code invokedynamic} just before that call: noting where the call is lets the fingerprint
   * tell it from its siblings of the same shape in the class, so it hits in the next run.
   */
  private static void noteSite(Object fn) {
    Class<?> type = fn.getClass();
    if (!Classes.isLambda(type)) {
      return;
    }
    String capturing = Classes.capturingClass(type);
    WALKER.walk(frames -> frames.filter(f -> !FRONT.contains(f.getDeclaringClass()))
        .findFirst()).ifPresent(f -> {
          if (f.getDeclaringClass().getName().equals(capturing)) {
            Fingerprinter.lambdaPassedAt(type, f.getMethodName(), f.getDescriptor(),
                f.getByteCodeIndex());
          }
        });
  }

  /** The classes a call to memoize goes through before it gets here. */
  private static final Set<Class<?>> FRONT = Set.of(Memoizer.class, Cache.class,
      Astrocache.class);

  /** By name: an interface that narrows a generic one's method inherits both declarations. */
  private static int abstractMethods(Class<?> type) {
    Set<String> names = new HashSet<>();
    for (Method m : type.getMethods()) {
      if (Modifier.isAbstract(m.getModifiers()) && !MethodPlan.isObjectMethod(m)) {
        names.add(m.getName());
      }
    }
    return names.size();
  }
}
