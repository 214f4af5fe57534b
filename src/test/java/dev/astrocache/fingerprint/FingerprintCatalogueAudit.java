package dev.astrocache.fingerprint;

import static dev.astrocache.fingerprint.FingerprintCatalogueTest.different;
import static dev.astrocache.fingerprint.FingerprintCatalogueTest.equal;

import dev.astrocache.fingerprint.FingerprintCatalogueTest.Case;
import java.util.List;

/**
 * More cases of {@link FingerprintCatalogueTest}, from an audit of the fingerprint on 2026-11-28
 * that hunted for wrong hits: code that the JDK calls back (super constructors, what a callback
 * or a lambda hands back to the JDK), interface fields, type tests, default-method selection,
 * and a sweep of language features that were already right.
 */
final class FingerprintCatalogueAudit {
  private FingerprintCatalogueAudit() {}

  /** The cases; those marked "was a wrong hit" failed before the fixes of the same day. */
  static List<Case> cases() {
    return List.of(
        // JDK callbacks the walker did not see
        // was a wrong hit: Walker.invoke skipped JDK super constructors
        different("a JDK superclass constructor calling an override (Random(long) calls setSeed)",
            seeded("(int) s + 1"), seeded("(int) s + 2")),
        different("a super call through a user class into Object.toString, which calls hashCode",
            superToString("7"), superToString("8")),
        // was a wrong hit: Walker.callbacks did not escape what a callback returns
        different("an iterator a user collection hands to the JDK (new ArrayList<>(coll))",
            handedIterator("10"), handedIterator("20")),
        different("a record component's hashCode, called by the record's generated hashCode",
            recordComponent("v + 1"), recordComponent("v + 2")),
        different("a record component's toString, called by the record's generated toString",
            recordComponentToString("\"k\""), recordComponentToString("\"kk\"")),
        // class initialization and hierarchy
        // was a wrong hit (both): getstatic initialized the named class, not the declaring one
        different("an interface's static field read through an implementing class",
            interfaceField("3"), interfaceField("4")),
        different("an interface's static field read through a sub-interface",
            subInterfaceField("3"), subInterfaceField("4")),
        // was a wrong hit: no supertypes of a named class were in the fingerprint
        different("instanceof a user interface the instantiated class stops implementing", """
            interface Marker {}
            class A implements Marker {}
            public class Impl implements Api {
              public int run(int x) { return new A() instanceof Marker ? 1 : 0; }
              public int other(int x) { return x; }
            }
            """, """
            interface Marker {}
            class A {}
            public class Impl implements Api {
              public int run(int x) { return new A() instanceof Marker ? 1 : 0; }
              public int other(int x) { return x; }
            }
            """),
        // was a wrong hit (both): ClassGraph.resolve took the first default, not the most specific
        different("the most specific default method, its interface listed after its parent",
            mostSpecificDefault("x + 2"), mostSpecificDefault("x + 3")),
        different("the most specific default method, inherited from a superclass",
            inheritedSpecificDefault("x + 2"), inheritedSpecificDefault("x + 3")),
        // a sweep of ideas that the walker is expected to handle
        different("a field initializer of an object the method news", newsField("5"),
            newsField("6")),
        different("a final instance field constant", """
            class K { final int k = 5; }
            public class Impl implements Api {
              public int run(int x) { return x + new K().k; }
              public int other(int x) { return x; }
            }
            """, """
            class K { final int k = 6; }
            public class Impl implements Api {
              public int run(int x) { return x + new K().k; }
              public int other(int x) { return x; }
            }
            """),
        different("a static final String constant in another class", """
            class Names { static final String N = "ab"; }
            public class Impl implements Api {
              public int run(int x) { return Names.N.length() + x; }
              public int other(int x) { return x; }
            }
            """, """
            class Names { static final String N = "abc"; }
            public class Impl implements Api {
              public int run(int x) { return Names.N.length() + x; }
              public int other(int x) { return x; }
            }
            """),
        different("an enum constant's constructor argument", enumArg("2"), enumArg("3")),
        different("a switch expression with yield on a string", yieldSwitch("2"), yieldSwitch("3")),
        different("an enum switch expression", enumSwitchExpr("20"), enumSwitchExpr("30")),
        different("a record's compact constructor", compactCtor("a + 1"), compactCtor("a + 2")),
        different("an interface private method", interfacePrivate("y + 1"),
            interfacePrivate("y + 2")),
        different("instanceof pattern matching", instanceofPattern("s.length()"),
            instanceofPattern("s.length() + 1")),
        different("try-with-resources close of a user class", twr("n += 1"), twr("n += 2")),
        different("try-with-resources close through AutoCloseable", twrIface("n += 1"),
            twrIface("n += 2")),
        different("a finally block", fin("r + 1"), fin("r + 2")),
        different("an array initializer", """
            public class Impl implements Api {
              public int run(int x) { int[] a = {1, 2, 3}; return a[x % 3]; }
              public int other(int x) { return x; }
            }
            """, """
            public class Impl implements Api {
              public int run(int x) { int[] a = {1, 2, 4}; return a[x % 3]; }
              public int other(int x) { return x; }
            }
            """),
        different("an assert", """
            public class Impl implements Api {
              public int run(int x) { assert x > 0 : "neg"; return x; }
              public int other(int x) { return x; }
            }
            """, """
            public class Impl implements Api {
              public int run(int x) { assert x > 1 : "neg"; return x; }
              public int other(int x) { return x; }
            }
            """),
        different("an inner class's outer field initializer", innerOuter("3"), innerOuter("4")),
        different("a constructor reached through Foo::new", ctorRef("v + 1"), ctorRef("v + 2")),
        different("a lambda captured by a lambda", lambdaCapturesLambda("y + 1"),
            lambdaCapturesLambda("y + 2")),
        different("a user Iterable iterated by for-each", forEachIterable("10"),
            forEachIterable("20")),
        // was a wrong hit: as the iterator above
        different("a user Iterable's forEach (the JDK default calls iterator())",
            iterableForEach("10"), iterableForEach("20")),
        // was a wrong hit (both): what a lambda of a JDK interface returns was not escaped
        different("an object a lambda hands to the JDK (mapToObj, then sorted)",
            streamSorted("v - o.v"), streamSorted("o.v - v")),
        different("an object a constructor reference hands to the JDK (mapToObj, then sorted)",
            streamSortedRef("v - o.v"), streamSortedRef("o.v - v")),
        // was a wrong hit: as Random above
        different("a JDK superclass constructor calling an override (Throwable calls "
            + "fillInStackTrace)", filled("1"), filled("2")),
        different("equals of a HashMap key", mapKey("v == ((Key) o).v", "v"),
            mapKey("true", "v")),
        different("hashCode of a HashMap key", mapKey("v == ((Key) o).v", "v"),
            mapKey("v == ((Key) o).v", "v + 1")),
        different("compareTo called by Collections.sort", sortComparable("v - o.v"),
            sortComparable("o.v - v")),
        different("compareTo called by a TreeMap", treeMap("v - o.v"), treeMap("o.v - v")),
        different("a Runnable passed to a Thread", thread("r = 1"), thread("r = 2")),
        different("a Callable passed to an executor", executor("1"), executor("2")),
        different("toString of a user type through string concatenation of an interface",
            concatIface("\"a\""), concatIface("\"ab\"")),
        different("an exception's getMessage override, through toString",
            message("\"m\""), message("\"mm\"")),
        different("a generic static helper through a bridge method", genericBridge("t.length()"),
            genericBridge("t.length() + 1")),
        different("a superclass change", """
            class B1 { int f(int x) { return x + 1; } }
            class B2 { int f(int x) { return x + 2; } }
            class C extends B1 {}
            public class Impl implements Api {
              public int run(int x) { return new C().f(x); }
              public int other(int x) { return x; }
            }
            """, """
            class B1 { int f(int x) { return x + 1; } }
            class B2 { int f(int x) { return x + 2; } }
            class C extends B2 {}
            public class Impl implements Api {
              public int run(int x) { return new C().f(x); }
              public int other(int x) { return x; }
            }
            """),
        different("a sealed interface's implementation, behind instanceof", sealed("x * 2"),
            sealed("x * 3")),
        equal("exotic but valid javac output does not crash the fingerprinter", EXOTIC, EXOTIC),
        different("a library factory's runtime subtype", """
            public class Impl implements Api {
              public int run(int x) { return Util.make().f(x); }
              public int other(int x) { return x; }
            }
            """, """
            public class Impl implements Api {
              public int run(int x) { return Util.make().f(x); }
              public int other(int x) { return x; }
            }
            """).lib("""
            public class Util {
              public interface Fn { int f(int x); }
              static class Twice implements Fn { public int f(int x) { return 2 * x; } }
              public static Fn make() { return new Twice(); }
            }
            """, """
            public class Util {
              public interface Fn { int f(int x); }
              static class Twice implements Fn { public int f(int x) { return 3 * x; } }
              public static Fn make() { return new Twice(); }
            }
            """));
  }


