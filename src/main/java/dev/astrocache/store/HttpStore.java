package dev.astrocache.store;

import dev.astrocache.base.Hashes;
import dev.astrocache.config.Setting;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.EntryTooLargeException;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One object per entry at {@code <remote.url><objectName(key)>}, read with {@code GET}, written
 * with {@code PUT}, probed with {@code HEAD} and, when quarantined, removed with {@code DELETE}:
 * the protocol of nginx WebDAV, Gradle's HTTP build cache and bazel-remote. Every object is an {@link HmacEnvelope}; an object that does not verify
 * is reported to {@link StoreContext#rejected} and read as absent.
 */
final class HttpStore implements Store {

  /** The largest object read: an entry that big is already far past what caching is for. */
  static final long MAX_OBJECT_BYTES = 1L << 30;

  /** The most read of an answer that only its status matters in (an error page, say). */
  private static final long SMALL_BODY = 1L << 16;

  private final StoreContext context;
  private final RemoteSettings settings;
  private final long maxObjectBytes;
  private final HmacEnvelope envelope;
  private final HttpClient client;

  HttpStore(StoreContext context, RemoteSettings settings) {
    this(context, settings, MAX_OBJECT_BYTES);
  }

  HttpStore(StoreContext context, RemoteSettings settings, long maxObjectBytes) {
    this.context = context;
    this.settings = settings;
    this.maxObjectBytes = maxObjectBytes;
    this.envelope = new HmacEnvelope(settings.secret());
    this.client = HttpClient.newBuilder()
        // HTTP/1.1: a plain-http HTTP/2 upgrade attempt only costs a round of headers here
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The URL of the object for {@code key}: {@code <remote.url><objectName(key)>}. */
  URI url(EntryKey key) {
    return settings.url().resolve(objectName(key));
  }

  /**
   * The object's name: the hex SHA-256 of {@code function/fingerprint/key}. One flat name of 64
   * hex digits is what every cache server accepts (bazel-remote insists on it); hashing the whole
   * {@link EntryKey} rather than taking its {@code key} keeps entries apart that share a key
   * under another function or fingerprint.
   */
  static String objectName(EntryKey key) {
    return Hashes.hex(Hashes.sha256(key.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public byte[] get(EntryKey key) throws IOException {
    Objects.requireNonNull(key, "key == null");
    URI url = url(key);
    HttpResponse<byte[]> response;
    try {
      response = send(request(url).GET().build(), maxObjectBytes);
    } catch (HttpCappedBody.TooLarge e) {
      context.rejected(key, e.getMessage());
      return null;
    }
    if (response.statusCode() == 404) {
      return null;
    }
    if (response.statusCode() != 200) {
      throw failed("GET", url, response.statusCode());
    }
    HmacEnvelope.Result result = envelope.open(key, response.body());
    if (result.payload() == null) {
      // the reason alone, without the URL: the cache logs each kind of refusal once
      context.rejected(key, result.reason());
      return null;
    }
    return result.payload();
  }

  @Override
  public void put(EntryKey key, byte[] entry) throws IOException {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(entry, "entry == null");
    URI url = url(key);
    HttpRequest request = request(url)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(envelope.seal(key, entry)))
        .build();
    int status = send(request, SMALL_BODY).statusCode();
    if (status == 413) {
      // the server works and only keeps this entry out: not a reason to switch the remote off
      throw new EntryTooLargeException("PUT " + url + " answered HTTP 413: the server refuses an object of "
          + entry.length + " bytes (for nginx, raise client_max_body_size)");
    }
    if (status != 200 && status != 201 && status != 204) {
      throw failed("PUT", url, status);
    }
  }

  @Override
  public boolean contains(EntryKey key) throws IOException {
    Objects.requireNonNull(key, "key == null");
    URI url = url(key);
    HttpRequest request =
        request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
    int status = send(request, SMALL_BODY).statusCode();
    if (status == 404) {
      return false;
    }
    if (status != 200) {
      throw failed("HEAD", url, status);
    }
    return true;
  }

  /**
   * Deletes the object: it verified, so a process holding the secret wrote it, yet the cache
   * could not read it. Without the delete, every process would fetch it again and again.
   */
  @Override
  public void quarantine(EntryKey key) throws IOException {
    Objects.requireNonNull(key, "key == null");
    URI url = url(key);
    int status = send(request(url).DELETE().build(), SMALL_BODY).statusCode();
    if (status != 200 && status != 202 && status != 204 && status != 404) {
      throw failed("DELETE", url, status);
    }
  }

  /** Deletes the object ({@code DELETE}); a server that had none answers 404. */
  @Override
  public boolean remove(EntryKey key) throws IOException {
    quarantine(key);
    return true;
  }

  @Override
  public void close() {
    // HttpClient is AutoCloseable from Java 21 on; on 17 its threads end when it is unreachable
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing only waits for exchanges in flight: nothing to report
      }
    }
  }

  @Override
  public String toString() {
    return "http store at " + settings.url();
  }

  private HttpRequest.Builder request(URI url) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(settings.timeout());
    if (settings.authorization() != null) {
      // sent with every request: waiting for a 401 challenge first would cost a round trip
      builder.header("Authorization", settings.authorization());
    }
    return builder;
  }

  /**
   * Sends and reads the whole answer, body included, within {@code remote.timeout}; a body of
   * more than {@code limit} bytes fails with {@link HttpCappedBody.TooLarge}.
   */
  private HttpResponse<byte[]> send(HttpRequest request, long limit) throws IOException {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    try {
      return client.send(request, HttpCappedBody.handler(limit, deadline));
    } catch (HttpTimeoutException e) {
      throw timedOut(request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie =
          new InterruptedIOException(request.method() + " " + request.uri() + " was interrupted");
      ie.initCause(e);
      throw ie;
    } catch (IOException e) {
      // the client rethrows what the body failed with, wrapped in a plain IOException
      if (e.getCause() instanceof HttpCappedBody.TooLarge tooLarge && limit != SMALL_BODY) {
        throw tooLarge;
      }
      throw new IOException(request.method() + " " + request.uri() + " failed: " + describe(e), e);
    } catch (RuntimeException e) {
      // the JDK client throws unchecked exceptions for some malformed answers (a Content-Length
      // beyond a long): a failure of the server like any other, so that tiered backs off
      throw new IOException(request.method() + " " + request.uri()
          + " failed: the server's answer is malformed: " + e, e);
    }
  }

  private IOException timedOut(HttpRequest request, Throwable cause) {
    return new IOException(request.method() + " " + request.uri() + " timed out after "
        + format(settings.timeout()) + " (astrocache.remote.timeout)", cause);
  }

  private static IOException failed(String method, URI url, int status) {
    String hint = switch (status) {
      case 401, 403 -> ": check astrocache.remote.user and astrocache.remote.password, or "
          + "astrocache.remote.token";
      case 405 -> ": the server does not accept " + method + " there; for nginx, enable WebDAV "
          + "with dav_methods PUT DELETE;";
      default -> "";
    };
    return new IOException(method + " " + url + " answered HTTP " + status + hint);
  }

  private static String describe(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "cannot connect (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): is the server up there?";
    }
    String message = e.getMessage();
    if (message == null || message.isEmpty()) {
      Throwable cause = e.getCause();
      message = cause != null && cause.getMessage() != null ? cause.getMessage() : "";
    }
    return message.isEmpty() ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  /** A duration as the settings read it ({@code 2s}); TieredStore's messages use it too. */
  static String format(Duration d) {
    return Setting.format(d);
  }
}
