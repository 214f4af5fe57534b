package dev.astrocache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The settings' number and amount rules are plain loops (a fresh JVM's first cache parses them,
 * issue 13 target 4); they must accept exactly what the regular expressions they replaced
 * accepted, {@code (\d{1,9})(ms|s|m|h)} and {@code (\d{1,9})(ms|s|m|h|d)}, with the same value.
 */
class ParserTest {
  private static final Pattern DURATION_TEXT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
  private static final Pattern LIFETIME_TEXT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  /** Every string of up to 4 characters over digits, units and a few others, and long ones. */
  private static List<String> texts() {
    char[] alphabet = {'0', '1', '9', 'm', 's', 'h', 'd', 'x', 'P', 'T', ' ', '-', '\u0663'};
    List<String> all = new ArrayList<>();
    all.add("");
    List<String> last = List.of("");
    for (int length = 1; length <= 4; length++) {
      List<String> next = new ArrayList<>();
      for (String t : last) {
        for (char c : alphabet) {
          next.add(t + c);
        }
      }
      all.addAll(next);
      last = next;
    }
    for (String digits : List.of("123456789", "1234567890", "999999999", "000000001")) {
      for (String unit : List.of("ms", "s", "m", "h", "d", "", "sm", "mss")) {
        all.add(digits + unit);
      }
    }
    return all;
  }

  private static Duration byRegex(Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  @Test
  void amount_acceptsWhatTheRegexAccepted() {
    int matched = 0;
    for (String text : texts()) {
      assertEquals(byRegex(DURATION_TEXT, text), Parser.amount(text, false), text);
      assertEquals(byRegex(LIFETIME_TEXT, text), Parser.amount(text, true), text);
      matched += byRegex(LIFETIME_TEXT, text) != null ? 1 : 0;
    }
    assertTrue(matched > 100, "the alphabet makes many amounts: " + matched);
  }

  @Test
  void allDigits_isAsciiDigitsOnly() {
    for (String text : texts()) {
      assertEquals(text.chars().allMatch(c -> c >= '0' && c <= '9'), Parser.allDigits(text),
          text);
    }
    assertFalse(Parser.allDigits("\u0663")); // ARABIC-INDIC DIGIT THREE: a digit, not ASCII
  }

  @Test
  void durationAndLifetime_parseAmountsAndIsoText() {
    assertEquals(Duration.ofMillis(500), Parser.DURATION.parseOrNull("500ms"));
    assertEquals(Duration.ofSeconds(2), Parser.DURATION.parseOrNull("PT2S"));
    assertEquals(null, Parser.DURATION.parseOrNull("7d"));
    assertEquals(null, Parser.DURATION.parseOrNull("0s"));
    assertEquals(Duration.ofDays(7), Parser.LIFETIME.parseOrNull("7d"));
    assertEquals(null, Parser.LIFETIME.parseOrNull("0d"));
    assertEquals(Duration.ofMinutes(10), Parser.LIFETIME.parseOrNull("PT10M"));
    assertEquals(1L << 20, Parser.BYTES.parseOrNull("1m"));
    assertEquals(null, Parser.BYTES.parseOrNull("1\u0663"));
    assertEquals(3, Parser.COUNT.parseOrNull("3"));
    assertEquals(null, Parser.COUNT.parseOrNull("-3"));
  }
}
