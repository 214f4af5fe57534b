package dev.astrocache;

import dev.astrocache.base.Hashes;
import dev.astrocache.base.LazyLogger;
import dev.astrocache.codec.CanonicalEncoder;
import dev.astrocache.codec.UnencodableValueException;
import dev.astrocache.codec.ValueCodec;
import dev.astrocache.config.Setting;
import dev.astrocache.fingerprint.AmbientInput;
import dev.astrocache.fingerprint.Fingerprinter;
import dev.astrocache.fingerprint.MethodFingerprint;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Serializer;
import dev.astrocache.spi.Store;
import dev.astrocache.store.DirectRead;
import dev.astrocache.store.FileLayout;
import dev.astrocache.store.PendingWrites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The cache: a call's key ({@link CallKey}), a lookup, else one computation per key
 * ({@link SingleFlight}) and a write, with the serializer {@link Serializers} picks and failures
 * handled by {@link FailurePolicy}.
 */
final class DefaultCache implements Cache {
  private static final System.Logger LOG = LazyLogger.of("dev.astrocache");
  /** The fix, when this process's user may not read or write part of the directory. */
  private static final String DENIED = " Fix: give this user (" + System.getProperty("user.name")
      + ") read and write access to the folder, or set astrocache.dir to a folder of its own.";

  private final Path directory;
  private final String storeName;
  private final Stats stats = new Stats();
  final FailurePolicy failures;
  private final Serializers serializers;
  private final Store store;
  private final Fingerprinter fingerprinter;
  private final Manifests manifests;
  /** Whether entry headers keep a rendering of the call's arguments (describe.arguments). */
  private final boolean describeArguments;
  private final Ambient ambient;
  /** Run when a call waits for another thread's computation: tests release the leader on it. */
  private volatile Runnable onFollow = NOTHING;
  private final SingleFlight<Flight> flights = new SingleFlight<>(new Runnable() {
    @Override
    public void run() {
      onFollow.run();
    }
  });
  private final AsyncResults async = new AsyncResults();
  /** singleflight=machine: the processes sharing the directory compute a key once. */
  private final MachineFlight machine;
  /** Entries this cache has written: a leader looks again only if one was written meanwhile. */
  private final AtomicLong writes = new AtomicLong();
  /** {@code enabled=false}: every call goes straight to the impl, and no store is opened. */
  private final boolean enabled;
  /** The lifetime of entries whose method and interface set none ({@code ttl}), or null. */
  private final Duration timeToLive;
  /** The functions whose calls are computed again ({@code refresh}). */
  private final Set<String> refresh;
  /** Epoch millis: entries record it when written, and expire by it. */
  private final LongSupplier clock;
  private volatile boolean closed;
  /** How long a plan's fingerprint is used before its reads are checked again. */
  private final long recheckNanos;

  /*
   * No lambdas or method references on the way to a hit (construction, wrap, a call's key, the
   * lookup): each site spins a hidden class at its first use, ~0.5 ms apiece in a fresh JVM
   * (issue 13, target 4; FirstCallTest). Anonymous and named classes are loaded from the jar.
   */
  private static final Runnable NOTHING = new Runnable() {
    @Override
    public void run() {}
  };
  /** Epoch millis from the system clock, the clock of every cache but tests'. */
  static final LongSupplier SYSTEM_CLOCK = new LongSupplier() {
    @Override
    public long getAsLong() {
      return System.currentTimeMillis();
    }
  };

  DefaultCache(Settings settings) {
    this(settings, SYSTEM_CLOCK);
  }

