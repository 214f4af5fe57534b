package dev.astrocache.store;

import dev.astrocache.config.Setting;
import dev.astrocache.spi.StoreContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of the remote stores, read from a {@link StoreContext}, parsed by the
 * {@linkplain Setting table} and checked together up front, so that a malformed value fails
 * when the store opens, naming the setting the user wrote.
 *
 * @param url the base URL, ending in {@code /}; an entry lives at {@code url + key}
 * @param timeout the longest one request may take, from connecting to the last byte
 * @param authorization the value of the {@code Authorization} header, or {@code null}
 * @param secret the HMAC key, the UTF-8 bytes of {@code astrocache.remote.secret}
 * @param backoff how long a failing server is left alone ({@code astrocache.remote.backoff})
 * @param maxBytes the largest object sent or read ({@code astrocache.remote.max.bytes})
 */
record RemoteSettings(URI url, Duration timeout, String authorization, byte[] secret,
    Duration backoff, long maxBytes) {

  /** The settings the {@code http} store reads. */
  static final Set<String> NAMES = Set.of(Setting.REMOTE_URL.name(), Setting.REMOTE_SECRET.name(),
      Setting.REMOTE_TIMEOUT.name(), Setting.REMOTE_USER.name(), Setting.REMOTE_PASSWORD.name(),
      Setting.REMOTE_TOKEN.name(), Setting.REMOTE_BACKOFF.name(), Setting.REMOTE_MAX_BYTES.name());

  /** Reads and checks every setting of the {@code http} store. */
  static RemoteSettings read(StoreContext context) {
    URI url = url(context.setting(Setting.REMOTE_URL.name()));
    Duration timeout =
        Setting.REMOTE_TIMEOUT.parseOrDefault(context.setting(Setting.REMOTE_TIMEOUT.name()));
    String authorization = authorization(context);
    byte[] secret = secret(context.setting(Setting.REMOTE_SECRET.name()));
    Duration backoff =
        Setting.REMOTE_BACKOFF.parseOrDefault(context.setting(Setting.REMOTE_BACKOFF.name()));
    long maxBytes =
        Setting.REMOTE_MAX_BYTES.parseOrDefault(context.setting(Setting.REMOTE_MAX_BYTES.name()));
    // an object is read into one array
    maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 64);
    return new RemoteSettings(url, timeout, authorization, secret, backoff, maxBytes);
  }

  static URI url(Optional<String> value) {
    if (value.isEmpty() || value.get().isBlank()) {
      throw new IllegalArgumentException("astrocache.remote.url is not set: set it (or "
          + "ASTROCACHE_REMOTE_URL) to the base URL of the cache server, such as "
          + "http://127.0.0.1:8080/cache/");
    }
    return Setting.REMOTE_URL.parse(value.get());
  }

  private static String authorization(StoreContext context) {
    Optional<String> user = Setting.REMOTE_USER.parse(context.setting(Setting.REMOTE_USER.name()));
    Optional<String> password =
        Setting.REMOTE_PASSWORD.parse(context.setting(Setting.REMOTE_PASSWORD.name()));
    Optional<String> token =
        Setting.REMOTE_TOKEN.parse(context.setting(Setting.REMOTE_TOKEN.name()));
    if (user.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException("astrocache.remote.user and astrocache.remote.password "
          + "go together: set both for Basic authentication, or neither");
    }
    if (user.isPresent() && token.isPresent()) {
      throw new IllegalArgumentException("astrocache.remote.token and astrocache.remote.user are "
          + "both set: choose Basic authentication (user and password) or a bearer token, not both");
    }
    if (user.isPresent()) {
      if (user.get().indexOf(':') >= 0) {
        throw new IllegalArgumentException("astrocache.remote.user must be a user name without ':'"
            + " such as ci, not '" + user.get() + "'");
      }
      String pair = user.get() + ":" + password.get();
      return "Basic " + java.util.Base64.getEncoder()
          .encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    if (token.isPresent()) {
      String t = token.get();
      if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("astrocache.remote.token must be a token of printable"
            + " ASCII characters without spaces such as abc123, not a value of " + t.length()
            + " characters (hidden)");
      }
      return "Bearer " + t;
    }
    return null;
  }

  static byte[] secret(Optional<String> value) {
    if (value.isEmpty() || value.get().isEmpty()) {
      throw new IllegalArgumentException("astrocache.remote.secret is not set: the http store "
          + "signs every entry it sends with HMAC-SHA-256 and accepts only entries signed with "
          + "the same secret, so that a shared server cannot feed this process forged values; set "
          + "astrocache.remote.secret (or ASTROCACHE_REMOTE_SECRET) to the same random string of "
          + "at least 16 characters in every process that shares the server");
    }
    return Setting.REMOTE_SECRET.parse(value.get()).getBytes(StandardCharsets.UTF_8);
  }

  /** Keeps the secret out of logs and messages. */
  @Override
  public String toString() {
    return "RemoteSettings[url=" + url + ", timeout=" + timeout + ", auth="
        + (authorization == null ? "none" : authorization.substring(0, authorization.indexOf(' ')))
        + "]";
  }
}
