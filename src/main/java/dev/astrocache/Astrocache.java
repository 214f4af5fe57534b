package dev.astrocache;

import dev.astrocache.config.Setting;
import dev.astrocache.config.UnknownSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Durable memoization that refreshes itself when the code changes.
 *
 * <pre>{@code
 * Prices prices = Astrocache.wrap(Prices.class, new SlowPrices());
 * prices.quote("ACME");   // computed, then kept on disk
 * prices.quote("ACME");   // answered from disk, in this JVM and the next
 * }</pre>
 *
 * <p>A call is answered from the store when the same method was called with equal arguments, on an
 * implementation with equal state, and the bytecode of the method and of everything it can reach
 * is unchanged. {@link #wrap(Class, Object)} uses the default cache, configured by system
 * properties ({@code -Dastrocache.dir=...}) and environment variables ({@code ASTROCACHE_DIR});
 * {@link #builder()} configures one in code.
 */
public final class Astrocache {
  private Astrocache() {}

  /**
   * Wraps {@code impl} in the {@linkplain #defaultCache() default cache}.
   *
   * @throws IllegalArgumentException if {@code api} is not an interface
   * @see Cache#wrap(Class, Object)
   */
  public static <T> T wrap(Class<T> api, T impl) {
    return defaultCache().wrap(api, impl);
  }

  /**
   * Memoizes {@code fn} in the {@linkplain #defaultCache() default cache}: for code without an
   * interface of its own.
   *
   * @see Cache#memoize(Function)
   */
  public static <T, R> Function<T, R> memoize(Function<T, R> fn) {
    return defaultCache().memoize(fn);
  }

  /**
   * Memoizes a function of two arguments in the default cache.
   *
   * @see Cache#memoize(BiFunction)
   */
  public static <T, U, R> BiFunction<T, U, R> memoize(BiFunction<T, U, R> fn) {
    return defaultCache().memoize(fn);
  }

  /**
   * Memoizes a computation without arguments in the default cache.
   *
   * @see Cache#memoize(Supplier)
   */
  public static <R> Supplier<R> memoize(Supplier<R> fn) {
    return defaultCache().memoize(fn);
  }

  /**
   * Memoizes {@code fn}, of any functional interface {@code fnType}, in the default cache.
   *
   * @see Cache#memoize(Class, Object)
   */
  public static <F> F memoize(Class<F> fnType, F fn) {
    return defaultCache().memoize(fnType, fn);
  }

  /**
   * The cache that {@link #wrap(Class, Object)} uses, built on first use from system properties
   * and environment variables alone. When it cannot be built (a malformed setting, a store that
   * cannot be opened), one warning says why and the cache computes every call; in strict mode
   * this method then throws an {@link IllegalStateException} each time it is called.
   */
  public static Cache defaultCache() {
    if (DefaultHolder.STRICT_FAILURE != null) {
      throw new IllegalStateException(DefaultHolder.STRICT_FAILURE.getMessage(),
          DefaultHolder.STRICT_FAILURE.getCause());
    }
    return DefaultHolder.CACHE;
  }

  /** A builder for a cache configured in code. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Built once; never fails to initialize (which would make every later use a
   * {@link NoClassDefFoundError}): a failure becomes a warning and a {@link PassThroughCache}.
   */
  private static final class DefaultHolder {
    static final Cache CACHE;
    /** In strict mode, what building failed with: {@link #defaultCache()} throws it anew. */
    static final IllegalStateException STRICT_FAILURE;

    static {
      Cache cache;
      IllegalStateException strictFailure = null;
      try {
        cache = new Builder().build();
      } catch (RuntimeException | LinkageError e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        cache = new PassThroughCache(why);
        if (strictRequested()) {
          strictFailure = new IllegalStateException("astrocache: cannot build the default cache: "
              + why + " (strict mode)", e);
        } else {
          System.getLogger("dev.astrocache").log(System.Logger.Level.WARNING, "astrocache: cannot"
              + " build the default cache, so calls through Astrocache.wrap are computed and not"
              + " cached: " + why, e);
        }
      }
      CACHE = cache;
      STRICT_FAILURE = strictFailure;
    }

    /** Whether astrocache.strict asks for strict mode; a malformed value does not. */
    private static boolean strictRequested() {
      try {
        return new Settings(Map.of()).strict();
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  /**
   * Configures a {@link Cache}. Each setting wins over the system property
   * {@code astrocache.<name>}, which wins over the environment variable {@code ASTROCACHE_<NAME>},
   * which wins over the default. Setting the same thing twice, or two settings that exclude each
   * other ({@code remote.token} and {@code remote.user}), is an error.
   */
  public static final class Builder {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private LongSupplier clock = DefaultCache.SYSTEM_CLOCK;

    private Builder() {}

    /** Where entries live ({@code astrocache.dir}); the default is {@code ~/.astrocache}. */
    public Builder directory(Path directory) {
      Objects.requireNonNull(directory, "directory == null");
      return put("dir", "directory", directory.toAbsolutePath().toString());
    }

    /**
     * The store by name ({@code astrocache.store}): {@code file} (the default), {@code memory},
     * {@code http}, {@code tiered}, or one that a jar on the class path provides.
     */
    public Builder store(String name) {
      Objects.requireNonNull(name, "name == null");
      return put("store", "store", name);
    }

    /**
     * The serializer by name ({@code astrocache.serializer}): asked first for every result it
     * handles; the built-in {@code astrocache} codec serves the rest.
     */
    public Builder serializer(String name) {
      Objects.requireNonNull(name, "name == null");
      return put("serializer", "serializer", name);
    }

    /**
     * In strict mode ({@code astrocache.strict}) what would be a warning is an exception: a result
     * that cannot be serialized or written, a store that cannot be read, code whose bytes cannot be
     * read.
     */
    public Builder strict(boolean strict) {
      return put("strict", "strict", Boolean.toString(strict));
    }

    /**
     * The size cap of the file store ({@code astrocache.max.bytes}): past it, the entries worth
     * least (cheap to compute again for their size, little and long unused) are evicted in the
     * background.
     */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
      }
      return put("max.bytes", "maxBytes", Long.toString(maxBytes));
    }

    /**
     * How long entries answer calls ({@code astrocache.ttl}), measured from when each was
     * written: an older entry is computed again and replaced. {@link TimeToLive} on a method or
     * its interface wins over it. Unset, entries do not expire.
     */
    public Builder timeToLive(Duration timeToLive) {
      Objects.requireNonNull(timeToLive, "timeToLive == null");
      if (timeToLive.isNegative() || timeToLive.isZero()) {
        throw new IllegalArgumentException("timeToLive must be positive, not " + timeToLive);
      }
      return put("ttl", "timeToLive", timeToLive.toString());
    }

    /**
     * Whether calls are cached at all ({@code astrocache.enabled}, default {@code true}): with
     * {@code false}, every call goes straight to the implementation, and nothing is read or
     * written (the store is not opened).
     */
    public Builder enabled(boolean enabled) {
      return put("enabled", "enabled", Boolean.toString(enabled));
    }

    /**
     * Computes again every call of the named functions and overwrites their entries ({@code
     * astrocache.refresh}), as the cache directory names them ({@code
     * com.example.Prices.quote-1f3a9c0e}); {@code "true"} for every function.
     */
    public Builder refresh(String functions) {
      Objects.requireNonNull(functions, "functions == null");
      return put("refresh", "refresh", functions);
    }

    /** The clock entries are stamped and expire by: for tests of expiry. */
    Builder clock(LongSupplier millis) {
      this.clock = Objects.requireNonNull(millis, "millis == null");
      return this;
    }

    /**
     * Any setting by its short name, such as {@code "remote.url"}: the same as
     * {@code -Dastrocache.remote.url=...}, for settings that have no method of their own. The
     * settings are those of README.md's configuration tables and those that a store plug-in on
     * the class path lists in {@link dev.astrocache.spi.StoreProvider#settings()}.
     *
     * @throws IllegalArgumentException when no one reads a setting of that name (the message
     *     names the closest one); a malformed value fails in {@link #build()}
     * @throws IllegalStateException when the setting was already set, or conflicts with one
     *     that was
     */
    public Builder setting(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      String n = name.startsWith("astrocache.") ? name.substring("astrocache.".length()) : name;
      if (Setting.named(n).isEmpty()) {
        UnknownSettings.requireKnown(n, Settings.pluginSettings());
      }
      return put(n, n, value);
    }

    private Builder put(String name, String what, String value) {
      String earlier = settings.putIfAbsent(name, value);
      if (earlier != null) {
        String shown = isSecret(name) ? "(hidden)" : earlier;
        throw new IllegalStateException(what + " was already set to " + shown);
      }
      for (String other : CONFLICTS.getOrDefault(name, List.of())) {
        if (settings.containsKey(other)) {
          settings.remove(name);
          throw new IllegalStateException(name + " conflicts with " + other + ", set earlier:"
              + " choose Basic authentication (remote.user and remote.password) or a bearer"
              + " token (remote.token), not both");
        }
      }
      return this;
    }

    /** Settings that exclude each other: the builder refuses the second. */
    private static final Map<String, List<String>> CONFLICTS = Map.of(
        "remote.token", List.of("remote.user", "remote.password"),
        "remote.user", List.of("remote.token"),
        "remote.password", List.of("remote.token"));

    private static boolean isSecret(String name) {
      Optional<Setting<?>> known = Setting.named(name);
      if (known.isPresent()) {
        return known.get().isSecret();
      }
      // a plug-in's setting: hide what looks like a credential
      String n = name.toLowerCase(Locale.ROOT);
      return n.contains("secret") || n.contains("password") || n.contains("token");
    }

    /**
     * Builds the cache and opens its store.
     *
     * @throws IllegalArgumentException if a setting is malformed or names a store or serializer
     *     that is not on the class path
     */
    public Cache build() {
      return new DefaultCache(new Settings(settings), clock);
    }
  }
}
