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
  /**
   * The last function name and fingerprint that passed their checks. Plain fields, raced on by
   * design: a {@code String} is immutable and safely published whatever the race, so a thread
   * that sees one here sees a string that passed, and one that sees another string checks it.
   */
  private static String checkedFunction;
  private static String checkedFingerprint;

  /** Checks that every part is a safe path segment. */
  public EntryKey {
    Objects.requireNonNull(function, "function == null");
    Objects.requireNonNull(fingerprint, "fingerprint == null");
    Objects.requireNonNull(key, "key == null");
    // hand-written checks, not regular expressions: an EntryKey is made on every call, whose
    // function and fingerprint are the same String objects call after call (the method's plan
    // holds them): those are checked once, the key (new each call) every time
    if (function != checkedFunction) {
      if (!isFunctionName(function)) {
        throw new IllegalArgumentException(
            "function must be 1 to 200 of [A-Za-z0-9._$-], not starting with '.': " + function);
      }
      checkedFunction = function;
    }
    if (fingerprint != checkedFingerprint) {
      if (!isHex64(fingerprint)) {
        throw new IllegalArgumentException("fingerprint must be 64 lower-case hex digits: "
            + fingerprint);
      }
      checkedFingerprint = fingerprint;
    }
    if (!isHex64(key)) {
      throw new IllegalArgumentException("key must be 64 lower-case hex digits: " + key);
    }
  }

  private static boolean isFunctionName(String s) {
    int n = s.length();
    if (n == 0 || n > 200 || s.charAt(0) == '.') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '$' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex64(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Equal by the three parts, as a record's own would be; written out so that the first lookup of
   * a fresh JVM (a hit asks the write-behind store's map of waiting entries) does not bootstrap
   * {@code java.lang.runtime.ObjectMethods}' method handles (7-12 classes of java.lang.invoke).
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof EntryKey k && key.equals(k.key)
        && fingerprint.equals(k.fingerprint) && function.equals(k.function));
  }

  /**
   * From the three parts, as {@link #equals} compares them: the function's and fingerprint's
   * {@code String} hashes (which those long-lived strings keep) and the first 16 digits of the
   * key, a SHA-256 in hex, made on every call: its 64 digits hashed as a {@code String} were most
   * of the cost of a hit's lookup in the write-behind store's map of waiting entries.
   */
  @Override
  public int hashCode() {
    long k = Long.parseUnsignedLong(key, 0, 16, 16); // hex digits, as the constructor checked
    return (function.hashCode() * 31 + fingerprint.hashCode()) * 31 + Long.hashCode(k);
  }

  /** {@code function/fingerprint/key}, for messages. */
  @Override
  public String toString() {
    return function + "/" + fingerprint + "/" + key;
  }
}
