package dev.astrocache;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Configuration lookup: the builder's value, else the system property {@code astrocache.<name>},
 * else the environment variable {@code ASTROCACHE_<NAME>} (dots become underscores).
 */
final class Settings {
  private final Map<String, String> explicit;
  private final Function<String, String> properties;
  private final Function<String, String> environment;

  Settings(Map<String, String> explicit) {
    this(explicit, System::getProperty, System::getenv);
  }

  Settings(Map<String, String> explicit, Function<String, String> properties,
      Function<String, String> environment) {
    this.explicit = Map.copyOf(explicit);
    this.properties = properties;
    this.environment = environment;
  }

  Optional<String> get(String name) {
    String value = explicit.get(name);
    if (value == null) {
      value = properties.apply(propertyName(name));
    }
    if (value == null) {
      value = environment.apply(environmentName(name));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  static String propertyName(String name) {
    return "astrocache." + name;
  }

  static String environmentName(String name) {
    return "ASTROCACHE_" + name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  Path directory() {
    return get("dir").map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".astrocache"))
        .toAbsolutePath();
  }

  boolean strict() {
    return get("strict").map(v -> parseBoolean("strict", v)).orElse(false);
  }

  static boolean parseBoolean(String name, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "on": case "1":
        return true;
      case "false": case "no": case "off": case "0":
        return false;
      default:
        throw new IllegalArgumentException(propertyName(name) + " must be true or false, not '"
            + value + "'");
    }
  }
}
