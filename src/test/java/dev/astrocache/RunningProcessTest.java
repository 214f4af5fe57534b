package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running process whose code changes under it: a class directory rewritten (an IDE's
 * rebuild), a class redefined through {@code Instrumentation.redefineClasses} (what a
 * debugger's HotSwap does), and agents that transform classes as they load. Real child JVMs.
 */
class RunningProcessTest {
  @TempDir Path work;

  private static final String MAIN = """
      package app;

      import dev.astrocache.Astrocache;
      import dev.astrocache.Cache;
      import java.io.BufferedReader;
      import java.io.InputStreamReader;
      import java.lang.instrument.ClassDefinition;
      import java.lang.instrument.Instrumentation;
      import java.nio.file.Files;
      import java.nio.file.Path;

      public class Main {
        public interface Prices { double gross(double net); }

        public static final class Impl implements Prices {
          public double gross(double net) { return Tax.gross(net); }
        }

        public static void main(String[] args) throws Exception {
          Cache cache = Astrocache.builder().build();
          Prices held = cache.wrap(Prices.class, new Impl());
          System.out.println("before " + held.gross(20) + " puts=" + cache.stats().puts());
          if (args.length == 0) {
            return;
          }
          System.out.println("waiting");
          new BufferedReader(new InputStreamReader(System.in)).readLine();
          if (args[0].equals("hotswap")) {
            Instrumentation inst = (Instrumentation) Class.forName("agent.Agent")
                .getField("inst").get(null);
            inst.redefineClasses(new ClassDefinition(Tax.class,
                Files.readAllBytes(Path.of(args[1]))));
          }
          System.out.println("held " + held.gross(20) + " puts=" + cache.stats().puts());
          Prices fresh = cache.wrap(Prices.class, new Impl());
          System.out.println("fresh " + fresh.gross(20) + " puts=" + cache.stats().puts());
        }
      }
      """;

  private static String tax(String rate) {
    return "package app;\npublic class Tax {\n  public static double gross(double net) {"
        + " return net * " + rate + "; }\n}\n";
  }

  private Path classes() {
    return work.resolve("classes");
  }

  private void compileTax(String rate) {
    Javac.compile(classes(), Map.of("app.Tax", tax(rate)));
  }

  private Map<String, String> properties() {
    return Map.of("astrocache.dir", work.resolve("cache").toString(), "astrocache.recheck", "0");
  }

  private List<String> command(List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>(ChildJvm.command("app.Main", List.of(classes()),
        properties(), args));
    cmd.addAll(1, jvmOptions);
    return cmd;
  }

  private static String warning(Path classFile, String reason) {
    return "WARNING: astrocache: app.Main$Prices#gross(D)D is computed, not cached: the code that"
        + " runs may not be what is on disk (app.Tax: " + classFile + " " + reason + ")."
        + " Restart the process on the new code to cache it again.";
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void classDirectoryRewrittenUnderARunningProcess_nothingIsWrittenUnderTheNewCode()
      throws Exception {
    Javac.compile(classes(), Map.of("app.Main", MAIN, "app.Tax", tax("1.2")));

    String out = ChildJvm.interact(command(List.of(), "rewrite"), () -> compileTax("1.5"));

    // the old Tax still runs: computed, and written under no fingerprint
    assertTrue(out.contains("before 24.0 puts=1\nwaiting\n"), out);
    assertTrue(out.contains("held 24.0 puts=1\n"), out);
    assertTrue(out.contains("fresh 24.0 puts=1\n"), out);
    String warning = warning(classes().resolve("app/Tax.class"),
        "changed on disk after this JVM first read it");
    assertEquals(1, count(out, warning), out);

    // restarted on the new code: the true value, computed, not a poisoned 24.0
    ChildJvm.Result restarted = ChildJvm.exec(command(List.of()));
    assertEquals(0, restarted.exitCode(), restarted.output());
    assertTrue(restarted.output().contains("before 30.0 puts=1"), restarted.output());
  }

  @Test
  void classFileWrittenAfterTheJvmStartedAndBeforeItsFirstRead_isNotCached() throws Exception {
    // the class is loaded, then its file is rewritten, then first fingerprinted: the system
    // loader may hold the older bytes, and nothing says which ran
    String main2 = MAIN.replace("Cache cache = Astrocache.builder().build();",
        "if (args.length > 0) { System.out.println(\"loaded \" + Tax.gross(20));"
            + " System.out.println(\"waiting\");"
            + " new BufferedReader(new InputStreamReader(System.in)).readLine(); }"
            + " Cache cache = Astrocache.builder().build();")
        .replace("if (args.length == 0) {", "if (true) {");
    Javac.compile(classes(), Map.of("app.Main", main2, "app.Tax", tax("1.2")));

    String out = ChildJvm.interact(command(List.of(), "late"), () -> compileTax("1.5"));

    assertTrue(out.contains("loaded 24.0\nwaiting\n"), out);
    assertTrue(out.contains("before 24.0 puts=0\n"), out);
    assertEquals(1, count(out, warning(classes().resolve("app/Tax.class"),
        "was written after this JVM started")), out);
    ChildJvm.Result restarted = ChildJvm.exec(command(List.of()));
    assertTrue(restarted.output().contains("before 30.0 puts=1"), restarted.output());
  }

  /** An agent jar whose premain keeps the Instrumentation, as a debugger's agent can redefine. */
  private Path redefiningAgent() throws IOException {
    Path agentClasses = Javac.compile(work.resolve("agent-classes"), Map.of("agent.Agent", """
        package agent;
        public class Agent {
          public static volatile java.lang.instrument.Instrumentation inst;
          public static void premain(String options, java.lang.instrument.Instrumentation i) {
            inst = i;
          }
        }
        """));
    return jar(agentClasses, work.resolve("redefine-agent.jar"), "agent.Agent", true);
  }

  private static Path jar(Path classes, Path jar, String premainClass, boolean redefine)
      throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", premainClass);
    manifest.getMainAttributes().putValue("Can-Redefine-Classes", String.valueOf(redefine));
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        var files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void hotSwap_heldProxyComputesTheRedefinedCodeAndWritesNothing() throws Exception {
    Javac.compile(classes(), Map.of("app.Main", MAIN, "app.Tax", tax("1.2")));
    List<String> agent = List.of("-javaagent:" + redefiningAgent());
    Path taxFile = classes().resolve("app/Tax.class");

    // as a debugger does: the class file is rebuilt, then the class redefined from it
    String out = ChildJvm.interact(command(agent, "hotswap", taxFile.toString()),
        () -> compileTax("1.5"));

    assertTrue(out.contains("before 24.0 puts=1\n"), out);
    assertTrue(out.contains("held 30.0 puts=1\n"), out);
    assertTrue(out.contains("fresh 30.0 puts=1\n"), out);
    assertEquals(1, count(out, warning(taxFile, "changed on disk after this JVM first read it")),
        out);

    // reverted and restarted: the original entry answers, never the hot-swapped value
    compileTax("1.2");
    ChildJvm.Result reverted = ChildJvm.exec(command(agent));
    assertTrue(reverted.output().contains("before 24.0 puts=0"), reverted.output());
  }

  private static final String LABEL_MAIN = """
      package app;

      import dev.astrocache.Astrocache;
      import dev.astrocache.Cache;

      public class Main {
        public interface Labels { String label(int amount); }

        public static final class Impl implements Labels {
          public String label(int amount) { return amount + " " + "USD"; }
        }

        public static void main(String[] args) {
          Cache cache = Astrocache.builder().build();
          Labels l = cache.wrap(Labels.class, new Impl());
          System.out.println("result " + l.label(30) + " hits=" + cache.stats().hits());
        }
      }
      """;

  /** An agent that rewrites the constant "USD" in app classes to its option string. */
  private Path transformingAgent() throws IOException {
    Path agentClasses = Javac.compile(work.resolve("xform-classes"), Map.of("xform.Agent", """
        package xform;
        import java.lang.instrument.ClassFileTransformer;
        import java.nio.charset.StandardCharsets;
        import java.security.ProtectionDomain;
        public class Agent {
          public static void premain(String options, java.lang.instrument.Instrumentation i) {
            byte[] to = options.getBytes(StandardCharsets.UTF_8);
            i.addTransformer(new ClassFileTransformer() {
              public byte[] transform(ClassLoader l, String name, Class<?> c,
                  ProtectionDomain d, byte[] b) {
                if (name == null || !name.startsWith("app/")) {
                  return null;
                }
                byte[] out = b.clone();
                for (int k = 0; k + 2 < out.length; k++) {
                  if (out[k] == 'U' && out[k + 1] == 'S' && out[k + 2] == 'D') {
                    System.arraycopy(to, 0, out, k, 3);
                  }
                }
                return out;
              }
            });
          }
        }
        """));
    return jar(agentClasses, work.resolve("xform-agent.jar"), "xform.Agent", false);
  }

  private String runLabels(List<String> jvmOptions) {
    ChildJvm.Result r = ChildJvm.exec(command(jvmOptions));
    assertEquals(0, r.exitCode(), r.output());
    return r.output();
  }

  @Test
  void transformingAgent_itsJarAndOptionsCountInTheKey() throws Exception {
    Javac.compile(classes(), Map.of("app.Main", LABEL_MAIN));
    Path agent = transformingAgent();

    assertTrue(runLabels(List.of("-javaagent:" + agent + "=EUR")).contains("result 30 EUR hits=0"));
    assertTrue(runLabels(List.of()).contains("result 30 USD hits=0"));
    assertTrue(runLabels(List.of("-javaagent:" + agent + "=GBP")).contains("result 30 GBP hits=0"));
    // the same agent with the same options: a hit
    assertTrue(runLabels(List.of("-javaagent:" + agent + "=EUR")).contains("result 30 EUR hits=1"));
    assertTrue(runLabels(List.of()).contains("result 30 USD hits=1"));
  }

  @Test
  void transformingAgentFromTheEnvironmentOrAnArgumentFile_countsInTheKey() throws Exception {
    // the command line alone says "no agents" only when nothing else gives the JVM options
    // (Agents.provablyNone): an agent given another way must still count, not hit the entry
    // computed without it
    Javac.compile(classes(), Map.of("app.Main", LABEL_MAIN));
    Path agent = transformingAgent();
    assertTrue(runLabels(List.of()).contains("result 30 USD hits=0"));
    assertTrue(runLabels(List.of()).contains("result 30 USD hits=1"));

    ChildJvm.Result tool = ChildJvm.exec(command(List.of()),
        Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + agent + "=EUR"));
    assertTrue(tool.output().contains("result 30 EUR hits=0"), tool.output());
    ChildJvm.Result jdk = ChildJvm.exec(command(List.of()),
        Map.of("JDK_JAVA_OPTIONS", "-javaagent:" + agent + "=GBP"));
    assertTrue(jdk.output().contains("result 30 GBP hits=0"), jdk.output());
    Path argFile = work.resolve("agent-args.txt");
    String quoted = agent.toString().replace("\\", "\\\\"); // an argument file's escape
    Files.writeString(argFile, "\"-javaagent:" + quoted + "=CHF\"\n");
    assertTrue(runLabels(List.of("@" + argFile)).contains("result 30 CHF hits=0"));
    // the same agent and options again, from the environment: a hit of its own entry
    ChildJvm.Result again = ChildJvm.exec(command(List.of()),
        Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + agent + "=EUR"));
    assertTrue(again.output().contains("result 30 EUR hits=1"), again.output());
  }
}
