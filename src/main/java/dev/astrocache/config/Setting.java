package dev.astrocache.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One setting of the table: its short name ({@code max.bytes}, read from the builder, the system
 * property {@code astrocache.max.bytes} or the environment variable {@code ASTROCACHE_MAX_BYTES}),
 * its parser, its default and a one-line description. {@link #ALL} is every setting the library
 * reads; README.md's configuration tables list exactly these (a test holds them together).
 *
 * @param <T> the type of the parsed value
 */
public final class Setting<T> {
  static final String PREFIX = "astrocache.";

  public static final Setting<Path> DIR = new Setting<>("dir", Parser.PATH, null, "~/.astrocache",
      "where entries live; without it, `$HOME` when `user.home` is unusable, else nothing is"
          + " cached and one warning says so");
  public static final Setting<String> STORE = new Setting<>("store", Parser.string("file"),
      "file", null, "`file`, `memory`, `http`, `tiered`, or a store from a jar on the class path");
  public static final Setting<String> SERIALIZER = new Setting<>("serializer",
      Parser.string("astrocache"), "astrocache", null,
      "the serializer asked first for every result");
  public static final Setting<Boolean> STRICT = new Setting<>("strict", Parser.BOOLEAN, "false",
      null, "warnings (a result that cannot be serialized or written) become exceptions");
  public static final Setting<Duration> RECHECK = new Setting<>("recheck",
      Parser.DURATION_OR_ZERO, "1s", null, "how often a proxy checks that the code its methods"
          + " reach still reads the same (class files' stamps, classes defined in memory by their"
          + " bytes); `0`: on every call");
  public static final Setting<String> INDEX = new Setting<>("index",
      Parser.oneOf("on", "off", "verify"), "on", null, "`on`: the file store keeps, under"
          + " `dir/index`, each wrapped method's walk of the code it reaches, so that a fresh JVM"
          + " checks the classes it read (jars by path, size and times, class files by their"
          + " bytes) instead of reading every library's bytecode again; `off`: every JVM walks;"
          + " `verify` (for tests and diagnosis): each answer of the index is also walked, and a"
          + " difference throws");
  public static final Setting<Long> MAX_BYTES = new Setting<>("max.bytes", Parser.BYTES, "1g",
      null, "size cap of the file store, such as `500m` or `2g`; past it, the entries worth"
          + " least (cheap to compute again for their size, little and long unused) are evicted in"
          + " the background, never on a hit");
  public static final Setting<Integer> MAX_VERSIONS = new Setting<>("max.versions", Parser.COUNT,
      "3", null, "code versions of each function whose entries the file store keeps: when a new"
          + " version writes its first entry, the entries of older ones are removed in the"
          + " background (their manifests stay, for `explain`)");
  public static final Setting<String> DURABILITY = new Setting<>("durability",
      Parser.oneOf("none", "force"), "none", null, "`none`: the file store writes each entry to a"
          + " temporary file and renames it into place, so a crash of the process never leaves"
          + " part of an entry visible (the checksum makes any other damage a miss); `force` also"
          + " forces the file to disk before the rename (on the writer's thread with"
          + " `writes=behind`), so entries survive a power loss too, at the cost of a disk flush"
          + " per entry");
  public static final Setting<String> WRITES = new Setting<>("writes",
      Parser.oneOf("behind", "inline"), "behind", null, "`behind`: the file store writes entries"
          + " on a background thread, so a miss never waits on the disk; this process reads a"
          + " waiting entry at once, and waiting entries are written on `close()` and at exit (a"
          + " process killed outright loses them: misses later); with 1024 entries or 32 MiB"
          + " waiting, a new entry is dropped or written by its caller (`writes.full`)."
          + " `inline`: each caller writes its entry. `strict=true` writes inline, so that a"
          + " failed write is thrown at its caller");
  public static final Setting<String> WRITES_FULL = new Setting<>("writes.full",
      Parser.oneOf("drop", "inline"), "drop", null, "with `writes=behind`, what becomes of an"
          + " entry that finds the writer's queue full (the disk slower than the misses): `drop`:"
          + " it is not stored, so the caller never waits on the disk; its key misses again"
          + " later, and `stats().dropped()` counts it (one warning per cache); `inline`: its"
          + " caller writes it. An entry over 32 MiB is written by its caller");
  public static final Setting<Boolean> DESCRIBE_ARGUMENTS = new Setting<>("describe.arguments",
      Parser.BOOLEAN, "true", null, "each entry's header keeps a short rendering of the call,"
          + " `quote(\"widget\", 3)` cut at 80 characters, for `list --entries`; turn it off when"
          + " arguments are secret");
  public static final Setting<Long> MEMORY_MAX_BYTES = new Setting<>("memory.max.bytes",
      Parser.BYTES, "64m", null, "size cap of the `memory` store");
  public static final Setting<URI> REMOTE_URL = new Setting<>("remote.url", Parser.URL, null,
      "(required)", "the base URL of the cache server");
  public static final Setting<String> REMOTE_SECRET = new Setting<>("remote.secret",
      Parser.secret(16, "the output of `openssl rand -hex 32`"), null, "(required)",
      "the HMAC secret shared by the team, 16 characters or more; without it the remote store"
          + " does not open");
  public static final Setting<Duration> REMOTE_TIMEOUT = new Setting<>("remote.timeout",
      Parser.DURATION, "2s", null, "the longest one request may take, body included");
  public static final Setting<String> REMOTE_USER = new Setting<>("remote.user",
      Parser.string("ci"), null, "", "user name for Basic authentication, with `remote.password`");
  public static final Setting<String> REMOTE_PASSWORD = new Setting<>("remote.password",
      Parser.secret(1, "any non-empty text"), null, "",
      "password for Basic authentication, with `remote.user`");
  public static final Setting<String> REMOTE_TOKEN = new Setting<>("remote.token",
      Parser.secret(1, "a bearer token"), null, "",
      "bearer token, instead of `remote.user` and `remote.password`");
  public static final Setting<Duration> REMOTE_BACKOFF = new Setting<>("remote.backoff",
      Parser.DURATION, "60s", null, "how long a failing server stays switched off");
  public static final Setting<Long> REMOTE_MAX_BYTES = new Setting<>("remote.max.bytes",
      Parser.BYTES, "64m", null, "the largest object the `http` store sends or reads; a larger"
          + " entry stays local. Keep it at most the server's limit (nginx: `client_max_body_size`)");

  public static final Setting<String> PATHS = new Setting<>("paths",
      Parser.oneOf("stat", "content"), "stat", null, "how a file that a call reads counts in its"
          + " key: `stat` by name, size and modification time, `content` by a hash of its bytes"
          + " (for files copied with their times kept)");
  public static final Setting<String> SINGLEFLIGHT = new Setting<>("singleflight",
      Parser.oneOf("jvm", "machine"), "jvm", null, "who computes a missing key once: `jvm`,"
          + " the threads of one process; `machine`, every process sharing `dir`, through a lock"
          + " file beside the entry (misses only: a hit takes no lock)");
  public static final Setting<Duration> SINGLEFLIGHT_WAIT = new Setting<>("singleflight.wait",
      Parser.DURATION, "2m", null, "with `singleflight=machine`, how long a process waits for"
          + " another's computation of the same key before it computes the key itself");

  /** What {@link #REFRESH} is for {@code true}: every function. */
  public static final Set<String> EVERY_FUNCTION = Set.of("*");

  public static final Setting<Boolean> ENABLED = new Setting<>("enabled", Parser.BOOLEAN, "true",
      null, "`false` passes every call straight to the implementation and writes nothing");
  public static final Setting<Duration> TTL = new Setting<>("ttl", Parser.LIFETIME, null, "",
      "how long entries answer calls, such as `10m`, `2h` or `7d`; `@TimeToLive` on a method or"
          + " interface wins over it; unset, entries do not expire");
  public static final Setting<Set<String>> REFRESH = new Setting<>("refresh", Parser.FUNCTIONS,
      "false", null, "`true` computes every call again and overwrites its entry; a"
          + " comma-separated list of function names (as the directory shows them) does so for"
          + " those");

  /** Every setting, in the order README.md lists them. */
  public static final List<Setting<?>> ALL = List.of(DIR, STORE, SERIALIZER, STRICT, RECHECK,
      INDEX, MAX_BYTES, MAX_VERSIONS, DURABILITY, WRITES, WRITES_FULL, DESCRIBE_ARGUMENTS, MEMORY_MAX_BYTES,
      PATHS, ENABLED, TTL, REFRESH, SINGLEFLIGHT, SINGLEFLIGHT_WAIT, REMOTE_URL, REMOTE_SECRET,
      REMOTE_TIMEOUT, REMOTE_USER, REMOTE_PASSWORD, REMOTE_TOKEN, REMOTE_BACKOFF, REMOTE_MAX_BYTES);

  private static final Map<String, Setting<?>> BY_NAME = byName();

  /** By name; a loop, not a stream, which a fresh JVM's first cache would set up for this. */
  private static Map<String, Setting<?>> byName() {
    Map<String, Setting<?>> byName = new HashMap<>();
    for (Setting<?> s : ALL) {
      if (byName.put(s.name(), s) != null) {
        throw new AssertionError("two settings are named " + s.name());
      }
    }
    return Map.copyOf(byName);
  }

  private final String name;
  private final Parser<T> parser;
  private final String defaultValue;
  private final String shownDefault;
  private final String description;

  private Setting(String name, Parser<T> parser, String defaultValue, String shownDefault,
      String description) {
    this.name = name;
    this.parser = parser;
    this.defaultValue = defaultValue;
    this.shownDefault = shownDefault != null ? shownDefault : defaultValue;
    this.description = description;
    if (defaultValue != null) {
      parser.parse(name, defaultValue); // a default the parser refuses is a bug of the table
    }
  }

  /** The setting of that short name ({@code max.bytes}), if the table has it. */
  public static Optional<Setting<?>> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The short name, such as {@code max.bytes}. */
  public String name() {
    return name;
  }

  /** {@code astrocache.<name>}. */
  public String propertyName() {
    return propertyName(name);
  }

  /** {@code ASTROCACHE_<NAME>}, dots and dashes as underscores. */
  public String environmentName() {
    return environmentName(name);
  }

  /** {@code astrocache.<name>} for any short name, a plug-in's too. */
  public static String propertyName(String name) {
    return PREFIX + name;
  }

  /** {@code ASTROCACHE_<NAME>} for any short name, a plug-in's too. */
  public static String environmentName(String name) {
    return "ASTROCACHE_" + name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * The default as documented: the value, {@code (required)}, a computed default such as
   * {@code ~/.astrocache}, or the empty string when unset means "not used".
   */
  public String shownDefault() {
    return shownDefault;
  }

  /** The one-line description README.md gives. */
  public String description() {
    return description;
  }

  /** Whether messages and toString must never show the value. */
  public boolean isSecret() {
    return parser.isSecret();
  }

  /**
   * Parses {@code text} (the resolved value, stripped and non-empty).
   *
   * @throws IllegalArgumentException {@code astrocache.<name> must be <rule>, such as
   *     <example>, not '<text>'}
   */
  public T parse(String text) {
    Objects.requireNonNull(text, "text == null");
    return parser.parse(name, text);
  }

  /** The parsed value, or empty when the setting is not set. */
  public Optional<T> parse(Optional<String> text) {
    // not text.map(this::parse): no method reference as a fresh JVM builds its first cache
    return text.isPresent() ? Optional.ofNullable(parse(text.get())) : Optional.empty();
  }

  /**
   * The parsed value, else the parsed default.
   *
   * @throws IllegalStateException if this setting has no default
   */
  public T parseOrDefault(Optional<String> text) {
    if (text.isPresent()) {
      return parse(text.get());
    }
    if (defaultValue == null) {
      throw new IllegalStateException(propertyName() + " has no default");
    }
    return parser.parse(name, defaultValue);
  }

  /**
   * A duration as the duration parser reads it: {@code 500ms}, {@code 2s}, {@code 10m}; the
   * largest unit that shows it exactly, up to minutes.
   */
  public static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    return seconds % 60 != 0 || seconds == 0 ? seconds + "s" : (seconds / 60) + "m";
  }

  @Override
  public String toString() {
    return propertyName();
  }
}