  DefaultCache(Settings settings, LongSupplier clock) {
    this.clock = clock;
    this.failures = new FailurePolicy(settings.strict(), stats);
    this.enabled = settings.get(Setting.ENABLED);
    this.timeToLive = Setting.TTL.parse(settings.get(Setting.TTL.name())).orElse(null);
    this.refresh = settings.get(Setting.REFRESH);
    Plugins plugins = Plugins.load();
    Settings.warnUnknown(plugins.stores.values());
    this.serializers = new Serializers(plugins, settings.get(Setting.SERIALIZER));
    this.storeName = settings.get(Setting.STORE);
    if (enabled) {
      this.directory = settings.directory();
      this.store = Stores.open(plugins, settings, directory, storeName, failures);
      this.manifests = Manifests.of(store);
    } else {
      this.directory = null;
      this.store = new Store() {
        @Override
        public byte[] get(EntryKey key) {
          return null;
        }

        @Override
        public void put(EntryKey key, byte[] entry) {}

        @Override
        public boolean remove(EntryKey key) {
          return false;
        }

        @Override
        public List<EntryKey> entries(String function) {
          return List.of();
        }

        @Override
        public String toString() {
          return "no store (astrocache.enabled=false)";
        }
      };
      this.manifests = null;
    }
    // after the store: the index lives in its directory, so only one the store accepted (its
    // SafeRoot check: a folder others can write could hold a planted walk) is read or written
    this.fingerprinter = fingerprinter(settings, storeName, enabled && Stores.opened(store));
    this.describeArguments = settings.get(Setting.DESCRIBE_ARGUMENTS);
    this.recheckNanos = settings.get(Setting.RECHECK).toNanos();
    this.ambient = new Ambient("content".equals(settings.get(Setting.PATHS)), failures);
    this.machine = new MachineFlight("machine".equals(settings.get(Setting.SINGLEFLIGHT)),
        directory, settings.get(Setting.SINGLEFLIGHT_WAIT), failures, new Consumer<EntryKey>() {
          @Override
          public void accept(EntryKey entry) {
            flush(entry);
          }
        });
    if (store instanceof PendingWrites pending) {
      // a write that fails on the store's writer thread is counted and warned about as here
      pending.onWriteFailure(new BiConsumer<EntryKey, Exception>() {
        @Override
        public void accept(EntryKey entry, Exception e) {
          writeFailed(entry, stats.of(entry.function()), e);
        }
      });
    }
  }

  @Override
  public <T> T wrap(Class<T> api, T impl) {
    Objects.requireNonNull(api, "api == null");
    Objects.requireNonNull(impl, "impl == null");
    return CachingHandler.proxy(this, api, impl, new Function<Class<?>, byte[]>() {
      @Override
      public byte[] apply(Class<?> type) {
        return fingerprinter.currentCodeOf(type);
      }
    });
  }

  @Override
  public CacheStats stats() {
    return stats.snapshot();
  }

  @Override
  public Manifest explain(Object proxy, String methodName, Class<?>... parameterTypes) {
    Objects.requireNonNull(proxy, "proxy == null");
    Objects.requireNonNull(methodName, "methodName == null");
    CachingHandler h = CachingHandler.of(Memoizer.proxyOf(proxy), this);
    Method m = h.method(methodName, parameterTypes);
    MethodPlan plan = h.plan(m);
    MethodPlan.Code code = CallKey.code(h, plan, new CodeOf(h, plan));
    MethodFingerprint f = code.fingerprint();
    MethodPlan.Code filed = code.ambient().current(code).code();
    Set<String> unresolved = new TreeSet<>(f.unresolved());
    unresolved.addAll(f.ambientUnresolved());
    List<String> inputs = new ArrayList<>();
    inputs.add(Ambient.DEFAULTS);
    for (AmbientInput in : f.ambientInputs()) {
      inputs.add(in.describe());
    }
    return new Manifest(Keys.signature(m), filed.hex(), f.manifest(),
        Collections.unmodifiableSet(unresolved), List.copyOf(inputs));
  }

  @Override
  public CacheStats stats(Object proxy, String methodName, Class<?>... parameterTypes) {
    Objects.requireNonNull(proxy, "proxy == null");
    Objects.requireNonNull(methodName, "methodName == null");
    CachingHandler h = CachingHandler.of(proxy, this);
    return stats().function(h.plan(h.method(methodName, parameterTypes)).function);
  }

  @Override
  public long invalidate(Object proxy) {
    Objects.requireNonNull(proxy, "proxy == null");
    CachingHandler h = CachingHandler.of(proxy, this);
    long removed = 0;
    for (Method m : h.api.getMethods()) {
      MethodPlan plan = h.plan(m);
      if (!plan.passThrough) {
        removed += invalidate(h, plan);
      }
    }
    return removed;
  }

  @Override
  public long invalidate(Object proxy, String methodName, Class<?>... parameterTypes) {
    Objects.requireNonNull(proxy, "proxy == null");
    Objects.requireNonNull(methodName, "methodName == null");
    CachingHandler h = CachingHandler.of(proxy, this);
    return invalidate(h, h.plan(h.method(methodName, parameterTypes)));
  }

