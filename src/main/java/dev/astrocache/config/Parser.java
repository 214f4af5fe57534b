package dev.astrocache.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How the text of one kind of setting becomes a value. Each parser is given the text stripped and
 * non-empty and fails with one message shape:
 * {@code astrocache.<name> must be <rule> such as <example> (<detail>), not '<value>'}.
 */
abstract class Parser<T> {
  /** What a good value is, as in "must be {@code rule}". */
  final String rule;
  /** One or more good values. */
  final String example;
  /** What else to know, in parentheses after the example, or {@code null}. */
  final String detail;

  private Parser(String rule, String example, String detail) {
    this.rule = rule;
    this.example = example;
    this.detail = detail;
  }

  /** The value, or {@code null} when {@code text} is not one. */
  abstract T parseOrNull(String text);

  /** The value as the user sees it in a message: secrets override this. */
  String shown(String text) {
    return "'" + text + "'";
  }

  /** Parses {@code text}, stripped; empty text is malformed. */
  final T parse(String name, String text) {
    return parseAs(Setting.PREFIX + name, text);
  }

  /** Parses {@code text} as {@link #parse} does, a message naming {@code what} ({@code --max-size}). */
  final T parseAs(String what, String text) {
    String stripped = text.strip();
    T value = stripped.isEmpty() ? null : parseOrNull(stripped);
    if (value == null) {
      throw new IllegalArgumentException(what + " must be " + rule + " such as "
          + example + (detail == null ? "" : " (" + detail + ")") + ", not " + shown(text));
    }
    return value;
  }

  /** {@code true}, {@code yes}, {@code on}, {@code 1} and their opposites, in any case. */
  static final Parser<Boolean> BOOLEAN =
      new Parser<>("a boolean", "true or false", "or yes/no, on/off, 1/0") {
        @Override
        Boolean parseOrNull(String text) {
          switch (text.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
              return Boolean.TRUE;
            case "false": case "no": case "off": case "0":
              return Boolean.FALSE;
            default:
              return null;
          }
        }
      };

  /**
   * Digits, optionally followed by {@code k}, {@code m}, {@code g} or {@code t} (powers of 1024,
   * either case); positive and at most {@link Long#MAX_VALUE} bytes.
   */
  static final Parser<Long> BYTES = new Parser<>(
      "a positive size", "500m, 2g or 1048576", "bytes; k, m, g, t are powers of 1024") {
    @Override
    Long parseOrNull(String text) {
      String v = text.toLowerCase(Locale.ROOT);
      int shift = 0;
      int unit = "kmgt".indexOf(v.charAt(v.length() - 1));
      if (unit >= 0) {
        shift = 10 * (unit + 1);
        v = v.substring(0, v.length() - 1);
      }
      if (v.isEmpty() || v.length() > 19 || !allDigits(v)) {
        return null;
      }
      if (v.length() == 19 && v.compareTo("9223372036854775807") > 0) {
        return null;
      }
      long number = Long.parseLong(v);
      if (number <= 0 || number > (Long.MAX_VALUE >> shift)) {
        return null;
      }
      return number << shift;
    }
  };

  /**
   * A number of {@code ms}, {@code s}, {@code m} or {@code h} ({@code 500ms}, {@code 2s},
   * {@code 10m}), or an ISO-8601 duration ({@code PT2S}); positive and a whole number of
   * milliseconds, so that {@link Setting#format(Duration)} gives it back exactly.
   */
  static final Parser<Duration> DURATION = new Parser<>(
      "a positive duration", "500ms, 2s, 5m or 1h", null) {
    @Override
    Duration parseOrNull(String text) {
      Duration parsed = amount(text, false);
      if (parsed == null) {
        if (!(text.startsWith("PT") || text.startsWith("pt"))) {
          return null;
        }
        try {
          parsed = Duration.parse(text);
        } catch (RuntimeException e) { // DateTimeParseException, or overflow
          return null;
        }
      }
      if (parsed.isNegative() || parsed.isZero() || parsed.getNano() % 1_000_000 != 0) {
        return null;
      }
      return parsed;
    }
  };

  /** A duration as {@link #DURATION} reads it, or {@code 0} for none. */
  static final Parser<Duration> DURATION_OR_ZERO = new Parser<>(
      "a positive duration or 0", "1s, 100ms or 0", null) {
    @Override
    Duration parseOrNull(String text) {
      return text.equals("0") ? Duration.ZERO : DURATION.parseOrNull(text);
    }
  };

  /**
   * A lifetime: a number of {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 90s},
   * {@code 10m}, {@code 2h}, {@code 7d}), or an ISO-8601 duration ({@code PT10M}, {@code P7D});
   * positive.
   */
  static final Parser<Duration> LIFETIME = new Parser<>(
      "a positive duration", "90s, 10m, 2h, 7d or PT10M", null) {
    @Override
    Duration parseOrNull(String text) {
      Duration amount = amount(text, true);
      if (amount != null) {
        return amount.isZero() ? null : amount;
      }
      if (!(text.startsWith("P") || text.startsWith("p"))) {
        return null;
      }
      Duration parsed;
      try {
        parsed = Duration.parse(text);
      } catch (RuntimeException e) { // DateTimeParseException, or overflow
        return null;
      }
      return parsed.isNegative() || parsed.isZero() ? null : parsed;
    }
  };

