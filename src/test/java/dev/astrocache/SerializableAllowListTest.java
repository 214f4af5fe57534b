package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.codec.ValueCodec;
import dev.astrocache.store.FileLayout;
import dev.astrocache.testing.Javac;
import dev.astrocache.testing.LogCapture;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec's {@code java.io} fallback reads only the classes the method's declared result type
 * reaches (issue 15): a gadget class on the class path, whose {@code readObject} (and static
 * initializer) writes a marker file, is never instantiated from a crafted entry, at the top or
 * hidden in an allowed class's {@code Object} field; the application's own {@code Serializable}
 * values (nested, in collections, behind an interface, generic, through a generic API) still
 * round-trip, across cache instances. All classes are real javac output, loaded by their own
 * loader.
 */
class SerializableAllowListTest {
  @TempDir Path tmp;
  private Path marker;
  private Path cacheDir;
  private URLClassLoader loader;

  private static final String APP = """
      package app;
      import java.io.Serializable;
      import java.util.*;
      public class Report implements Serializable {
        private static final long serialVersionUID = 1L;
        public String name;
        public List<Line> lines = new ArrayList<>();
        public Map<String, Shape> shapes = new TreeMap<>();
        public Object note;
        public Report nested;
        @Override public String toString() {
          return "Report[" + name + ", " + lines + ", " + shapes + ", " + note + ", " + nested + "]";
        }
      }
      """;

  private Map<String, String> sources() {
    return Map.of(
        "app.Report", APP,
        "app.Line", """
            package app;
            public class Line implements java.io.Serializable {
              private static final long serialVersionUID = 1L;
              final String text; final int n;
              public Line(String text, int n) { this.text = text; this.n = n; }
              @Override public String toString() { return text + "#" + n; }
            }
            """,
        "app.Shape", "package app; public interface Shape extends java.io.Serializable {}",
        "app.Circle", """
            package app;
            public class Circle implements Shape {
              private static final long serialVersionUID = 1L;
              final double r;
              public Circle(double r) { this.r = r; }
              @Override public String toString() { return "Circle(" + r + ")"; }
            }
            """,
        "app.Point", "package app; public record Point(int x, int y) implements java.io.Serializable {}",
        "app.Box", """
            package app;
            import java.util.*;
            public class Box<T> implements java.io.Serializable {
              private static final long serialVersionUID = 1L;
              public T value;
              public List<T> more = new ArrayList<>();
              @Override public String toString() { return "Box[" + value + ", " + more + "]"; }
            }
            """,
        "app.Source", "package app; public interface Source<T> { T get(String name); }",
        "app.Reports", """
            package app;
            public interface Reports {
              Report report(String name);
              Object anything(String name);
              Box<Point> boxed(int n);
            }
            """,
        "app.ReportsImpl", """
            package app;
            public class ReportsImpl implements Reports, Source<Report> {
              public transient int calls;
              public Report report(String name) {
                calls++;
                Report r = new Report();
                r.name = name;
                r.lines.add(new Line("first", 1));
                r.lines.add(new Line("second", 2));
                r.shapes.put("c", new Circle(2.5));
                r.note = java.util.List.of("a", 1);
                r.nested = new Report();
                r.nested.name = "inner";
                return r;
              }
              public Object anything(String name) { return report(name); }
              public Box<Point> boxed(int n) {
                calls++;
                Box<Point> b = new Box<>();
                b.value = new Point(n, -n);
                b.more.add(new Point(1, 2));
                return b;
              }
              public Report get(String name) { return report(name); }
            }
            """,
        "gadget.Marker", """
            package gadget;
            import java.nio.file.*;
            public class Marker implements java.io.Serializable {
              private static final long serialVersionUID = 1L;
              static { mark("initialized"); }
              static void mark(String what) {
                try {
                  Files.writeString(Path.of(%s), what);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
              private void readObject(java.io.ObjectInputStream in) throws Exception {
                in.defaultReadObject();
                mark("readObject ran");
              }
            }
            """.formatted("\"" + marker.toString().replace("\\", "\\\\") + "\""));
  }