  /**
   * Removes {@code plan}'s entries under every fingerprint that this impl's code had: those whose
   * manifest reaches the method that runs now, and those without a manifest; when the method that
   * runs cannot be named (a lambda impl), every fingerprint of the function. Another impl of the
   * API keeps its entries, where manifests tell them apart.
   */
  private long invalidate(CachingHandler h, MethodPlan plan) {
    if (closed) {
      throw new IllegalStateException("astrocache: this cache is closed: invalidate through an"
          + " open cache");
    }
    List<EntryKey> entries;
    try {
      entries = store.entries(plan.function);
    } catch (UnsupportedOperationException e) {
      throw new UnsupportedOperationException("astrocache: the '" + storeName + "' store cannot"
          + " list its entries, so the entries of " + plan.function + " cannot be invalidated:"
          + " use a store that can (file, memory, tiered), or drop one call's entry with"
          + " invalidating(proxy)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("astrocache: cannot list the entries of " + plan.function
          + " in the '" + storeName + "' store: " + e.getMessage(), e);
    }
    MethodPlan.Code code = CallKey.code(h, plan, new CodeOf(h, plan));
    String root = plan.implementation != null
        && code.fingerprint().manifest().containsKey(plan.implementation)
        ? plan.implementation : null;
    Map<String, Boolean> selected = new HashMap<>();
    long removed = 0;
    for (EntryKey key : entries) {
      boolean drop = selected.computeIfAbsent(key.fingerprint(),
          fp -> root == null || fp.equals(code.hex()) || manifests == null
              || manifests.reachesOrUnknown(plan.function, fp, root));
      if (drop && remove(key)) {
        removed++;
      }
    }
    return removed;
  }