  /**
   * Whether every call is recomputed ({@code true}), none ({@code false}), or those of the
   * functions named, comma-separated, as the cache directory shows them: a set of those names,
   * {@link Setting#EVERY_FUNCTION} for {@code true}, empty for {@code false}.
   */
  static final Parser<Set<String>> FUNCTIONS = new Parser<>(
      "true, false or a comma-separated list of function names",
      "true or com.example.Prices.quote-1f3a9c0e", "names as the cache directory shows them") {
    @Override
    Set<String> parseOrNull(String text) {
      Boolean all = BOOLEAN.parseOrNull(text);
      if (all != null) {
        return all ? Setting.EVERY_FUNCTION : Set.of();
      }
      Set<String> names = new LinkedHashSet<>();
      for (String name : text.split(",")) {
        String n = name.strip();
        if (n.isEmpty() || n.equals("*") || n.contains("/") || n.contains("\\")) {
          return null;
        }
        names.add(n);
      }
      return Collections.unmodifiableSet(names);
    }
  };

  /** Any path the default file system accepts; relative paths are left relative. */
  static final Parser<Path> PATH =
      new Parser<>("a file system path", "/var/cache/astrocache", null) {
    @Override
    Path parseOrNull(String text) {
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        return null;
      }
    }
  };

  /**
   * An absolute {@code http} or {@code https} URL with a host and without user, query or
   * fragment; a missing trailing {@code /} is added, because entries live at {@code url + name}.
   */
  static final Parser<URI> URL = new Parser<>(
      "an absolute http or https URL without user, query or fragment",
      "http://127.0.0.1:8080/cache/", null) {
    @Override
    URI parseOrNull(String text) {
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        return null;
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null
          || uri.getRawUserInfo() != null) {
        return null;
      }
      return text.endsWith("/") ? uri : URI.create(text + "/");
    }
  };

  /** Any non-empty text; {@code example} is a good value of the setting. */
  static Parser<String> string(String example) {
    return new Parser<>("non-empty text", example, null) {
      @Override
      String parseOrNull(String text) {
        return text;
      }
    };
  }

  /** One of {@code values}, in any case; the value is given in lower case. */
  static Parser<String> oneOf(String... values) {
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      rule.append(i == 0 ? "" : i == values.length - 1 ? " or " : ", ").append('`')
          .append(values[i]).append('`');
    }
    return new Parser<>(rule.toString(), values[values.length - 1], null) {
      @Override
      String parseOrNull(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String v : values) {
          if (v.equals(lower)) {
            return v;
          }
        }
        return null;
      }
    };
  }

  /**
   * Text of at least {@code minLength} characters that no message shows (a message gives its
   * length only).
   */
  static Parser<String> secret(int minLength, String example) {
    return new Parser<>("a string of at least " + minLength + " character"
        + (minLength == 1 ? "" : "s"), example, null) {
      @Override
      String parseOrNull(String text) {
        return text.length() >= minLength ? text : null;
      }

      @Override
      String shown(String text) {
        return "a value of " + text.length() + " character" + (text.length() == 1 ? "" : "s")
            + " (hidden)";
      }
    };
  }

  /*
   * Plain loops, not java.util.regex or streams: settings are parsed as a fresh JVM builds its
   * first cache, where a first Pattern or stream loads dozens of classes (issue 13, target 4).
   */

  /** Whether {@code text} is only ASCII digits ({@code 0} to {@code 9}). */
  static boolean allDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code text} as 1 to 9 ASCII digits and a unit, {@code ms}, {@code s}, {@code m}, {@code h}
   * or ({@code days}) {@code d}; null if it is not that.
   */
  static Duration amount(String text, boolean days) {
    int digits = 0;
    while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
      digits++;
    }
    if (digits == 0 || digits > 9) {
      return null;
    }
    long n = Long.parseLong(text.substring(0, digits));
    switch (text.substring(digits)) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      case "d":
        return days ? Duration.ofDays(n) : null;
      default:
        return null;
    }
  }

  /** A whole number from 1 to {@link Integer#MAX_VALUE}. */
  static final Parser<Integer> COUNT = new Parser<>("a positive whole number", "3", null) {
    @Override
    Integer parseOrNull(String text) {
      if (text.length() > 10 || !allDigits(text)) {
        return null;
      }
      long n = Long.parseLong(text);
      return n < 1 || n > Integer.MAX_VALUE ? null : (int) n;
    }
  };

  boolean isSecret() {
    return !shown("x").equals("'x'");
  }
}
