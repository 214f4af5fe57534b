package dev.astrocache;

import dev.astrocache.spi.Serializer;

/**
 * A result with the payload it can be copied from (null if it could not be serialized; the
 * payload of a hit is a range of the entry it was read from): what
 * a hit gives, and what the thread that computed or read a call hands to the threads that
 * waited for it, each of which gets its own copy as from a hit (a mutable result is never
 * shared between callers; only one that could not be serialized is).
 */
record Flight(Object value, Serializer serializer, byte[] payload, int offset, int length) {

  /** A result with all of {@code payload} (null if it could not be serialized). */
  Flight(Object value, Serializer serializer, byte[] payload) {
    this(value, serializer, payload, 0, payload == null ? 0 : payload.length);
  }

  /** A follower's own copy of the value. */
  Object copyFor(MethodPlan plan) {
    if (payload != null) {
      try {
        return Serializers.deserialize(serializer, payload, offset, length, plan.resultLoader,
            plan.declaredResult);
      } catch (Exception | LinkageError | AssertionError e) {
        // it was read or written with this payload a moment ago: share rather than fail
      }
    }
    return value;
  }

  /**
   * The loader that resolves a result's classes, made once per plan: through the loaders that can
   * see them, in order the return type's, the impl's, the API's, the calling thread's context
   * loader (read at each lookup) and the system class loader. A value made by a plug-in's classes
   * thus resolves when any of them sees the plug-in.
   */
  static ClassLoader resultLoader(Class<?> api, Class<?> implClass, Class<?> returnType) {
    return new ResultLoader(returnType.getClassLoader(), implClass.getClassLoader(),
        api.getClassLoader());
  }

  /** Whether {@code e} comes from a class that cannot be loaded here: a miss, not corruption. */
  static boolean isMissingClass(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Asks each loader in turn; defines nothing itself. Holds no more than the plan does. */
  private static final class ResultLoader extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final ClassLoader[] loaders;

    ResultLoader(ClassLoader... loaders) {
      super("astrocache-results", null);
      this.loaders = loaders;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      for (ClassLoader l : new ClassLoader[] {loaders[0], loaders[1], loaders[2], context,
          ClassLoader.getSystemClassLoader()}) {
        if (l == null) {
          continue;
        }
        try {
          return Class.forName(name, false, l);
        } catch (ClassNotFoundException | LinkageError e) {
          // the next one may see it
        }
      }
      throw new ClassNotFoundException(name + " (not visible to the return type's, the impl's,"
          + " the API's, the thread's context or the system class loader)");
    }
  }
}
