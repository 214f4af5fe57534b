package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemoteSettingsTest {

  private final TestStoreContext context = new TestStoreContext(Path.of("unused"))
      .set("remote.url", "http://127.0.0.1:8080/cache/")
      .set("remote.secret", "0123456789abcdef");

  private String failure(TestStoreContext c) {
    return assertThrows(IllegalArgumentException.class, () -> RemoteSettings.read(c)).getMessage();
  }

  @Test
  void read_defaults() {
    RemoteSettings s = RemoteSettings.read(context);
    assertEquals(URI.create("http://127.0.0.1:8080/cache/"), s.url());
    assertEquals(Duration.ofSeconds(2), s.timeout());
    assertNull(s.authorization());
    assertEquals("RemoteSettings[url=http://127.0.0.1:8080/cache/, timeout=PT2S, auth=none]",
        s.toString());
  }

  @Test
  void read_urlWithoutSlash_getsOne() {
    assertEquals(URI.create("https://cache.example.com/a/b/"),
        RemoteSettings.read(context.set("remote.url", "https://cache.example.com/a/b")).url());
  }

  @Test
  void read_noUrl_namesTheSetting() {
    assertEquals("astrocache.remote.url is not set: set it (or ASTROCACHE_REMOTE_URL) to the base "
        + "URL of the cache server, such as http://127.0.0.1:8080/cache/",
        failure(new TestStoreContext(Path.of("unused")).set("remote.secret", "0123456789abcdef")));
  }

  @Test
  void read_malformedUrl_namesTheSetting() {
    for (String url : new String[] {"ftp://host/x/", "not a url", "/cache/", "http://h/c/?q=1",
        "http://u:p@h/c/"}) {
      assertEquals("astrocache.remote.url must be an absolute http or https URL without user, "
          + "query or fragment such as http://127.0.0.1:8080/cache/, not '" + url + "'",
          failure(context.set("remote.url", url)));
    }
  }

  @Test
  void read_malformedTimeout_namesTheSetting() {
    for (String t : new String[] {"2", "abc", "0s", "-1s", "2 s", "PT-1S", "PTx"}) {
      assertEquals("astrocache.remote.timeout must be a positive duration such as 500ms, 2s, 5m "
          + "or 1h, not '" + t + "'", failure(context.set("remote.timeout", t)));
    }
  }

  @Test
  void read_basicAuth_encodesUserAndPassword() {
    RemoteSettings s = RemoteSettings.read(
        context.set("remote.user", "bob").set("remote.password", "pw"));
    assertEquals("Basic Ym9iOnB3", s.authorization());
    assertEquals("RemoteSettings[url=http://127.0.0.1:8080/cache/, timeout=PT2S, auth=Basic]",
        s.toString());
  }

  @Test
  void read_userWithoutPassword_fails() {
    assertEquals("astrocache.remote.user and astrocache.remote.password go together: set both for "
        + "Basic authentication, or neither", failure(context.set("remote.user", "bob")));
  }

  @Test
  void read_userWithColon_fails() {
    assertEquals("astrocache.remote.user must be a user name without ':' such as ci, not 'a:b'",
        failure(context.set("remote.user", "a:b").set("remote.password", "pw")));
  }

  @Test
  void read_userAndToken_fails() {
    assertEquals("astrocache.remote.token and astrocache.remote.user are both set: choose Basic "
        + "authentication (user and password) or a bearer token, not both",
        failure(context.set("remote.user", "bob").set("remote.password", "pw")
            .set("remote.token", "t")));
  }

  @Test
  void read_tokenWithSpace_fails() {
    assertEquals("astrocache.remote.token must be a token of printable ASCII characters without "
        + "spaces such as abc123, not a value of 3 characters (hidden)",
        failure(context.set("remote.token", "a b")));
  }

  @Test
  void read_shortSecret_fails() {
    assertEquals("astrocache.remote.secret must be a string of at least 16 characters such as the "
        + "output of `openssl rand -hex 32`, not a value of 6 characters (hidden)",
        failure(context.set("remote.secret", "secret")));
  }

  @Test
  void read_emptySecret_isNotSet() {
    TestStoreContext noSecret =
        new TestStoreContext(Path.of("unused")).set("remote.url", "http://127.0.0.1:8080/cache/");
    assertEquals(failure(noSecret), failure(context.set("remote.secret", "")));
  }
}
