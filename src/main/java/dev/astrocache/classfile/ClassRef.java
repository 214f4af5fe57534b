package dev.astrocache.classfile;

import java.util.Objects;

/**
 * A class named by a {@code CONSTANT_Class} entry: the operand of {@code new},
 * {@code checkcast}, {@code instanceof}, {@code anewarray}, {@code multianewarray}, or a class
 * literal loaded by {@code ldc}.
 *
 * @param internalName the internal name, such as {@code java/lang/String}, or an array
 *     descriptor, such as {@code [I} or {@code [Ljava/lang/String;}
 */
public record ClassRef(String internalName) implements Constant {
  /** @throws NullPointerException if {@code internalName} is null */
  public ClassRef {
    Objects.requireNonNull(internalName, "internalName == null");
  }
}
