package dev.astrocache.classfile;

import java.util.Objects;

/**
 * A {@code CONSTANT_MethodType}: a method type loaded by {@code ldc} or passed to a bootstrap
 * method (such as the erased and instantiated types of a lambda).
 *
 * @param descriptor the method descriptor, such as {@code (Ljava/lang/Object;)Z}
 */
public record MethodTypeRef(String descriptor) implements Constant {
  /** @throws NullPointerException if {@code descriptor} is null */
  public MethodTypeRef {
    Objects.requireNonNull(descriptor, "descriptor == null");
  }
}
