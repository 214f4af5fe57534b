package dev.astrocache;

import dev.astrocache.codec.CanonicalEncoder;
import dev.astrocache.codec.UnencodableValueException;
import dev.astrocache.codec.ValueCodec;
import dev.astrocache.config.Setting;
import dev.astrocache.fingerprint.Fingerprinter;
import dev.astrocache.fingerprint.MethodFingerprint;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Serializer;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.store.CorruptEntryException;
import dev.astrocache.store.EntryFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The cache: keys, lookups, single flight, writes, and the warnings that go with them. */
final class DefaultCache implements Cache {
  private static final System.Logger LOG = System.getLogger("dev.astrocache");

  private final Settings settings;
  private final boolean strict;
  private final Path directory;
  private final String storeName;
  private final Store store;
  private final Serializer codec;
  /** The serializer chosen by name, or null for the built-in codec. */
  private final Serializer primary;
  /** Discovered serializers that declare their types: they serve those types unasked. */
  private final List<Serializer> typed;
  private final Map<String, Serializer> serializers;
  private final Fingerprinter fingerprinter = new Fingerprinter();
  private final Manifests manifests;
  private final Stats stats = new Stats();
  private final ConcurrentHashMap<String, CompletableFuture<Flight>> inFlight =
      new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  /** Entries this cache has written: a leader looks again only if one was written meanwhile. */
  private final AtomicLong writes = new AtomicLong();
  private volatile boolean closed;

  DefaultCache(Settings settings) {
    this.settings = settings;
    this.strict = settings.strict();
    this.directory = settings.directory();
    Plugins plugins = Plugins.load();
    Settings.warnUnknown(plugins.stores.values());
    this.serializers = plugins.serializers;
    this.codec = plugins.serializer(ValueCodec.NAME);
    Serializer chosen = plugins.serializer(settings.get(Setting.SERIALIZER));
    this.primary = chosen == codec ? null : chosen;
    List<Serializer> t = new ArrayList<>();
    for (Serializer s : serializers.values()) {
      if (s != chosen && s != codec && Plugins.declaresTypes(s)) {
        t.add(s);
      }
    }
    this.typed = List.copyOf(t);
    this.storeName = settings.get(Setting.STORE);
    this.store = openStore(plugins, storeName);
    this.manifests = Manifests.of(store);
  }

  private Store openStore(Plugins plugins, String name) {
    Context context = new Context(plugins);
    try {
      if (directory == null) { // no astrocache.dir and no usable home: see Settings.directory()
        throw new IOException(settings.noDirectory(strict));
      }
      return context.open(name);
    } catch (IOException e) {
      if (strict) {
        throw new UncheckedIOException(directory == null ? e.getMessage()
            : "astrocache: cannot open the '" + name + "' store in " + directory + ": "
                + e.getMessage() + " (strict mode)", e);
      }
      if (directory == null) {
        settings.warnNoDirectory(LOG);
      } else {
        LOG.log(Level.WARNING, "astrocache: cannot open the '" + name + "' store in " + directory
            + ": " + e + ". Calls are computed and not cached. Set astrocache.dir to a writable"
            + " folder.");
      }
      return new Store() {
        @Override
        public byte[] get(EntryKey key) {
          return null;
        }

        @Override
        public void put(EntryKey key, byte[] entry) {}
      };
    }
  }

  /** What store providers are given. */
  private final class Context implements StoreContext {
    private final Plugins plugins;

    Context(Plugins plugins) {
      this.plugins = plugins;
    }

    @Override
    public Path directory() {
      return directory;
    }

    @Override
    public Optional<String> setting(String name) {
      return settings.get(name);
    }

    @Override
    public Store open(String storeName) throws IOException {
      return plugins.store(storeName).open(this);
    }

