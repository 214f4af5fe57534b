package dev.astrocache.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class DescriptorsTest {
  interface Shapes {
    int[][] grid(long a, double b, boolean c, char d, byte e, short f, float g);

    void nested(Map.Entry<String, Integer> entry, Inner[] inners);
  }

  static final class Inner {}

  @Test
  void of_class_asClassFilesSpellIt() {
    assertEquals("I", Descriptors.of(int.class));
    assertEquals("V", Descriptors.of(void.class));
    assertEquals("Ljava/lang/String;", Descriptors.of(String.class));
    assertEquals("[[Ljava/lang/String;", Descriptors.of(String[][].class));
    assertEquals("Ljava/util/Map$Entry;", Descriptors.of(Map.Entry.class));
    assertEquals("[Ldev/astrocache/base/DescriptorsTest$Inner;", Descriptors.of(Inner[].class));
  }

  @Test
  void of_hiddenClass_isTheJvmSpellingWithADot() {
    IntUnaryOperator lambda = x -> x + 1;
    String internal = lambda.getClass().getName().replace('.', '/');
    int slash = internal.lastIndexOf('/');

    assertEquals("L" + internal.substring(0, slash) + "." + internal.substring(slash + 1) + ";",
        Descriptors.of(lambda.getClass()));
  }

  @Test
  void of_method_parametersThenReturnType() throws Exception {
    assertEquals("(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
        Descriptors.of(Map.class.getMethod("put", Object.class, Object.class)));
    assertEquals("()V", Descriptors.of(Runnable.class.getMethod("run")));
    assertEquals("(JDZCBSF)[[I", Descriptors.of(method(Shapes.class, "grid")));
    assertEquals("(Ljava/util/Map$Entry;[Ldev/astrocache/base/DescriptorsTest$Inner;)V",
        Descriptors.of(method(Shapes.class, "nested")));
  }

  /** The rule the key's function names were made with: they must not change. */
  @Test
  void of_method_agreesWithMethodType() {
    for (Class<?> c : List.of(String.class, Map.class, List.class, Shapes.class, Math.class)) {
      for (Method m : c.getDeclaredMethods()) {
        assertEquals(MethodType.methodType(m.getReturnType(), m.getParameterTypes())
            .toMethodDescriptorString(), Descriptors.of(m), m.toString());
      }
    }
  }

  private static Method method(Class<?> c, String name) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError(name);
  }
}
