package dev.astrocache.classfile;

import java.util.Objects;

/**
 * A dynamically-computed constant ({@code CONSTANT_Dynamic}, "condy"), resolved with its
 * bootstrap method: loaded by {@code ldc} or passed as a bootstrap argument.
 *
 * @param name the constant's name (often {@code _} or a name the compiler made up)
 * @param descriptor the field descriptor of the constant's type
 * @param bootstrap the bootstrap method that computes the value, with its static arguments
 */
public record DynamicRef(String name, String descriptor, BootstrapMethod bootstrap)
    implements Constant {
  /** @throws NullPointerException if any component is null */
  public DynamicRef {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(descriptor, "descriptor == null");
    Objects.requireNonNull(bootstrap, "bootstrap == null");
  }
}
