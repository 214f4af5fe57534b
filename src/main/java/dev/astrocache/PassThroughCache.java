package dev.astrocache;

import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * The default cache when it cannot be built (a malformed {@code -Dastrocache.*} setting, a store
 * that cannot be opened): {@link #wrap} hands back the implementation itself, so every call is
 * computed, and the program runs as it would without astrocache.
 */
final class PassThroughCache implements Cache {
  private final String why;
  private final Stats stats = new Stats();

  /** {@code why}: what failed, for {@link #explain}'s message. */
  PassThroughCache(String why) {
    this.why = why;
  }

  @Override
  public <T> T wrap(Class<T> api, T impl) {
    Objects.requireNonNull(api, "api == null");
    Objects.requireNonNull(impl, "impl == null");
    if (!api.isInterface()) {
      throw new IllegalArgumentException("astrocache can only wrap an interface, and " + api.getName()
          + " is a class: declare the methods to cache in an interface, implement it, and wrap"
          + " that (Astrocache.wrap(MyApi.class, new MyImpl()))");
    }
    if (!api.isInstance(impl)) {
      throw new IllegalArgumentException("impl " + impl.getClass().getName()
          + " does not implement " + api.getName());
    }
    return impl;
  }

  @Override
  public CacheStats stats() {
    return stats.snapshot();
  }

  /** Nothing was counted: the calls went straight to the implementation. */
  @Override
  public CacheStats stats(Object proxy, String methodName, Class<?>... parameterTypes) {
    Objects.requireNonNull(proxy, "proxy == null");
    Objects.requireNonNull(methodName, "methodName == null");
    return new Stats().snapshot();
  }

  /** Nothing is stored, so nothing is dropped. */
  @Override
  public long invalidate(Object proxy) {
    Objects.requireNonNull(proxy, "proxy == null");
    return 0;
  }

  /** Nothing is stored, so nothing is dropped. */
  @Override
  public long invalidate(Object proxy, String methodName, Class<?>... parameterTypes) {
    Objects.requireNonNull(proxy, "proxy == null");
    Objects.requireNonNull(methodName, "methodName == null");
    return 0;
  }

  /**
   * A view whose calls drop nothing (nothing is stored) and return {@code null}, zero or
   * {@code false} without calling the implementation, as the default cache's view does.
   */
  @Override
  public <T> T invalidating(T proxy) {
    Objects.requireNonNull(proxy, "proxy == null");
    @SuppressWarnings("unchecked")
    T view = (T) Proxy.newProxyInstance(proxy.getClass().getClassLoader(),
        proxy.getClass().getInterfaces(), (self, method, args) ->
            method.getDeclaringClass() == Object.class
                ? method.getName().equals("equals") ? Boolean.valueOf(self == args[0])
                : method.getName().equals("hashCode")
                    ? Integer.valueOf(System.identityHashCode(self))
                : "invalidating(" + proxy + ")"
                : DefaultCache.zero(method.getReturnType()));
    return view;
  }

  @Override
  public Manifest explain(Object proxy, String methodName, Class<?>... parameterTypes) {
    throw new IllegalStateException("astrocache: the default cache caches nothing, so it has"
        + " nothing to explain: it could not be built (" + why + ")");
  }

  @Override
  public void close() {}
}