  @BeforeEach
  void compile() throws IOException {
    marker = tmp.resolve("gadget-ran");
    cacheDir = tmp.resolve("cache");
    Path classes = Javac.compile(tmp.resolve("classes"), sources());
    loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        SerializableAllowListTest.class.getClassLoader());
  }

  @SuppressWarnings("unchecked")
  private static Object wrap(Cache cache, Class<?> api, Object impl) {
    return cache.wrap((Class<Object>) api, impl);
  }

  private Object impl() throws ReflectiveOperationException {
    return loader.loadClass("app.ReportsImpl").getConstructor().newInstance();
  }

  private static int calls(Object impl) throws ReflectiveOperationException {
    return impl.getClass().getField("calls").getInt(impl);
  }

  /** Calls {@code api.method(arg)} on a fresh cache over the one directory. */
  private Object call(Object impl, String api, String method, Object arg, CacheStats[] stats)
      throws Exception {
    Class<?> type = loader.loadClass(api);
    Method m = Arrays.stream(type.getMethods()).filter(x -> x.getName().equals(method))
        .findFirst().orElseThrow();
    try (Cache cache = Astrocache.builder().directory(cacheDir).build()) {
      Object proxy = wrap(cache, type, impl);
      try {
        return m.invoke(proxy, arg);
      } catch (InvocationTargetException e) {
        throw (Exception) e.getCause();
      } finally {
        stats[0] = cache.stats();
      }
    }
  }

  private List<Path> entries() throws IOException {
    FileLayout layout = FileLayout.of(cacheDir);
    try (Stream<Path> files = Files.walk(cacheDir)) {
      return files.filter(p -> layout.kind(p) == FileLayout.Kind.ENTRY).toList();
    }
  }

  /** Replaces the one entry's payload with {@code payload}, framed as the cache frames it. */
  private void craft(byte[] payload) throws IOException {
    List<Path> entries = entries();
    assertEquals(1, entries.size(), entries.toString());
    byte[] entry = Files.readAllBytes(entries.get(0));
    int n = entry[6] & 0xff;
    byte[] key = Arrays.copyOfRange(entry, 7 + n, 39 + n);
    Files.write(entries.get(0), EntryFrames.frame(ValueCodec.NAME, key,
        System.currentTimeMillis(), 1_000_000, payload));
  }

  private Object newInstance(String type) throws ReflectiveOperationException {
    return loader.loadClass(type).getConstructor().newInstance();
  }

  @Test
  void ownSerializableValues_roundTripAcrossCaches() throws Exception {
    Object impl = impl();
    CacheStats[] stats = new CacheStats[1];
    String expected = "Report[q3, [first#1, second#2], {c=Circle(2.5)}, [a, 1],"
        + " Report[inner, [], {}, null, null]]";
    assertEquals(expected, call(impl, "app.Reports", "report", "q3", stats).toString());
    assertEquals(expected, call(impl, "app.Reports", "report", "q3", stats).toString());
    assertEquals(1, stats[0].hits(), stats[0].toString());
    assertEquals("Box[Point[x=4, y=-4], [Point[x=1, y=2]]]",
        call(impl, "app.Reports", "boxed", 4, stats).toString());
    assertEquals("Box[Point[x=4, y=-4], [Point[x=1, y=2]]]",
        call(impl, "app.Reports", "boxed", 4, stats).toString());
    assertEquals(1, stats[0].hits(), "a generic result: " + stats[0]);
    // through a generic API: T get() of Source<T>, on an impl of Source<Report>
    Object got = call(impl, "app.Source", "get", "q4", stats);
    assertEquals(expected.replace("q3", "q4"), got.toString());
    assertEquals(got.toString(), call(impl, "app.Source", "get", "q4", stats).toString());
    assertEquals(1, stats[0].hits(), "a type variable bound by the impl: " + stats[0]);
    assertEquals(3, calls(impl));
    assertFalse(Files.exists(marker));
  }

  @Test
  void craftedEntryOfAGadget_isAMissQuarantinedAndNeverInstantiated() throws Exception {
    Object impl = impl();
    CacheStats[] stats = new CacheStats[1];
    String expected = call(impl, "app.Reports", "report", "q3", stats).toString();
    // a java.io stream of the gadget (written by the unrestricted two-argument form)
    Object gadget = Class.forName("gadget.Marker", false, loader)
        .getDeclaredConstructor().newInstance();
    Files.deleteIfExists(marker); // made by the gadget's static initializer, here in the test
    craft(new ValueCodec().serialize(gadget));
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      assertEquals(expected, call(impl, "app.Reports", "report", "q3", stats).toString());
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("is unusable (serializer 'astrocache' cannot read it:"
          + " Refused astrocache payload: its java.io serialized part names gadget.Marker, which"
          + " is not reachable from the declared result type app.Report: it was not"
          + " instantiated): quarantined and computed again"), warnings.get(0));
    }
    assertEquals(1, stats[0].rejected(), stats[0].toString());
    assertEquals(2, calls(impl));
    assertFalse(Files.exists(marker), "the gadget's class was initialized or its readObject ran");
    assertEquals(1, FileLayout.of(cacheDir).quarantined().size());
    assertEquals(expected, call(impl, "app.Reports", "report", "q3", stats).toString());
    assertEquals(1, stats[0].hits(), "the recomputed entry hits");
  }

  @Test
  void craftedEntryHidingAGadgetInAnAllowedClassesObjectField_isNeverInstantiated()
      throws Exception {
    Object impl = impl();
    CacheStats[] stats = new CacheStats[1];
    String expected = call(impl, "app.Reports", "report", "q3", stats).toString();
    Object report = newInstance("app.Report");
    report.getClass().getField("name").set(report, "q3");
    report.getClass().getField("note").set(report, Class.forName("gadget.Marker", false, loader)
        .getDeclaredConstructor().newInstance());
    Files.deleteIfExists(marker);
    craft(new ValueCodec().serialize(report));
    assertEquals(expected, call(impl, "app.Reports", "report", "q3", stats).toString());
    assertEquals(1, stats[0].rejected(), stats[0].toString());
    assertFalse(Files.exists(marker), "the gadget's class was initialized or its readObject ran");
  }

  @Test
  void resultDeclaredObject_isReturnedNotCachedWithOneWarning() throws Exception {
    Object impl = impl();
    CacheStats[] stats = new CacheStats[1];
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      Object first = call(impl, "app.Reports", "anything", "q5", stats);
      assertTrue(first.toString().startsWith("Report[q5, "), first.toString());
      List<String> warnings = log.messages(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("astrocache: the result of app.Reports#anything("
          + "Ljava/lang/String;)Ljava/lang/Object; cannot be serialized by 'astrocache': Cannot"
          + " cache the result: app.Report is Serializable, but not reachable from the declared"
          + " result type java.lang.Object and would not be read back. Declare the result (or the"
          + " field that holds it) as that class or an application type it implements, return a"
          + " record, or mark the method @NotCached."), warnings.get(0));
    }
    assertEquals(List.of(), entries());
  }
}
