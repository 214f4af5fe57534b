package dev.astrocache.store;

import dev.astrocache.base.Hashes;
import dev.astrocache.config.Setting;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.EntryTooLargeException;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One object per entry at {@code <remote.url><objectName(key)>}, read with {@code GET}, written
 * with {@code PUT} and, when quarantined, removed with {@code DELETE}: the protocol of nginx
 * WebDAV, Gradle's HTTP build cache and bazel-remote. Every object is an {@link HmacEnvelope}; an
 * object that does not verify is reported to {@link StoreContext#rejected} and read as absent
 * ({@link #contains} is the default, a read: an answer to {@code HEAD} says nothing of the
 * signature). Objects over {@code remote.max.bytes} are neither sent nor read.
 *
 * <p>A server that fails (down, timing out, answering errors) is switched off for
 * {@code remote.backoff} ({@link RemoteHealth}): the failure is thrown, then calls answer at
 * once (a miss, a write not sent) until one probes the server again.
 */
final class HttpStore implements Store {

  static final System.Logger LOG = System.getLogger(HttpStore.class.getName());

  /** The most read of an answer that only its status matters in (an error page, say). */
  private static final long SMALL_BODY = 1L << 16;

  private final StoreContext context;
  private final RemoteSettings settings;
  private final long maxObjectBytes;
  private final HmacEnvelope envelope;
  private final HttpClient client;
  /** This store's back-off; {@code null} in the view a tiered store uses, which has its own. */
  private final RemoteHealth health;
  private final SecretCheck secretCheck;

  HttpStore(StoreContext context, RemoteSettings settings) {
    this(context, settings, settings.maxBytes(), System::nanoTime);
  }

  HttpStore(StoreContext context, RemoteSettings settings, long maxObjectBytes,
      LongSupplier nanoTime) {
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
    this.health = new RemoteHealth(LOG, "the http store", this, "calls do not use it",
        settings.backoff(), nanoTime);
    this.secretCheck = new SecretCheck(settings.url());
  }

  /** The same store without a back-off of its own: for a store that backs off around it. */
  private HttpStore(HttpStore backedOff) {
    this.context = backedOff.context;
    this.settings = backedOff.settings;
    this.maxObjectBytes = backedOff.maxObjectBytes;
    this.envelope = backedOff.envelope;
    this.client = backedOff.client;
    this.health = null;
    this.secretCheck = backedOff.secretCheck;
  }

  /**
   * This store without its back-off, for the tiered store, whose own back-off switches the
   * remote off (and its local store on) at the same failures.
   */
  HttpStore withoutBackoff() {
    return health == null ? this : new HttpStore(this);
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

  /** The entry, or {@code null}; also while the server is switched off after a failure. */
  @Override
  public byte[] get(EntryKey key) throws IOException {
    Objects.requireNonNull(key, "key == null");
    if (health != null && !health.usable()) {
      return null;
    }
    long failuresBefore = health == null ? 0 : health.failures();
    byte[] entry;
    try {
      entry = fetch(key);
    } catch (IOException | RuntimeException e) {
      failed(e);
      throw e;
    }
    if (health != null) {
      health.worked(failuresBefore);
    }
    return entry;
  }

  private byte[] fetch(EntryKey key) throws IOException {
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
      if (result.badSignature()) {
        secretCheck.refused();
      }
      // the reason alone, without the URL: the cache logs each kind of refusal once
      context.rejected(key, result.reason());
      return null;
    }
    secretCheck.verified();
    return result.payload();
  }

  /**
   * Sends the entry; does nothing while the server is switched off after a failure, or while
   * this process's secret verifies none of the server's objects (see {@link SecretCheck}).
   */
  @Override
  public void put(EntryKey key, byte[] entry) throws IOException {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(entry, "entry == null");
    if (!secretCheck.writable() || health != null && !health.usable()) {
      return;
    }
    long failuresBefore = health == null ? 0 : health.failures();
    try {
      send(key, entry);
    } catch (EntryTooLargeException e) {
      // the server works and only keeps this entry out: not a reason to switch the remote off
      if (health != null) {
        health.worked(failuresBefore);
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      failed(e);
      throw e;
    }
    if (health != null) {
      health.worked(failuresBefore);
    }
  }

  private void send(EntryKey key, byte[] entry) throws IOException {
    URI url = url(key);
    if (entry.length > maxObjectBytes - HmacEnvelope.OVERHEAD) {
      throw new EntryTooLargeException("the entry for " + url + " has " + entry.length
          + " bytes, more than astrocache.remote.max.bytes (" + maxObjectBytes + " with its"
          + " envelope) lets the http store send: it stays local");
    }
    HttpRequest request = request(url)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(envelope.seal(key, entry)))
        .build();
    int status = send(request, SMALL_BODY).statusCode();
    if (status == 413) {
      throw new EntryTooLargeException("PUT " + url + " answered HTTP 413: the server refuses an"
          + " object of " + entry.length + " bytes (for nginx, raise client_max_body_size)");
    }
    if (status != 200 && status != 201 && status != 204) {
      throw failed("PUT", url, status);
    }
  }

  /**
   * Deletes the object: it verified, so a process holding the secret wrote it, yet the cache
   * could not read it. Without the delete, every process would fetch it again and again. Does
   * nothing while the server is switched off or this process's secret verifies none of its
   * objects.
   */
  @Override
  public void quarantine(EntryKey key) throws IOException {
    quarantine(key, null);
  }

  /**
   * Deletes the object if it still holds {@code badBytes} (read again and compared first): one
   * that another process wrote since the cache's read is good and stays. A write that lands
   * between this read and the {@code DELETE} is lost (a later miss writes it again): WebDAV
   * servers such as nginx offer no conditional delete.
   */
  @Override
  public void quarantine(EntryKey key, byte[] badBytes) throws IOException {
    Objects.requireNonNull(key, "key == null");
    if (!secretCheck.writable() || health != null && !health.usable()) {
      return;
    }
    long failuresBefore = health == null ? 0 : health.failures();
    URI url = url(key);
    try {
      if (badBytes != null && !Arrays.equals(fetch(key), badBytes)) {
        if (health != null) {
          health.worked(failuresBefore);
        }
        return; // gone, or replaced by another entry since the cache read it
      }
      int status = send(request(url).DELETE().build(), SMALL_BODY).statusCode();
      if (status != 200 && status != 202 && status != 204 && status != 404) {
        throw failed("DELETE", url, status);
      }
    } catch (IOException | RuntimeException e) {
      failed(e);
      throw e;
    }
    if (health != null) {
      health.worked(failuresBefore);
    }
  }

  private void failed(Exception e) {
    if (health != null) {
      health.failed(e);
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

  /**
   * Whether this process's secret is the team's. Every object another secret signed fails to
   * verify here, and every object this process wrote would fail for the team: a process that
   * wrote after each refused read would replace the team's entries one by one (and two secrets
   * would keep replacing each other's). So an object that fails its signature while none of the
   * server's objects has verified yet stops this process's writes, with one warning, until one
   * verifies. Once one has, a later bad signature is one altered object, which a write repairs.
   */
  static final class SecretCheck {
    private final URI url;
    private final AtomicBoolean verifiedOne = new AtomicBoolean();
    private final AtomicBoolean writesOff = new AtomicBoolean();
    private final AtomicBoolean warned = new AtomicBoolean();

    SecretCheck(URI url) {
      this.url = url;
    }

    boolean writable() {
      return !writesOff.get();
    }

    void verified() {
      verifiedOne.set(true);
      if (writesOff.compareAndSet(true, false)) {
        LOG.log(Level.INFO, () -> "astrocache: an object at " + url + " verifies with this"
            + " process's astrocache.remote.secret after all: writing to it again");
      }
    }

    void refused() {
      if (verifiedOne.get() || !writesOff.compareAndSet(false, true)) {
        return;
      }
      if (verifiedOne.get()) {
        writesOff.set(false); // one verified meanwhile
        return;
      }
      if (warned.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "astrocache: the objects at " + url + " do not verify with this"
            + " process's astrocache.remote.secret: most likely it differs from the secret of the"
            + " processes that wrote them. Not writing there until one verifies, so as not to"
            + " replace their entries; set the secret they share.");
      }
    }
  }

  /** A duration as the settings read it ({@code 2s}); TieredStore's messages use it too. */
  static String format(Duration d) {
    return Setting.format(d);
  }
}