  private boolean remove(EntryKey key) {
    try {
      return store.remove(key);
    } catch (IOException e) {
      throw new UncheckedIOException("astrocache: cannot remove entry " + key + " from the '"
          + storeName + "' store: " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T invalidating(T proxy) {
    Objects.requireNonNull(proxy, "proxy == null");
    CachingHandler h = CachingHandler.of(proxy, this);
    InvocationHandler dropper = (self, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.getName().equals("equals") ? self == args[0]
            : method.getName().equals("hashCode") ? System.identityHashCode(self)
            : "invalidating(" + proxy + ")";
      }
      MethodPlan plan = h.plan(method);
      if (!plan.passThrough && !closed && enabled) {
        remove(CallKey.of(h, plan, args == null ? new Object[0] : args,
            new CodeOf(h, plan), ambient).entry);
      }
      return zero(method.getReturnType());
    };
    @SuppressWarnings("unchecked")
    T view = (T) Proxy.newProxyInstance(h.api.getClassLoader(), new Class<?>[] {h.api}, dropper);
    return view;
  }

  /**
   * What a call of the invalidating view returns: null, or the zero of a primitive type (a map:
   * a conditional would promote to double).
   */
  static Object zero(Class<?> type) {
    return ZEROS.get(type);
  }

  private static final Map<Class<?>, Object> ZEROS = Map.of(boolean.class, false,
      char.class, (char) 0, byte.class, (byte) 0, short.class, (short) 0, int.class, 0,
      long.class, 0L, float.class, 0f, double.class, 0d);

  @Override
  public void close() {
    closed = true;
    try {
      store.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "astrocache: closing the '" + storeName + "' store failed: " + e, e);
    }
  }

  /** For tests: {@code hook} runs each time a call is about to wait for another's computation. */
  void onFollow(Runnable hook) {
    this.onFollow = hook;
  }

  /** Why a lookup found no usable entry; what the leader that computes then says. */
  enum Miss { ABSENT, EXPIRED, UNUSABLE, REFRESH }

  Object invoke(CachingHandler h, MethodPlan plan, Object[] args) throws Throwable {
    if (closed || !enabled) {
      return h.call(plan.method, args);
    }
    Counters known = plan.counters;
    Counters fn = known != null ? known : (plan.counters = stats.of(plan.function));
    CallKey key = CallKey.of(h, plan, args, new CodeOf(h, plan), ambient);
    if (!key.code.fingerprint().notCacheable().isEmpty()) {
      notCacheable(plan, key.code.fingerprint());
      return h.call(plan.method, args);
    }
    boolean refreshing = !refresh.isEmpty()
        && (refresh == Setting.EVERY_FUNCTION || refresh.contains(plan.function));
    long writesBefore = writes.get();
    Object found = refreshing ? Miss.REFRESH : lookup(h, plan, key, fn, true);
    if (found instanceof Flight hit) {
      return plan.async ? AsyncResults.hit(hit.value()) : hit.value();
    }
    if (plan.async) {
      return async.miss(key.entry.key(), plan, new AsyncResults.Miss() {
        private Miss why = (Miss) found;

        @Override
        public Flight lookAgain() {
          Object again = !refreshing && writes.get() != writesBefore
              ? lookup(h, plan, key, fn, false) : found;
          if (again instanceof Flight f) {
            return f;
          }
          why = (Miss) again;
          return null;
        }

        @Override
        public Object call() throws Throwable {
          return DefaultCache.this.call(h, plan, args, key, fn, why);
        }

        @Override
        public Flight store(Object value, long nanos) {
          return DefaultCache.this.store(h, plan, args, key, fn, value, nanos, null);
        }
      });
    }
    boolean[] led = {false};
    SingleFlight.Outcome<Flight> got;
    try {
      got = flights.run(key.entry.key(), () -> {
        led[0] = true;
        // another thread may have written it since our lookup: look again, but only then (with a
        // remote store every lookup is a request, and a refused entry would be counted twice)
        Object again = !refreshing && writes.get() != writesBefore
            ? lookup(h, plan, key, fn, false) : found;
        if (again instanceof Flight f) {
          return f;
        }
        // singleflight=machine: under the key's lock another process may have written it
        return machine.run(key.entry, () -> !refreshing
            && lookup(h, plan, key, fn, false) instanceof Flight written ? written : null,
            () -> compute(h, plan, args, key, fn, (Miss) again));
      });
    } finally {
      if (!led[0]) {
        // a follower: it waited for the leader's computation (or read) instead of its own
        stats.waited.increment();
        fn.waited.increment();
      }
    }
    return got.led() ? got.value().value() : got.value().copyFor(plan);
  }

  /**
   * The fingerprinter, with the index of walks under the directory of a file or tiered store
   * unless {@code index=off} or the store could not be opened there ({@code opened}): other
   * stores write nothing to the directory.
   */
  private static Fingerprinter fingerprinter(Settings settings, String storeName,
      boolean opened) {
    String index = settings.get(Setting.INDEX);
    Path directory = opened && !index.equals("off")
        && (storeName.equals("file") || storeName.equals("tiered")) ? settings.directory() : null;
    return new Fingerprinter(directory == null ? null : FileLayout.index(directory),
        index.equals("verify"));
  }

  /** A call's code for the classes seen in its state and arguments, as {@link CallKey} asks. */
  private final class CodeOf implements Function<Set<Class<?>>, MethodPlan.Code> {
    private final CachingHandler h;
    private final MethodPlan plan;

    CodeOf(CachingHandler h, MethodPlan plan) {
      this.h = h;
      this.plan = plan;
    }

    @Override
    public MethodPlan.Code apply(Set<Class<?>> seeds) {
      return code(h, plan, seeds);
    }
  }

  private MethodPlan.Code code(CachingHandler h, MethodPlan plan, Set<Class<?>> seeds) {
    // an impl that is itself a lambda is handled there too, through its capturing site
    MethodPlan.Code c = plan.code(seeds, new Function<Set<Class<?>>, MethodPlan.Code>() {
      @Override
      public MethodPlan.Code apply(Set<Class<?>> s) {
        return code(plan, fingerprinter.fingerprint(plan.method, h.impl.getClass(), s));
      }
    });
    if (System.nanoTime() - c.checkedAt() >= recheckNanos) {
      // a held proxy sees redefinition (JShell, HotSwap, a rebuilt class directory): the
      // fingerprinter's memo re-stats the files it read and re-reads classes defined in memory
      MethodFingerprint f = fingerprinter.fingerprint(plan.method, h.impl.getClass(), seeds);
      MethodPlan.Code fresh = Arrays.equals(f.hash(), c.hash())
          && f.notCacheable().equals(c.fingerprint().notCacheable())
          ? new MethodPlan.Code(c.hash(), c.hex(), c.fingerprint(), c.ambient()) : code(plan, f);
      plan.recheck(seeds, c, fresh);
      c = fresh;
    }
    return c;
  }

  private MethodPlan.Code code(MethodPlan plan, MethodFingerprint f) {
    // code that is not cached at all is reported by notCacheable instead
    boolean cacheable = f.notCacheable().isEmpty();
    if (!f.unresolved().isEmpty() && cacheable) {
      failures.failed("unresolved", null, () -> new IllegalStateException("astrocache: the code"
          + " of " + Keys.signature(plan.method) + " reaches classes whose bytes cannot be read,"
          + " which count by name only: " + f.unresolved() + " (strict mode)"));
    }
    if (!f.ambientUnresolved().isEmpty()) {
      failures.failed("unresolved-ambient", null, () -> new IllegalStateException("astrocache:"
          + " the code of " + Keys.signature(plan.method) + " reads inputs whose names are"
          + " computed at run time, which do not count in its key: " + f.ambientUnresolved()
          + ". Read them under a constant name, or pass the value as an argument"
          + " (strict mode)"));
    }
    String hex = Hashes.hex(f.hash());
    if (manifests != null && cacheable && f.ambientInputs().isEmpty()) {
      manifests.record(plan.function, hex, f.manifest());
    }
    // with ambient inputs, entries are filed under the code and the inputs' values, whose
    // manifest (the methods and each input's value hash) is written when first seen
    return new MethodPlan.Code(f.hash(), hex, f, ambient.memo(f, new Consumer<MethodPlan.Code>() {
      @Override
      public void accept(MethodPlan.Code filed) {
        if (manifests != null && cacheable) {
          manifests.record(plan.function, filed.hex(), filed.fingerprint().manifest());
        }
      }
    }));
  }

  /**
   * The code may not be what runs (a class changed on disk after it was loaded) or cannot be
   * read (defined from memory): the call is computed, neither looked up nor written.
   */
  private void notCacheable(MethodPlan plan, MethodFingerprint f) {
    Map.Entry<String, String> first = f.notCacheable().entrySet().iterator().next();
    String type = first.getKey();
    String reason = first.getValue();
    String message = reason.startsWith("defined by ")
        ? "astrocache: " + Keys.signature(plan.method) + " is computed, not cached: it reaches "
            + type + ", " + reason + ". Load it from a class directory or jar (or a loader whose"
            + " getResource serves its bytes), or mark the method @NotCached."
        : "astrocache: " + Keys.signature(plan.method) + " is computed, not cached: the code that"
            + " runs may not be what is on disk (" + type + ": " + reason + "). Restart the"
            + " process on the new code to cache it again.";
    failures.failed("not-cacheable:" + plan.function + ":" + type, message,
        () -> new IllegalStateException(message + " (strict mode)"));
  }

  /**
   * On a usable hit, the value with the payload it was read from (a {@link Flight}); else why
   * not (a {@link Miss}). {@code own}: the value goes to this caller alone (no follower copies
   * it from the payload), so a store that reads into a buffer of its own ({@link DirectRead})
   * may, and the result then has no payload.
   */
  private Object lookup(CachingHandler h, MethodPlan plan, CallKey key, Counters fn,
      boolean own) {
    CacheEvents.Hit event = CacheEvents.beginHit();
    byte[] bytes = null;
    ByteBuffer buffer = null;
    try {
      if (own && store instanceof DirectRead direct) {
        buffer = direct.readDirect(key.entry);
      } else {
        bytes = store.get(key.entry);
      }
    } catch (IOException | RuntimeException e) {
      fn.errors.increment();
      // one warning per store for reads and writes alike: a folder this user may not enter
      // fails both, and is one problem
      failures.error("io:" + storeName, "astrocache: cannot read from the '" + storeName
          + "' store (" + e + "): calls are computed; further read errors are counted, not logged"
          + (e instanceof java.nio.file.AccessDeniedException ? "." + DENIED : ""),
          () -> new IllegalStateException("astrocache: cannot read entry " + key.entry
              + " from the '" + storeName + "' store: " + e + " (strict mode)", e));
      return Miss.UNUSABLE;
    }
    if (bytes == null && buffer == null) {
      return Miss.ABSENT;
    }
    EntryFrame.InBuffer entry;
    // a frame in a buffer is checked as its payload is copied out (once, into its value), so the
    // header is not trusted (nor any serializer looked up) before the checksum has passed
    EntryFrame.Unchecked unchecked = null;
    try {
      if (buffer != null) {
        unchecked = EntryFrame.readUnchecked(buffer, key.bytes);
        entry = unchecked.entry();
        if (!ValueCodec.holdsOneByteArray(buffer.duplicate().position(entry.payloadOffset()))) {
          // reading any other value may run code (a record's constructor, a plug-in) that reads
          // into this thread's buffer again: from here on the entry is an array of its own
          bytes = copy(buffer);
          buffer = null;
          unchecked.update(bytes, entry.payloadOffset(), entry.payloadLength());
          unchecked.check();
          unchecked = null;
        }
      } else {
        EntryFrame.Decoded d = EntryFrame.read(bytes, key.bytes);
        entry = new EntryFrame.InBuffer(d.header(), d.payloadOffset(), d.payloadLength());
      }
    } catch (CorruptEntryException e) {
      reject(key.entry, bytes != null ? bytes : copy(buffer), fn, e.getMessage());
      return Miss.UNUSABLE;
    } catch (InternalError e) {
      return unreadable(key, fn, e);
    }
    byte[] oneArray = null;
    if (unchecked != null) {
      // one byte[] (if the codec wrote it): copied into its array, which the checksum then reads
      // while it is still in the processor's cache
      try {
        oneArray = ValueCodec.readOneByteArray(buffer.duplicate().position(entry.payloadOffset()));
        unchecked.update(buffer, entry.payloadOffset(), buffer.limit() - oneArray.length);
        unchecked.update(oneArray, 0, oneArray.length);
        unchecked.check();
      } catch (CorruptEntryException e) {
        reject(key.entry, copy(buffer), fn, e.getMessage());
        return Miss.UNUSABLE;
      } catch (InternalError e) {
        return unreadable(key, fn, e);
      }
    }
    Duration ttl = ttl(plan);
    if (ttl != null && clock.getAsLong() - entry.header().createdMillis() >= ttl.toMillis()) {
      stats.expired.increment();
      fn.expired.increment();
      return Miss.EXPIRED;
    }
    String name = entry.header().serializer();
    Serializer s = serializers.named(name);
    if (s == null) {
      failures.warnOnce("serializer:" + name, "astrocache: entry " + key.entry + " was written by"
          + " serializer '" + name + "', which is not on the class path: computing instead."
          + " Found serializers: " + serializers.names());
      return Miss.UNUSABLE;
    }
    if (buffer != null && !(s instanceof ValueCodec)) {
      // another serializer's payload that looks like the codec's byte[]: read as that serializer
      bytes = copy(buffer);
      buffer = null;
    }
    Object value;
    try {
      value = buffer != null ? oneArray
          : Serializers.deserialize(s, bytes, entry.payloadOffset(), entry.payloadLength(),
              plan.resultLoader, plan.declaredResult);
    } catch (Exception | LinkageError | AssertionError e) {
      if (Flight.isMissingClass(e)) {
        // a class of the value is not visible here (another plug-in's): a miss, the entry stays
        failures.warnOnce("missing-class:" + plan.function, "astrocache: entry " + key.entry
            + " holds a value whose classes are not visible here (" + e.getMessage() + "):"
            + " computing instead. Set the thread's context class loader to the plug-in's to"
            + " read it.");
        return Miss.UNUSABLE;
      }
      reject(key.entry, bytes != null ? bytes : copy(buffer), fn, "serializer '" + s.name()
          + "' cannot read it: " + e.getMessage());
      return Miss.UNUSABLE;
    }
    if (value == null ? plan.method.getReturnType().isPrimitive() : !plan.resultType.isInstance(value)) {
      reject(key.entry, bytes != null ? bytes : copy(buffer), fn, "it holds a "
          + (value == null ? "null" : value.getClass().getName())
          + " where " + plan.method.getReturnType().getName() + " is returned");
      return Miss.UNUSABLE;
    }
    stats.hits.increment();
    stats.bytesRead.add(buffer != null ? buffer.limit() : bytes.length);
    stats.nanosSaved.add(entry.header().computeNanos());
    fn.hits.increment();
    fn.bytesRead.add(buffer != null ? buffer.limit() : bytes.length);
    fn.nanosSaved.add(entry.header().computeNanos());
    CacheEvents.hit(event, plan.function, buffer != null ? buffer.limit() : bytes.length,
        entry.header().computeNanos());
    return buffer != null ? new Flight(value, s, null)
        : new Flight(value, s, bytes, entry.payloadOffset(), entry.payloadLength());
  }

  /**
   * A miss for an entry whose mapped file failed under the read ({@link InternalError}: another
   * process cut it short in place): nothing is quarantined, the next read of it decides.
   */
  private Miss unreadable(CallKey key, Counters fn, InternalError e) {
    fn.errors.increment();
    failures.error("io:" + storeName, "astrocache: cannot read entry " + key.entry + " from the '"
        + storeName + "' store (" + e.getMessage() + ": its file changed in place while read):"
        + " computing instead; further read errors are counted, not logged",
        () -> new IllegalStateException("astrocache: cannot read entry " + key.entry
            + " from the '" + storeName + "' store: " + e + " (strict mode)", e));
    return Miss.UNUSABLE;
  }

  /** The bytes of a buffer a store read into, from 0 to its limit. */
  private static byte[] copy(ByteBuffer buffer) {
    byte[] b = new byte[buffer.limit()];
    buffer.get(0, b);
    return b;
  }

  private Duration ttl(MethodPlan plan) {
    return plan.timeToLive != null ? plan.timeToLive : timeToLive;
  }

  private static String format(Duration d) {
    long s = d.getSeconds();
    return d.getNano() != 0 ? d.toString()
        : s % 86_400 == 0 ? s / 86_400 + "d"
        : s % 3600 == 0 ? s / 3600 + "h"
        : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  /** 16 hex digits of the SHA-256 of the state that went into the key. */
  private static String stateDigest(CallKey key) {
    return Hashes.hex(Hashes.sha256().digest(key.state)).substring(0, 16);
  }

  /**
   * The impl's state by field, {@code name digest} per line, for a miss explanation to say which
   * field changed: each field's value encoded as a state field is.
   */
  private static String stateText(CachingHandler h) {
    StringBuilder b = new StringBuilder();
    for (Field f : CanonicalEncoder.stateFields(h.impl.getClass())) {
      String digest;
      try {
        byte[] value = h.encoder.encode(f.get(h.impl), CanonicalEncoder.Mode.STATE,
            new HashSet<>());
        digest = Hashes.hex(Hashes.sha256().digest(value)).substring(0, 16);
      } catch (UnencodableValueException | IllegalAccessException | RuntimeException e) {
        digest = "unreadable";
      }
      b.append(f.getName()).append(' ').append(digest).append('\n');
    }
    return b.toString();
  }

  private void reject(EntryKey entryKey, byte[] bad, Counters fn, String reason) {
    fn.rejected.increment();
    failures.rejected("corrupt", "astrocache: entry " + entryKey + " is unusable (" + reason
        + "): quarantined and computed again; further ones are counted in stats().rejected()");
    try {
      store.quarantine(entryKey, bad);
    } catch (IOException | RuntimeException e) {
      stats.errors.increment();
      fn.errors.increment();
    }
  }

  /** A miss: computes the value, then serializes and stores it. */
  private Flight compute(CachingHandler h, MethodPlan plan, Object[] args, CallKey key,
      Counters fn, Miss miss) throws Throwable {
    String[] state = {null};
    long start = System.nanoTime();
    Object value = call(h, plan, args, key, fn, miss, state);
    return store(h, plan, args, key, fn, value, System.nanoTime() - start, state[0]);
  }

  /** Counts a miss, says why it missed, and calls the impl. */
  private Object call(CachingHandler h, MethodPlan plan, Object[] args, CallKey key,
      Counters fn, Miss miss) throws Throwable {
    return call(h, plan, args, key, fn, miss, new String[1]);
  }

  /** {@code state[0]}: the digest of the impl's state, when the miss explanation made it. */
  private Object call(CachingHandler h, MethodPlan plan, Object[] args, CallKey key,
      Counters fn, Miss miss, String[] state) throws Throwable {
    stats.misses.increment();
    fn.misses.increment();
    MethodPlan.Code code = key.code;
    if (miss == Miss.ABSENT) {
      if (manifests != null) {
        state[0] = stateDigest(key);
        manifests.explainMiss(new Manifests.Call(plan.function, code.hex(),
            code.fingerprint().manifest(), plan.implementation,
            CanonicalEncoder.stableName(h.impl.getClass()), state[0], () -> stateText(h)));
      }
    } else if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, "astrocache: " + plan.function + " misses: " + switch (miss) {
        case EXPIRED -> "its entry expired (time to live " + format(ttl(plan)) + ")";
        case REFRESH -> "refreshed (astrocache.refresh)";
        default -> "its entry could not be used";
      });
    }
    CacheEvents.Miss missEvent = CacheEvents.beginMiss();
    Object value = h.call(plan.method, args);
    CacheEvents.miss(missEvent, plan.function, miss);
    return value;
  }

