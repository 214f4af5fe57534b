package dev.astrocache;

/** Entry point: {@link #wrap(Class, Object)} with defaults, {@link #builder()} for the rest. */
public final class Astrocache {
  private Astrocache() {}

  /** Wraps {@code impl} in the default cache (configured by system properties and environment). */
  public static <T> T wrap(Class<T> api, T impl) {
    throw new UnsupportedOperationException("not yet" + api + impl);
  }
}
