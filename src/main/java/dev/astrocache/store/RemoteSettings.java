package dev.astrocache.store;

import dev.astrocache.spi.StoreContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of the remote stores, read from a {@link StoreContext} and checked up front, so
 * that a malformed value fails when the store opens, naming the setting the user wrote.
 *
 * @param url the base URL, ending in {@code /}; an entry lives at {@code url + key}
 * @param timeout the longest one request may take, from connecting to the last byte
 * @param authorization the value of the {@code Authorization} header, or {@code null}
 * @param secret the HMAC key, the UTF-8 bytes of {@code astrocache.remote.secret}
 */
record RemoteSettings(URI url, Duration timeout, String authorization, byte[] secret) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(60);
  static final int MIN_SECRET_LENGTH = 16;

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  /** Reads and checks every setting of the {@code http} store. */
  static RemoteSettings read(StoreContext context) {
    URI url = url(context.setting("remote.url"));
    Duration timeout = duration(context.setting("remote.timeout"), "remote.timeout", DEFAULT_TIMEOUT);
    String authorization = authorization(context);
    byte[] secret = secret(context.setting("remote.secret"));
    return new RemoteSettings(url, timeout, authorization, secret);
  }

  static URI url(Optional<String> value) {
    String text = value.map(String::strip).orElse("");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("astrocache.remote.url is not set: set it (or "
          + "ASTROCACHE_REMOTE_URL) to the base URL of the cache server, such as "
          + "http://127.0.0.1:8080/cache/");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw malformedUrl(text);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
        || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw malformedUrl(text);
    }
    // objects live at <base><key>: the base must be a folder, whatever the user wrote
    return text.endsWith("/") ? uri : URI.create(text + "/");
  }

  private static IllegalArgumentException malformedUrl(String text) {
    return new IllegalArgumentException("astrocache.remote.url must be an absolute http or https "
        + "URL without user, query or fragment, such as http://127.0.0.1:8080/cache/, not: " + text);
  }

  /**
   * Parses {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h} or an ISO-8601 duration such as
   * {@code PT2S}; the default when the setting is absent.
   */
  static Duration duration(Optional<String> value, String name, Duration defaultValue) {
    if (value.isEmpty()) {
      return defaultValue;
    }
    String text = value.get().strip();
    Duration parsed = null;
    Matcher m = DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      parsed = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    } else if (text.startsWith("PT") || text.startsWith("pt")) {
      try {
        parsed = Duration.parse(text);
      } catch (RuntimeException e) {
        parsed = null;
      }
    }
    if (parsed == null || parsed.isNegative() || parsed.isZero()) {
      throw new IllegalArgumentException("astrocache." + name + " must be a positive duration "
          + "such as 500ms, 2s, 5m or 1h, not: " + value.get());
    }
    return parsed;
  }

  private static String authorization(StoreContext context) {
    Optional<String> user = context.setting("remote.user");
    Optional<String> password = context.setting("remote.password");
    Optional<String> token = context.setting("remote.token");
    if (user.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException("astrocache.remote.user and astrocache.remote.password "
          + "go together: set both for Basic authentication, or neither");
    }
    if (user.isPresent() && token.isPresent()) {
      throw new IllegalArgumentException("astrocache.remote.token and astrocache.remote.user are "
          + "both set: choose Basic authentication (user and password) or a bearer token, not both");
    }
    if (user.isPresent()) {
      if (user.get().isEmpty() || user.get().indexOf(':') >= 0) {
        throw new IllegalArgumentException("astrocache.remote.user must be a non-empty user name "
            + "without ':', not: " + user.get());
      }
      String pair = user.get() + ":" + password.get();
      return "Basic " + java.util.Base64.getEncoder()
          .encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    if (token.isPresent()) {
      String t = token.get().strip();
      if (t.isEmpty() || !t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("astrocache.remote.token must be a non-empty token "
            + "of printable ASCII characters without spaces");
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
          + "at least " + MIN_SECRET_LENGTH + " characters in every process that shares the server");
    }
    if (value.get().length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("astrocache.remote.secret is too short: "
          + value.get().length() + " characters, at least " + MIN_SECRET_LENGTH
          + " are needed; use a random string such as the output of `openssl rand -hex 32`");
    }
    return value.get().getBytes(StandardCharsets.UTF_8);
  }

  /** Keeps the secret out of logs and messages. */
  @Override
  public String toString() {
    return "RemoteSettings[url=" + url + ", timeout=" + timeout + ", auth="
        + (authorization == null ? "none" : authorization.substring(0, authorization.indexOf(' ')))
        + "]";
  }
}
