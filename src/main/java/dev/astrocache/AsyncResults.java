package dev.astrocache;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Methods that return a {@link CompletableFuture} or a {@link CompletionStage}: cached by the
 * value the future completes with. A hit returns an already completed future. On a miss the impl
 * is called on the caller's thread, which gets a future at once; when the impl's future completes,
 * a thread of this class (never the caller's) serializes and writes the value, then completes the
 * caller's future, so a program that waits for it also waits for the write. A future completed
 * exceptionally is not cached. Callers of the same key while it is in flight share the
 * computation, each with its own copy of the value, as {@link SingleFlight} does for other calls.
 */
final class AsyncResults {
  /** What the cache does for a miss of an asynchronous method. */
  interface Miss {
    /** The entry, if another caller wrote it since this one looked; else null. */
    Flight lookAgain();

    /** Counts the miss and calls the impl: what it returned (a future, or null). */
    Object call() throws Throwable;

    /** Serializes and stores the completed value; what followers copy. */
    Flight store(Object value, long nanos);
  }

  private final ConcurrentHashMap<String, CompletableFuture<Flight>> inFlight =
      new ConcurrentHashMap<>();
  /**
   * Writes completed values; its threads are daemons and end when idle. Made by the first
   * asynchronous call: a program without one (or a fresh JVM's first hit) sets up no pool.
   */
  private Executor writer;

  private synchronized Executor writer() {
    if (writer == null) {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 10, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), new ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "astrocache-async-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });
      pool.allowCoreThreadTimeOut(true);
      writer = pool;
    }
    return writer;
  }

  /** Whether {@code m} returns a future that this class caches by its value. */
  static boolean isAsync(Method m) {
    Class<?> r = m.getReturnType();
    return r == CompletableFuture.class || r == CompletionStage.class;
  }

  /**
   * Whether {@code m} returns a future of {@link Void}: like a {@code void} method, it is called
   * for its effect and passes straight through.
   */
  static boolean isVoid(Method m) {
    return isAsync(m) && valueType(m) == Void.class;
  }

  /** The class of the value an asynchronous method's future completes with. */
  static Class<?> valueType(Method m) {
    if (m.getGenericReturnType() instanceof ParameterizedType p) {
      Type t = p.getActualTypeArguments()[0];
      if (t instanceof Class<?> c) {
        return c;
      }
      if (t instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
        return raw;
      }
      if (t instanceof GenericArrayType) {
        return Object.class; // T[] or List<String>[]: its element type is checked by nobody
      }
    }
    return Object.class; // a type variable, a wildcard or a raw future
  }

  /**
   * The declared type of the value a future of the declared type {@code declared} completes with
   * ({@code List<String>} for {@code CompletableFuture<List<String>>}), as the serializer is told.
   */
  static Type valueType(Type declared) {
    return declared instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }

  /** A hit: the value in a completed future. */
  static CompletableFuture<Object> hit(Object value) {
    return CompletableFuture.completedFuture(value);
  }

  /** A miss of {@code key}: leads the computation, or follows the one in flight. */
  CompletableFuture<Object> miss(String key, MethodPlan plan, Miss miss) throws Throwable {
    CompletableFuture<Flight> mine = new CompletableFuture<>();
    CompletableFuture<Flight> leader = inFlight.putIfAbsent(key, mine);
    CompletableFuture<Object> caller = new CompletableFuture<>();
    if (leader != null) {
      leader.whenComplete((flight, error) -> {
        if (error != null) {
          caller.completeExceptionally(cause(error));
        } else {
          caller.complete(flight.copyFor(plan));
        }
      });
      return caller;
    }
    Object returned;
    try {
      Flight written = miss.lookAgain();
      if (written != null) {
        done(key, mine, written);
        return hit(written.value());
      }
      returned = miss.call();
    } catch (Throwable t) {
      failed(key, mine, t);
      throw t;
    }
    if (returned == null) {
      NullPointerException e = new NullPointerException("astrocache: "
          + Keys.signature(plan.method) + " returned null instead of a future");
      failed(key, mine, e);
      return null;
    }
    long start = System.nanoTime();
    ((CompletionStage<?>) returned).whenCompleteAsync((value, error) -> {
      if (error != null) {
        // not cached: the next call computes again
        failed(key, mine, cause(error));
        caller.completeExceptionally(cause(error));
        return;
      }
      Flight flight;
      try {
        flight = miss.store(value, System.nanoTime() - start);
      } catch (RuntimeException | Error e) {
        // strict mode's write failure: the caller gets it, as a synchronous call would
        failed(key, mine, e);
        caller.completeExceptionally(e);
        return;
      }
      done(key, mine, flight);
      caller.complete(value);
    }, writer());
    return caller;
  }

  private void done(String key, CompletableFuture<Flight> mine, Flight flight) {
    inFlight.remove(key, mine);
    mine.complete(flight);
  }

  private void failed(String key, CompletableFuture<Flight> mine, Throwable t) {
    inFlight.remove(key, mine);
    mine.completeExceptionally(t);
  }

  /** The exception a stage completed with, without the wrapper a dependent stage adds. */
  private static Throwable cause(Throwable t) {
    return (t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null ? t.getCause() : t;
  }
}
