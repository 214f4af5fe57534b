package dev.astrocache.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.base.Hashes;
import dev.astrocache.testing.ClassBytes;
import dev.astrocache.testing.Javac;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprinterTest {
  private static final Pattern KEY =
      Pattern.compile("[A-Za-z0-9_.$~]+#[A-Za-z0-9_$~<>]+\\([^)]*\\)[^()]+");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private static final String API = "package p;\npublic interface Api { int run(int x); }\n";

  @TempDir
  Path tmp;

  /** Serves the class bytes it was given, and lets a test swap them as JShell and HotSwap do. */
  static class RedefiningLoader extends ClassLoader {
    private final Map<String, byte[]> defined;
    private volatile Map<String, byte[]> served;

    RedefiningLoader(Map<String, byte[]> classes) {
      super(RedefiningLoader.class.getClassLoader());
      this.defined = classes;
      this.served = classes;
    }

    void redefine(Map<String, byte[]> classes) {
      served = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = defined.get(name.replace('.', '/') + ".class");
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      byte[] b = served.get(name);
      return b == null ? super.getResourceAsStream(name) : new ByteArrayInputStream(b);
    }
  }

  private Map<String, byte[]> compile(String name, String impl, String... more) {
    Map<String, String> sources = new HashMap<>(Map.of("p.Api", API, "p.Impl", impl));
    for (int i = 0; i < more.length; i += 2) {
      sources.put(more[i], more[i + 1]);
    }
    Path out = Javac.compile(tmp.resolve(name), sources);
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(Files::isRegularFile).collect(Collectors.toMap(
          f -> out.relativize(f).toString().replace('\\', '/'), f -> {
            try {
              return Files.readAllBytes(f);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MethodFingerprint run(Fingerprinter f, ClassLoader loader) throws Exception {
    Method run = loader.loadClass("p.Api").getMethod("run", int.class);
    return f.fingerprint(run, loader.loadClass("p.Impl"), Set.of());
  }

  private static String impl(String body) {
    return "package p;\npublic class Impl implements Api {\n" + body + "\n}\n";
  }

  @Test
  void fingerprint_classRedefinedInPlace_reflectsTheNewBytes() throws Exception {
    Map<String, byte[]> v1 = compile("v1", impl("public int run(int x) { return x + 1; }"));
    Map<String, byte[]> v2 = compile("v2", impl("public int run(int x) { return x + 2; }"));
    RedefiningLoader loader = new RedefiningLoader(v1);
    Fingerprinter f = new Fingerprinter();

    byte[] first = run(f, loader).hash();
    loader.redefine(v2);
    byte[] second = run(f, loader).hash();
    loader.redefine(v1);
    byte[] third = run(f, loader).hash();

    assertFalse(Arrays.equals(first, second), "same fingerprint after the class was redefined");
    assertArrayEquals(first, third);
  }

  @Test
  void fingerprint_malformedAttributeNothingReads_isNotUnresolved() throws Exception {
    Map<String, byte[]> good = compile("attrs", impl("public int run(int x) {"
        + " return new Helper().f(x); }\n static class Helper { int f(int x) { return x + 1; } }"));
    Map<String, byte[]> spoilt = new HashMap<>(good);
    spoilt.put("p/Impl.class", ClassBytes.spoilClassAttribute(good.get("p/Impl.class"),
        "InnerClasses"));
    spoilt.put("p/Impl$Helper.class", ClassBytes.spoilClassAttribute(
        good.get("p/Impl$Helper.class"), "NestHost"));
    MethodFingerprint expected = run(new Fingerprinter(), new RedefiningLoader(good));
    // the JVM checks these attributes when it defines a class: it defines the good bytes, the
    // fingerprint reads the spoilt ones
    RedefiningLoader loader = new RedefiningLoader(good);
    loader.redefine(spoilt);

    MethodFingerprint actual = run(new Fingerprinter(), loader);

    assertEquals(Set.of(), actual.unresolved());
    assertTrue(actual.manifest().containsKey("p.Impl$Helper#f(I)I"), actual.manifest().toString());
    assertEquals(expected.hex(), actual.hex());
  }

  @Test
  void currentCodeOf_classRedefinedInPlace_reflectsTheNewBytes() throws Exception {
    Map<String, byte[]> v1 = compile("c1", impl("public int run(int x) { return x + 1; }"));
    Map<String, byte[]> v2 = compile("c2", impl("public int run(int x) { return x + 2; }"));
    RedefiningLoader loader = new RedefiningLoader(v1);
    Class<?> service = loader.loadClass("p.Impl");
    Fingerprinter f = new Fingerprinter();

    byte[] first = f.currentCodeOf(service);
    loader.redefine(v2);
    byte[] second = f.currentCodeOf(service);
    loader.redefine(v1);
    byte[] third = f.currentCodeOf(service);

    assertFalse(Arrays.equals(first, second), "same code after the class was redefined");
    assertArrayEquals(first, third);
  }

  @Test
  void fingerprint_onlyAnAnonymousClassRedefined_reflectsTheNewBytes() throws Exception {
    String template = "public int run(int x) { return new java.util.function.IntUnaryOperator() {"
        + " public int applyAsInt(int y) { return y + %d; } }.applyAsInt(x); }";
    Map<String, byte[]> v1 = compile("v1", impl(template.formatted(1)));
    Map<String, byte[]> v2 = compile("v2", impl(template.formatted(2)));
    assertArrayEquals(v1.get("p/Impl.class"), v2.get("p/Impl.class"));
    RedefiningLoader loader = new RedefiningLoader(v1);
    Fingerprinter f = new Fingerprinter();

    byte[] first = run(f, loader).hash();
    loader.redefine(v2);
    byte[] second = run(f, loader).hash();

    assertFalse(Arrays.equals(first, second), "same fingerprint after Impl$1 was redefined");
  }

  @Test
  void fingerprint_calledTwice_givesEqualResults() throws Exception {
    RedefiningLoader loader = new RedefiningLoader(
        compile("v1", impl("public int run(int x) { return Math.abs(x) + 1; }")));
    Fingerprinter f = new Fingerprinter();

    MethodFingerprint first = run(f, loader);
    MethodFingerprint second = run(f, loader);
    MethodFingerprint fresh = run(new Fingerprinter(), loader);

    assertArrayEquals(first.hash(), second.hash());
    assertArrayEquals(first.hash(), fresh.hash());
    assertEquals(first.manifest(), fresh.manifest());
    assertEquals(32, first.hash().length);
  }

  @Test
  void fingerprint_returnedHash_isACopy() throws Exception {
    RedefiningLoader loader = new RedefiningLoader(
        compile("v1", impl("public int run(int x) { return x; }")));
    Fingerprinter f = new Fingerprinter();
    byte[] first = run(f, loader).hash();
    byte[] expected = first.clone();

    Arrays.fill(first, (byte) 0);

    assertArrayEquals(expected, run(f, loader).hash());
  }

  @Test
  void manifest_keysAndValues_haveTheDocumentedFormat() throws Exception {
    RedefiningLoader loader = new RedefiningLoader(compile("v1", impl("""
          public int run(int x) {
            java.util.function.IntUnaryOperator f = y -> y * 2;
            Runnable r = new Runnable() { public void run() {} };
            r.run();
            return f.applyAsInt(Helper.twice(x)) + String.valueOf(x).length();
          }
          static class Helper { static int twice(int x) { return 2 * x; } }
        """)));

    MethodFingerprint fp = run(new Fingerprinter(), loader);

    Set<String> keys = fp.manifest().keySet();
    for (Map.Entry<String, String> e : fp.manifest().entrySet()) {
      assertTrue(KEY.matcher(e.getKey()).matches(), e.getKey());
      assertTrue(HASH.matcher(e.getValue()).matches(), e.getValue());
      assertFalse(e.getKey().startsWith("java."), "JDK method in the manifest: " + e.getKey());
    }
    assertTrue(keys.contains("p.Impl#run(I)I"), keys.toString());
    assertTrue(keys.contains("p.Impl$Helper#twice(I)I"), keys.toString());
    assertTrue(keys.stream().anyMatch(k -> k.matches("p\\.Impl#lambda\\$run\\$~[0-9a-f]{8}\\(I\\)I")),
        keys.toString());
    assertTrue(keys.stream().anyMatch(k -> k.matches("p\\.Impl\\$~[0-9a-f]{8}#run\\(\\)V")),
        keys.toString());
    assertEquals(Set.of(), fp.unresolved());
  }

  /** Uses a real library, walked from its jar. */
  public static final class GuavaUser implements IntUnaryOperator {
    @Override
    public int applyAsInt(int n) {
      com.google.common.collect.Multimap<String, Integer> m =
          com.google.common.collect.ArrayListMultimap.create();
      m.put("a", n);
      return com.google.common.collect.ImmutableSortedMap.of("k", n).size() + m.size();
    }
  }

  @Test
  void fingerprint_realLibrary_isWalkedCompletelyAndDeterministically() throws Exception {
    Method apply = IntUnaryOperator.class.getMethod("applyAsInt", int.class);

    MethodFingerprint first = new Fingerprinter().fingerprint(apply, GuavaUser.class, Set.of());
    MethodFingerprint second = new Fingerprinter().fingerprint(apply, GuavaUser.class,
        Set.of(java.util.ArrayList.class));

    assertTrue(first.manifest().size() > 500, first.toString());
    assertEquals(Set.of(), first.unresolved());
    assertEquals(first, second);
  }

  /** Makes one lambda: the only IntUnaryOperator site of its class, so it is identifiable. */
  static final class OneLambda {
    static IntUnaryOperator make() {
      return y -> y + 41;
    }
  }

  /** Prints, in a child JVM, what {@link #fingerprint_inAnotherJvm_isTheSame} compares. */
  public static final class ChildMain {
    public static void main(String[] args) throws Exception {
      System.out.println(hexes(new Fingerprinter()));
    }
  }

  static String hexes(Fingerprinter f) throws Exception {
    Method apply = IntUnaryOperator.class.getMethod("applyAsInt", int.class);
    return f.fingerprint(apply, GuavaUser.class, Set.of()).hex() + " "
        + Hashes.hex(f.currentCodeOf(OneLambda.make().getClass()));
  }

  @Test
  void fingerprint_inAnotherJvm_isTheSame() throws Exception {
    dev.astrocache.testing.ChildJvm.Result child = dev.astrocache.testing.ChildJvm.run(
        ChildMain.class.getName(), List.of(), Map.of());

    assertEquals(0, child.exitCode(), child.output());
    assertEquals(hexes(new Fingerprinter()), child.output().strip());
  }

  @Test
  void fingerprint_classWithoutBytes_countsByName() throws Exception {
    Map<String, byte[]> classes = compile("v1", impl("public int run(int x) { return Gen.f(x); }"),
        "p.Gen", "package p;\nclass Gen { static int f(int x) { return x; } }\n");
    RedefiningLoader loader = new RedefiningLoader(classes) {
      @Override
      public InputStream getResourceAsStream(String name) {
        return name.equals("p/Gen.class") ? null : super.getResourceAsStream(name);
      }
    };

    MethodFingerprint fp = run(new Fingerprinter(), loader);

    assertEquals(Set.of("p.Gen"), fp.unresolved());
    // the constructor built the impl's state: it is code the call depends on
    assertEquals(Set.of("p.Impl#<init>()V", "p.Impl#run(I)I"), fp.manifest().keySet());
  }

  @Test
  void fingerprint_objectPassedToAClassWithoutBytes_mayBeCalledBack() throws Exception {
    Map<String, byte[]> classes = compile("v1",
        impl("public int run(int x) { return Gen.f(new Box()); }"),
        "p.Gen", "package p;\nclass Gen { static int f(Object o) { return o.hashCode(); } }\n",
        "p.Box", "package p;\nclass Box { public int hashCode() { return 7; } }\n");
    RedefiningLoader loader = new RedefiningLoader(classes) {
      @Override
      public InputStream getResourceAsStream(String name) {
        return name.equals("p/Gen.class") ? null : super.getResourceAsStream(name);
      }
    };

    MethodFingerprint fp = run(new Fingerprinter(), loader);

    assertEquals(Set.of("p.Gen"), fp.unresolved());
    assertTrue(fp.manifest().containsKey("p.Box#hashCode()I"), fp.manifest().toString());
  }

  @Test
  void fingerprint_implementationInheritedFromTheJdk_reachesWhatTheJdkCallsBack()
      throws Exception {
    String source = """
        package p;
        public class Impl extends java.util.AbstractList<Integer> implements Api {
          public Integer get(int i) { return i * 2; }
          public int size() { return 3; }
          public int run(int x) { return x; }
        }
        """;
    RedefiningLoader loader = new RedefiningLoader(compile("v1", source));
    Method hashCode = Object.class.getMethod("hashCode");

    MethodFingerprint fp = new Fingerprinter().fingerprint(hashCode, loader.loadClass("p.Impl"),
        Set.of());

    assertTrue(fp.manifest().keySet().containsAll(Set.of("p.Impl#get(I)Ljava/lang/Integer;",
        "p.Impl#size()I")), fp.manifest().toString());
  }

  @Test
  void fingerprint_proxySeed_countsByItsInterfaces() throws Exception {
    RedefiningLoader loader = new RedefiningLoader(
        compile("v1", impl("public int run(int x) { return x; }")));
    Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Runnable.class}, (p, m, a) -> null);
    Method run = loader.loadClass("p.Api").getMethod("run", int.class);

    MethodFingerprint fp = new Fingerprinter().fingerprint(run, loader.loadClass("p.Impl"),
        Set.of(proxy.getClass()));

    assertEquals(Set.of("proxy[java.lang.Runnable]"), fp.unresolved());
  }

  @Test
  void fingerprint_seedOfTheJdk_isLeftOut() throws Exception {
    RedefiningLoader loader = new RedefiningLoader(
        compile("v1", impl("public int run(int x) { return x; }")));
    Fingerprinter f = new Fingerprinter();
    Method run = loader.loadClass("p.Api").getMethod("run", int.class);
    Class<?> implClass = loader.loadClass("p.Impl");

    MethodFingerprint without = f.fingerprint(run, implClass, Set.of());
    MethodFingerprint with = f.fingerprint(run, implClass, Set.of(String.class, int[].class));

    assertArrayEquals(without.hash(), with.hash());
  }

  /**
   * A method reference made in a field initializer ({@code Comparator.comparing(Key::of)}) is
   * reached through the constructor that built the state, as is what a seed's constructor makes.
   */
  @Test
  void fingerprint_codeThatBuiltTheState_isReached() throws Exception {
    RedefiningLoader loader = new RedefiningLoader(compile("v1", impl("""
          private final transient java.util.Comparator<String> order =
              java.util.Comparator.comparing(Key::of);
          public int run(int x) { return order.compare("a", "b") + x; }
        """), "p.Key", """
        package p;
        final class Key { static Integer of(String s) { return s.length(); } }
        """, "p.Holder", """
        package p;
        public final class Holder {
          final java.util.function.IntSupplier made = () -> Made.value();
        }
        """, "p.Made", """
        package p;
        final class Made { static int value() { return 7; } }
        """));
    Fingerprinter f = new Fingerprinter();
    Method run = loader.loadClass("p.Api").getMethod("run", int.class);

    MethodFingerprint fp = f.fingerprint(run, loader.loadClass("p.Impl"),
        Set.of(loader.loadClass("p.Holder")));

    assertTrue(fp.manifest().containsKey("p.Key#of(Ljava/lang/String;)Ljava/lang/Integer;"),
        fp.manifest().keySet().toString());
    assertTrue(fp.manifest().containsKey("p.Made#value()I"), fp.manifest().keySet().toString());
  }

  /**
   * Static finals the code reads are holders to count by content, unless the code changes them
   * itself (a memo, a list of what it saw, an array it writes), they are transient, or their
   * type cannot change (a String).
   */
  @Test
  void fingerprint_staticHolders_leaveOutWhatTheCodeChangesItself() throws Exception {
    RedefiningLoader loader = new RedefiningLoader(compile("v1", impl("""
          static final java.util.Map<Integer, Integer> MEMO = new java.util.HashMap<>();
          static final java.util.List<Integer> SEEN = new java.util.ArrayList<>();
          static final int[] COUNTS = new int[4];
          static final java.util.Map<String, Integer> REGISTRY = new java.util.HashMap<>();
          static final int[] TABLE = {1, 2, 3, 4};
          static final String NAME = String.valueOf("n");
          static final transient java.util.Map<String, Integer> OPTED_OUT =
              new java.util.HashMap<>();
          static final java.util.Map<Integer, String> LOOKED_UP = new java.util.HashMap<>();
          static final java.util.List<Integer> PASSED_ON = new java.util.ArrayList<>();
          public int run(int x) {
            String known = LOOKED_UP.get(x);
            if (known == null) {
              known = String.valueOf(x);
              LOOKED_UP.put(x, known);
            }
            fill(PASSED_ON, x); // changed through a parameter: not recognized, counts
            int m = MEMO.computeIfAbsent(x, k -> k * 2);
            SEEN.add(x);
            COUNTS[x & 3] = x;
            return m + REGISTRY.getOrDefault(NAME, 0) + TABLE[x & 3] + OPTED_OUT.size();
          }
          static void fill(java.util.List<Integer> list, int x) {
            list.add(x);
          }
        """)));

    MethodFingerprint fp = run(new Fingerprinter(), loader);

    assertEquals(List.of("PASSED_ON", "REGISTRY", "TABLE"), fp.staticHolders().stream()
        .filter(h -> !h.filledByCode()).map(h -> h.field().getName()).sorted().toList());
    assertEquals(List.of("COUNTS", "LOOKED_UP", "MEMO", "SEEN"), fp.staticHolders().stream()
        .filter(StaticHolder::filledByCode).map(h -> h.field().getName()).sorted().toList());
  }

  @Test
  void fingerprint_nullArguments_areRejected() throws Exception {
    Fingerprinter f = new Fingerprinter();
    Method m = Runnable.class.getMethod("run");

    assertEquals("apiMethod == null", assertThrows(NullPointerException.class,
        () -> f.fingerprint(null, Runnable.class, Set.of())).getMessage());
    assertEquals("implClass == null", assertThrows(NullPointerException.class,
        () -> f.fingerprint(m, null, Set.of())).getMessage());
    assertEquals("instantiated == null", assertThrows(NullPointerException.class,
        () -> f.fingerprint(m, Runnable.class, null)).getMessage());
    assertEquals("type == null", assertThrows(NullPointerException.class,
        () -> f.currentCodeOf(null)).getMessage());
  }

  // ------------------------------------------------------------------------ currentCodeOf

  /** One site per interface and captured types in each class: each lambda is identifiable. */
  private static final String MAKER = """
      package q;
      import java.util.function.IntUnaryOperator;
      public class Maker {
        public static IntUnaryOperator lambda() { return y -> y + %s; }
        public static IntUnaryOperator capturing(int k) { return y -> y * k; }
        public static IntUnaryOperator capturingOther(String s) { return y -> y * s.length(); }
        static int twice(int x) { return 2 * x; }
        static int thrice(int x) { return 3 * x; }
      }
      """;
  private static final String REFS = """
      package q;
      import java.util.function.IntUnaryOperator;
      public class Refs {
        public static IntUnaryOperator reference() { return Maker::%s; }
      }
      """;

  private ClassLoader maker(String name, String constant, String target) throws Exception {
    Path out = Javac.compile(tmp.resolve(name), Map.of("q.Maker", MAKER.formatted(constant),
        "q.Refs", REFS.formatted(target)));
    return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
  }

  private static Object make(ClassLoader loader, String method, Object... args) throws Exception {
    for (String c : List.of("q.Maker", "q.Refs")) {
      for (Method m : loader.loadClass(c).getMethods()) {
        if (m.getName().equals(method)) {
          return m.invoke(null, args);
        }
      }
    }
    throw new AssertionError(method);
  }

  private static byte[] code(Fingerprinter f, ClassLoader loader, String method, Object... args)
      throws Exception {
    return f.currentCodeOf(make(loader, method, args).getClass());
  }

  @Test
  void currentCodeOf_lambdas_sameBodySameCodeDifferentBodyDifferentCode() throws Exception {
    ClassLoader a = maker("a", "1", "twice");
    ClassLoader sameAsA = maker("same", "1", "twice");
    ClassLoader otherBody = maker("b", "2", "twice");
    Fingerprinter f = new Fingerprinter();

    byte[] lambdaA = code(f, a, "lambda");

    assertEquals(32, lambdaA.length);
    assertArrayEquals(lambdaA, code(f, sameAsA, "lambda"));
    assertArrayEquals(lambdaA, code(new Fingerprinter(), a, "lambda"));
    assertFalse(Arrays.equals(lambdaA, code(f, otherBody, "lambda")));
  }

  @Test
  void currentCodeOf_methodReferences_differByTarget() throws Exception {
    Fingerprinter f = new Fingerprinter();
    byte[] twice = code(f, maker("a", "1", "twice"), "reference");

    assertArrayEquals(twice, code(f, maker("same", "1", "twice"), "reference"));
    assertFalse(Arrays.equals(twice, code(f, maker("b", "1", "thrice"), "reference")));
    assertFalse(Arrays.equals(twice, code(f, maker("c", "1", "twice"), "lambda")));
  }

  @Test
  void currentCodeOf_capturingLambdas_areToldApartByCapturedTypes() throws Exception {
    Fingerprinter f = new Fingerprinter();
    ClassLoader a = maker("a", "1", "twice");

    byte[] byInt = code(f, a, "capturing", 3);

    assertArrayEquals(byInt, code(f, maker("same", "1", "twice"), "capturing", 4));
    assertFalse(Arrays.equals(byInt, code(f, a, "capturingOther", "abc")));
  }

  @Test
  void currentCodeOf_siblingLambdasThatCannotBeToldApart_neverShareACode() throws Exception {
    String source = """
        package q;
        import java.util.function.IntUnaryOperator;
        public class Maker {
          public static IntUnaryOperator plus() { return y -> y + 1; }
          public static IntUnaryOperator times() { return y -> y * 2; }
        }
        """;
    Path out = Javac.compile(tmp.resolve("siblings"), Map.of("q.Maker", source));
    Fingerprinter f = new Fingerprinter();
    try (URLClassLoader one = new URLClassLoader(new URL[] {out.toUri().toURL()});
        URLClassLoader two = new URLClassLoader(new URL[] {out.toUri().toURL()})) {
      byte[] plus = code(f, one, "plus");

      assertFalse(Arrays.equals(plus, code(f, one, "times")));
      assertArrayEquals(plus, code(f, one, "plus"), "memoized per class");
      assertFalse(Arrays.equals(plus, code(f, two, "plus")),
          "an ambiguous lambda must miss in another loader or run, not risk a wrong hit");
    }
  }

  @Test
  void fingerprint_lambdaAsTheImpl_reachesItsBody() throws Exception {
    IntUnaryOperator inc = y -> y + 1;
    Method apply = IntUnaryOperator.class.getMethod("applyAsInt", int.class);

    MethodFingerprint fp = new Fingerprinter().fingerprint(apply, inc.getClass(), Set.of());

    assertEquals(Set.of(), fp.unresolved());
    assertTrue(fp.manifest().keySet().stream().anyMatch(k -> k.matches("dev\\.astrocache\\.fingerprint\\.FingerprinterTest"
        + "#lambda\\$fingerprint_lambdaAsTheImpl_reachesItsBody\\$~[0-9a-f]{8}\\(I\\)I")),
        fp.manifest().toString());
  }

  @Test
  void currentCodeOf_serviceClass_followsItsCode() throws Exception {
    String service = "package p;\npublic class Svc { public int f(int x) { return x + %d; } }\n";
    Fingerprinter f = new Fingerprinter();
    List<byte[]> codes = new java.util.ArrayList<>();
    for (int v : new int[] {1, 1, 2}) {
      Path out = Javac.compile(tmp.resolve("svc" + codes.size()),
          Map.of("p.Svc", service.formatted(v)));
      try (URLClassLoader l = new URLClassLoader(new URL[] {out.toUri().toURL()})) {
        codes.add(f.currentCodeOf(l.loadClass("p.Svc")));
      }
    }

    assertArrayEquals(codes.get(0), codes.get(1));
    assertFalse(Arrays.equals(codes.get(0), codes.get(2)));
  }

  @Test
  void currentCodeOf_lambdaMadeByTheJdk_isFoundInTheJdk() throws Exception {
    Fingerprinter f = new Fingerprinter();
    Method apply = java.util.function.Function.class.getMethod("apply", Object.class);
    assertEquals(Set.of(), f.fingerprint(apply, java.util.function.Function.identity().getClass(),
        Set.of()).unresolved(), "the site of Function.identity() was not identified");

    byte[] identity = f.currentCodeOf(java.util.function.Function.identity().getClass());

    assertArrayEquals(identity,
        new Fingerprinter().currentCodeOf(java.util.function.Function.identity().getClass()));
    assertFalse(Arrays.equals(identity,
        f.currentCodeOf(java.util.function.UnaryOperator.identity().getClass())));
  }

  @Test
  void currentCodeOf_jdkClass_isStable() {
    assertArrayEquals(new Fingerprinter().currentCodeOf(String.class),
        new Fingerprinter().currentCodeOf(String.class));
    assertFalse(Arrays.equals(new Fingerprinter().currentCodeOf(String.class),
        new Fingerprinter().currentCodeOf(Integer.class)));
  }
}