  private static final String EXOTIC = """
      import java.io.Serializable;
      import java.util.*;
      import java.util.function.*;
      public class Impl implements Api {
        static final Supplier<Integer> S;
        static { S = (Supplier<Integer> & Serializable) () -> 42; }
        { counter = 1; }
        int counter;
        sealed interface Node permits Leaf, Pair {}
        record Leaf(long v, double d) implements Node {}
        record Pair(Node l, Node r) implements Node {}
        interface Deep { private static int h(int... xs) { return xs.length; } static int g() { return h(1, 2); } }
        public int run(int x) {
          long a = 1L << 40; double d = 1e300; float f = 1.5f; char c = 'q';
          int w0=0,w1=1,w2=2,w3=3,w4=4,w5=5,w6=6,w7=7,w8=8,w9=9;
          long[][] grid = new long[3][4];
          Object o = new Pair(new Leaf(a, d), new Leaf(2, f));
          int r = 0;
          outer:
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
              if (j == 2) continue outer;
              grid[i][j] = i * j;
              r += (int) grid[i][j];
            }
          }
          synchronized (this) { r += counter; }
          switch (c) { case 'a': r++; break; case 'q': r += 2; break; case 'z': r--; break; default: }
          switch (x) { case 1: r += 1; break; case 2: r += 2; break; case 3: r += 3; break; case 4: r += 4; break; default: }
          String t = \"\"\"
              text
              block\"\"\";
          var list = new ArrayList<Map.Entry<String, int[]>>();
          list.add(Map.entry(t, new int[] {w0, w1, w2, w3, w4, w5, w6, w7, w8, w9}));
          BiFunction<Integer, Integer, Integer> add = Integer::sum;
          Function<Integer, int[]> mk = int[]::new;
          r += add.apply(mk.apply(3).length, S.get()) + Deep.g() + o.hashCode() % 2;
          try { r += Integer.parseInt(t); } catch (NumberFormatException | ArithmeticException e) { r--; }
          if (o instanceof Pair p && p.l() instanceof Leaf l) { r += (int) l.v(); }
          return r + x;
        }
        public int other(int x) { return x; }
      }
      """;

