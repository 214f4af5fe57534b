package dev.astrocache.classfile;

import java.util.Objects;

/**
 * A field or method named by a {@code CONSTANT_Fieldref}, {@code CONSTANT_Methodref} or
 * {@code CONSTANT_InterfaceMethodref} entry, fully resolved.
 *
 * @param kind which of the three entries it was
 * @param owner the internal name of the class or interface named in the reference (the static
 *     type, not necessarily the declaring class), or an array descriptor for methods such as
 *     {@code [I.clone()}
 * @param name the member's name, such as {@code <init>} or {@code size}
 * @param descriptor the field descriptor ({@code I}) or method descriptor ({@code (I)V})
 */
public record MemberRef(Kind kind, String owner, String name, String descriptor) {

  /** The kind of constant-pool entry a member reference came from. */
  public enum Kind {
    /** {@code CONSTANT_Fieldref}. */
    FIELD,
    /** {@code CONSTANT_Methodref}: a method of a class. */
    METHOD,
    /** {@code CONSTANT_InterfaceMethodref}: a method of an interface. */
    INTERFACE_METHOD
  }

  /** @throws NullPointerException if any component is null */
  public MemberRef {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(descriptor, "descriptor == null");
  }

  /** {@code owner.name:descriptor}, such as {@code java/lang/String.length:()I}. */
  @Override
  public String toString() {
    return owner + '.' + name + ':' + descriptor;
  }
}
