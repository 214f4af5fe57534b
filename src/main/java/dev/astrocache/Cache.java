package dev.astrocache;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A configured cache, made by {@link Astrocache#builder()}. Thread-safe; one instance can wrap
 * any number of implementations.
 */
public interface Cache extends AutoCloseable {

  /**
   * A proxy of {@code api} that answers each call from the store when the same method was called
   * with equal arguments, on an implementation with equal state, and the bytecode the method can
   * reach is unchanged; otherwise it calls {@code impl} and stores the result. A method that
   * returns a {@code CompletableFuture} or {@code CompletionStage} is cached by the value its
   * future completes with; a hit returns a completed future.
   *
   * @throws IllegalArgumentException if {@code api} is not an interface or {@code impl} does not
   *     implement it
   */
  <T> T wrap(Class<T> api, T impl);

  /**
   * A function that answers each call from the store when {@code fn}'s code (a lambda's body and
   * everything it can reach), its captured values and the argument are the same as in an earlier
   * call, in this JVM or another; otherwise it calls {@code fn} and stores the result. For code
   * without an interface of its own: {@code memoize(path -> parse(path))}. Its
   * {@code andThen} and {@code compose} compose the cached function.
   */
  default <T, R> Function<T, R> memoize(Function<T, R> fn) {
    return Memoizer.function(this, fn);
  }

  /** {@link #memoize(Function)} for a function of two arguments. */
  default <T, U, R> BiFunction<T, U, R> memoize(BiFunction<T, U, R> fn) {
    return Memoizer.biFunction(this, fn);
  }

  /**
   * {@link #memoize(Function)} for a computation without arguments: keyed by its code and its
   * captured values alone.
   */
  default <R> Supplier<R> memoize(Supplier<R> fn) {
    return Memoizer.supplier(this, fn);
  }

  /**
   * {@link #memoize(Function)} for any functional interface:
   * {@code memoize(IntBinaryOperator.class, (a, b) -> slowSum(a, b))}. The same as
   * {@link #wrap(Class, Object) wrap(fnType, fn)}: the interface's default methods run on
   * {@code fn}, uncached.
   *
   * @throws IllegalArgumentException if {@code fnType} is not an interface with one abstract
   *     method, or {@code fn} does not implement it
   */
  default <F> F memoize(Class<F> fnType, F fn) {
    return Memoizer.any(this, fnType, fn);
  }

  /**
   * Counters since this cache was built: in total, and per function in {@link
   * CacheStats#byFunction()}.
   */
  CacheStats stats();

  /**
   * The counters of one wrapped method: {@code stats().function(name)} for the function that
   * method is stored under. Every proxy of the same interface method counts there.
   *
   * @param proxy a proxy returned by {@link #wrap}
   * @throws IllegalArgumentException if {@code proxy} is not one of this cache's proxies, or its
   *     interface has no such method
   */
  CacheStats stats(Object proxy, String methodName, Class<?>... parameterTypes);

  /**
   * Drops the stored entries of every cached method of {@code proxy}, under the current code
   * and under older versions of it: the next call of each is computed. Older versions are told
   * from another implementation's entries by their manifests (which name the method that ran);
   * where no manifest says, an entry is dropped. A store that cannot list its entries ({@code
   * http}) cannot do this; {@code tiered} drops its local entries and, on the server, the copies
   * of those (not the entries only the server holds). A cache built with {@code enabled=false}
   * opens no store and drops nothing.
   *
   * @param proxy a proxy returned by {@link #wrap}
   * @return how many entries were dropped
   * @throws IllegalArgumentException if {@code proxy} is not one of this cache's proxies
   * @throws UnsupportedOperationException if the store cannot list or remove its entries
   * @throws java.io.UncheckedIOException if the store fails
   * @throws IllegalStateException if this cache is closed
   */
  long invalidate(Object proxy);

  /**
   * Drops the stored entries of one method of {@code proxy}, as {@link #invalidate(Object)} does
   * for all of them.
   *
   * @throws IllegalArgumentException if {@code proxy} is not one of this cache's proxies, or its
   *     interface has no such method
   */
  long invalidate(Object proxy, String methodName, Class<?>... parameterTypes);

  /**
   * A view of {@code proxy} whose calls drop the entry that the same call on {@code proxy} would
   * be answered from, under the current code, and return {@code null}, zero or {@code false}
   * without calling the implementation: {@code cache.invalidating(prices).quote("widget", 3)}.
   * Works on every store that can remove entries ({@code http} included).
   *
   * @param proxy a proxy returned by {@link #wrap}
   * @throws IllegalArgumentException if {@code proxy} is not one of this cache's proxies
   */
  <T> T invalidating(T proxy);

  /**
   * What the keys of a wrapped method depend on in code.
   *
   * @param proxy a proxy returned by {@link #wrap}, or a function returned by {@code memoize}
   *     ({@code explain(fn, "apply", Object.class)})
   * @throws IllegalArgumentException if {@code proxy} is not one of this cache's proxies, or its
   *     interface has no such method
   */
  Manifest explain(Object proxy, String methodName, Class<?>... parameterTypes);

  /** Closes the store. Proxies made by this cache then call through without caching. */
  @Override
  void close();
}
