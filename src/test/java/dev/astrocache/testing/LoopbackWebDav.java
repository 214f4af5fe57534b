package dev.astrocache.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An object server on loopback, made of the JDK's HTTP server: {@code PUT} keeps the body under
 * the request's path, {@code GET} and {@code HEAD} answer it (or 404), {@code DELETE} drops it;
 * the WebDAV subset that the {@code http} store speaks, held in memory. For tests that need a
 * remote store that works, without nginx; the http store's own tests use a real nginx.
 */
public final class LoopbackWebDav implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-webdav");
    t.setDaemon(true);
    return t;
  });
  private final HttpServer server;

  private LoopbackWebDav() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on a free loopback port. */
  public static LoopbackWebDav start() throws IOException {
    return new LoopbackWebDav();
  }

  /** The base URL of its folder, {@code http://127.0.0.1:<port>/cache/}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cache/");
  }

  /** How many objects it holds now. */
  public int size() {
    return objects.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      switch (exchange.getRequestMethod()) {
        case "PUT" -> {
          objects.put(path, body);
          exchange.sendResponseHeaders(201, -1);
        }
        case "GET" -> {
          byte[] object = objects.get(path);
          if (object == null || object.length == 0) {
            exchange.sendResponseHeaders(object == null ? 404 : 200, -1);
          } else {
            exchange.sendResponseHeaders(200, object.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(object);
            }
          }
        }
        case "HEAD" -> exchange.sendResponseHeaders(objects.containsKey(path) ? 200 : 404, -1);
        case "DELETE" -> exchange.sendResponseHeaders(objects.remove(path) == null ? 404 : 204, -1);
        default -> exchange.sendResponseHeaders(405, -1);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