    @Override
    public void rejected(EntryKey key, String reason) {
      stats.rejected.increment();
      warnOnce("rejected:" + reason, "astrocache: refused entry " + key + ": " + reason
          + " (counted in stats().rejected(); further refusals of this kind are not logged)");
    }
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
    // the code of functional arguments and of services is looked up once per wrap, against the
    // bytes classes have now (JShell and HotSwap redefine classes in place), then memoized here
    ConcurrentHashMap<Class<?>, byte[]> codes = new ConcurrentHashMap<>();
    CanonicalEncoder encoder = new CanonicalEncoder(type -> {
      byte[] c = codes.get(type);
      return c != null ? c : codes.computeIfAbsent(type, fingerprinter::currentCodeOf);
    });
    CachingHandler handler = new CachingHandler(this, api, impl, encoder);
    return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler));
  }

  @Override
  public CacheStats stats() {
    return stats.snapshot();
  }

  @Override
  public Manifest explain(Object proxy, String methodName, Class<?>... parameterTypes) {
    Objects.requireNonNull(proxy, "proxy == null");
    Objects.requireNonNull(methodName, "methodName == null");
    if (!Proxy.isProxyClass(proxy.getClass())
        || !(Proxy.getInvocationHandler(proxy) instanceof CachingHandler h) || h.cache != this) {
      throw new IllegalArgumentException("not a proxy made by this cache: "
          + proxy.getClass().getName() + ". Pass the object that wrap() returned.");
    }
    Method m;
    try {
      m = h.api.getMethod(methodName, parameterTypes);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(h.api.getName() + " has no method " + methodName
          + Arrays.toString(parameterTypes).replace('[', '(').replace(']', ')'), e);
    }
    MethodPlan plan = h.plan(m);
    Set<Class<?>> seeds = new HashSet<>();
    encode(h, plan, h.impl, CanonicalEncoder.Mode.STATE, seeds, -1);
    MethodPlan.Code code = code(h, plan, seeds);
    MethodFingerprint f = code.fingerprint();
    return new Manifest(Keys.signature(m), code.hex(), f.manifest(), f.unresolved());
  }

  @Override
  public void close() {
    closed = true;
    try {
      store.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "astrocache: closing the '" + storeName + "' store failed: " + e, e);
    }
  }

  Object invoke(CachingHandler h, MethodPlan plan, Object[] args) throws Throwable {
    if (closed) {
      return h.call(plan.method, args);
    }
    Set<Class<?>> seeds = new HashSet<>();
    byte[] state = encode(h, plan, h.impl, CanonicalEncoder.Mode.STATE, seeds, -1);
    byte[][] encodedArgs = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      encodedArgs[i] = encode(h, plan, args[i], CanonicalEncoder.Mode.ARGUMENT, seeds, i);
    }
    MethodPlan.Code code = code(h, plan, seeds);
    byte[][] statics = statics(h, code.fingerprint().staticInputs());
    byte[] key = key(plan, code, state, statics, encodedArgs);
    EntryKey entryKey = new EntryKey(plan.function, code.hex(), Keys.hex(key));

    long writesBefore = writes.get();
    Flight hit = lookup(h, plan, entryKey, key);
    if (hit != null) {
      return hit.value();
    }
    return computeOnce(h, plan, args, entryKey, key, code, writesBefore);
  }

  private static final byte[][] NO_STATICS = {};

  /**
   * The static fields the code reads as settings ({@code Config.rate}, set by the program before
   * the call), as key parts: each one's name, then its value encoded like a state field; a value
   * that cannot be encoded counts by its class, as a service does.
   */
  private static byte[][] statics(CachingHandler h, List<Field> fields) {
    if (fields.isEmpty()) {
      return NO_STATICS;
    }
    byte[][] parts = new byte[2 * fields.size()][];
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      Object value;
      try {
        value = f.get(null);
      } catch (IllegalAccessException | RuntimeException | LinkageError e) {
        value = null;
      }
      byte[] part;
      try {
        part = h.encoder.encode(value, CanonicalEncoder.Mode.STATE, new HashSet<>());
      } catch (UnencodableValueException e) {
        part = ("class " + value.getClass().getName()).getBytes(StandardCharsets.UTF_8);
      }
      parts[2 * i] = (f.getDeclaringClass().getName() + "." + f.getName())
          .getBytes(StandardCharsets.UTF_8);
      parts[2 * i + 1] = part;
    }
    return parts;
  }

  /** Encodes the impl's state ({@code position} -1) or argument {@code position} for a key. */
  private static byte[] encode(CachingHandler h, MethodPlan plan, Object value,
      CanonicalEncoder.Mode mode, Set<Class<?>> seeds, int position) {
    try {
      return h.encoder.encode(value, mode, seeds);
    } catch (UnencodableValueException e) {
      String what = position < 0
          ? "the state of " + h.impl.getClass().getName() + " holds a value that cannot be part"
              + " of a key, at this" + e.path()
          : "argument " + position + " holds a value that cannot be part of a key, at args["
              + position + "]" + e.path();
      throw new IllegalArgumentException("astrocache cannot cache " + Keys.signature(plan.method)
          + ": " + what + ": " + e.type().getName() + ": " + e.reason() + ". " + e.fix(), e);
    }
  }

  private MethodPlan.Code code(CachingHandler h, MethodPlan plan, Set<Class<?>> seeds) {
    return plan.code(seeds, s -> {
      // an impl that is itself a lambda is handled there too, through its capturing site
      MethodFingerprint f = fingerprinter.fingerprint(plan.method, h.impl.getClass(), s);
      if (strict && !f.unresolved().isEmpty()) {
        throw new IllegalStateException("astrocache: the code of " + Keys.signature(plan.method)
            + " reaches classes whose bytes cannot be read, which count by name only: "
            + f.unresolved() + " (strict mode)");
      }
      String hex = Keys.hex(f.hash());
      if (manifests != null) {
        manifests.record(plan.function, hex, f.manifest());
      }
      return new MethodPlan.Code(f.hash(), hex, f);
    });
  }

  private static byte[] key(MethodPlan plan, MethodPlan.Code code, byte[] state,
      byte[][] statics, byte[][] args) {
    MessageDigest sha = Keys.sha256();
    ByteBuffer header = ByteBuffer.allocate(8);
    header.putInt(Keys.KEY_FORMAT).putInt(plan.signature.length);
    sha.update(header.array());
    sha.update(plan.signature);
    sha.update(code.hash());
    update(sha, state);
    for (byte[] s : statics) {
      update(sha, s);
    }
    for (byte[] a : args) {
      update(sha, a);
    }
    return sha.digest();
  }

  private static void update(MessageDigest sha, byte[] part) {
    int n = part.length;
    sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    sha.update(part);
  }

  /** The value on a usable hit, with the payload it was read from; else {@code null}. */
  private Flight lookup(CachingHandler h, MethodPlan plan, EntryKey entryKey, byte[] key) {
    byte[] bytes;
    try {
      bytes = store.get(entryKey);
    } catch (IOException | RuntimeException e) {
      stats.errors.increment();
      if (strict) {
        throw new IllegalStateException("astrocache: cannot read entry " + entryKey + " from the '"
            + storeName + "' store: " + e + " (strict mode)", e);
      }
      warnOnce("read:" + storeName, "astrocache: cannot read from the '" + storeName
          + "' store (" + e + "): calls are computed; further read errors are counted, not logged");
      return null;
    }
    if (bytes == null) {
      return null;
    }
    EntryFrame.Decoded entry;
    try {
      entry = EntryFrame.read(bytes, key);
    } catch (CorruptEntryException e) {
      reject(entryKey, e.getMessage());
      return null;
    }
    Serializer s = serializers.get(entry.header().serializer());
    if (s == null) {
      warnOnce("serializer:" + entry.header().serializer(), "astrocache: entry " + entryKey
          + " was written by serializer '" + entry.header().serializer() + "', which is not on"
          + " the class path: computing instead. Found serializers: " + serializers.keySet());
      return null;
    }
    Object value;
    try {
      value = s.deserialize(entry.payload(), resultLoader(h));
    } catch (Exception | LinkageError | AssertionError e) {
      reject(entryKey, "serializer '" + s.name() + "' cannot read it: " + e.getMessage());
      return null;
    }
    if (value == null ? plan.method.getReturnType().isPrimitive() : !plan.resultType.isInstance(value)) {
      reject(entryKey, "it holds a " + (value == null ? "null" : value.getClass().getName())
          + " where " + plan.method.getReturnType().getName() + " is returned");
      return null;
    }
    stats.hits.increment();
    stats.bytesRead.add(bytes.length);
    stats.nanosSaved.add(entry.header().computeNanos());
    return new Flight(value, s, entry.payload());
  }

  /**
   * The loader that resolves the result's classes: the impl's, or for an impl of the JDK (whose
   * loader is null: {@code String.CASE_INSENSITIVE_ORDER} as a {@code Comparator}) the API's,
   * else the system class loader.
   */
  private static ClassLoader resultLoader(CachingHandler h) {
    ClassLoader l = h.impl.getClass().getClassLoader();
    if (l == null) {
      l = h.api.getClassLoader();
    }
    return l != null ? l : ClassLoader.getSystemClassLoader();
  }

  private void reject(EntryKey entryKey, String reason) {
    stats.rejected.increment();
    warnOnce("corrupt", "astrocache: entry " + entryKey + " is unusable (" + reason
        + "): quarantined and computed again; further ones are counted in stats().rejected()");
    try {
      store.quarantine(entryKey);
    } catch (IOException | RuntimeException e) {
      stats.errors.increment();
    }
  }

  private Object computeOnce(CachingHandler h, MethodPlan plan, Object[] args, EntryKey entryKey,
      byte[] key, MethodPlan.Code code, long writesBefore) throws Throwable {
    CompletableFuture<Flight> mine = new CompletableFuture<>();
    CompletableFuture<Flight> leader = inFlight.putIfAbsent(entryKey.key(), mine);
    if (leader != null) {
      Flight f;
      try {
        f = leader.join();
      } catch (CompletionException e) {
        throw e.getCause();
      }
      return copyFor(h, f);
    }
    try {
      // another thread may have written it since our lookup: look again, but only then (with a
      // remote store every lookup is a request, and a refused entry would be counted twice)
      Flight flight = writes.get() != writesBefore ? lookup(h, plan, entryKey, key) : null;
      if (flight == null) {
        stats.misses.increment();
        if (manifests != null) {
          manifests.explainMiss(plan.function, code.hex(), code.fingerprint().manifest(),
              plan.implementation);
        }
        long start = System.nanoTime();
        Object value = h.call(plan.method, args);
        long took = System.nanoTime() - start;
        flight = write(plan, entryKey, key, value, took);
      }
      mine.complete(flight);
      return flight.value();
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw t;
    } finally {
      inFlight.remove(entryKey.key(), mine);
    }
  }

  /**
   * A result with the payload it can be copied from (null if it could not be serialized): what
   * a hit gives, and what the thread that computed or read a call hands to the threads that
   * waited for it, each of which gets its own copy as from a hit (a mutable result is never
   * shared between callers; only one that could not be serialized is).
   */
  private record Flight(Object value, Serializer serializer, byte[] payload) {}

  private static Object copyFor(CachingHandler h, Flight f) {
    if (f.payload() != null) {
      try {
        return f.serializer().deserialize(f.payload(), resultLoader(h));
      } catch (Exception | LinkageError | AssertionError e) {
        // it was read or written with this payload a moment ago: share rather than fail
      }
    }
    return f.value();
  }

  /** Serializes and stores the value; returns what waiting callers copy it from. */
  private Flight write(MethodPlan plan, EntryKey entryKey, byte[] key, Object value, long took) {
    Serializer s = serializerFor(value);
    byte[] payload;
    try {
      payload = s.serialize(value);
    } catch (Exception | LinkageError | AssertionError e) {
      // an Error from a writeObject or a plugin's missing class too: the value was computed
      // and is the caller's whatever happens to its copy
      stats.errors.increment();
      String msg = "astrocache: the result of " + Keys.signature(plan.method)
          + " cannot be serialized by '" + s.name() + "': " + e.getMessage();
      if (strict) {
        throw new IllegalStateException(msg + " (strict mode)", e);
      }
      // the serializer's message says how to fix it; this says what happened to the call
      warnOnce("serialize:" + plan.function, msg + (msg.endsWith(".") ? "" : ".")
          + " The result is returned but not cached; further failures of this method are"
          + " counted in stats().errors(), not logged.");
      return new Flight(value, null, null);
    }
    byte[] entry = EntryFrame.write(
        new EntryFrame.Header(s.name(), key, System.currentTimeMillis(), took), payload);
    try {
      store.put(entryKey, entry);
      writes.incrementAndGet();
      stats.puts.increment();
      stats.bytesWritten.add(entry.length);
    } catch (Exception | LinkageError | AssertionError e) {
      stats.errors.increment();
      String msg = "astrocache: cannot write entry " + entryKey + " to the '" + storeName
          + "' store in " + directory + ": " + e;
      if (strict) {
        throw new IllegalStateException(msg + " (strict mode)", e);
      }
      warnOnce("write:" + storeName, msg + ". Values are returned but not cached; further write"
          + " errors are counted in stats().errors(), not logged.");
    }
    return new Flight(value, s, payload);
  }

  private Serializer serializerFor(Object value) {
    if (value == null) {
      return codec;
    }
    Class<?> type = value.getClass();
    if (primary != null && primary.handles(type)) {
      return primary;
    }
    for (Serializer s : typed) {
      if (s.handles(type)) {
        return s;
      }
    }
    return codec;
  }

  private void warnOnce(String what, String message) {
    if (warned.add(what)) {
      LOG.log(Level.WARNING, message);
    }
  }
}
