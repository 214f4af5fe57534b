package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.codec.ValueCodec;
import dev.astrocache.config.Setting;
import dev.astrocache.config.UnknownSettings;
import dev.astrocache.testing.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void get_builderThenPropertyThenEnvironment() {
    Map<String, String> props = Map.of("astrocache.store", "memory", "astrocache.dir", "/p");
    Map<String, String> env = Map.of("ASTROCACHE_STORE", "http", "ASTROCACHE_DIR", "/e",
        "ASTROCACHE_REMOTE_URL", "http://e/");
    Settings s = new Settings(Map.of("store", "tiered"), props::get, env::get);
    assertEquals(Optional.of("tiered"), s.get("store"));
    assertEquals(Optional.of("/p"), s.get("dir"));
    assertEquals(Optional.of("http://e/"), s.get("remote.url"));
    assertEquals(Optional.empty(), s.get("serializer"));
    assertEquals(Path.of("/p"), s.directory());
  }

  @Test
  void directory_defaultsToDotAstrocacheInHome() {
    Settings s = new Settings(Map.of(), k -> k.equals("user.home") ? System.getProperty(k) : null,
        k -> null);
    assertEquals(Path.of(System.getProperty("user.home"), ".astrocache"), s.directory());
  }

  @Test
  void environmentName_dotsBecomeUnderscores() {
    assertEquals("ASTROCACHE_REMOTE_SECRET", Settings.environmentName("remote.secret"));
    assertEquals("ASTROCACHE_MAX_BYTES", Settings.environmentName("max.bytes"));
  }

  @Test
  void strict_malformedValueIsAClearError() {
    Settings s = new Settings(Map.of("strict", "maybe"), k -> null, k -> null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::strict);
    assertEquals("astrocache.strict must be a boolean such as true or false (or yes/no, on/off,"
        + " 1/0), not 'maybe'", e.getMessage());
  }

  /** The real lookup, in a child JVM that gets ASTROCACHE_DIR from its environment. */
  @Test
  void directory_fromRealEnvironmentAndProperty() {
    List<String> cmd = ChildJvm.command(PrintDirectory.class.getName(), List.of(), Map.of());
    ChildJvm.Result r = ChildJvm.exec(cmd, Map.of("ASTROCACHE_DIR", "/from/env"));
    assertEquals("/from/env\n", r.output(), r.output());
    cmd = ChildJvm.command(PrintDirectory.class.getName(), List.of(),
        Map.of("astrocache.dir", "/from/property"));
    r = ChildJvm.exec(cmd, Map.of("ASTROCACHE_DIR", "/from/env"));
    assertEquals("/from/property\n", r.output(), r.output());
  }

  /** Child JVM main: prints the directory the settings resolve. */
  public static final class PrintDirectory {
    public static void main(String[] args) {
      System.out.println(new Settings(Map.of()).directory());
    }
  }

  private static String failure(Setting<?> setting, String text) {
    return assertThrows(IllegalArgumentException.class, () -> setting.parse(text), text)
        .getMessage();
  }

  @Test
  void parse_boolean() {
    for (String t : List.of("true", "YES", "on", "1", " True ")) {
      assertTrue(Setting.STRICT.parse(t), t);
    }
    for (String t : List.of("false", "No", "OFF", "0")) {
      assertFalse(Setting.STRICT.parse(t), t);
    }
    assertEquals("astrocache.strict must be a boolean such as true or false (or yes/no, on/off,"
        + " 1/0), not 'maybe'", failure(Setting.STRICT, "maybe"));
  }

  @Test
  void parse_bytes() {
    assertEquals(500L << 20, Setting.MAX_BYTES.parse("500m"));
    assertEquals(2L << 30, Setting.MEMORY_MAX_BYTES.parse("2G"));
    assertEquals(7L << 10, Setting.MAX_BYTES.parse(" 7k "));
    assertEquals(Long.MAX_VALUE, Setting.MAX_BYTES.parse("9223372036854775807"));
    assertEquals(1L << 30, Setting.MAX_BYTES.parseOrDefault(Optional.empty()));
    assertEquals(64L << 20, Setting.MEMORY_MAX_BYTES.parseOrDefault(Optional.empty()));
    for (String bad : List.of("", "lots", "-5m", "0", "5mb", "1.5g", "9223372036854775808",
        "8388608t")) {
      assertEquals("astrocache.max.bytes must be a positive size such as 500m, 2g or 1048576"
          + " (bytes; k, m, g, t are powers of 1024), not '" + bad + "'",
          failure(Setting.MAX_BYTES, bad));
    }
  }

  @Test
  void parse_duration() {
    assertEquals(Duration.ofMillis(500), Setting.REMOTE_TIMEOUT.parse("500ms"));
    assertEquals(Duration.ofSeconds(2), Setting.REMOTE_TIMEOUT.parse(" 2s"));
    assertEquals(Duration.ofMinutes(10), Setting.REMOTE_BACKOFF.parse("10m"));
    assertEquals(Duration.ofHours(1), Setting.REMOTE_BACKOFF.parse("1h"));
    assertEquals(Duration.ofSeconds(3), Setting.REMOTE_BACKOFF.parse("PT3S"));
    assertEquals(Duration.ofSeconds(2), Setting.REMOTE_TIMEOUT.parseOrDefault(Optional.empty()));
    assertEquals(Duration.ofSeconds(60), Setting.REMOTE_BACKOFF.parseOrDefault(Optional.empty()));
    // sub-millisecond durations are refused: the formatter could not give them back
    for (String bad : List.of("2", "soon", "0s", "-1s", "2 s", "PT-1S", "PTx", "PT0.0005S")) {
      assertEquals("astrocache.remote.backoff must be a positive duration such as 500ms, 2s, 5m"
          + " or 1h, not '" + bad + "'", failure(Setting.REMOTE_BACKOFF, bad));
    }
  }

  @Test
  void format_isReadBackByTheDurationParser() {
    assertEquals("1500ms", Setting.format(Duration.ofMillis(1500)));
    assertEquals("90s", Setting.format(Duration.ofSeconds(90)));
    assertEquals("2m", Setting.format(Duration.ofSeconds(120)));
    for (Duration d : List.of(Duration.ofMillis(1), Duration.ofMillis(999), Duration.ofSeconds(1),
        Duration.ofSeconds(61), Duration.ofMinutes(5), Duration.ofHours(3))) {
      assertEquals(d, Setting.REMOTE_TIMEOUT.parse(Setting.format(d)), d.toString());
    }
  }

  @Test
  void parse_path() {
    assertEquals(Path.of("/var/cache/x"), Setting.DIR.parse("/var/cache/x"));
    assertEquals("astrocache.dir must be a file system path such as /var/cache/astrocache, not"
        + " 'a\u0000b'", failure(Setting.DIR, "a\u0000b"));
  }

  @Test
  void parse_url() {
    assertEquals(URI.create("https://cache.example/a/"),
        Setting.REMOTE_URL.parse("https://cache.example/a"));
    assertEquals("astrocache.remote.url must be an absolute http or https URL without user, query"
        + " or fragment such as http://127.0.0.1:8080/cache/, not 'ftp://h/'",
        failure(Setting.REMOTE_URL, "ftp://h/"));
  }

  @Test
  void parse_string() {
    assertEquals("memory", Setting.STORE.parse(" memory "));
    assertEquals("file", Setting.STORE.parseOrDefault(Optional.empty()));
    assertEquals(ValueCodec.NAME, Setting.SERIALIZER.parseOrDefault(Optional.empty()));
  }

  @Test
  void parse_secret_neverShowsTheValue() {
    assertEquals("0123456789abcdef", Setting.REMOTE_SECRET.parse("0123456789abcdef"));
    String message = failure(Setting.REMOTE_SECRET, "hush-hush");
    assertEquals("astrocache.remote.secret must be a string of at least 16 characters such as the"
        + " output of `openssl rand -hex 32`, not a value of 9 characters (hidden)", message);
    assertTrue(Setting.REMOTE_SECRET.isSecret() && Setting.REMOTE_PASSWORD.isSecret()
        && Setting.REMOTE_TOKEN.isSecret() && !Setting.REMOTE_USER.isSecret());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Setting.REMOTE_SECRET.parseOrDefault(Optional.empty()));
    assertEquals("astrocache.remote.secret has no default", e.getMessage());
  }

  @Test
  void get_typed_builderThenPropertyThenEnvironmentThenDefault() {
    Map<String, String> props = Map.of("astrocache.max.bytes", "2m", "astrocache.strict", "yes");
    Map<String, String> env = Map.of("ASTROCACHE_MAX_BYTES", "3m", "ASTROCACHE_STRICT", "no",
        "ASTROCACHE_REMOTE_BACKOFF", "5m", "ASTROCACHE_MEMORY_MAX_BYTES", " ");
    Settings s = new Settings(Map.of("max.bytes", "1m"), props::get, env::get);
    assertEquals(1L << 20, s.get(Setting.MAX_BYTES));
    assertTrue(s.strict());
    assertEquals(Duration.ofMinutes(5), s.get(Setting.REMOTE_BACKOFF));
    assertEquals(64L << 20, s.get(Setting.MEMORY_MAX_BYTES), "blank is not set");
    assertEquals(Duration.ofSeconds(2), s.get(Setting.REMOTE_TIMEOUT));
  }

  @Test
  void unknownSetting_warnedOncePerJvm_namingTheClosest() {
    List<String> props = List.of("astrocache.directory", "astrocache.dir", "astrocache.s3.bucket",
        "user.home", "astrocache.remote.timeOut");
    List<String> env = List.of("ASTROCACHE_MAXBYTES", "ASTROCACHE_REMOTE_URL", "HOME");
    assertEquals(List.of(
        "astrocache: unknown setting astrocache.directory (ignored); did you mean astrocache.dir?",
        "astrocache: unknown setting astrocache.remote.timeOut (ignored); did you mean"
            + " astrocache.remote.timeout?",
        "astrocache: unknown setting ASTROCACHE_MAXBYTES (ignored); did you mean"
            + " ASTROCACHE_MAX_BYTES?"),
        UnknownSettings.newWarnings(props, env, Set.of("s3.bucket")));
    assertEquals(List.of(), UnknownSettings.newWarnings(props, env, Set.of("s3.bucket")));
  }

  @Test
  void requireKnown_namesTheClosestSetting() {
    Map<String, String> closest = Map.of("directory", "dir", "timeout", "remote.timeout",
        "maxbytes", "max.bytes", "memory.max", "memory.max.bytes", "remote.secrets",
        "remote.secret", "stor", "store", "serialiser", "serializer");
    closest.forEach((name, expected) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> UnknownSettings.requireKnown(name, Set.of()));
      assertEquals("unknown setting astrocache." + name + "; did you mean astrocache." + expected
          + "?", e.getMessage());
    });
    UnknownSettings.requireKnown("s3.bucket", Set.of("s3.bucket"));
  }

  /** The stores found by ServiceLoader list what they read: every setting a store parses. */
  @Test
  void pluginSettings_listWhatTheBuiltInStoresRead() {
    assertTrue(Settings.pluginSettings().containsAll(List.of("max.bytes", "memory.max.bytes",
        "remote.url", "remote.secret", "remote.timeout", "remote.user", "remote.password",
        "remote.token", "remote.backoff")), Settings.pluginSettings().toString());
  }

  @Test
  void builder_unknownSettingIsRefused_conflictingOnesToo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Astrocache.builder().setting("astrocache.directory", "/x"));
    assertEquals("unknown setting astrocache.directory; did you mean astrocache.dir?",
        e.getMessage());
    Astrocache.Builder b = Astrocache.builder().setting("remote.user", "ci");
    IllegalStateException c = assertThrows(IllegalStateException.class,
        () -> b.setting("remote.token", "t0k3n"));
    assertEquals("remote.token conflicts with remote.user, set earlier: choose Basic"
        + " authentication (remote.user and remote.password) or a bearer token (remote.token),"
        + " not both", c.getMessage());
    b.setting("remote.password", "pw").setting("astrocache.remote.url", "http://h/");
  }

  /** README.md's configuration tables list exactly the table's settings, defaults and meanings. */
  @Test
  void readme_configurationTablesMatchTheTable() throws IOException {
    List<String> rows = new ArrayList<>();
    String section = "";
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      if (line.startsWith("## ")) {
        section = line;
      } else if ((section.equals("## Configuration") || section.startsWith("## A cache shared"))
          && line.startsWith("| `")) {
        String[] cells = line.split("\\|", -1);
        rows.add(cells[1].strip().replace("`", "") + " | " + cells[2].strip().replace("`", "")
            + " | " + cells[3].strip());
      }
    }
    List<String> expected = new ArrayList<>();
    for (Setting<?> s : Setting.ALL) {
      expected.add(s.name() + " | " + s.shownDefault().replace("`", "") + " | "
          + s.description());
    }
    assertEquals(expected, rows);
  }

  /**
   * JDK 17 sets user.home to "?" for a user without a passwd entry: the directory falls back to
   * $HOME, and without a usable $HOME calls are computed, not cached, with one warning.
   */
  @Test
  void directory_unusableUserHome_fallsBackToHomeElseWarns(@TempDir Path home) {
    List<String> cmd = ChildJvm.command(PrintDirectory.class.getName(), List.of(),
        Map.of("user.home", "?"));
    ChildJvm.Result r = ChildJvm.exec(cmd, Map.of("HOME", home.toString()));
    assertEquals(home.resolve(".astrocache") + "\n", r.output(), r.output());

    Path notADirectory = home.resolve("missing");
    cmd = ChildJvm.command(TwoCaches.class.getName(), List.of(),
        Map.of("user.home", "?"));
    r = ChildJvm.exec(cmd, Map.of("HOME", notADirectory.toString()));
    String warning = "astrocache: no cache directory: user.home is '?' and $HOME is '"
        + notADirectory + "', neither a directory. Calls are computed and not cached. Set"
        + " astrocache.dir (or ASTROCACHE_DIR) to a writable folder.";
    assertEquals(1, r.output().split(java.util.regex.Pattern.quote(warning), -1).length - 1,
        r.output());
    assertTrue(r.output().endsWith("calls=2 ?-folder=false\n"), r.output());

    cmd = ChildJvm.command(BuildStrict.class.getName(), List.of(), Map.of("user.home", ""));
    r = ChildJvm.exec(cmd, Map.of("HOME", notADirectory.toString()));
    assertEquals("astrocache: no cache directory: user.home is '' and $HOME is '" + notADirectory
        + "', neither a directory. Set astrocache.dir (or ASTROCACHE_DIR) to a writable folder"
        + " (strict mode)\n", r.output());
  }

  /** An unknown system property is warned about once per JVM, even for two caches. */
  @Test
  void unknownProperty_realJvm_oneWarning() {
    List<String> cmd = ChildJvm.command(TwoCaches.class.getName(), List.of(),
        Map.of("astrocache.directory", "/x", "astrocache.store", "memory"));
    ChildJvm.Result r = ChildJvm.exec(cmd, Map.of());
    String warning =
        "astrocache: unknown setting astrocache.directory (ignored); did you mean astrocache.dir?";
    assertEquals(1, r.output().split(java.util.regex.Pattern.quote(warning), -1).length - 1,
        r.output());
    assertTrue(r.output().endsWith("calls=1 ?-folder=false\n"), r.output());
  }

  /** Child JVM main: builds a strict cache and prints why it could not. */
  public static final class BuildStrict {
    public static void main(String[] args) {
      try {
        Astrocache.builder().strict(true).build().close();
        System.out.println("built");
      } catch (RuntimeException e) {
        System.out.println(e.getMessage());
      }
    }
  }

  /** An API for the child JVMs. */
  public interface Counter {
    int next(int n);
  }

  /** Counts its calls. */
  public static final class Counting implements Counter {
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public int next(int n) {
      CALLS.incrementAndGet();
      return n + 1;
    }
  }

  /** Child JVM main: two caches, the same call twice through the first; prints the calls made. */
  public static final class TwoCaches {
    public static void main(String[] args) {
      Cache other = Astrocache.builder().build();
      try (Cache cache = Astrocache.builder().build()) {
        Counter c = cache.wrap(Counter.class, new Counting());
        c.next(1);
        c.next(1);
      }
      other.close();
      System.out.println("calls=" + Counting.CALLS.get() + " ?-folder="
          + Files.exists(Path.of("?")));
    }
  }
}
