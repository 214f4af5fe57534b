package dev.astrocache.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents.provablyNone: the command line alone may say that a JVM has no agents only when it
 * is all the JVM was given. Child JVMs with agents given every way are in RunningProcessTest.
 */
class AgentsTest {
  @TempDir
  Path tmp;

  private static final List<String> PLAIN = List.of("/usr/lib/jvm/jdk/bin/java", "-Xmx1g",
      "-Dastrocache.dir=/tmp/c", "-cp", "app.jar:lib.jar", "app.Main", "input.txt");

  private static boolean none(List<String> argv, String launcher, Map<String, String> env) {
    boolean optionVariable = false;
    for (String variable : Agents.OPTION_VARIABLES) {
      optionVariable |= env.containsKey(variable);
    }
    return Agents.provablyNone(argv, launcher, optionVariable);
  }

  @Test
  void provablyNone_plainJavaCommand() {
    assertTrue(none(PLAIN, "SUN_STANDARD", Map.of("PATH", "/bin", "HOME", "/home/u")));
    assertTrue(none(List.of("java", "-jar", "app.jar"), "SUN_STANDARD", Map.of()));
  }

  @Test
  void provablyNone_notWhenAnArgumentMayGiveOrHoldAgents() {
    for (String arg : List.of("-javaagent:a.jar", "-javaagent:a.jar=x", "-agentlib:jdwp=y",
        "-agentpath:/lib/libprof.so", "-Xrunjdwp:transport=dt_socket", "-Xrunhprof",
        "@options.txt", "@/etc/java/args", "-XX:Flags=.hotspotrc", "-XX:VMOptionsFile=vm.txt")) {
      for (int at = 1; at <= PLAIN.size(); at++) {
        // anywhere, the program's own arguments too: the MXBean then says which are the JVM's
        List<String> argv = new ArrayList<>(PLAIN);
        argv.add(at, arg);
        assertFalse(none(argv, "SUN_STANDARD", Map.of()), argv.toString());
      }
    }
  }

  @Test
  void provablyNone_notWhenAnOptionVariableIsSet() {
    for (String variable : Agents.OPTION_VARIABLES) {
      for (String value : List.of("-Xmx1g", "", "-javaagent:a.jar")) {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/bin"));
        env.put(variable, value);
        assertFalse(none(PLAIN, "SUN_STANDARD", env), variable + "=" + value);
      }
    }
    assertEquals(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"),
        Agents.OPTION_VARIABLES);
  }

  @Test
  void provablyNone_notForAnotherLauncherOrProgram() {
    assertFalse(none(PLAIN, null, Map.of()), "an embedding program sets no launcher");
    assertFalse(none(PLAIN, "MyLauncher", Map.of()));
    // a jpackage launcher is the JDK's launcher code, but passes its .cfg file's options
    List<String> app = new ArrayList<>(PLAIN);
    app.set(0, "/opt/app/bin/app");
    assertFalse(none(app, "SUN_STANDARD", Map.of()));
    app.set(0, "/opt/java-tools/javax");
    assertFalse(none(app, "SUN_STANDARD", Map.of()));
    assertFalse(none(null, "SUN_STANDARD", Map.of()), "no /proc: not Linux");
    assertFalse(none(List.of(), "SUN_STANDARD", Map.of()));
  }

  @Test
  void provablyNone_agreesWithTheMxBeanForThisJvm() {
    List<String> argv = Agents.commandLine();
    assertNotNull(argv, "this suite runs on Linux, which lists a process's arguments");
    assertTrue(argv.get(0).endsWith("java"), argv.get(0));
    List<String> input = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (none(argv, System.getProperty("sun.java.launcher"), System.getenv())) {
      assertEquals(List.of(), Agents.describe(input), "the JVM's own word: " + input);
      // each option the JVM was given is on the command line
      assertTrue(argv.containsAll(input), argv + " lacks some of " + input);
    }
  }

  /** A fresh JVM that reads the agents' token and lists the classes it loaded. */
  public static final class Child {
    public static void main(String[] args) {
      System.out.println("token " + (Agents.TOKEN == null ? "none" : "some"));
    }
  }

  @Test
  void plainJavaCommand_tellsNoAgentsWithoutTheMxBean() throws IOException {
    Path log = tmp.resolve("class-load.txt");
    List<String> command = new ArrayList<>(
        ChildJvm.command(Child.class.getName(), List.of(), Map.of()));
    command.add(1, "-Xlog:class+load=info:file=" + log);
    // the child inherits this environment: with an option variable set it must ask the MXBean
    boolean plain = System.getenv("JAVA_TOOL_OPTIONS") == null
        && System.getenv("JDK_JAVA_OPTIONS") == null && System.getenv("_JAVA_OPTIONS") == null;
    ChildJvm.Result r = ChildJvm.exec(command);
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("token none"), r.output());
    String loaded = Files.readString(log);
    assertTrue(loaded.contains(" dev.astrocache.fingerprint.Agents "), "the log lists classes");
    assertEquals(!plain, loaded.contains(" java.lang.management.ManagementFactory "),
        "the MXBean is asked only when the command line cannot tell");

    ChildJvm.Result withVariable =
        ChildJvm.exec(command, Map.of("JDK_JAVA_OPTIONS", "-Xmx256m"));
    assertEquals(0, withVariable.exitCode(), withVariable.output());
    assertTrue(withVariable.output().contains("token none"), withVariable.output());
    assertTrue(Files.readString(log).contains(" java.lang.management.ManagementFactory "),
        "with an option variable the JVM's own list is read");
  }
}
