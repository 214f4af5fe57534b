package dev.astrocache.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.astrocache.testing.Javac;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ambient inputs the walker finds in javac's output: constant names in every shape the
 * compiler gives them, names computed at run time as unresolved, and reads anywhere the method
 * reaches.
 */
class AmbientReadsTest {
  @TempDir Path tmp;

  private static final String API = "package p;\npublic interface Api { Object run(String s)"
      + " throws Exception; }\n";

  private MethodFingerprint fingerprint(String body, String... more) throws Exception {
    Map<String, String> sources = new java.util.HashMap<>(Map.of("p.Api", API, "p.Impl",
        "package p;\nimport java.io.*;\nimport java.nio.file.*;\nimport java.util.*;\n"
            + "public class Impl implements Api {\n" + body + "\n}\n"));
    for (int i = 0; i < more.length; i += 2) {
      sources.put(more[i], more[i + 1]);
    }
    Path out = Javac.compile(tmp.resolve("c" + System.nanoTime()), sources);
    URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
        AmbientReadsTest.class.getClassLoader());
    Method run = loader.loadClass("p.Api").getMethod("run", String.class);
    return new Fingerprinter().fingerprint(run, loader.loadClass("p.Impl"), Set.of());
  }

  private static List<String> inputs(MethodFingerprint f) {
    return f.ambientInputs().stream().map(AmbientInput::describe).collect(Collectors.toList());
  }

  @Test
  void properties_constantNamesWithAndWithoutDefaults() throws Exception {
    MethodFingerprint f = fingerprint("public Object run(String s) {"
        + " return System.getProperty(\"a.plain\") + System.getProperty(\"a.default\", \"d\")"
        + " + System.getProperty(\"a.local\", s) + Boolean.getBoolean(\"a.flag\")"
        + " + Integer.getInteger(\"a.int\") + Integer.getInteger(\"a.int5\", 5)"
        + " + Integer.getInteger(\"a.boxed\", Integer.valueOf(3))"
        + " + Long.getLong(\"a.long\") + Long.getLong(\"a.long7\", 7L); }");
    assertEquals(List.of("system property a.default", "system property a.flag",
        "system property a.int", "system property a.int5", "system property a.local",
        "system property a.long", "system property a.long7", "system property a.plain"),
        inputs(f));
    // Integer.valueOf(3) is a call, not a simple push: the name is not trusted
    assertEquals(Set.of("system property named at run time in p.Impl#run(Ljava/lang/String;)"
        + "Ljava/lang/Object;"), f.ambientUnresolved());
  }

  @Test
  void environment_constantName_andTheWholeMapAsUnresolved() throws Exception {
    MethodFingerprint f = fingerprint("public Object run(String s) {"
        + " return System.getenv(\"HOME\") + System.getenv().size(); }");
    assertEquals(List.of("env HOME"), inputs(f));
    assertEquals(Set.of("env named at run time in p.Impl#run(Ljava/lang/String;)"
        + "Ljava/lang/Object;"), f.ambientUnresolved());
  }

  @Test
  void computedNames_areUnresolved_notGuessed() throws Exception {
    MethodFingerprint f = fingerprint("public Object run(String s) {"
        + " String a = System.getProperty(s);"
        + " String b = System.getProperty(s.isEmpty() ? \"x.one\" : \"x.two\");"
        + " String c = System.getProperty(\"x.\" + s);"
        + " return a + b + c + Optional.of(s).map(System::getenv); }");
    assertEquals(List.of(), inputs(f));
    assertEquals(Set.of(
        "system property named at run time in p.Impl#run(Ljava/lang/String;)Ljava/lang/Object;",
        "env named at run time in p.Impl#run(Ljava/lang/String;)Ljava/lang/Object;"),
        f.ambientUnresolved());
  }

  @Test
  void resources_classRelativeAbsoluteAndLoader() throws Exception {
    MethodFingerprint f = fingerprint("public Object run(String s) throws Exception {"
        + " Object a = Impl.class.getResourceAsStream(\"rel.txt\");"
        + " Object b = getClass().getResource(\"/abs/greeting.txt\");"
        + " Object c = Impl.class.getClassLoader().getResourceAsStream(\"loader.txt\");"
        + " Object d = ClassLoader.getSystemResource(\"system.txt\");"
        + " Object e = String.class.getResource(\"jdk.txt\");"
        + " return List.of(a, b, c, d, e); }");
    assertEquals(List.of("resource abs/greeting.txt", "resource java/lang/jdk.txt",
        "resource loader.txt", "resource p/rel.txt", "resource system.txt"), inputs(f));
    ClassLoader loader = f.ambientInputs().get(0).loader();
    assertEquals("p.Impl", loader.loadClass("p.Impl").getName());
    assertSame(loader, f.ambientInputs().get(2).loader());
  }

  @Test
  void files_constantPathsInEachShape() throws Exception {
    MethodFingerprint f = fingerprint("public Object run(String s) throws Exception {"
        + " Object a = Files.readAllLines(Path.of(\"data/prices.csv\"));"
        + " Object b = Paths.get(\"b.txt\");"
        + " Object c = new File(\"rates.txt\");"
        + " Object d = new File(\"dir\", \"child.txt\");"
        + " Object e = new FileInputStream(\"in.bin\");"
        + " Object g = new FileReader(\"r.txt\");"
        + " Object h = Path.of(s);"
        + " Object i = Path.of(\"two\", \"parts\");"
        + " return List.of(a, b, c, d, e, g, h, i); }");
    assertEquals(List.of("file b.txt", "file data/prices.csv", "file dir/child.txt",
        "file in.bin", "file r.txt", "file rates.txt"), inputs(f));
    assertEquals(Set.of("file named at run time in p.Impl#run(Ljava/lang/String;)"
        + "Ljava/lang/Object;"), f.ambientUnresolved());
  }

  @Test
  void readsInReachedCode_countForTheRoot() throws Exception {
    MethodFingerprint f = fingerprint("public Object run(String s) { return Helper.mode(); }",
        "p.Helper", "package p;\nclass Helper { static String mode() {"
            + " return System.getProperty(\"deep.mode\"); } }\n");
    assertEquals(List.of("system property deep.mode"), inputs(f));
  }

  @Test
  void noReads_noInputs() throws Exception {
    MethodFingerprint f = fingerprint("public Object run(String s) { return s.length(); }");
    assertEquals(List.of(), f.ambientInputs());
    assertEquals(Set.of(), f.ambientUnresolved());
  }
}
