package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.fingerprint.Fingerprinter;
import dev.astrocache.testing.Javac;
import dev.astrocache.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.logging.Level;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.SuperMethodCall;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code loaded the ways plug-in systems, launchers and frameworks load it: a child-first loader,
 * a jar-in-jar loader that defines classes from memory, a generated subclass as the impl,
 * loaders dropped and reloaded, a value whose classes only a plug-in's loader sees.
 */
class LoadersTest {
  @TempDir Path dir;

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Loads its own classes first, as plug-in loaders do; getResource stays parent-first. */
  static final class ChildFirst extends URLClassLoader {
    ChildFirst(Path classes, ClassLoader parent) {
      super(new URL[] {url(classes)}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && !name.startsWith("java.")) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException e) {
            c = null;
          }
        }
        return c != null ? c : super.loadClass(name, resolve);
      }
    }
  }

  private static String fmt(String body) {
    return "package util;\npublic class Fmt { public static String fmt(Object x) { return "
        + body + "; } }\n";
  }

  private static final String PLUGIN_IMPL = "package plug;\npublic class Impl implements"
      + " java.util.function.Function<Object, Object> {\n  public Object apply(Object x) {"
      + " return util.Fmt.fmt(x); }\n}\n";

  @Test
  void childFirstLoader_theWalkReadsTheClassItDefined() throws Exception {
    Path parentClasses = Javac.compile(dir.resolve("parent"), Map.of("util.Fmt",
        fmt("\"<\" + x + \">!\"")));
    Path pluginClasses = Javac.compile(dir.resolve("plugin"), Map.of("util.Fmt",
        fmt("\"{\" + x + \"}!\""), "plug.Impl", PLUGIN_IMPL));
    ClassLoader parent = new URLClassLoader(new URL[] {url(parentClasses)},
        getClass().getClassLoader());
    parent.loadClass("util.Fmt");
    ClassLoader childFirst = new ChildFirst(pluginClasses, parent);
    ClassLoader pluginOnly = new URLClassLoader(new URL[] {url(pluginClasses)},
        getClass().getClassLoader());
    Method apply = Function.class.getMethod("apply", Object.class);
    Fingerprinter fp = new Fingerprinter();

    Class<?> impl = childFirst.loadClass("plug.Impl");
    @SuppressWarnings("unchecked")
    Function<Object, Object> f = (Function<Object, Object>) impl.getConstructor().newInstance();
    assertEquals("{x}!", f.apply("x"));

    // the same as the plug-in's classes alone give, not the parent's Fmt
    assertEquals(fp.fingerprint(apply, pluginOnly.loadClass("plug.Impl"), Set.of()).manifest(),
        fp.fingerprint(apply, impl, Set.of()).manifest());
  }

  /** Defines classes from a jar inside a jar, from memory: no code source, no resources. */
  static final class JarInJar extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    JarInJar(byte[] nestedJar, ClassLoader parent) throws IOException {
      super(parent);
      try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(nestedJar))) {
        for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
          if (e.getName().endsWith(".class")) {
            classes.put(e.getName().replace('/', '.').replace(".class", ""), in.readAllBytes());
          }
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }
  }

  private IntUnaryOperator fromJarInJar(String rate, String name) throws Exception {
    Path classes = Javac.compile(dir.resolve(name), Map.of(
        "lib.Rate", "package lib;\npublic class Rate { public static int percent() { return "
            + rate + "; } }\n",
        "app.Impl", "package app;\npublic class Impl implements"
            + " java.util.function.IntUnaryOperator {\n  public int applyAsInt(int x) {"
            + " return x * lib.Rate.percent() / 100; }\n}\n"));
    byte[] nested = Files.readAllBytes(Javac.jar(classes, dir.resolve(name + ".jar")));
    ClassLoader loader = new JarInJar(nested, getClass().getClassLoader());
    return (IntUnaryOperator) loader.loadClass("app.Impl").getConstructor().newInstance();
  }

  @Test
  void jarInJarLoader_codeDefinedFromMemoryIsComputedNotCached() throws Exception {
    Path cacheDir = dir.resolve("cache");
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      Cache cache = Astrocache.builder().directory(cacheDir).store("file").build();
      IntUnaryOperator v1 = cache.wrap(IntUnaryOperator.class, fromJarInJar("120", "v1"));
      assertEquals(120, v1.applyAsInt(100));
      // the library upgraded under the same names: the new value, never the old one's entry
      IntUnaryOperator v2 = cache.wrap(IntUnaryOperator.class, fromJarInJar("125", "v2"));
      assertEquals(125, v2.applyAsInt(100));
      assertEquals(0, cache.stats().puts());
      assertEquals(0, cache.stats().hits());
      assertEquals(List.of("astrocache: java.util.function.IntUnaryOperator#applyAsInt(I)I is"
          + " computed, not cached: it reaches app.Impl, defined by " + JarInJar.class.getName()
          + ", which serves no bytes for it. Load it from a class directory or jar (or a loader"
          + " whose getResource serves its bytes), or mark the method @NotCached."),
          log.messages(Level.WARNING));
    }
  }

  private IntUnaryOperator byteBuddySubclass(String factor, String name) throws Exception {
    Path classes = Javac.compile(dir.resolve(name), Map.of("p.PriceService", "package p;\n"
        + "public class PriceService implements java.util.function.IntUnaryOperator {\n"
        + "  public int applyAsInt(int x) { return x * " + factor + "; }\n}\n"));
    ClassLoader loader = new URLClassLoader(new URL[] {url(classes)},
        getClass().getClassLoader());
    Class<?> service = loader.loadClass("p.PriceService");
    Class<?> generated = new ByteBuddy().subclass(service)
        .method(ElementMatchers.named("applyAsInt")).intercept(SuperMethodCall.INSTANCE)
        .make().load(loader).getLoaded();
    assertTrue(generated.getName().startsWith("p.PriceService$ByteBuddy$"), generated.getName());
    return (IntUnaryOperator) generated.getConstructor().newInstance();
  }

  @Test
  void generatedSubclass_itsSuperclassIsWalkedAndItsRandomNameIgnored() throws Exception {
    Cache cache = Astrocache.builder().directory(dir.resolve("cache")).store("file").build();
    assertEquals(60, cache.wrap(IntUnaryOperator.class, byteBuddySubclass("2", "v1"))
        .applyAsInt(30));
    // the business method edited: a miss
    assertEquals(90, cache.wrap(IntUnaryOperator.class, byteBuddySubclass("3", "v2"))
        .applyAsInt(30));
    assertEquals(0, cache.stats().hits());
    // the first code again, in a subclass with another random name: a hit
    assertEquals(60, cache.wrap(IntUnaryOperator.class, byteBuddySubclass("2", "v1-again"))
        .applyAsInt(30));
    assertEquals(1, cache.stats().hits());
  }

  @Test
  void droppedPluginLoaders_areNotKeptAliveByTheMemos() throws Exception {
    Path classes = Javac.compile(dir.resolve("plugin"), Map.of("util.Fmt",
        fmt("\"{\" + x + \"}!\""), "plug.Impl", PLUGIN_IMPL));
    Cache cache = Astrocache.builder().directory(dir.resolve("cache")).store("memory").build();
    Fingerprinter fp = new Fingerprinter();
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      URLClassLoader loader = new URLClassLoader(new URL[] {url(classes)},
          getClass().getClassLoader());
      Class<?> impl = loader.loadClass("plug.Impl");
      @SuppressWarnings("unchecked")
      Function<Object, Object> f = cache.wrap(Function.class,
          (Function<Object, Object>) impl.getConstructor().newInstance());
      assertEquals("{x}!", f.apply("x"));
      assertEquals(32, fp.currentCodeOf(impl).length);
      loader.close();
      loaders.add(new WeakReference<>(loader));
    }
    assertCollected(loaders);
    assertEquals(20, cache.stats().hits() + cache.stats().misses());
  }

  /** The application's impl, which hands each call to a plug-in it holds. */
  static final class Host implements Function<Object, Object> {
    private final Function<Object, Object> plugin;

    Host(Function<Object, Object> plugin) {
      this.plugin = plugin;
    }

    @Override
    public Object apply(Object x) {
      return plugin.apply(x);
    }
  }

  @Test
  void droppedPluginLoaders_reachedFromTheApplicationsImpl_areNotKeptAliveByItsMemos()
      throws Exception {
    // the plug-in's code reads a resource and a static: both belong in the key, and neither may
    // keep the plug-in's loader alive through a memo of the application's (long-lived) impl class
    // and it keeps its own records in a transient map, whose declared type the seed walk
    // memoizes
    Path classes = Javac.compile(dir.resolve("plugin"), Map.of("plug.Price",
        "package plug;\npublic record Price(int cents) {}\n", "plug.Impl",
        "package plug;\npublic class Impl implements java.util.function.Function<Object, Object>"
            + " {\n  static String suffix = \"!\";\n"
            + "  transient final java.util.Map<String, Price> prices = new java.util.HashMap<>();\n"
            + "  public Object apply(Object x) {\n"
            + "    return x + suffix + (Impl.class.getResource(\"/plug/data.txt\") != null);"
            + "\n  }\n}\n"));
    Files.writeString(classes.resolve("plug/data.txt"), "data");
    Cache cache = Astrocache.builder().directory(dir.resolve("cache")).store("memory").build();
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      URLClassLoader loader = new URLClassLoader(new URL[] {url(classes)},
          getClass().getClassLoader());
      @SuppressWarnings("unchecked")
      Function<Object, Object> plugin = (Function<Object, Object>) loader.loadClass("plug.Impl")
          .getConstructor().newInstance();
      @SuppressWarnings("unchecked")
      Function<Object, Object> f = cache.wrap(Function.class, new Host(plugin));
      assertEquals("x!true", f.apply("x"));
      loader.close();
      loaders.add(new WeakReference<>(loader));
    }
    assertCollected(loaders);
    assertEquals(20, cache.stats().hits() + cache.stats().misses());
  }

  @Test
  void valueOfAPluginsClasses_resolvesThroughTheContextLoaderAndIsNeverCorrupt()
      throws Exception {
    Path classes = Javac.compile(dir.resolve("plugin"), Map.of("plug.Price",
        "package plug;\npublic record Price(int cents, String currency) {}\n",
        "plug.Prices", "package plug;\npublic class Prices implements"
            + " java.util.function.IntFunction<Object> {\n  public Object apply(int n) {"
            + " return new Price(n * 100, \"EUR\"); }\n}\n"));
    ClassLoader plugin = new URLClassLoader(new URL[] {url(classes)},
        getClass().getClassLoader());
    @SuppressWarnings("unchecked")
    IntFunction<Object> prices = (IntFunction<Object>) plugin.loadClass("plug.Prices")
        .getConstructor().newInstance();
    // the impl is the application's, the value the plug-in's
    IntFunction<Object> impl = n -> prices.apply(n);
    Path cacheDir = dir.resolve("cache");
    Cache writer = Astrocache.builder().directory(cacheDir).store("file").build();
    assertEquals("Price[cents=300, currency=EUR]", writer.wrap(IntFunction.class, impl)
        .apply(3).toString());

    Cache reader = Astrocache.builder().directory(cacheDir).store("file").build();
    @SuppressWarnings("unchecked")
    IntFunction<Object> read = reader.wrap(IntFunction.class, impl);
    // no loader that the call knows sees plug.Price: a miss, not a corrupt entry
    assertEquals("Price[cents=300, currency=EUR]", read.apply(3).toString());
    assertEquals(0, reader.stats().hits());
    assertEquals(0, reader.stats().rejected());
    // the thread's context loader sees it: a hit on the same entry, which was kept
    Thread t = Thread.currentThread();
    ClassLoader saved = t.getContextClassLoader();
    t.setContextClassLoader(plugin);
    try {
      Object v = read.apply(3);
      assertEquals("Price[cents=300, currency=EUR]", v.toString());
      assertEquals(plugin, v.getClass().getClassLoader());
      assertEquals(1, reader.stats().hits());
    } finally {
      t.setContextClassLoader(saved);
    }
  }

  /** Collects up to 50 times until every loader is gone; fails naming how many are left. */
  private static void assertCollected(List<WeakReference<ClassLoader>> loaders) {
    for (int i = 0; i < 50 && loaders.stream().anyMatch(r -> r.get() != null); i++) {
      System.gc();
      byte[][] garbage = new byte[64][];
      for (int k = 0; k < garbage.length; k++) {
        garbage[k] = new byte[64 * 1024];
      }
    }
    assertEquals(0, loaders.stream().filter(r -> r.get() != null).count(),
        "plug-in loaders still reachable after 50 collections");
  }
}
