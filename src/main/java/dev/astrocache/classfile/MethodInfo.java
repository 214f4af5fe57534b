package dev.astrocache.classfile;

import java.util.List;

/**
 * A method declared by the class (constructors are {@code <init>}, the static initializer is
 * {@code <clinit>}).
 *
 * @param accessFlags the {@code ACC_*} flags (see {@link AccessFlags})
 * @param name the method's name
 * @param descriptor the method descriptor, such as {@code (ILjava/lang/String;)V}
 * @param code the decoded body, or {@code null} for abstract and native methods
 * @param exceptions the internal names in the {@code Exceptions} attribute ({@code throws}
 *     clause), unmodifiable
 */
public record MethodInfo(int accessFlags, String name, String descriptor, Code code,
    List<String> exceptions) {
  /** @throws NullPointerException if {@code exceptions} is or contains null */
  public MethodInfo {
    exceptions = List.copyOf(exceptions);
  }

  /** Whether {@code ACC_STATIC} is set. */
  public boolean isStatic() {
    return (accessFlags & AccessFlags.STATIC) != 0;
  }

  /** Whether {@code ACC_PRIVATE} is set. */
  public boolean isPrivate() {
    return (accessFlags & AccessFlags.PRIVATE) != 0;
  }

  /** Whether {@code ACC_ABSTRACT} is set. */
  public boolean isAbstract() {
    return (accessFlags & AccessFlags.ABSTRACT) != 0;
  }

  /** Whether {@code ACC_NATIVE} is set. */
  public boolean isNative() {
    return (accessFlags & AccessFlags.NATIVE) != 0;
  }

  /** Whether {@code ACC_SYNTHETIC} is set (made up by the compiler, such as a lambda body). */
  public boolean isSynthetic() {
    return (accessFlags & AccessFlags.SYNTHETIC) != 0;
  }

  /** Whether {@code ACC_BRIDGE} is set (a compiler-made bridge for generics or covariance). */
  public boolean isBridge() {
    return (accessFlags & AccessFlags.BRIDGE) != 0;
  }

  /** Whether {@code ACC_VARARGS} is set. */
  public boolean isVarargs() {
    return (accessFlags & AccessFlags.VARARGS) != 0;
  }

  /** {@code name + descriptor}, such as {@code run(I)V}: the key of a method within its class. */
  public String nameAndDescriptor() {
    return name + descriptor;
  }
}
