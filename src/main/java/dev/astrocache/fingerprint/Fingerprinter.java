package dev.astrocache.fingerprint;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * Fingerprints of the bytecode a method can reach. See DESIGN.md, "The code fingerprint".
 * Thread-safe; memoizes per JVM, but every call reflects the bytes classes have now.
 */
public final class Fingerprinter {

  /** A fingerprinter with empty memos. */
  public Fingerprinter() {}

  /**
   * The fingerprint of {@code apiMethod} as {@code implClass} implements it, over everything it
   * can reach.
   *
   * @param instantiated classes known to be instantiated beyond what the reachable code
   *     {@code new}s: the runtime classes of objects reachable from the impl's fields and of the
   *     arguments (rapid type analysis seeds)
   */
  public MethodFingerprint fingerprint(Method apiMethod, Class<?> implClass,
      Set<Class<?>> instantiated) {
    throw new UnsupportedOperationException("not yet" + apiMethod + implClass + instantiated);
  }

  /**
   * The fingerprint of the code of a functional object's class (a lambda or method reference,
   * found through the capturing class's {@code invokedynamic} sites) or of a service class held
   * in a field: 32 bytes.
   */
  public byte[] codeOf(Class<?> type) {
    throw new UnsupportedOperationException("not yet" + type);
  }
}