  /**
   * Serializes and stores a computed value, which took {@code took} ns; {@code state}: the
   * digest of the impl's state if the miss made it, else null.
   */
  private Flight store(CachingHandler h, MethodPlan plan, Object[] args, CallKey key,
      Counters fn, Object value, long took, String state) {
    MethodPlan.Code code = key.code;
    Serializer s = serializers.forValue(value);
    byte[] payload;
    try {
      payload = s.serialize(value, plan.declaredResult);
    } catch (Exception | LinkageError | AssertionError e) {
      // an Error from a writeObject or a plugin's missing class too: the value was computed
      // and is the caller's whatever happens to its copy
      String msg = "astrocache: the result of " + Keys.signature(plan.method)
          + " cannot be serialized by '" + s.name() + "': " + e.getMessage();
      // the serializer's message says how to fix it; this says what happened to the call
      fn.errors.increment();
      failures.error("serialize:" + plan.function, msg + (msg.endsWith(".") ? "" : ".")
          + " The result is returned but not cached; further failures of this method are"
          + " counted in stats().errors(), not logged.",
          () -> new IllegalStateException(msg + " (strict mode)", e));
      return new Flight(value, null, null);
    }
    String arguments = describeArguments
        ? ArgumentsText.of(plan.method.getName(), args, plan.notKey) : null;
    // the lifetime in force now, for the command line's prune --expired, which cannot see the
    // annotations or settings; this cache still judges expiry by the lifetime in force at read
    Duration ttl = ttl(plan);
    byte[] entry = EntryFrame.write(new EntryFrame.Header(s.name(), key.bytes,
        clock.getAsLong(), took, arguments, ttl == null ? 0 : Math.max(1, ttl.toMillis())),
        payload);
    try {
      CacheEvents.Put put = CacheEvents.beginPut();
      boolean stored = true;
      if (store instanceof PendingWrites behind) {
        stored = behind.offer(key.entry, entry);
      } else {
        store.put(key.entry, entry);
      }
      CacheEvents.put(put, plan.function, entry.length, !stored);
      if (!stored) {
        dropped(fn);
        return new Flight(value, s, payload);
      }
      writes.incrementAndGet();
      stats.puts.increment();
      stats.bytesWritten.add(entry.length);
      fn.puts.increment();
      fn.bytesWritten.add(entry.length);
      if (manifests != null) {
        manifests.recordState(plan.function, code.hex(), state != null ? state : stateDigest(key),
            () -> stateText(h));
      }
    } catch (Exception | LinkageError | AssertionError e) {
      writeFailed(key.entry, fn, e);
    }
    return new Flight(value, s, payload);
  }

