package dev.astrocache.fingerprint;

import dev.astrocache.base.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agents this JVM was started with, which can change the code that runs without changing
 * a class file ({@code -javaagent:agent.jar=options} transforming classes as they load): each
 * counts in every fingerprint by the content of its jar or library and its option string.
 *
 * <p>Read from the JVM's input arguments (the command line, {@code JAVA_TOOL_OPTIONS} and
 * {@code JDK_JAVA_OPTIONS} included), through the runtime MXBean unless the command line alone
 * proves that there is none ({@link #provablyNone}). The JDWP debugger agent counts by its name
 * only, since its options (a port) change from one debugging session to the next. Agents
 * attached later through the attach API are not seen.
 */
final class Agents {
  /** Options whose presence anywhere on the command line sends us to the runtime MXBean. */
  private static final List<String> ASK_THE_JVM = List.of("-javaagent:", "-agentlib:",
      "-agentpath:", "-Xrun", "@", "-XX:Flags=", "-XX:VMOptionsFile=");

  /** Environment variables the launcher or the JVM reads options from. */
  static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
      "_JAVA_OPTIONS");

  /** The agents' token, or null when the JVM runs without any (after the lists it reads). */
  static final byte[] TOKEN = token(inputArguments());

  private Agents() {}

  private static List<String> inputArguments() {
    // each variable by a constant name, and the command line through ProcessHandle, not a file:
    // a wrap whose walk reaches this code (a cached proxy wrapped again) counts such reads as
    // ambient inputs, and /proc/self/cmdline's times change with every process
    boolean optionVariable = System.getenv("JAVA_TOOL_OPTIONS") != null
        || System.getenv("JDK_JAVA_OPTIONS") != null || System.getenv("_JAVA_OPTIONS") != null;
    if (provablyNone(commandLine(), System.getProperty("sun.java.launcher"), optionVariable)) {
      return List.of();
    }
    try {
      return ManagementFactory.getRuntimeMXBean().getInputArguments();
    } catch (LinkageError | RuntimeException e) {
      return ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    }
  }

  /**
   * Whether a JVM started by {@code launcher} with the command line {@code argv} (the program
   * first, or null) and {@code optionVariable} (one of {@link #OPTION_VARIABLES} is set) runs
   * without agents, told without the runtime MXBean, which costs a fresh JVM ~25 ms (issue 13, target 4). True only
   * when the JVM's input arguments are the command line's options: the JDK's {@code java}
   * launcher (not an embedding program or a jpackage launcher, which pass options of their own),
   * no option variable set (even empty), and no argument file, flags file or options file. Any
   * argument that looks like an agent's, even one of the program's own, also answers false: the
   * MXBean then says which are the JVM's. False never costs correctness, only the MXBean's time.
   */
  static boolean provablyNone(List<String> argv, String launcher, boolean optionVariable) {
    if (argv == null || argv.isEmpty() || !"SUN_STANDARD".equals(launcher)) {
      return false;
    }
    String program = argv.get(0);
    int slash = program.lastIndexOf('/');
    if (!program.substring(slash + 1).equals("java")) {
      return false;
    }
    if (optionVariable) {
      return false;
    }
    for (int i = 1; i < argv.size(); i++) {
      for (String option : ASK_THE_JVM) {
        if (argv.get(i).startsWith(option)) {
          return false;
        }
      }
    }
    return true;
  }

  /** This process's program and arguments, as the OS lists them; null if it does not. */
  static List<String> commandLine() {
    ProcessHandle.Info info = ProcessHandle.current().info();
    Optional<String> command = info.command();
    Optional<String[]> arguments = info.arguments();
    if (command.isEmpty() || arguments.isEmpty()) {
      return null; // the MXBean says
    }
    List<String> argv = new ArrayList<>();
    argv.add(command.get());
    for (String a : arguments.get()) {
      argv.add(a);
    }
    return argv;
  }

  /** What {@code arguments} say of agents, in order, as hashed lines; null if none. */
  static byte[] token(List<String> arguments) {
    List<String> agents = describe(arguments);
    if (agents.isEmpty()) {
      return null;
    }
    Hasher h = new Hasher().putString("agents").putInt(agents.size());
    agents.forEach(h::putString);
    return h.finish();
  }

  /** Each agent as {@code kind path sha256-of-content options}, or {@code jdwp}. */
  static List<String> describe(List<String> arguments) {
    List<String> agents = new ArrayList<>();
    for (String a : arguments) {
      if (a.startsWith("-javaagent:")) {
        agents.add(file("javaagent", a.substring("-javaagent:".length())));
      } else if (a.startsWith("-agentpath:")) {
        agents.add(file("agentpath", a.substring("-agentpath:".length())));
      } else if (a.startsWith("-agentlib:")) {
        String spec = a.substring("-agentlib:".length());
        String name = spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : spec;
        agents.add(name.equals("jdwp") ? "jdwp" : "agentlib " + spec);
      } else if (a.startsWith("-Xrunjdwp")) {
        agents.add("jdwp");
      }
    }
    return agents;
  }

  private static String file(String kind, String spec) {
    int eq = spec.indexOf('=');
    String path = eq < 0 ? spec : spec.substring(0, eq);
    String options = eq < 0 ? "" : spec.substring(eq + 1);
    return kind + " " + Path.of(path).getFileName() + " " + contentDigest(Path.of(path))
        + " " + options;
  }

  private static String contentDigest(Path file) {
    MessageDigest sha = Hashes.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
      return Hashes.hex(sha.digest());
    } catch (IOException | RuntimeException e) {
      return "unreadable";
    }
  }
}
