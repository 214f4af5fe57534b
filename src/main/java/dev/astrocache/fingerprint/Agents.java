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

/**
 * The agents this JVM was started with, which can change the code that runs without changing
 * a class file ({@code -javaagent:agent.jar=options} transforming classes as they load): each
 * counts in every fingerprint by the content of its jar or library and its option string.
 *
 * <p>Read from the JVM's input arguments (the command line, {@code JAVA_TOOL_OPTIONS} and
 * {@code JDK_JAVA_OPTIONS} included). The JDWP debugger agent counts by its name only, since
 * its options (a port) change from one debugging session to the next. Agents attached later
 * through the attach API are not seen.
 */
final class Agents {
  /** The agents' token, or null when the JVM runs without any. */
  static final byte[] TOKEN = token(inputArguments());

  private Agents() {}

  private static List<String> inputArguments() {
    try {
      return ManagementFactory.getRuntimeMXBean().getInputArguments();
    } catch (LinkageError | RuntimeException e) {
      return ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    }
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
