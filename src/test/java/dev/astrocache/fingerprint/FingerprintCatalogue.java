package dev.astrocache.fingerprint;

import static dev.astrocache.fingerprint.FingerprintCatalogueTest.different;
import static dev.astrocache.fingerprint.FingerprintCatalogueTest.equal;

import dev.astrocache.fingerprint.FingerprintCatalogueTest.Case;
import java.util.ArrayList;
import java.util.List;

/** The cases of {@link FingerprintCatalogueTest}: each {@code Impl.java}, version 1 and 2. */
final class FingerprintCatalogue {
  private FingerprintCatalogue() {}

  private static final String PLUS_ONE = """
      public class Impl implements Api {
        public int run(int x) { return x + 1; }
        public int other(int x) { return x; }
      }
      """;

  static List<Case> cases() {
    List<Case> all = new ArrayList<>(established());
    all.addAll(FingerprintCatalogueAudit.cases());
    return all;
  }

  private static List<Case> established() {
    return List.of(
        // ---------------------------------------------------------------- EQUAL
        equal("comments", PLUS_ONE, """
            /** The implementation. */
            public class Impl implements Api {
              // adds one
              public int run(int x) { return x /* the argument */ + 1; }
              public int other(int x) { return x; } // unchanged
            }
            """),
        equal("blank lines and reformatting", PLUS_ONE, """


            public class Impl
                implements Api {

              public int run(
                  int x) {

                return x
                    + 1;
              }

              public int other(int x) {
                return x;
              }
            }
            """),
        equal("local variable renamed", """
            public class Impl implements Api {
              public int run(int x) { int y = x + 1; return y * y; }
              public int other(int x) { return x; }
            }
            """, """
            public class Impl implements Api {
              public int run(int x) { int renamed = x + 1; return renamed * renamed; }
              public int other(int x) { return x; }
            }
            """),
        equal("unrelated method added", PLUS_ONE, """
            public class Impl implements Api {
              public int unrelated(String s) { return s.length() * 31; }
              public int run(int x) { return x + 1; }
              public int other(int x) { return x; }
            }
            """),
        equal("unreachable helper changed", """
            public class Impl implements Api {
              public int run(int x) { return used(x); }
              public int other(int x) { return x; }
              private int used(int x) { return x + 1; }
              private int unused(int x) { return x + 2; }
            }
            """, """
            public class Impl implements Api {
              public int run(int x) { return used(x); }
              public int other(int x) { return x; }
              private int used(int x) { return x + 1; }
              private int unused(int x) { return x * 1000; }
            }
            """),
        equal("unused overload changed", """
            public class Impl implements Api {
              public int run(int x) { return f(x); }
              public int other(int x) { return x; }
              int f(int x) { return x + 1; }
              int f(String s) { return s.length(); }
            }
            """, """
            public class Impl implements Api {
              public int run(int x) { return f(x); }
              public int other(int x) { return x; }
              int f(int x) { return x + 1; }
              int f(String s) { return s.hashCode(); }
            }
            """),
        equal("sibling interface method changed", PLUS_ONE, """
            public class Impl implements Api {
              public int run(int x) { return x + 1; }
              public int other(int x) { return x * 7; }
            }
            """),
        equal("the sibling's fingerprint when run changes", PLUS_ONE, """
            public class Impl implements Api {
              public int run(int x) { return x + 2; }
              public int other(int x) { return x; }
            }
            """).method("other"),
        equal("lambda renumbered by an unrelated lambda earlier in the class", """
            import java.util.function.IntUnaryOperator;
            public class Impl implements Api {
              public int other(int x) { return x; }
              public int run(int x) { IntUnaryOperator f = y -> y * 2; return f.applyAsInt(x); }
            }
            """, """
            import java.util.function.IntUnaryOperator;
            public class Impl implements Api {
              public int other(int x) { IntUnaryOperator g = y -> y + 100; return g.applyAsInt(x); }
              public int run(int x) { IntUnaryOperator f = y -> y * 2; return f.applyAsInt(x); }
            }
            """),
        equal("anonymous class renumbered by an unrelated one earlier in the class", """
            import java.util.function.IntUnaryOperator;
            public class Impl implements Api {
              public int other(int x) { return x; }
              public int run(int x) {
                IntUnaryOperator f = new IntUnaryOperator() {
                  public int applyAsInt(int y) { return y * 2; }
                };
                return f.applyAsInt(x);
              }
            }
            """, """
            import java.util.function.IntUnaryOperator;
            public class Impl implements Api {
              public int other(int x) {
                IntUnaryOperator g = new IntUnaryOperator() {
                  public int applyAsInt(int y) { return y + 100; }
                };
                return g.applyAsInt(x);
              }
              public int run(int x) {
                IntUnaryOperator f = new IntUnaryOperator() {
                  public int applyAsInt(int y) { return y * 2; }
                };
                return f.applyAsInt(x);
              }
            }
            """),
        equal("an enum switch map renumbered by an anonymous class earlier in the class",
            enumSwitch("RED, GREEN, BLUE"), enumSwitch("RED, GREEN, BLUE", ANONYMOUS_BEFORE)),
        equal("a lambda inside a lambda, renumbered by a lambda earlier in the class",
            nestedLambda("1", ""), nestedLambda("1", LAMBDA_BEFORE)),
        equal("an anonymous class inside an anonymous class, renumbered",
            anonymousInAnonymous("y * 2", ""), anonymousInAnonymous("y * 2", ANONYMOUS_BEFORE)),
        equal("an unused method of a library jar changed", PLUS_LIB, PLUS_LIB).lib("""
            public class Util {
              public static int f(int x) { return x + 1; }
              public static int g(int x) { return x + 2; }
            }
            """, """
            public class Util {
              public static int f(int x) { return x + 1; }
              public static int g(int x) { return x * 99; }
            }
            """),
        // ------------------------------------------------------------ DIFFERENT
        different("a constant", PLUS_ONE, """
            public class Impl implements Api {
              public int run(int x) { return x + 2; }
              public int other(int x) { return x; }
            }
            """),
        different("a callee three calls deep", deep("c + 1"), deep("c + 2")),
        different("self recursion", """
            public class Impl implements Api {
              public int run(int x) { return fact(x); }
              public int other(int x) { return x; }
              static int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
            }
            """, """
            public class Impl implements Api {
              public int run(int x) { return fact(x); }
              public int other(int x) { return x; }
              static int fact(int n) { return n <= 1 ? 2 : n * fact(n - 1); }
            }
            """),
        different("mutual recursion", mutual("n == 0"), mutual("n == 1")),
        different("a lambda body", """
            import java.util.function.IntUnaryOperator;
            public class Impl implements Api {
              public int run(int x) { IntUnaryOperator f = y -> y * 2; return f.applyAsInt(x); }
              public int other(int x) { return x; }
            }
            """, """
            import java.util.function.IntUnaryOperator;
            public class Impl implements Api {
              public int run(int x) { IntUnaryOperator f = y -> y * 3; return f.applyAsInt(x); }
              public int other(int x) { return x; }
            }
            """),
        different("a method reference target", methodRef("twice"), methodRef("thrice")),
        different("a string concatenation literal", """
            public class Impl implements Api {
              public int run(int x) { return ("a" + x).length(); }
              public int other(int x) { return x; }
            }
            """, """
            public class Impl implements Api {
              public int run(int x) { return ("ab" + x).length(); }
              public int other(int x) { return x; }
            }
            """),
        different("a static initializer", staticInit(5), staticInit(6)),
        different("another class's static initializer, through a static field", table("3"),
            table("4")),
        different("a lambda inside a lambda", nestedLambda("1", ""), nestedLambda("2", "")),
        different("a constant inlined from another class", """
            class Consts { static final int K = 5; }
            public class Impl implements Api {
              public int run(int x) { return x + Consts.K; }
              public int other(int x) { return x; }
            }
            """, """
            class Consts { static final int K = 6; }
            public class Impl implements Api {
              public int run(int x) { return x + Consts.K; }
              public int other(int x) { return x; }
            }
            """),
        different("an interface call through a field, its runtime class a seed",
            service("x * 2"), service("x * 3")).seeds("Real"),
        different("an anonymous class body", anonymous("y * 2"), anonymous("y * 3")),
        different("an anonymous class inside an anonymous class",
            anonymousInAnonymous("y * 2", ""), anonymousInAnonymous("y * 3", "")),
        different("an inherited implementation", """
            class Base { public int run(int x) { return x + 1; } }
            public class Impl extends Base implements Api {
              public int other(int x) { return x; }
            }
            """, """
            class Base { public int run(int x) { return x + 2; } }
            public class Impl extends Base implements Api {
              public int other(int x) { return x; }
            }
            """),
        different("a super call target, found up the hierarchy", superCall("x + 1"),
            superCall("x + 2")),
        different("a default method", """
            interface Mixin { default int twice(int x) { return 2 * x; } }
            public class Impl implements Api, Mixin {
              public int run(int x) { return twice(x); }
              public int other(int x) { return x; }
            }
            """, """
            interface Mixin { default int twice(int x) { return 3 * x; } }
            public class Impl implements Api, Mixin {
              public int run(int x) { return twice(x); }
              public int other(int x) { return x; }
            }
            """),
        different("an interface static method", """
            interface Util { static int twice(int x) { return 2 * x; } }
            public class Impl implements Api {
              public int run(int x) { return Util.twice(x); }
              public int other(int x) { return x; }
            }
            """, """
            interface Util { static int twice(int x) { return 3 * x; } }
            public class Impl implements Api {
              public int run(int x) { return Util.twice(x); }
              public int other(int x) { return x; }
            }
            """),
        different("a static nested class", nested("static class Helper { int f(int x) { return x + 1; } }"),
            nested("static class Helper { int f(int x) { return x + 2; } }")),
        different("an inner class", nested("class Helper { int f(int x) { return x + k; } }"),
            nested("class Helper { int f(int x) { return x - k; } }")),
        different("a local class", local("y + 1"), local("y + 2")),
        different("enum constants reordered behind a switch", enumSwitch("RED, GREEN, BLUE"),
            enumSwitch("GREEN, RED, BLUE")),
        different("an enum constant's body", enumBody("a + 1"), enumBody("a + 2")),
        different("a string switch", stringSwitch("b"), stringSwitch("c")),
        different("the catch type alone", catchType("NumberFormatException"),
            catchType("IllegalArgumentException")),
        different("a method behind a generic bridge", bridge("s.length()"),
            bridge("s.length() + 1")),
        different("a Comparator passed to a JDK sort", comparator("a.length() - b.length()"),
            comparator("b.length() - a.length()")),
        different("a toString called by String.valueOf", box("String.valueOf(new Box(x))", "\"Box\""),
            box("String.valueOf(new Box(x))", "\"Bx\"")),
        different("a toString called by string concatenation", box("\"\" + new Box(x)", "\"Box\""),
            box("\"\" + new Box(x)", "\"Bx\"")),
        different("a record's components behind its hashCode", """
            record Point(int a, int b) {}
            public class Impl implements Api {
              public int run(int x) { return new Point(x, 2).hashCode(); }
              public int other(int x) { return x; }
            }
            """, """
            record Point(int a, int c) {}
            public class Impl implements Api {
              public int run(int x) { return new Point(x, 2).hashCode(); }
              public int other(int x) { return x; }
            }
            """),
        different("a record accessor", """
            record Point(int a, int b) { public int a() { return a + 1; } }
            public class Impl implements Api {
              public int run(int x) { return new Point(x, 2).a(); }
              public int other(int x) { return x; }
            }
            """, """
            record Point(int a, int b) { public int a() { return a + 2; } }
            public class Impl implements Api {
              public int run(int x) { return new Point(x, 2).a(); }
              public int other(int x) { return x; }
            }
            """),
        different("code in a library jar on the class path", PLUS_LIB, PLUS_LIB).lib("""
            public class Util {
              public static int f(int x) { return x + 1; }
            }
            """, """
            public class Util {
              public static int f(int x) { return x + 2; }
            }
            """));
  }

