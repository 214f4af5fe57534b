package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.astrocache.base.Classes;
import java.lang.reflect.Proxy;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class KeyClassTest {
  /** Key format 1 spelled a proxy so; base's {@code proxy[...]} would change keys. */
  @Test
  void stableName_proxy_keepsTheKeyFormat1Spelling() {
    Class<?> proxy = Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Runnable.class, Callable.class}, (p, m, a) -> null).getClass();

    assertEquals("proxy java.lang.Runnable java.util.concurrent.Callable",
        KeyClass.stableName(proxy));
  }

  @Test
  void stableName_otherClasses_isTheSharedRule() {
    IntSupplier lambda = () -> 1;
    for (Class<?> c : new Class<?>[] {lambda.getClass(), String.class, KeyClassTest.class}) {
      assertEquals(Classes.stableName(c), KeyClass.stableName(c), c.getName());
    }
    assertEquals(KeyClassTest.class.getName() + "$$Lambda", KeyClass.stableName(lambda.getClass()));
  }
}
