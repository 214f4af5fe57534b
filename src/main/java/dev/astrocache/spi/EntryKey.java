package dev.astrocache.spi;

import java.util.Objects;

/**
 * Where an entry lives: the function it belongs to, the fingerprint of that function's code,
 * and the key of the call. All three are safe as single path segments and URL segments.
 *
 * @param function the readable name of the cached method, such as
 *     {@code com.example.Prices.quote-1f3a9c0e}: letters, digits, {@code . _ - $} only
 * @param fingerprint the hex fingerprint of the code the method reaches (64 lower-case hex digits)
 * @param key the hex SHA-256 of the whole call (64 lower-case hex digits)
 */
public record EntryKey(String function, String fingerprint, String key) {

  /** Checks that every part is a safe path segment. */
  public EntryKey {
    Objects.requireNonNull(function, "function == null");
    Objects.requireNonNull(fingerprint, "fingerprint == null");
    Objects.requireNonNull(key, "key == null");
    if (function.isEmpty() || function.length() > 200 || !function.matches("[A-Za-z0-9._$-]+")
        || function.startsWith(".")) {
      throw new IllegalArgumentException(
          "function must be 1 to 200 of [A-Za-z0-9._$-], not starting with '.': " + function);
    }
    if (!fingerprint.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("fingerprint must be 64 lower-case hex digits: " + fingerprint);
    }
    if (!key.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("key must be 64 lower-case hex digits: " + key);
    }
  }

  /** {@code function/fingerprint/key}, for messages. */
  @Override
  public String toString() {
    return function + "/" + fingerprint + "/" + key;
  }
}
