package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JShell through its API, with its default execution engine (a remote JVM that redefines
 * classes in place): a proxy held across an edit sees the new code.
 */
class JShellTest {
  @TempDir Path dir;

  private static String eval(JShell js, String code) {
    List<SnippetEvent> events = js.eval(code);
    SnippetEvent last = events.get(events.size() - 1);
    if (last.exception() != null || last.status() == Snippet.Status.REJECTED) {
      throw new AssertionError(code + ": " + last.status() + " " + last.exception()
          + js.diagnostics(last.snippet()).map(d -> d.getMessage(null)).toList());
    }
    return last.value();
  }

  /** What the remote JVM that runs the snippets wrote to its standard error (log lines). */
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private JShell shell() throws Exception {
    JShell js = JShell.builder().err(new PrintStream(err, true, StandardCharsets.UTF_8)).build();
    js.addToClasspath(Path.of(Astrocache.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI()).toString());
    eval(js, "import dev.astrocache.*;");
    eval(js, "var cache = Astrocache.builder().directory(java.nio.file.Path.of(\""
        + dir.toString().replace("\\", "\\\\") + "\")).store(\"file\")"
        + ".setting(\"recheck\", \"0\").build();");
    return js;
  }

  @Test
  void heldProxy_seesAMethodRedefinedInPlace() throws Exception {
    try (JShell js = shell()) {
      eval(js, "interface Quotes { double quote(int n); }");
      eval(js, "double rate() { return 0.20; }");
      eval(js, "class Impl implements Quotes { public double quote(int n) {"
          + " return n * 180 * rate(); } }");
      eval(js, "var p = cache.wrap(Quotes.class, new Impl());");
      assertEquals("36.0", eval(js, "p.quote(1)"));
      assertEquals("36.0", eval(js, "p.quote(1)"));
      assertEquals("1", eval(js, "cache.stats().hits()"));

      eval(js, "double rate() { return 0.50; }");

      assertEquals("90.0", eval(js, "p.quote(1)"));
      assertEquals("1", eval(js, "cache.stats().hits()"));
      assertEquals("90.0", eval(js, "p.quote(1)"));
      assertEquals("2", eval(js, "cache.stats().hits()"));
    }
  }

  private static void define(JShell js) {
    eval(js, "interface Quotes { double quote(int n); }");
    eval(js, "class Impl implements Quotes { public double quote(int n) { return n * 1.5; } }");
    eval(js, "var p = cache.wrap(Quotes.class, new Impl());");
  }

  @Test
  void snippetNumbers_areNotInTheKey() throws Exception {
    try (JShell js = shell()) {
      define(js);
      assertEquals("3.0", eval(js, "p.quote(2)"));
      assertEquals("0", eval(js, "cache.stats().hits()"));
    }
    try (JShell js = shell()) {
      // one more cell above the interface: every snippet class has another number
      eval(js, "int unrelated = 42;");
      define(js);
      assertEquals("3.0", eval(js, "p.quote(2)"));
      assertEquals("1", eval(js, "cache.stats().hits()"));
    }
  }

