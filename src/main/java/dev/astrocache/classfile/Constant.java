package dev.astrocache.classfile;

/**
 * A loadable constant, resolved to its symbolic value: the operand of {@code ldc},
 * {@code ldc_w} and {@code ldc2_w}, a bootstrap method's static argument, or a field's
 * {@code ConstantValue}. String literals ({@link StringValue}) and class literals
 * ({@link ClassRef}) are distinct types.
 */
public sealed interface Constant permits ClassRef, MethodTypeRef, MethodHandleRef, DynamicRef,
    Constant.IntValue, Constant.LongValue, Constant.FloatValue, Constant.DoubleValue,
    Constant.StringValue {

  /**
   * A {@code CONSTANT_Integer}: also how {@code boolean}, {@code byte}, {@code char} and
   * {@code short} constants are stored.
   *
   * @param value the value
   */
  record IntValue(int value) implements Constant {}

  /**
   * A {@code CONSTANT_Long}.
   *
   * @param value the value
   */
  record LongValue(long value) implements Constant {}

  /**
   * A {@code CONSTANT_Float}. Equality compares bits as {@link Float#compare} does, so NaN
   * equals NaN and 0.0f differs from -0.0f.
   *
   * @param value the value
   */
  record FloatValue(float value) implements Constant {}

  /**
   * A {@code CONSTANT_Double}. Equality compares as {@link Double#compare} does.
   *
   * @param value the value
   */
  record DoubleValue(double value) implements Constant {}

  /**
   * A {@code CONSTANT_String}: a string literal (never a class name).
   *
   * @param value the string, decoded from modified UTF-8
   */
  record StringValue(String value) implements Constant {
    /** @throws NullPointerException if {@code value} is null */
    public StringValue {
      java.util.Objects.requireNonNull(value, "value == null");
    }
  }
}