  private static String seeded(String expr) {
    return """
        import java.util.Random;
        class Seeded extends Random {
          int seen;
          Seeded() { super(42); }
          @Override public void setSeed(long s) { seen = %s; }
        }
        public class Impl implements Api {
          public int run(int x) { return new Seeded().seen + x; }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String superToString(String hash) {
    return """
        class Base {}
        class Sub extends Base {
          @Override public int hashCode() { return %s; }
          @Override public String toString() { return super.toString(); }
        }
        public class Impl implements Api {
          public int run(int x) { return new Sub().toString().hashCode() + x; }
          public int other(int x) { return x; }
        }
        """.formatted(hash);
  }

  private static String handedIterator(String factor) {
    return """
        import java.util.*;
        class Counter implements Iterator<Integer> {
          int i;
          public boolean hasNext() { return i < 3; }
          public Integer next() { return i++ * %s; }
        }
        class Three extends AbstractCollection<Integer> {
          public int size() { return 3; }
          public Iterator<Integer> iterator() { return new Counter(); }
        }
        public class Impl implements Api {
          public int run(int x) { return new ArrayList<>(new Three()).get(x %% 3) + x; }
          public int other(int x) { return x; }
        }
        """.formatted(factor);
  }

  private static String recordComponent(String expr) {
    return """
        class Key {
          final int v;
          Key(int v) { this.v = v; }
          @Override public int hashCode() { return %s; }
        }
        record Pair(Key k) {}
        public class Impl implements Api {
          public int run(int x) { return new Pair(new Key(x)).hashCode(); }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String recordComponentToString(String s) {
    return """
        class Key { @Override public String toString() { return %s; } }
        record Pair(Key k) {}
        public class Impl implements Api {
          public int run(int x) { return new Pair(new Key()).toString().length() + x; }
          public int other(int x) { return x; }
        }
        """.formatted(s);
  }

  private static String interfaceField(String last) {
    return """
        interface Table { int[] VALUES = {1, 2, %s}; }
        public class Impl implements Api, Table {
          public int run(int x) { return VALUES[x %% 3]; }
          public int other(int x) { return x; }
        }
        """.formatted(last);
  }

  private static String subInterfaceField(String last) {
    return """
        interface Table { int[] VALUES = {1, 2, %s}; }
        interface MoreTable extends Table {}
        public class Impl implements Api {
          public int run(int x) { return MoreTable.VALUES[x %% 3]; }
          public int other(int x) { return x; }
        }
        """.formatted(last);
  }

  private static String mostSpecificDefault(String expr) {
    return """
        interface I { default int f(int x) { return 1; } }
        interface J extends I { default int f(int x) { return %s; } }
        class C implements I, J {}
        public class Impl implements Api {
          public int run(int x) { return new C().f(x); }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String inheritedSpecificDefault(String expr) {
    return """
        interface I { default int f(int x) { return 1; } }
        interface J extends I { default int f(int x) { return %s; } }
        class Base implements J {}
        class C extends Base implements I {}
        public class Impl implements Api {
          public int run(int x) { return new C().f(x); }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String newsField(String init) {
    return """
        class Counter { int start = %s; int next() { return start++; } }
        public class Impl implements Api {
          public int run(int x) { return new Counter().next() + x; }
          public int other(int x) { return x; }
        }
        """.formatted(init);
  }

  private static String enumArg(String arg) {
    return """
        enum Size {
          SMALL(1), LARGE(%s);
          final int n;
          Size(int n) { this.n = n; }
        }
        public class Impl implements Api {
          public int run(int x) { return Size.values()[x %% 2].n; }
          public int other(int x) { return x; }
        }
        """.formatted(arg);
  }

  private static String yieldSwitch(String value) {
    return """
        public class Impl implements Api {
          public int run(int x) {
            String s = String.valueOf(x);
            return switch (s) {
              case "1" -> 1;
              case "2" -> { int y = x * %s; yield y; }
              default -> 0;
            };
          }
          public int other(int x) { return x; }
        }
        """.formatted(value);
  }

  private static String enumSwitchExpr(String value) {
    return """
        enum Color { RED, GREEN }
        public class Impl implements Api {
          public int run(int x) {
            return switch (Color.values()[x %% 2]) {
              case RED -> 10;
              case GREEN -> %s;
            };
          }
          public int other(int x) { return x; }
        }
        """.formatted(value);
  }

  private static String compactCtor(String expr) {
    return """
        record R(int a) { R { a = %s; } }
        public class Impl implements Api {
          public int run(int x) { return new R(x).a(); }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String interfacePrivate(String expr) {
    return """
        interface Calc {
          default int calc(int y) { return helper(y); }
          private int helper(int y) { return %s; }
        }
        class CalcImpl implements Calc {}
        public class Impl implements Api {
          public int run(int x) { return new CalcImpl().calc(x); }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String instanceofPattern(String expr) {
    return """
        public class Impl implements Api {
          public int run(int x) {
            Object o = x > 0 ? "abc" : Integer.valueOf(x);
            if (o instanceof String s) { return %s; }
            return 0;
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String twr(String stmt) {
    return """
        class Res implements AutoCloseable {
          static int n;
          public void close() { %s; }
        }
        public class Impl implements Api {
          public int run(int x) {
            try (Res r = new Res()) { x++; }
            return Res.n + x;
          }
          public int other(int x) { return x; }
        }
        """.formatted(stmt);
  }

  private static String twrIface(String stmt) {
    return """
        class Res implements AutoCloseable {
          static int n;
          public void close() { %s; }
        }
        public class Impl implements Api {
          public int run(int x) {
            try (AutoCloseable r = new Res()) { x++; } catch (Exception e) { return -1; }
            return Res.n + x;
          }
          public int other(int x) { return x; }
        }
        """.formatted(stmt);
  }

  private static String fin(String expr) {
    return """
        public class Impl implements Api {
          int r;
          public int run(int x) {
            try { r = x; } finally { r = %s; }
            return r;
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String innerOuter(String init) {
    return """
        public class Impl implements Api {
          int base = %s;
          class In { int f(int x) { return x + base; } }
          public int run(int x) { return new Impl().new In().f(x); }
          public int other(int x) { return x; }
        }
        """.formatted(init);
  }

  private static String ctorRef(String expr) {
    return """
        import java.util.function.IntFunction;
        class Foo { final int v; Foo(int v) { this.v = %s; } }
        public class Impl implements Api {
          public int run(int x) { IntFunction<Foo> f = Foo::new; return f.apply(x).v; }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String lambdaCapturesLambda(String expr) {
    return """
        import java.util.function.IntUnaryOperator;
        import java.util.function.IntSupplier;
        public class Impl implements Api {
          public int run(int x) {
            IntUnaryOperator f = y -> %s;
            IntSupplier s = () -> f.applyAsInt(x);
            return s.getAsInt();
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String forEachIterable(String factor) {
    return """
        import java.util.*;
        class Nums implements Iterable<Integer> {
          public Iterator<Integer> iterator() {
            return new Iterator<Integer>() {
              int i;
              public boolean hasNext() { return i < 3; }
              public Integer next() { return i++ * %s; }
            };
          }
        }
        public class Impl implements Api {
          public int run(int x) { int s = 0; for (int v : new Nums()) { s += v; } return s + x; }
          public int other(int x) { return x; }
        }
        """.formatted(factor);
  }

  private static String iterableForEach(String factor) {
    return """
        import java.util.*;
        class Cursor implements Iterator<Integer> {
          int i;
          public boolean hasNext() { return i < 3; }
          public Integer next() { return i++ * %s; }
        }
        class Nums implements Iterable<Integer> {
          public Iterator<Integer> iterator() { return new Cursor(); }
        }
        public class Impl implements Api {
          int s;
          public int run(int x) { new Nums().forEach(v -> s += v); return s + x; }
          public int other(int x) { return x; }
        }
        """.formatted(factor);
  }

  private static String streamSorted(String expr) {
    return """
        import java.util.stream.IntStream;
        class Item implements Comparable<Item> {
          final int v;
          Item(int v) { this.v = v; }
          public int compareTo(Item o) { return %s; }
        }
        public class Impl implements Api {
          public int run(int x) {
            return IntStream.range(0, 3).mapToObj(i -> new Item(i * x)).sorted().findFirst().get().v;
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String streamSortedRef(String expr) {
    return """
        import java.util.stream.IntStream;
        class Item implements Comparable<Item> {
          final int v;
          Item(int v) { this.v = v; }
          public int compareTo(Item o) { return %s; }
        }
        public class Impl implements Api {
          public int run(int x) {
            return IntStream.range(x, x + 3).mapToObj(Item::new).sorted().findFirst().get().v;
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String filled(String value) {
    return """
        class Quiet extends RuntimeException {
          int filled;
          @Override public synchronized Throwable fillInStackTrace() { filled = %s; return this; }
        }
        public class Impl implements Api {
          public int run(int x) { return new Quiet().filled + x; }
          public int other(int x) { return x; }
        }
        """.formatted(value);
  }

  private static String mapKey(String eq, String hash) {
    return """
        import java.util.*;
        class Key {
          final int v;
          Key(int v) { this.v = v; }
          @Override public boolean equals(Object o) { return o instanceof Key && %s; }
          @Override public int hashCode() { return %s; }
        }
        public class Impl implements Api {
          public int run(int x) {
            Map<Key, Integer> m = new HashMap<>();
            m.put(new Key(x), 1);
            m.put(new Key(x + 1), 2);
            return m.size();
          }
          public int other(int x) { return x; }
        }
        """.formatted(eq, hash);
  }

  private static String sortComparable(String expr) {
    return """
        import java.util.*;
        class Item implements Comparable<Item> {
          final int v;
          Item(int v) { this.v = v; }
          public int compareTo(Item o) { return %s; }
        }
        public class Impl implements Api {
          public int run(int x) {
            List<Item> l = new ArrayList<>();
            l.add(new Item(x));
            l.add(new Item(1));
            Collections.sort(l);
            return l.get(0).v;
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String treeMap(String expr) {
    return """
        import java.util.*;
        class Item implements Comparable<Item> {
          final int v;
          Item(int v) { this.v = v; }
          public int compareTo(Item o) { return %s; }
        }
        public class Impl implements Api {
          public int run(int x) {
            TreeMap<Item, Integer> m = new TreeMap<>();
            m.put(new Item(x), 1);
            m.put(new Item(1), 2);
            return m.firstKey().v;
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String thread(String stmt) {
    return """
        class Job implements Runnable { int r; public void run() { %s; } }
        public class Impl implements Api {
          public int run(int x) {
            Job j = new Job();
            Thread t = new Thread(j);
            t.start();
            try { t.join(); } catch (InterruptedException e) { return -1; }
            return j.r + x;
          }
          public int other(int x) { return x; }
        }
        """.formatted(stmt);
  }

  private static String executor(String value) {
    return """
        import java.util.concurrent.*;
        class Task implements Callable<Integer> { public Integer call() { return %s; } }
        public class Impl implements Api {
          public int run(int x) {
            ExecutorService e = Executors.newSingleThreadExecutor();
            try { return e.submit(new Task()).get() + x; }
            catch (Exception ex) { return -1; }
            finally { e.shutdown(); }
          }
          public int other(int x) { return x; }
        }
        """.formatted(value);
  }

  private static String concatIface(String s) {
    return """
        interface Shape {}
        class Circle implements Shape { @Override public String toString() { return %s; } }
        public class Impl implements Api {
          public int run(int x) { Shape sh = new Circle(); return ("" + sh).length() + x; }
          public int other(int x) { return x; }
        }
        """.formatted(s);
  }

  private static String message(String s) {
    return """
        class Oops extends RuntimeException {
          @Override public String getMessage() { return %s; }
        }
        public class Impl implements Api {
          public int run(int x) {
            try { if (x >= 0) throw new Oops(); return 0; }
            catch (RuntimeException e) { return e.toString().length(); }
          }
          public int other(int x) { return x; }
        }
        """.formatted(s);
  }

  private static String genericBridge(String expr) {
    return """
        import java.util.function.Function;
        public class Impl implements Api {
          static class Len<T extends CharSequence> implements Function<T, Integer> {
            public Integer apply(T t) { return %s; }
          }
          static <T extends CharSequence> int measure(Function<T, Integer> f, T t) { return f.apply(t); }
          public int run(int x) { return measure(new Len<String>(), "abc") + x; }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String sealed(String expr) {
    return """
        sealed interface Shape permits Sq, Ci {}
        final class Sq implements Shape { int f(int x) { return %s; } }
        final class Ci implements Shape { int f(int x) { return x; } }
        public class Impl implements Api {
          public int run(int x) {
            Shape s = x > 0 ? new Sq() : new Ci();
            if (s instanceof Sq q) { return q.f(x); }
            return ((Ci) s).f(x);
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }
}
