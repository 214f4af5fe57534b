package dev.astrocache.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real child JVM (the same {@code java} as the test's) and collects what it printed. */
public final class ChildJvm {
  private ChildJvm() {}

  /** What a child printed, stdout and stderr merged, and its exit code. */
  public record Result(int exitCode, String output) {}

  /**
   * Runs {@code mainClass} with the test's class path plus {@code extraClassPath} in front, the
   * given system properties (and the test's {@code astrocache.index}, unless given), and
   * {@code args}; waits at most 120 s.
   */
  public static Result run(String mainClass, List<Path> extraClassPath,
      Map<String, String> properties, String... args) {
    return exec(command(mainClass, extraClassPath, properties, args));
  }

  /**
   * Starts the child {@link #run} would and returns at once, stdout and stderr merged into the
   * process's input stream: for tests that must kill the child ({@link Process#destroyForcibly}).
   * The caller ends it.
   */
  public static Process start(String mainClass, List<Path> extraClassPath,
      Map<String, String> properties, String... args) throws IOException {
    return new ProcessBuilder(command(mainClass, extraClassPath, properties, args))
        .redirectErrorStream(true).start();
  }

  /** The command line that {@link #run} runs. */
  public static List<String> command(String mainClass, List<Path> extraClassPath,
      Map<String, String> properties, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xshare:auto");
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    // the surefire run checks every answer of the index of walks (pom: astrocache.index=verify)
    String index = System.getProperty("astrocache.index");
    if (index != null && !properties.containsKey("astrocache.index")) {
      cmd.add("-Dastrocache.index=" + index);
    }
    StringBuilder cp = new StringBuilder();
    for (Path p : extraClassPath) {
      cp.append(p).append(File.pathSeparator);
    }
    cp.append(System.getProperty("java.class.path"));
    cmd.add("-cp");
    cmd.add(cp.toString());
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs a whole command line; waits at most 120 s. */
  public static Result exec(List<String> command) {
    return exec(command, Map.of());
  }

  /** Runs a whole command line with extra environment variables; waits at most 120 s. */
  public static Result exec(List<String> command, Map<String, String> environment) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      Process p = builder.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("child JVM did not finish in 120 s: " + command);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Runs a whole command line that prints {@code waiting} and then reads a line: when it prints
   * it, runs {@code change} (a rebuild under the running process), answers {@code go}, and reads
   * the rest. Asserts that the child exits with 0; returns what it printed, stdout and stderr
   * merged.
   */
  public static String interact(List<String> command, Runnable change) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
        p.getInputStream(), StandardCharsets.UTF_8)); java.io.OutputStream go =
        p.getOutputStream()) {
      for (String line; (line = in.readLine()) != null; ) {
        out.append(line).append('\n');
        if (line.equals("waiting")) {
          change.run();
          go.write("go\n".getBytes(StandardCharsets.UTF_8));
          go.flush();
        }
      }
    } finally {
      p.waitFor();
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("child JVM exited with " + p.exitValue() + ": " + out);
    }
    return out.toString();
  }
}
