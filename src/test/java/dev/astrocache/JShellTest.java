package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  private JShell shell() throws Exception {
    JShell js = JShell.create();
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
}