  private static final String PLUS_LIB = """
      public class Impl implements Api {
        public int run(int x) { return Util.f(x); }
        public int other(int x) { return x; }
      }
      """;

  private static String deep(String expr) {
    return """
        public class Impl implements Api {
          public int run(int x) { return a(x); }
          public int other(int x) { return x; }
          int a(int a) { return b(a) * 2; }
          int b(int b) { return c(b) * 3; }
          int c(int c) { return %s; }
        }
        """.formatted(expr);
  }

  private static final String ANONYMOUS_BEFORE = """
      public int unrelated(int x) { return new Object() { int f() { return x; } }.f(); }
      """;
  private static final String LAMBDA_BEFORE = """
      public int unrelated(int x) { java.util.function.IntSupplier s = () -> x; return s.getAsInt(); }
      """;

  private static String nestedLambda(String constant, String before) {
    return """
        import java.util.function.IntUnaryOperator;
        import java.util.function.Supplier;
        public class Impl implements Api {
          %s
          public int run(int x) {
            Supplier<IntUnaryOperator> make = () -> y -> y + %s;
            return make.get().applyAsInt(x);
          }
          public int other(int x) { return x; }
        }
        """.formatted(before, constant);
  }

  private static String table(String last) {
    return """
        class Table { static final int[] VALUES = {1, 2, %s}; }
        public class Impl implements Api {
          public int run(int x) { return Table.VALUES[x %% 3]; }
          public int other(int x) { return x; }
        }
        """.formatted(last);
  }

