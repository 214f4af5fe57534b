package dev.astrocache.store;

import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code http} store: a remote cache server that keeps one object per entry at
 * {@code <astrocache.remote.url><name>}, with {@code GET} and {@code PUT}, as nginx
 * WebDAV ({@code dav_methods PUT DELETE; create_full_put_path on;}), Gradle's HTTP build cache
 * and bazel-remote serve. The name is the 64 hex digits of the SHA-256 of
 * {@code <function>/<fingerprint>/<key>}. An entry that the cache finds unreadable although its
 * signature holds is removed with {@code DELETE}; a server that refuses it answers an error.
 *
 * <p>Settings ({@code -Dastrocache.<name>}, or {@code ASTROCACHE_<NAME>} in the environment):
 * <ul>
 *   <li>{@code remote.url}, required: the base URL, such as {@code http://127.0.0.1:8080/cache/};
 *   <li>{@code remote.secret}, required: a string of at least 16 characters shared by every
 *       process that uses the server. Each object is signed with HMAC-SHA-256 under it, bound to
 *       its key; an object that is unsigned, truncated, altered or signed with another secret is
 *       reported as rejected and read as a miss, so a shared server cannot feed a process forged
 *       values. Without a secret the store does not open;
 *   <li>{@code remote.timeout}: the longest one request may take, from connecting to the last
 *       byte of the answer, such as {@code 500ms} or {@code 2s} (the default);
 *   <li>{@code remote.user} and {@code remote.password} for Basic authentication, or
 *       {@code remote.token} for a bearer token, sent with every request.
 * </ul>
 *
 * <p>A 404 is a miss; any other failure is an {@link java.io.IOException} naming the URL and the
 * status; a server that fails is then left alone for {@code remote.backoff} (default 60s), calls
 * meanwhile answering at once. Objects larger than {@code remote.max.bytes} (default 64 MiB) are
 * neither sent nor read; one whose {@code Content-Length} says so is refused before its body.
 * A process whose secret verifies none of the server's objects does not write there. Put the
 * store behind the local one with the {@code tiered} store.
 *
 * <p>A minimal nginx server for it (Debian's {@code nginx-light} has the WebDAV module):
 *
 * <pre>
 * location /cache/ {
 *   dav_methods PUT DELETE;
 *   create_full_put_path on;
 *   dav_access user:rw;
 *   client_max_body_size 64m;
 * }
 * </pre>
 */
public final class HttpStoreProvider implements StoreProvider {

  /** For {@link java.util.ServiceLoader}. */
  public HttpStoreProvider() {}

  @Override
  public String name() {
    return "http";
  }

  /**
   * Opens the store; no request is sent until the first call.
   *
   * @throws IllegalArgumentException when {@code astrocache.remote.url} or
   *     {@code astrocache.remote.secret} is missing, or a setting is malformed
   */
  @Override
  public Store open(StoreContext context) {
    Objects.requireNonNull(context, "context == null");
    return new HttpStore(context, RemoteSettings.read(context));
  }

  @Override
  public Set<String> settings() {
    return RemoteSettings.NAMES;
  }
}
