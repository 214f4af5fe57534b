package dev.astrocache.classfile;

/**
 * A field declared by the class.
 *
 * @param accessFlags the {@code ACC_*} flags (see {@link AccessFlags})
 * @param name the field's name
 * @param descriptor the field descriptor, such as {@code I} or {@code Ljava/lang/String;}
 * @param constantValue the {@code ConstantValue} attribute (a static final field's compile-time
 *     constant: {@link Constant.IntValue}, {@link Constant.LongValue},
 *     {@link Constant.FloatValue}, {@link Constant.DoubleValue} or {@link Constant.StringValue}),
 *     or {@code null} if there is none
 */
public record FieldInfo(int accessFlags, String name, String descriptor, Constant constantValue) {
  /** Whether {@code ACC_STATIC} is set. */
  public boolean isStatic() {
    return (accessFlags & AccessFlags.STATIC) != 0;
  }

  /** Whether {@code ACC_SYNTHETIC} is set. */
  public boolean isSynthetic() {
    return (accessFlags & AccessFlags.SYNTHETIC) != 0;
  }
}