  @Test
  void defineCallRedefineReenter_andASecondSession() throws Exception {
    try (JShell js = shell()) {
      eval(js, "interface Quotes { double quote(int n); }");
      eval(js, "double rate() { return 0.20; }");
      eval(js, "class Impl implements Quotes { public double quote(int n) {"
          + " return n * 180 * rate(); } }");
      eval(js, "var p = cache.wrap(Quotes.class, new Impl());");
      assertEquals("36.0", eval(js, "p.quote(1)"));
      assertEquals("0", eval(js, "cache.stats().hits()"));

      // redefined with new behaviour: computed again, and the miss names the method
      eval(js, "double rate() { return 0.50; }");
      assertEquals("90.0", eval(js, "p.quote(1)"));
      assertEquals("0", eval(js, "cache.stats().hits()"));
      assertEquals("2", eval(js, "cache.stats().misses()"));
      String log = err.toString(StandardCharsets.UTF_8);
      assertTrue(log.contains("changed: REPL.$JShell$~#rate()D"), log);

      // entered again as it was: the first entry hits
      eval(js, "double rate() { return 0.20; }");
      assertEquals("36.0", eval(js, "p.quote(1)"));
      assertEquals("1", eval(js, "cache.stats().hits()"));
    }
    try (JShell js = shell()) {
      // a new session on the same directory, the cells entered in another order and number
      eval(js, "double rate() { return 0.50; }");
      eval(js, "interface Quotes { double quote(int n); }");
      eval(js, "class Impl implements Quotes { public double quote(int n) {"
          + " return n * 180 * rate(); } }");
      eval(js, "var p = cache.wrap(Quotes.class, new Impl());");
      assertEquals("90.0", eval(js, "p.quote(1)"));
      assertEquals("1", eval(js, "cache.stats().hits()"));
      assertEquals("0", eval(js, "cache.stats().misses()"));
    }
  }

  /** The README's session, for the {@code jshell} tool: the rate is what the edits change. */
  private static String session(String rate) {
    return String.join("\n",
        "import dev.astrocache.*;",
        "interface Quotes { double quote(int n); }",
        "double rate() { return " + rate + "; }",
        "class Impl implements Quotes { public double quote(int n) { return n * 180 * rate(); } }",
        "var cache = Astrocache.builder().directory(java.nio.file.Path.of(System.getProperty(\"dir\"))).build();",
        "var p = cache.wrap(Quotes.class, new Impl());",
        "System.out.println(\"quote \" + p.quote(1) + \" hits=\" + cache.stats().hits()"
            + " + \" misses=\" + cache.stats().misses());",
        "/exit", "");
  }

  private ChildJvm.Result jshell(String name, String script) throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".jsh"), script);
    Path classes = Path.of(Astrocache.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    ChildJvm.Result r = ChildJvm.exec(List.of(
        Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
        "-J-Djava.util.prefs.userRoot=" + dir.resolve("prefs"),
        "-R-Ddir=" + dir.resolve("cache"), "--class-path", classes.toString(), file.toString()));
    assertEquals(0, r.exitCode(), r.output());
    return r;
  }

  @Test
  void jshellTool_sessionsHitAndARedefinitionMissesWithItsReason() throws Exception {
    assertTrue(jshell("first", session("0.20")).output().contains("quote 36.0 hits=0 misses=1"));
    ChildJvm.Result again = jshell("again", session("0.20"));
    assertTrue(again.output().contains("quote 36.0 hits=1 misses=0"), again.output());
    ChildJvm.Result edited = jshell("edited", session("0.50"));
    assertTrue(edited.output().contains("quote 90.0 hits=0 misses=1"), edited.output());
    assertTrue(edited.output().contains("changed: REPL.$JShell$~#rate()D"), edited.output());
  }

  @Test
  void memoize_inACell_hitsInTheNextSession_andAnEditedCellRefreshes() throws Exception {
    try (JShell js = shell()) {
      eval(js, "long square(long n) { return n * n; }");
      eval(js, "java.util.function.Function<Long, Long> sq = cache.memoize(n -> square(n) + 1);");
      assertEquals("50", eval(js, "sq.apply(7L)"));
      assertEquals("50", eval(js, "sq.apply(7L)"));
      assertEquals("1", eval(js, "cache.stats().hits()"));
    }
    try (JShell js = shell()) {
      eval(js, "long square(long n) { return n * n; }");
      eval(js, "java.util.function.Function<Long, Long> sq = cache.memoize(n -> square(n) + 1);");
      assertEquals("50", eval(js, "sq.apply(7L)"));
      assertEquals("1", eval(js, "cache.stats().hits()"));
      eval(js, "long square(long n) { return n * n * n; }");
      assertEquals("344", eval(js, "sq.apply(7L)"));
      assertEquals("1", eval(js, "cache.stats().misses()"));
    }
  }
}
