package dev.astrocache.codec;

import java.util.Set;

/**
 * Canonical bytes of argument values and of an implementation's state, for cache keys.
 *
 * <p>Equal values give equal bytes in every JVM run on every machine, different values give
 * different bytes: a type tag plus content, never {@code hashCode()} or {@code toString()}.
 * See DESIGN.md, "The key". Thread-safe.
 */
public final class CanonicalEncoder {

  /** Supplies the identity of objects whose behaviour is their code. */
  @FunctionalInterface
  public interface CodeIdentity {
    /**
     * The fingerprint of the code of {@code type}: a lambda's or method reference's class (its
     * implementation), or the class of a service held in a field.
     */
    byte[] codeOf(Class<?> type);
  }

  /** How to treat objects that are not values. */
  public enum Mode {
    /** An argument: a non-value JDK object (a socket, a thread) is an error. */
    ARGUMENT,
    /**
     * The implementation's state: the root's non-transient fields are encoded; a non-value JDK
     * object (a client, an executor) contributes its class only.
     */
    STATE
  }

  private final CodeIdentity code;

  /** An encoder that asks {@code code} for the identity of functional objects. */
  public CanonicalEncoder(CodeIdentity code) {
    this.code = code;
  }

  /**
   * The canonical bytes of {@code value}.
   *
   * @param visitedTypes receives every class outside the JDK that the value holds (records,
   *     plain objects, lambdas): the fingerprint treats them as instantiated
   * @throws UnencodableValueException naming the path inside {@code value} of what cannot be
   *     encoded
   */
  public byte[] encode(Object value, Mode mode, Set<Class<?>> visitedTypes)
      throws UnencodableValueException {
    throw new UnsupportedOperationException("not yet: " + code + mode + value + visitedTypes);
  }
}
