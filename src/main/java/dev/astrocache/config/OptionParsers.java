package dev.astrocache.config;

import java.time.Duration;

/**
 * The table's parsers for the command line's options, so that {@code --max-size 500m} and
 * {@code astrocache.max.bytes=500m} follow one rule: the same values, and a message of the same
 * shape naming the option ({@code --max-size must be a positive size such as ...}).
 */
public final class OptionParsers {
  private OptionParsers() {}

  /**
   * A size, as {@code max.bytes} takes it: {@code 500m}, {@code 2g}, a number of bytes.
   *
   * @throws IllegalArgumentException naming {@code option} and the rule
   */
  public static long size(String option, String text) {
    return Parser.BYTES.parseAs(option, text);
  }

  /**
   * A duration, as the duration settings take it: {@code 500ms}, {@code 2s}, {@code 10m},
   * {@code 1h}, or ISO-8601 such as {@code PT2S}.
   *
   * @throws IllegalArgumentException naming {@code option} and the rule
   */
  public static Duration duration(String option, String text) {
    return Parser.DURATION.parseAs(option, text);
  }
}
