package dev.astrocache.classfile;

import java.util.Objects;

/**
 * A {@code CONSTANT_MethodHandle}: a bootstrap method, or a method handle passed to one (such as
 * the implementation method of a lambda), or one loaded by {@code ldc}.
 *
 * @param referenceKind the JVM reference kind, 1 to 9: {@link #GET_FIELD}, {@link #GET_STATIC},
 *     {@link #PUT_FIELD}, {@link #PUT_STATIC}, {@link #INVOKE_VIRTUAL}, {@link #INVOKE_STATIC},
 *     {@link #INVOKE_SPECIAL}, {@link #NEW_INVOKE_SPECIAL}, {@link #INVOKE_INTERFACE}
 * @param member the field or method the handle refers to
 */
public record MethodHandleRef(int referenceKind, MemberRef member) implements Constant {
  /** {@code REF_getField}. */
  public static final int GET_FIELD = 1;
  /** {@code REF_getStatic}. */
  public static final int GET_STATIC = 2;
  /** {@code REF_putField}. */
  public static final int PUT_FIELD = 3;
  /** {@code REF_putStatic}. */
  public static final int PUT_STATIC = 4;
  /** {@code REF_invokeVirtual}. */
  public static final int INVOKE_VIRTUAL = 5;
  /** {@code REF_invokeStatic}. */
  public static final int INVOKE_STATIC = 6;
  /** {@code REF_invokeSpecial}. */
  public static final int INVOKE_SPECIAL = 7;
  /** {@code REF_newInvokeSpecial}: a constructor. */
  public static final int NEW_INVOKE_SPECIAL = 8;
  /** {@code REF_invokeInterface}. */
  public static final int INVOKE_INTERFACE = 9;

  /**
   * @throws NullPointerException if {@code member} is null
   * @throws IllegalArgumentException if {@code referenceKind} is not 1 to 9
   */
  public MethodHandleRef {
    Objects.requireNonNull(member, "member == null");
    if (referenceKind < GET_FIELD || referenceKind > INVOKE_INTERFACE) {
      throw new IllegalArgumentException("referenceKind " + referenceKind + " is not 1 to 9");
    }
  }
}
