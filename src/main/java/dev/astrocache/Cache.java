package dev.astrocache;

/**
 * A configured cache, made by {@link Astrocache#builder()}. Thread-safe; one instance can wrap
 * any number of implementations.
 */
public interface Cache extends AutoCloseable {

  /**
   * A proxy of {@code api} that answers each call from the store when the same method was called
   * with equal arguments, on an implementation with equal state, and the bytecode the method can
   * reach is unchanged; otherwise it calls {@code impl} and stores the result.
   *
   * @throws IllegalArgumentException if {@code api} is not an interface or {@code impl} does not
   *     implement it
   */
  <T> T wrap(Class<T> api, T impl);

  /** Counters since this cache was built. */
  CacheStats stats();

  /**
   * What the keys of a wrapped method depend on in code.
   *
   * @param proxy a proxy returned by {@link #wrap}
   * @throws IllegalArgumentException if {@code proxy} is not one of this cache's proxies, or its
   *     interface has no such method
   */
  Manifest explain(Object proxy, String methodName, Class<?>... parameterTypes);

  /** Closes the store. Proxies made by this cache then call through without caching. */
  @Override
  void close();
}
