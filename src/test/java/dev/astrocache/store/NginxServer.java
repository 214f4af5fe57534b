package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real nginx with WebDAV on 127.0.0.1, as a child process of the test JVM: its config, pid,
 * error log, temp folders and document root all live in one temporary folder, and it runs in
 * the foreground as the current user ({@code daemon off; master_process off;}), so stopping the
 * child stops the server. Objects PUT under {@link #url()} land as files under {@link #cacheDir()}.
 *
 * <p>Where nginx is not installed, {@link #start} skips the test (a JUnit assumption) or, with
 * the environment variable {@code CI=true} ({@code .ci/run} exports it), fails it, saying how to
 * install it: see {@link #missing}.
 */
final class NginxServer implements AutoCloseable {

  static final String MISSING = "nginx is not installed: the HTTP store tests need nginx with "
      + "WebDAV on the PATH or at /usr/sbin/nginx; install it with "
      + "`apt-get install nginx-light` (Debian/Ubuntu)";

  /** The {@code client_max_body_size} of {@link #smallUrl()}. */
  static final int SMALL_LIMIT = 1024;

  /** Servers still running, stopped by a shutdown hook if a test run ends without stopping them. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroy),
        "nginx-fixture-stop"));
  }

  private final Path executable;
  private final Path dir;
  private final int port;
  private Process process;

  private NginxServer(Path executable, Path dir, int port) {
    this.executable = executable;
    this.dir = dir;
    this.port = port;
  }

  /** Starts nginx in a new folder under {@code parent} on a free loopback port. */
  static NginxServer start(Path parent) throws IOException {
    Path executable = executable();
    Path dir = Files.createTempDirectory(parent, "nginx");
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      NginxServer server = new NginxServer(executable, dir, freePort());
      try {
        server.restart();
        return server;
      } catch (IOException e) {
        // another process may have taken the free port between the probe and nginx's bind
        last = e;
        server.close();
      }
    }
    throw last;
  }

  /** The nginx executable, or skips (fails on CI) the calling test. */
  static Path executable() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "nginx"))) {
        return Path.of(d, "nginx");
      }
    }
    for (Path p : List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"))) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw missing(System.getenv("CI"));
  }

  /**
   * Without nginx: fails the calling test where {@code ci} (the environment variable {@code CI})
   * is {@code true}, as {@code .ci/run} sets it, so that CI never passes without running the HTTP
   * store tests; elsewhere skips it, saying so.
   */
  static AssertionError missing(String ci) {
    if ("true".equalsIgnoreCase(ci)) {
      fail(MISSING);
    }
    Assumptions.abort(MISSING + " (skipped because CI is not true; with CI=true this fails)");
    throw new AssertionError("unreachable");
  }

  /** The base URL of the WebDAV folder, {@code http://127.0.0.1:<port>/cache/}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + port + "/cache/");
  }

  /**
   * The base URL of a WebDAV folder that refuses bodies over {@link #SMALL_LIMIT} bytes with
   * HTTP 413, as a server with a small {@code client_max_body_size} does.
   */
  URI smallUrl() {
    return URI.create("http://127.0.0.1:" + port + "/small/");
  }

  int port() {
    return port;
  }

  /** Where nginx keeps the objects PUT under {@link #url()}. */
  Path cacheDir() {
    return dir.resolve("www").resolve("cache");
  }

  /** Stops nginx; {@link #restart()} starts it again on the same port with the same files. */
  void stop() {
    if (process == null) {
      return;
    }
    RUNNING.remove(process);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Starts (again) and waits until nginx accepts connections. */
  void restart() throws IOException {
    stop();
    Path conf = writeConfig();
    Path errorLog = dir.resolve("error.log");
    process = new ProcessBuilder(executable.toString(), "-p", dir + "/", "-c", conf.toString(),
        "-e", errorLog.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile())
        .start();
    RUNNING.add(process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        String log = read(errorLog) + read(dir.resolve("stdout.log"));
        RUNNING.remove(process);
        process = null;
        throw new IOException("nginx exited with " + exitValue() + " on port " + port + ": " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        sleep(20);
      }
    }
    stop();
    throw new IOException("nginx did not accept connections on port " + port + " within 15 s: "
        + read(errorLog));
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * One server for a whole test class, in a folder of its own, stopped and removed after the
   * class: {@code @RegisterExtension static final NginxServer.PerClass NGINX = new ...;}.
   */
  static final class PerClass implements BeforeAllCallback, AfterAllCallback {
    private Path parent;
    private NginxServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      parent = Files.createTempDirectory("astrocache-nginx");
      server = start(parent);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
      if (server != null) {
        server.close();
      }
      try (Stream<Path> files = Files.walk(parent)) {
        for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(f);
        }
      }
    }

    /** The running server. */
    NginxServer server() {
      return server;
    }
  }

  private int exitValue() {
    return process == null ? -1 : process.exitValue();
  }

  private Path writeConfig() throws IOException {
    Files.createDirectories(cacheDir());
    Files.createDirectories(dir.resolve("www").resolve("small"));
    Files.createDirectories(dir.resolve("tmp"));
    // root's worker would otherwise switch to nobody, which cannot write the temp folder
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    String config = user
        + "daemon off;\n"
        + "master_process off;\n"
        + "worker_processes 1;\n"
        + "pid " + dir.resolve("nginx.pid") + ";\n"
        + "error_log " + dir.resolve("error.log") + " warn;\n"
        + "events { worker_connections 128; }\n"
        + "http {\n"
        + "  access_log off;\n"
        + "  default_type application/octet-stream;\n"
        + "  client_max_body_size 64m;\n"
        + "  client_body_temp_path " + dir.resolve("tmp/body") + ";\n"
        + "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";\n"
        + "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";\n"
        + "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";\n"
        + "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";\n"
        + "  server {\n"
        + "    listen 127.0.0.1:" + port + ";\n"
        + "    root " + dir.resolve("www") + ";\n"
        + "    location /cache/ {\n"
        + "      dav_methods PUT DELETE;\n"
        + "      create_full_put_path on;\n"
        + "      dav_access user:rw;\n"
        + "    }\n"
        + "    location /small/ {\n"
        + "      dav_methods PUT DELETE;\n"
        + "      create_full_put_path on;\n"
        + "      dav_access user:rw;\n"
        + "      client_max_body_size " + SMALL_LIMIT + ";\n"
        + "    }\n"
        + "  }\n"
        + "}\n";
    return Files.writeString(dir.resolve("nginx.conf"), config);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
