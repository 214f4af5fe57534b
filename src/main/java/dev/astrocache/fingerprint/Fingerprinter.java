package dev.astrocache.fingerprint;

import dev.astrocache.base.Classes;
import dev.astrocache.base.Descriptors;
import dev.astrocache.base.Hashes;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fingerprints of the bytecode a method can reach. See DESIGN.md, "The code fingerprint".
 * Thread-safe; memoizes per JVM, but every call reflects the bytes classes have now.
 *
 * <p>Manifest keys are {@code binary.ClassName#name(descriptor)}, such as
 * {@code p.Impl#run(I)I}. Names javac makes up and numbers are shown with the number replaced
 * by {@code ~} and the first 8 hex digits of the hash of their content, so that adding an
 * unrelated lambda does not rename the others in a diff of two manifests:
 * {@code lambda$run$0} reads {@code lambda$run$~1a2b3c4d}, {@code access$000} reads
 * {@code access$~1a2b3c4d}, the anonymous class {@code p.Impl$1} reads
 * {@code p.Impl$~1a2b3c4d} and the local class {@code p.Impl$1Helper} reads
 * {@code p.Impl$~1a2b3c4dHelper}. A changed lambda body thus shows as one key removed and one
 * added. JShell's numbered snippet classes ({@code REPL.$JShell$12$Impl}) are named the same
 * way, so that re-running an unchanged snippet under a new number keeps its fingerprint.
 *
 * <p>Boundaries: JDK classes (boot and platform loader) are not walked, the Java feature
 * version stands in for them. Every other class is read through the loader of the class that
 * refers to it, the root's loader first; within one call a class name stands for one class.
 * Classes whose bytes cannot be read count by name in {@link MethodFingerprint#unresolved()},
 * by {@link Classes#stableName}: a lambda as {@code p.Main$$Lambda}, another hidden class by its
 * name without the {@code /0x...} suffix, a proxy as {@code proxy[interfaces]}.
 */
public final class Fingerprinter {
  static final String FORMAT = "astrocache.fingerprint/1";
  /**
   * Makes a lambda that cannot be told apart from its siblings miss across JVM runs; in a holder,
   * since seeding a {@link SecureRandom} costs a fresh JVM ~25 ms that a hit does not need.
   */
  private static final class RunNonce {
    static final long VALUE = new SecureRandom().nextLong();
  }

  private final ConcurrentHashMap<String, ParsedClass> parsed = new ConcurrentHashMap<>();
  private final ClassValue<ConcurrentHashMap<List<Object>, Memo>> memos = new ClassValue<>() {
    @Override
    protected ConcurrentHashMap<List<Object>, Memo> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };
  /**
   * {@link #currentCodeOf}'s memo: each code with the bytes it was made of, held by the class
   * (a ClassValue), so that it never keeps a class or its loader alive.
   */
  private final ClassValue<AtomicReference<Memo>> checkedCodes = new ClassValue<>() {
    @Override
    protected AtomicReference<Memo> computeValue(Class<?> type) {
      return new AtomicReference<>();
    }
  };

  /**
   * A result and the reads it was made of: valid while every class still reads the same (a file
   * or jar by its stamp, a class from memory by its bytes) and no loader it read through is gone.
   */
  private record Memo(MethodFingerprint result, Map<String, ClassSources.Read> reads) {
    boolean valid() {
      for (Map.Entry<String, ClassSources.Read> e : reads.entrySet()) {
        if (!e.getValue().unchanged(e.getKey())) {
          return false;
        }
      }
      return true;
    }
  }

  /** What one walk made: the fingerprint, and the reads to check before reusing it. */
  private record Walked(MethodFingerprint result, Map<String, ClassSources.Read> reads) {}

  /** The walks of earlier JVMs, or null (index=off, or no cache directory). */
  private final WalkIndex index;

  /**
   * A fingerprinter with empty memos and no index, unless the system property
   * {@code astrocache.index} is {@code verify} (a test mode): then with an index in a folder of
   * this JVM's own, each answer of which is checked against a fresh walk.
   */
  public Fingerprinter() {
    this(VerifyFolder.get(), true);
  }

  /**
   * A fingerprinter with empty memos and the index of walks in {@code indexFolder} (null: none),
   * which lets a fresh JVM check a stored walk instead of walking; {@code verify}: each answer
   * from the index is compared with a fresh walk, and a difference throws an
   * {@link AssertionError} naming both (a test and diagnostic mode).
   */
  public Fingerprinter(java.nio.file.Path indexFolder, boolean verify) {
    this.index = indexFolder == null ? null : new WalkIndex(indexFolder, verify);
  }

  /** The folder of {@link #Fingerprinter()}'s index in verify mode, made once per JVM. */
  private static final class VerifyFolder {
    private static final java.nio.file.Path FOLDER = make();

    static java.nio.file.Path get() {
      return "verify".equals(System.getProperty("astrocache.index")) ? FOLDER : null;
    }

    private static java.nio.file.Path make() {
      if (!"verify".equals(System.getProperty("astrocache.index"))) {
        return null;
      }
      try {
        return java.nio.file.Files.createTempDirectory("astrocache-index-verify");
      } catch (java.io.IOException | RuntimeException e) {
        return null;
      }
    }
  }

  /**
   * The fingerprint of {@code apiMethod} as {@code implClass} implements it, over everything it
   * can reach.
   *
   * <p>The first call for a method walks its code; later calls re-read the bytes of every class
   * the walk read (through the same loaders; classes in jars excepted, as their bytes cannot
   * change under a running loader) and return the memoized result if none changed.
   *
   * @param instantiated classes known to be instantiated beyond what the reachable code
   *     {@code new}s: the runtime classes of objects reachable from the impl's fields and of the
   *     arguments (rapid type analysis seeds)
   * @throws NullPointerException if an argument is or contains null
   */
  public MethodFingerprint fingerprint(Method apiMethod, Class<?> implClass,
      Set<Class<?>> instantiated) {
    Objects.requireNonNull(apiMethod, "apiMethod == null");
    Objects.requireNonNull(implClass, "implClass == null");
    Objects.requireNonNull(instantiated, "instantiated == null");
    Set<Class<?>> seeds = Set.copyOf(instantiated);
    // the memo lives with the youngest loader among those the walk reads through, so that it
    // keeps none alive (a plug-in's seeds under the application's impl); loaders on separate
    // branches share no memo: walked each time
    List<Class<?>> mentioned = new ArrayList<>(seeds.size() + 2);
    mentioned.add(implClass);
    mentioned.add(apiMethod.getDeclaringClass());
    mentioned.addAll(seeds);
    Class<?> home = Classes.youngest(mentioned);
    if (home == null) {
      return copy(walk(apiMethod, implClass, seeds).result());
    }
    ConcurrentHashMap<List<Object>, Memo> memo = memos.get(home);
    List<Object> key = List.of(implClass, apiMethod, seeds);
    Memo known = memo.get(key);
    if (known == null || !known.valid()) {
      known = indexedOrWalked(apiMethod, implClass, seeds);
      memo.put(key, known);
    }
    return copy(known.result());
  }

  /**
   * The stored walk of an earlier JVM if the index has one that still holds (see
   * {@link WalkIndex}), else a walk, stored for the next JVM.
   */
  private Memo indexedOrWalked(Method apiMethod, Class<?> implClass, Set<Class<?>> seeds) {
    if (index == null || !WalkIndex.eligible(apiMethod, implClass, seeds)) {
      Walked walked = walk(apiMethod, implClass, seeds);
      return new Memo(walked.result(), walked.reads());
    }
    String root = WalkIndex.keyText(apiMethod, implClass, seeds);
    WalkIndex.Answer stored = index.lookup(root);
    if (stored != null) {
      if (index.verify()) {
        verify(root, stored.result(), walk(apiMethod, implClass, seeds).result(), true);
      }
      return new Memo(stored.result(), stored.reads());
    }
    Walked walked = walk(apiMethod, implClass, seeds);
    index.store(root, walked.result(), walked.reads(), true);
    return new Memo(walked.result(), walked.reads());
  }

  /** {@link #currentCodeOf}'s walk, through the index as {@link #indexedOrWalked}. */
  private Memo indexedOrComputed(Class<?> type) {
    if (index == null || !WalkIndex.eligible(type)) {
      Walked walked = computeCode(type);
      return new Memo(walked.result(), walked.reads());
    }
    String root = WalkIndex.keyText(type);
    WalkIndex.Answer stored = index.lookup(root);
    if (stored != null) {
      if (index.verify()) {
        verify(root, stored.result(), computeCode(type).result(), false);
      }
      return new Memo(stored.result(), stored.reads());
    }
    Walked walked = computeCode(type);
    index.store(root, walked.result(), walked.reads(), false);
    return new Memo(walked.result(), walked.reads());
  }

  /**
   * index=verify: the stored walk must equal a fresh one in every part ({@code manifest}: the
   * manifest too; the code of a class is stored by its hash alone).
   */
  private static void verify(String root, MethodFingerprint stored, MethodFingerprint walked,
      boolean manifest) {
    List<String> differences = new ArrayList<>();
    if (!Arrays.equals(stored.hash(), walked.hash())) {
      differences.add("hash " + stored.hex() + " (index) vs " + walked.hex() + " (walk)");
    }
    if (manifest && !stored.manifest().equals(walked.manifest())) {
      differences.add("manifest (index): " + stored.manifest());
      differences.add("manifest (walk): " + walked.manifest());
    }
    compare(differences, "unresolved", stored.unresolved(), walked.unresolved());
    compare(differences, "static inputs", stored.staticInputs(), walked.staticInputs());
    compare(differences, "static holders", describe(stored.staticHolders()),
        describe(walked.staticHolders()));
    compare(differences, "ambient inputs", stored.ambientInputs(), walked.ambientInputs());
    compare(differences, "ambient unresolved", stored.ambientUnresolved(),
        walked.ambientUnresolved());
    compare(differences, "not cacheable", stored.notCacheable(), walked.notCacheable());
    if (!differences.isEmpty()) {
      throw new AssertionError("astrocache: index=verify: the stored walk of "
          + root.replace('\n', ' ') + " differs from a fresh walk: "
          + String.join("; ", differences) + ". Fix: report it; index=off works around it");
    }
  }

  private static void compare(List<String> differences, String what, Object stored,
      Object walked) {
    if (!stored.equals(walked)) {
      differences.add(what + " " + stored + " (index) vs " + walked + " (walk)");
    }
  }

  private static List<String> describe(List<StaticHolder> holders) {
    List<String> d = new ArrayList<>();
    for (StaticHolder h : holders) {
      d.add(h + (h.filledByCode() ? " filled by code" : "") + " " + new TreeSet<>(h.changedByCode()));
    }
    return d;
  }

  /**
   * The fingerprint of the code of a functional object's class (a lambda or method reference,
   * found through the capturing class's {@code invokedynamic} sites) or of a service class held
   * in a field: 32 bytes. Like {@link #fingerprint}, it reflects the bytes the classes have now:
   * a memoized value is reused only if every class it read still reads the same. It re-reads
   * bytes, so it is for callers that memoize its answer per wrap, off the hit path.
   *
   * <p>A lambda whose capturing class has several sites that could have made it, with different
   * code, cannot be told apart from its siblings: it gets a value that is stable in this JVM but
   * differs in every other run, so that it misses rather than hits wrongly.
   *
   * @throws NullPointerException if {@code type} is null
   */
  public byte[] currentCodeOf(Class<?> type) {
    Objects.requireNonNull(type, "type == null");
    AtomicReference<Memo> memo = checkedCodes.get(type);
    Memo known = memo.get();
    if (known == null || !known.valid()) {
      known = indexedOrComputed(type);
      memo.set(known);
    }
    return known.result().hash().clone();
  }

  private Walked walk(Method apiMethod, Class<?> implClass, Set<Class<?>> seeds) {
    Walk w = new Walk(implClass.getClassLoader());
    for (Class<?> seed : seeds) {
      w.seed(seed);
    }
    Class<?> generated = null;
    if (Classes.isGeneratedSubclass(implClass)) {
      // a CGLIB/ByteBuddy subclass: its bytes cannot be read, its superclasses can
      generated = implClass;
      w.graph.unresolved.add(Classes.stableName(implClass));
      implClass = readableSuperclass(implClass);
    }
    if (generated != null && implClass == null) {
      // nothing readable above it: it counts by its stable name
    } else if (Classes.isLambda(implClass)) {
      w.lambda(implClass);
    } else if (isUnreadable(implClass)) {
      w.graph.unresolved.add(Classes.stableName(implClass));
    } else if (!Classes.isJdk(implClass)) {
      w.graph.anchor(Names.internal(implClass), implClass.getClassLoader());
      w.walker.rootDispatch(Names.internal(implClass), apiMethod.getName(),
          Descriptors.of(apiMethod));
      // the code that built the impl's state: its field initializers and constructors
      w.graph.get(Names.internal(implClass)).ifPresent(w.walker::rootConstructors);
    }
    return w.finish(true);
  }

  private Walked computeCode(Class<?> type) {
    Class<?> t = type;
    while (t.isArray()) {
      t = t.getComponentType();
    }
    if (!t.isHidden() && Classes.isJdk(t)) {
      byte[] hash = new Hasher().putString(FORMAT).putString("jdk").putString(t.getName())
          .putInt(Runtime.version().feature()).finish();
      return new Walked(new MethodFingerprint(hash, new TreeMap<>(), Set.of()), Map.of());
    }
    Walk w = new Walk(t.getClassLoader());
    if (Classes.isLambda(t)) {
      w.lambda(t);
    } else if (isUnreadable(t)) {
      w.graph.unresolved.add(Classes.stableName(t));
    } else {
      String internal = Names.internal(t);
      w.graph.anchor(internal, t.getClassLoader());
      String c = internal;
      while (c != null && !JdkTypes.isJdk(c)) {
        Optional<ParsedClass> pc = w.graph.get(c, internal);
        if (pc.isEmpty()) {
          break;
        }
        w.walker.rootAllMethods(pc.get());
        c = pc.get().file.superClass();
      }
    }
    return w.finish(false);
  }

  /**
   * Notes that a lambda of class {@code lambda} was passed, straight from the
   * {@code invokedynamic} that made it, to the call at byte code index {@code bci} of
   * {@code method} {@code descriptor} in its capturing class (a {@code memoize} call): among
   * sibling lambdas of the same interface and captured types, that site is the one that made it,
   * so its fingerprint is the same in every run. The fingerprint checks the claim against the
   * class's bytes and ignores it when they do not bear it out.
   *
   * @throws IllegalArgumentException if {@code lambda} is not a lambda class
   */
  public static void lambdaPassedAt(Class<?> lambda, String method, String descriptor, int bci) {
    if (!Classes.isLambda(lambda)) {
      throw new IllegalArgumentException(lambda.getName() + " is not a lambda class");
    }
    Lambdas.passedAt(lambda, new Lambdas.PassedAt(method, descriptor, bci));
  }

  private static byte[] bytesOf(ClassLoader loader, String internalName) {
    try {
      return ClassSources.read(loader, internalName).bytes();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** The first superclass of a generated subclass that is not generated itself, or null. */
  private static Class<?> readableSuperclass(Class<?> generated) {
    Class<?> c = generated.getSuperclass();
    while (c != null && Classes.isGeneratedSubclass(c)) {
      c = c.getSuperclass();
    }
    return c == null || Classes.isJdk(c) ? null : c;
  }

  private static boolean isUnreadable(Class<?> type) {
    return type.isHidden() || Proxy.isProxyClass(type);
  }

  private static MethodFingerprint copy(MethodFingerprint f) {
    return new MethodFingerprint(f.hash().clone(), f.manifest(), f.unresolved(),
        f.staticInputs(), f.staticHolders(), f.ambientInputs(), f.ambientUnresolved(),
        f.notCacheable());
  }

  /** The state of one walk: the classes it read, the hashes, the reachability, extra tokens. */
  private final class Walk {
    final ClassGraph graph;
    final ContentHashes hashes;
    final Walker walker;
    final List<byte[]> tokens = new ArrayList<>();

    Walk(ClassLoader loader) {
      graph = new ClassGraph(parsed, loader);
      hashes = new ContentHashes(graph);
      walker = new Walker(graph);
    }

    void seed(Class<?> seed) {
      Class<?> s = seed;
      while (s.isArray()) {
        s = s.getComponentType();
      }
      if (!s.isHidden() && Classes.isJdk(s)) {
        return;
      }
      if (Classes.isGeneratedSubclass(s)) {
        graph.unresolved.add(Classes.stableName(s));
        s = readableSuperclass(s);
        if (s == null) {
          return;
        }
      }
      if (Classes.isLambda(s)) {
        lambda(s);
      } else if (isUnreadable(s)) {
        graph.unresolved.add(Classes.stableName(s));
      } else {
        graph.anchor(Names.internal(s), s.getClassLoader());
        walker.instantiate(Names.internal(s));
        // an object of the state: what its constructors made (lambdas, method references,
        // objects in transient fields) the call can run too
        graph.get(Names.internal(s)).ifPresent(walker::rootConstructors);
      }
    }

    /** Roots the walk at every site that can have made the lambda class. */
    void lambda(Class<?> lambda) {
      String capturing = Lambdas.capturingClass(lambda);
      graph.anchor(capturing, lambda.getClassLoader());
      Optional<ParsedClass> pc = JdkTypes.isJdk(capturing) ? graph.getJdk(capturing)
          : graph.get(capturing);
      List<Lambdas.Site> sites = pc.isEmpty() ? List.of()
          : Lambdas.narrow(pc.get(), lambda, Lambdas.candidates(pc.get(), lambda),
              () -> bytesOf(lambda.getClassLoader(), capturing));
      Set<String> distinct = new HashSet<>();
      for (Lambdas.Site site : sites) {
        byte[] token = hashes.resolve(Normalizer.site(site.owner(), site.name(),
            site.descriptor(), site.bootstrap()));
        tokens.add(token);
        distinct.add(Hashes.hex(token));
        if (site.implementation() != null) {
          walker.rootHandle(site.implementation());
        }
      }
      if (distinct.size() != 1) {
        // not found, or several different candidates: never equal to another run's value
        graph.unresolved.add(Classes.stableName(lambda));
        tokens.add(new Hasher().putString("unidentified lambda").putLong(RunNonce.VALUE)
            .putString(lambda.getName()).putInt(System.identityHashCode(lambda)).finish());
      }
    }

    /**
     * Runs the walk and hashes what it reached; {@code staticInputs}: also resolve the static
     * fields the code reads as settings and find the ambient inputs it reads by a constant name
     * ({@link AmbientReads}), which only a wrapped method's key needs (a service's or functional
     * argument's code counts by its hash alone).
     */
    Walked finish(boolean staticInputs) {
      walker.run();
      TreeMap<String, String> manifest = new TreeMap<>();
      TreeSet<String> entries = new TreeSet<>();
      AmbientReads ambient = new AmbientReads(graph);
      for (ClassGraph.Found f : walker.reached.values()) {
        String k = hashes.displayMethod(f.owner(), f.method());
        String v = Hashes.hex(hashes.method(f.owner(), f.method()));
        manifest.put(k, v);
        entries.add(k + "=" + v);
        if (staticInputs) {
          ambient.scan(f, k);
        }
      }
      // instanceof, checkcast and catch see the supertypes of what is instantiated
      for (String type : walker.instantiated()) {
        TreeSet<String> supertypes = new TreeSet<>();
        for (String s : graph.supertypes(type)) {
          supertypes.add(hashes.displayClass(s));
        }
        entries.add(hashes.displayClass(type) + " extends " + supertypes);
      }
      TreeSet<String> unresolved = new TreeSet<>(graph.unresolved);
      tokens.sort(Arrays::compareUnsigned);
      Hasher h = new Hasher().putString(FORMAT).putInt(Runtime.version().feature());
      if (Agents.TOKEN != null) {
        h.putBytes(Agents.TOKEN); // agents can transform what runs: absent, nothing is added
      }
      h.putInt(tokens.size());
      tokens.forEach(h::putBytes);
      h.putInt(entries.size());
      entries.forEach(h::putString);
      h.putInt(unresolved.size());
      unresolved.forEach(h::putString);
      SortedMap<String, String> m = Collections.unmodifiableSortedMap(manifest);
      Set<String> u = Collections.unmodifiableSet(unresolved);
      return new Walked(new MethodFingerprint(h.finish(), m, u,
          staticInputs ? fields(walker.staticInputs()) : List.of(),
          staticInputs ? staticHolders() : List.of(), ambient.inputs(),
          Collections.unmodifiableSet(new TreeSet<>(ambient.unresolved())),
          Collections.unmodifiableSortedMap(new TreeMap<>(graph.notCacheable))),
          Map.copyOf(graph.reads));
    }

    /** The static final holders the code reads, with the classes whose objects it changes. */
    private List<StaticHolder> staticHolders() {
      List<Field> fields = fields(walker.staticHolders(false));
      List<Field> memos = fields(walker.staticHolders(true));
      if (fields.isEmpty() && memos.isEmpty()) {
        return List.of();
      }
      Set<String> changed = new HashSet<>();
      for (String c : walker.instanceWrites()) {
        changed.add(Names.binary(c));
      }
      List<StaticHolder> holders = new ArrayList<>(fields.size() + memos.size());
      for (Field f : fields) {
        holders.add(new StaticHolder(f, changed, false));
      }
      for (Field f : memos) {
        holders.add(new StaticHolder(f, changed, true));
      }
      return List.copyOf(holders);
    }

    /**
     * Static fields as reflective fields, through the loader that supplied each class's
     * bytes; one that cannot be made accessible (a package not opened to astrocache) is left
     * out: its value cannot be read.
     */
    private List<Field> fields(Set<Ref> refs) {
      List<Field> fields = new ArrayList<>();
      for (Ref r : refs) {
        ClassSources.Read read = graph.reads.get(r.owner());
        if (read == null) {
          continue;
        }
        try {
          Class<?> c = Class.forName(Names.binary(r.owner()), false, read.loader());
          Field f = c.getDeclaredField(r.name());
          f.setAccessible(true);
          fields.add(f);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
          // not reachable by reflection: counted by its code only, as before
        }
      }
      fields.sort(Comparator.comparing((Field f) -> f.getDeclaringClass().getName())
          .thenComparing(Field::getName));
      return List.copyOf(fields);
    }
  }
}
