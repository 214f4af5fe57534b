package dev.astrocache.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles real Java sources with javax.tools, for tests that need real javac output. */
public final class Javac {
  private Javac() {}

  /**
   * Compiles {@code sources} (binary class name, such as {@code "p.Impl"}, to source text) into
   * {@code out}, with {@code classPath} entries (plus the test's own class path) visible.
   */
  public static Path compile(Path out, Map<String, String> sources, Path... classPath) {
    StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
    for (Path p : classPath) {
      cp.append(java.io.File.pathSeparator).append(p);
    }
    return compileWith(out, sources, List.of("-cp", cp.toString()));
  }

  /**
   * Compiles {@code sources} into {@code out} with the given javac options (such as
   * {@code --module-path}); a {@code "module-info"} key compiles a module descriptor.
   */
  public static Path compileWith(Path out, Map<String, String> sources, List<String> options) {
    try {
      Path src = Files.createTempDirectory(out.getParent() == null ? Path.of(".") : out.getParent(), "src");
      List<String> files = new ArrayList<>();
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        files.add(file.toString());
      }
      Files.createDirectories(out);
      List<String> args = new ArrayList<>(List.of("-d", out.toString(),
          "-encoding", "UTF-8", "-nowarn", "-implicit:none"));
      args.addAll(options);
      args.addAll(files);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      StringWriter diagnostics = new StringWriter();
      int rc = javac.run(null, new java.io.PrintStream(new java.io.ByteArrayOutputStream()) ,
          new java.io.PrintStream(new WriterStream(diagnostics), true, StandardCharsets.UTF_8),
          args.toArray(String[]::new));
      if (rc != 0) {
        throw new AssertionError("javac failed:\n" + diagnostics);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Packs the files under {@code dir} into the jar {@code jar}. */
  public static Path jar(Path dir, Path jar) {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class WriterStream extends java.io.OutputStream {
    private final StringWriter w;

    WriterStream(StringWriter w) {
      this.w = w;
    }

    @Override
    public void write(int b) {
      w.write(b);
    }
  }
}