  private static String mutual(String base) {
    return """
        public class Impl implements Api {
          public int run(int x) { return even(x) ? 1 : 0; }
          public int other(int x) { return x; }
          static boolean even(int n) { return n == 0 || odd(n - 1); }
          static boolean odd(int n) { return !(%s) && even(n - 1); }
        }
        """.formatted(base);
  }

  private static String methodRef(String target) {
    return """
        import java.util.function.IntUnaryOperator;
        public class Impl implements Api {
          public int run(int x) { IntUnaryOperator f = Impl::%s; return f.applyAsInt(x); }
          public int other(int x) { return x; }
          static int twice(int x) { return 2 * x; }
          static int thrice(int x) { return 3 * x; }
        }
        """.formatted(target);
  }

  private static String staticInit(int value) {
    return """
        public class Impl implements Api {
          static int base;
          static { base = %d; }
          public int run(int x) { return x + base; }
          public int other(int x) { return x; }
        }
        """.formatted(value);
  }

  private static String service(String expr) {
    return """
        interface Svc { int f(int x); }
        class Real implements Svc { public int f(int x) { return %s; } }
        public class Impl implements Api {
          private final Svc svc;
          public Impl(Svc svc) { this.svc = svc; }
          public int run(int x) { return svc.f(x); }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String anonymous(String expr) {
    return """
        import java.util.function.IntUnaryOperator;
        public class Impl implements Api {
          public int run(int x) {
            IntUnaryOperator f = new IntUnaryOperator() {
              public int applyAsInt(int y) { return %s; }
            };
            return f.applyAsInt(x);
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String anonymousInAnonymous(String expr, String before) {
    return """
        import java.util.function.IntUnaryOperator;
        public class Impl implements Api {
          %s
          int base = 1;
          public int run(int x) {
            IntUnaryOperator outer = new IntUnaryOperator() {
              int offset = 2;
              public int applyAsInt(int z) {
                IntUnaryOperator inner = new IntUnaryOperator() {
                  public int applyAsInt(int y) { return %s + offset + base; }
                };
                return inner.applyAsInt(z);
              }
            };
            return outer.applyAsInt(x);
          }
          public int other(int x) { return x; }
        }
        """.formatted(before, expr);
  }

  private static String superCall(String expr) {
    return """
        class Base { int f(int x) { return %s; } }
        class Mid extends Base {}
        public class Impl extends Mid implements Api {
          int f(int x) { return 100; }
          public int run(int x) { return super.f(x); }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String nested(String helper) {
    return """
        public class Impl implements Api {
          int k = 3;
          %s
          public int run(int x) { return new Helper().f(x); }
          public int other(int x) { return x; }
        }
        """.formatted(helper);
  }

  private static String local(String expr) {
    return """
        public class Impl implements Api {
          public int run(int x) {
            class Local { int f(int y) { return %s; } }
            return new Local().f(x);
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String enumSwitch(String constants) {
    return enumSwitch(constants, "");
  }

  private static String enumSwitch(String constants, String before) {
    return """
        enum Color { %s }
        public class Impl implements Api {
          %s
          public int run(int x) {
            switch (Color.values()[x %% 3]) {
              case RED: return 1;
              case GREEN: return 2;
              default: return 3;
            }
          }
          public int other(int x) { return x; }
        }
        """.formatted(constants, before);
  }

  private static String enumBody(String expr) {
    return """
        enum Op {
          PLUS { int apply(int a) { return %s; } };
          abstract int apply(int a);
        }
        public class Impl implements Api {
          public int run(int x) { return Op.PLUS.apply(x); }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String stringSwitch(String label) {
    return """
        public class Impl implements Api {
          public int run(int x) {
            switch (String.valueOf((char) ('a' + x))) {
              case "a": return 1;
              case "%s": return 2;
              default: return 3;
            }
          }
          public int other(int x) { return x; }
        }
        """.formatted(label);
  }

  private static String catchType(String type) {
    return """
        public class Impl implements Api {
          public int run(int x) {
            try {
              return Integer.parseInt("1" + x);
            } catch (%s e) {
              return -1;
            }
          }
          public int other(int x) { return x; }
        }
        """.formatted(type);
  }

  private static String bridge(String expr) {
    return """
        interface Fn<T> { int f(T t); }
        class Len implements Fn<String> { public int f(String s) { return %s; } }
        public class Impl implements Api {
          public int run(int x) { Fn<String> fn = new Len(); return fn.f("abc") + x; }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String comparator(String expr) {
    return """
        import java.util.*;
        class ByLength implements Comparator<String> {
          public int compare(String a, String b) { return %s; }
        }
        public class Impl implements Api {
          public int run(int x) {
            List<String> l = new ArrayList<>(List.of("ccc", "a", "bb"));
            l.sort(new ByLength());
            return l.get(0).length() + x;
          }
          public int other(int x) { return x; }
        }
        """.formatted(expr);
  }

  private static String box(String call, String prefix) {
    return """
        class Box {
          final int v;
          Box(int v) { this.v = v; }
          @Override public String toString() { return %s + v; }
        }
        public class Impl implements Api {
          public int run(int x) { return (%s).length(); }
          public int other(int x) { return x; }
        }
        """.formatted(prefix, call);
  }
}
