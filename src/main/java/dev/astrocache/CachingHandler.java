package dev.astrocache;

import dev.astrocache.codec.CanonicalEncoder;
import dev.astrocache.codec.ImplState;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The proxy's handler: makes the proxy, routes {@code Object}'s methods to the impl, and each
 * other call to its method's plan, then to the cache or straight to the impl.
 */
final class CachingHandler implements InvocationHandler {
  // Only api and impl say what this proxy computes: when the proxy is itself the impl of another
  // wrap, its state is encoded from this handler's fields, and the cache's counters and memos
  // (transient here) would make every key new.
  final transient DefaultCache cache;
  final Class<?> api;
  final Object impl;
  /** Encodes this proxy's arguments and its impl's state; its code lookups are per wrap. */
  final transient CanonicalEncoder encoder;
  /** The impl's state, read once at wrap: its immutable fields are kept, the others re-read. */
  final transient ImplState state;
  private final transient ConcurrentHashMap<Method, MethodPlan> plans;
  /**
   * The last plan looked up, found again by the {@code Method} object it was asked for ({@link
   * MethodPlan#askedBy}): the proxy passes its own {@code Method} objects, which are not the
   * ones {@link #plans} holds (those of {@code getMethods()}), so a lookup there compares
   * parameter types on every call.
   */
  private transient volatile MethodPlan last;

  CachingHandler(DefaultCache cache, Class<?> api, Object impl, CanonicalEncoder encoder,
      ImplState state) {
    this.cache = cache;
    this.state = state;
    this.api = api;
    this.impl = impl;
    this.encoder = encoder;
    ConcurrentHashMap<Method, MethodPlan> p = new ConcurrentHashMap<>();
    for (Method m : api.getMethods()) {
      try {
        m.setAccessible(true); // a package-private interface, or one in another module
      } catch (RuntimeException e) {
        // not opened to us: a public method of an exported interface works without it
      }
      p.put(m, new MethodPlan(api, impl.getClass(), m));
    }
    this.plans = p;
  }

  /**
   * A proxy of {@code api} whose calls {@code cache} answers from {@code impl}.
   *
   * @param currentCode the bytes a class has now, for functional arguments and services
   */
  static <T> T proxy(DefaultCache cache, Class<T> api, T impl,
      Function<Class<?>, byte[]> currentCode) {
    if (!api.isInterface()) {
      throw new IllegalArgumentException("astrocache can only wrap an interface, and " + api.getName()
          + " is a class: declare the methods to cache in an interface, implement it, and wrap"
          + " that (Astrocache.wrap(MyApi.class, new MyImpl()))");
    }
    if (!api.isInstance(impl)) {
      throw new IllegalArgumentException("impl " + impl.getClass().getName()
          + " does not implement " + api.getName());
    }
    // the code of functional arguments and of services is looked up once per wrap, against the
    // bytes classes have now (JShell and HotSwap redefine classes in place), then memoized here
    // classes, not lambdas: a fresh JVM's first wrap and call come here (issue 13, target 4)
    ConcurrentHashMap<Class<?>, byte[]> codes = new ConcurrentHashMap<>();
    CanonicalEncoder encoder = new CanonicalEncoder(new CanonicalEncoder.CodeIdentity() {
      @Override
      public byte[] codeOf(Class<?> type) {
        byte[] c = codes.get(type);
        return c != null ? c : codes.computeIfAbsent(type, currentCode);
      }
    });
    CachingHandler handler =
        new CachingHandler(cache, api, impl, encoder, StateReading.open(cache, encoder, impl));
    return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler));
  }

  /** The handler of {@code proxy}, which {@code cache} must have made. */
  static CachingHandler of(Object proxy, DefaultCache cache) {
    if (!Proxy.isProxyClass(proxy.getClass())
        || !(Proxy.getInvocationHandler(proxy) instanceof CachingHandler h) || h.cache != cache) {
      throw new IllegalArgumentException("not a proxy made by this cache: "
          + proxy.getClass().getName() + ". Pass the object that wrap() returned.");
    }
    return h;
  }

  /** The API's method {@code name(parameterTypes)}. */
  Method method(String name, Class<?>... parameterTypes) {
    try {
      return api.getMethod(name, parameterTypes);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(api.getName() + " has no method " + name
          + Arrays.toString(parameterTypes).replace('[', '(').replace(']', ')'), e);
    }
  }

  /** The plan of a method of the API, made once per wrap. */
  MethodPlan plan(Method m) {
    MethodPlan l = last;
    if (l != null && l.askedBy == m) {
      return l;
    }
    MethodPlan plan = plans.get(m);
    // only explain() can ask for another Method (getMethod's pick among inherited overloads)
    if (plan == null) {
      plan = plans.computeIfAbsent(m, k -> new MethodPlan(api, impl.getClass(), k));
    }
    plan.askedBy = m;
    last = plan;
    return plan;
  }

  /** How many plans this handler holds: one per API method, whatever is called. */
  int planCount() {
    return plans.size();
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    // the proxy hands equals, hashCode and toString over as Object's own Method objects, even
    // when the API redeclares them: they go to the impl before any plan is looked up
    if (method.getDeclaringClass() == Object.class) {
      if (method.getName().equals("equals")) {
        return impl.equals(unwrap(args[0]));
      }
      return call(method, args);
    }
    MethodPlan plan = plan(method);
    if (plan.passThrough) {
      return call(method, args);
    }
    return cache.invoke(this, plan, args == null ? new Object[0] : args);
  }

  Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(impl, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object unwrap(Object o) {
    if (o != null && Proxy.isProxyClass(o.getClass())
        && Proxy.getInvocationHandler(o) instanceof CachingHandler h) {
      return h.impl;
    }
    return o;
  }
}
