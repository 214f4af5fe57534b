package dev.astrocache;

import dev.astrocache.config.Setting;
import dev.astrocache.config.UnknownSettings;
import dev.astrocache.spi.StoreProvider;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Configuration lookup: the builder's value, else the system property {@code astrocache.<name>},
 * else the environment variable {@code ASTROCACHE_<NAME>} (dots become underscores), else the
 * default of the {@linkplain Setting table}. A blank value counts as not set.
 */
final class Settings {
  private static final AtomicBoolean NO_DIRECTORY_WARNED = new AtomicBoolean();
  private final Map<String, String> explicit;
  private final Function<String, String> properties;
  private final Function<String, String> environment;

  /** The system properties, as a function (a class, not a method reference: issue 13 target 4). */
  private static final Function<String, String> SYSTEM_PROPERTIES = new Function<>() {
    @Override
    public String apply(String name) {
      return System.getProperty(name);
    }
  };
  /** The environment variables, as a function. */
  private static final Function<String, String> ENVIRONMENT = new Function<>() {
    @Override
    public String apply(String name) {
      return System.getenv(name);
    }
  };

  Settings(Map<String, String> explicit) {
    this(explicit, SYSTEM_PROPERTIES, ENVIRONMENT);
  }

  Settings(Map<String, String> explicit, Function<String, String> properties,
      Function<String, String> environment) {
    this.explicit = Map.copyOf(explicit);
    this.properties = properties;
    this.environment = environment;
  }

  /** The text of a setting by short name, as store providers see it. */
  Optional<String> get(String name) {
    String value = explicit.get(name);
    if (value == null) {
      value = properties.apply(Setting.propertyName(name));
    }
    if (value == null) {
      value = environment.apply(Setting.environmentName(name));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** A setting of the table, parsed, else its default. */
  <T> T get(Setting<T> setting) {
    return setting.parseOrDefault(get(setting.name()));
  }

  static String propertyName(String name) {
    return Setting.propertyName(name);
  }

  static String environmentName(String name) {
    return Setting.environmentName(name);
  }

  /**
   * {@code astrocache.dir}, else {@code .astrocache} in {@code user.home}, else in {@code $HOME};
   * {@code null} when neither is a directory (JDK 17 sets {@code user.home} to {@code ?} for a
   * user without a passwd entry, as in many containers): see {@link #noDirectory}.
   */
  Path directory() {
    Optional<Path> set = Setting.DIR.parse(get(Setting.DIR.name()));
    if (set.isPresent()) {
      return set.get().toAbsolutePath();
    }
    Path home = home(properties.apply("user.home"));
    if (home == null) {
      home = home(environment.apply("HOME"));
    }
    return home == null ? null : home.resolve(".astrocache").toAbsolutePath();
  }

  private static Path home(String value) {
    if (value == null || value.isBlank() || value.strip().equals("?")) {
      return null;
    }
    try {
      Path path = Path.of(value.strip());
      return Files.isDirectory(path) ? path : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * Why {@link #directory()} is {@code null}, and the fix: the one warning a cache gives, or in
   * strict mode the message of its exception.
   */
  String noDirectory(boolean strict) {
    return "astrocache: no cache directory: user.home is '" + properties.apply("user.home")
        + "' and $HOME is '" + environment.apply("HOME") + "', neither a directory."
        + (strict ? "" : " Calls are computed and not cached.")
        + " Set astrocache.dir (or ASTROCACHE_DIR) to a writable folder"
        + (strict ? " (strict mode)" : ".");
  }

  /** Logs {@link #noDirectory} the first time in this JVM. */
  void warnNoDirectory(System.Logger log) {
    if (NO_DIRECTORY_WARNED.compareAndSet(false, true)) {
      log.log(System.Logger.Level.WARNING, noDirectory(false));
    }
  }

  boolean strict() {
    return get(Setting.STRICT);
  }

  /** Warns once per JVM about each {@code astrocache.*} property or variable nobody reads. */
  static void warnUnknown(Collection<StoreProvider> stores) {
    UnknownSettings.warnOnce(settingsOf(stores));
  }

  /** The settings that the store plug-ins on the class path read. */
  static Set<String> pluginSettings() {
    Set<StoreProvider> found = new LinkedHashSet<>();
    Iterator<StoreProvider> it =
        ServiceLoader.load(StoreProvider.class, Settings.class.getClassLoader()).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        // reported when a cache is built (Plugins); it reads no settings meanwhile
      }
    }
    return settingsOf(found);
  }

  private static Set<String> settingsOf(Collection<StoreProvider> stores) {
    Set<String> names = new LinkedHashSet<>();
    for (StoreProvider p : stores) {
      try {
        names.addAll(p.settings());
      } catch (RuntimeException e) {
        // a provider whose settings() fails lists none: at worst its settings get a warning
      }
    }
    return names;
  }
}
