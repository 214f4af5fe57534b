package dev.astrocache.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.astrocache.testing.Javac;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of edits: each case is a name, two versions of {@code Impl.java} and whether
 * the fingerprint of {@code Api.run} (or another method) must stay EQUAL or become DIFFERENT.
 * Both versions are compiled by javac and loaded in fresh class loaders.
 *
 * <p>Every case is its own package ({@code c0}, {@code c1}, ...) holding
 * {@code interface Api { int run(int x); int other(int x); }} and the case's {@code Impl.java},
 * so that all versions 1 compile in one javac run and all versions 2 in another.
 */
class FingerprintCatalogueTest {
  private static final Fingerprinter FINGERPRINTER = new Fingerprinter();
  private static final String API = "public interface Api { int run(int x); int other(int x); }\n";

  @TempDir
  static Path tmp;

  private static Path v1Dir;
  private static Path v2Dir;

  enum Expect { EQUAL, DIFFERENT }

  /** One edit: {@code lib1}/{@code lib2}, when set, are compiled into a separate jar. */
  record Case(String name, Expect expect, String v1, String v2, String method, List<String> seeds,
      String lib1, String lib2) {
    Case method(String m) {
      return new Case(name, expect, v1, v2, m, seeds, lib1, lib2);
    }

    Case seeds(String... s) {
      return new Case(name, expect, v1, v2, method, List.of(s), lib1, lib2);
    }

    Case lib(String l1, String l2) {
      return new Case(name, expect, v1, v2, method, seeds, l1, l2);
    }

    @Override
    public String toString() {
      return expect + ": " + name;
    }
  }

  static Case equal(String name, String v1, String v2) {
    return new Case(name, Expect.EQUAL, v1, v2, "run", List.of(), null, null);
  }

  static Case different(String name, String v1, String v2) {
    return new Case(name, Expect.DIFFERENT, v1, v2, "run", List.of(), null, null);
  }

  static final List<Case> CASES = FingerprintCatalogue.cases();

  static Stream<Object[]> cases() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < CASES.size(); i++) {
      rows.add(new Object[] {i, CASES.get(i)});
    }
    return rows.stream();
  }

  @BeforeAll
  static void compileAll() {
    Map<String, String> v1 = new LinkedHashMap<>();
    Map<String, String> v2 = new LinkedHashMap<>();
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      if (c.lib1() != null) {
        continue;
      }
      String pkg = "c" + i;
      v1.put(pkg + ".Api", "package " + pkg + ";\n" + API);
      v2.put(pkg + ".Api", "package " + pkg + ";\n" + API);
      v1.put(pkg + ".Impl", "package " + pkg + ";\n" + c.v1());
      v2.put(pkg + ".Impl", "package " + pkg + ";\n" + c.v2());
    }
    v1Dir = Javac.compile(tmp.resolve("v1"), v1);
    v2Dir = Javac.compile(tmp.resolve("v2"), v2);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cases")
  void fingerprint_catalogue(int index, Case c) throws Exception {
    String pkg = "c" + index;
    byte[] h1;
    byte[] h2;
    MethodFingerprint f1;
    MethodFingerprint f2;
    try (URLClassLoader l1 = loader(c, pkg, 1); URLClassLoader l2 = loader(c, pkg, 2)) {
      f1 = fingerprint(l1, pkg, c);
      f2 = fingerprint(l2, pkg, c);
      h1 = f1.hash();
      h2 = f2.hash();
    }
    assertFalse(f1.manifest().isEmpty(), "nothing reached");
    if (c.expect() == Expect.EQUAL) {
      assertArrayEquals(h1, h2, () -> "fingerprints differ:\n" + diff(f1, f2));
    } else if (Arrays.equals(h1, h2)) {
      fail("fingerprints are equal; reached:\n" + String.join("\n", f1.manifest().keySet()));
    }
  }

  private static MethodFingerprint fingerprint(ClassLoader loader, String pkg, Case c)
      throws Exception {
    Class<?> api = loader.loadClass(pkg + ".Api");
    Class<?> impl = loader.loadClass(pkg + ".Impl");
    Set<Class<?>> seeds = new HashSet<>();
    for (String s : c.seeds()) {
      seeds.add(loader.loadClass(pkg + "." + s));
    }
    Method m = api.getMethod(c.method(), int.class);
    return FINGERPRINTER.fingerprint(m, impl, seeds);
  }

  private static URLClassLoader loader(Case c, String pkg, int version) throws Exception {
    if (c.lib1() == null) {
      Path dir = version == 1 ? v1Dir : v2Dir;
      return new URLClassLoader(new URL[] {dir.toUri().toURL()},
          FingerprintCatalogueTest.class.getClassLoader());
    }
    Path root = Files.createDirectories(tmp.resolve(pkg + "-v" + version));
    String libPkg = pkg + "lib";
    String lib = version == 1 ? c.lib1() : c.lib2();
    Path libClasses = Javac.compile(root.resolve("lib"),
        Map.of(libPkg + ".Util", "package " + libPkg + ";\n" + lib));
    Path jar = Javac.jar(libClasses, root.resolve("lib.jar"));
    String impl = version == 1 ? c.v1() : c.v2();
    Path classes = Javac.compile(root.resolve("app"), Map.of(
        pkg + ".Api", "package " + pkg + ";\n" + API,
        pkg + ".Impl", "package " + pkg + ";\nimport " + libPkg + ".*;\n" + impl), jar);
    return new URLClassLoader(new URL[] {classes.toUri().toURL(), jar.toUri().toURL()},
        FingerprintCatalogueTest.class.getClassLoader());
  }

  private static String diff(MethodFingerprint a, MethodFingerprint b) {
    Set<String> left = new TreeSet<>();
    a.manifest().forEach((k, v) -> left.add(k + " " + v));
    Set<String> right = new TreeSet<>();
    b.manifest().forEach((k, v) -> right.add(k + " " + v));
    StringBuilder out = new StringBuilder();
    for (String s : left) {
      if (!right.contains(s)) {
        out.append("- ").append(s).append('\n');
      }
    }
    for (String s : right) {
      if (!left.contains(s)) {
        out.append("+ ").append(s).append('\n');
      }
    }
    out.append("unresolved ").append(a.unresolved()).append(" / ").append(b.unresolved());
    return out.toString();
  }
}
