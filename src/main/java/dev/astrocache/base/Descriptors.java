package dev.astrocache.base;

import java.lang.reflect.Method;

/** JVM descriptors of reflective types and methods, spelled as class files spell them. */
public final class Descriptors {
  private Descriptors() {}

  /**
   * {@code I}, {@code [Ljava/lang/String;}, {@code Lp/Impl$Inner;}: {@link Class#descriptorString}
   * (a hidden class, which no class file names, is spelled {@code Lp/Impl.0x1234;}).
   */
  public static String of(Class<?> type) {
    return type.descriptorString();
  }

  /** {@code (ILjava/lang/String;)V}: the parameter types' descriptors, then the return type's. */
  public static String of(Method m) {
    StringBuilder d = new StringBuilder("(");
    for (Class<?> p : m.getParameterTypes()) {
      d.append(p.descriptorString());
    }
    return d.append(')').append(m.getReturnType().descriptorString()).toString();
  }
}