  /** Whether {@link #dropped} has warned (once per cache, as {@code failures} would). */
  private volatile boolean saidDropped;

  /**
   * An entry the store's writer had no room for ({@code writes.full=drop}): not stored, a later
   * miss. Counted, and warned about once per cache, in strict mode too (which writes inline, so
   * only a plug-in's store could drop there).
   */
  private void dropped(Counters fn) {
    stats.dropped.increment();
    fn.dropped.increment();
    if (saidDropped) {
      return; // most drops come in bursts: the warning's text is not built again for each
    }
    saidDropped = true;
    failures.warnOnce("dropped:" + storeName, "astrocache: the '" + storeName + "' store in "
        + directory + " writes entries more slowly than they are computed: its write queue is"
        + " full, so new entries are dropped (missed again later), counted in"
        + " stats().dropped(). Set writes=inline (or writes.full=inline) to store every entry,"
        + " at the cost of waiting for the disk.");
  }

  /**
   * An entry that could not be written: counted, and warned about once (thrown in strict mode).
   * Also what a store that writes behind ({@link PendingWrites}) reports from its writer's
   * thread, where strict mode does not apply: the file store writes inline in strict mode.
   */
  private void writeFailed(EntryKey entry, Counters fn, Throwable e) {
    fn.errors.increment();
    String msg = "astrocache: cannot write entry " + entry + " to the '" + storeName
        + "' store in " + directory + ": " + e;
    failures.error("io:" + storeName, msg + ". Values are returned but not cached; further"
        + " write errors are counted in stats().errors(), not logged."
        + (e instanceof java.nio.file.AccessDeniedException ? DENIED : ""),
        () -> new IllegalStateException(msg + " (strict mode)", e));
  }

  /**
   * With {@code singleflight=machine}, before the key's lock is released: followers in other
   * processes read the entry from disk, so one still pending in a store that writes behind is
   * written now, by the leader.
   */
  private void flush(EntryKey entry) {
    if (store instanceof PendingWrites pending) {
      try {
        pending.flush(entry);
      } catch (IOException | RuntimeException e) {
        writeFailed(entry, stats.of(entry.function()), e);
      }
    }
  }
}
