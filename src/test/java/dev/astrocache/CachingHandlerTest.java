package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CachingHandlerTest {
  interface Named {
    String name(int i);

    @Override
    String toString(); // redeclared: the proxy still hands over Object's Method

    static Named of(String prefix) {
      return i -> prefix + i;
    }
  }

  record Impl(String prefix) implements Named {
    @Override
    public String name(int i) {
      return prefix + i;
    }
  }

  interface Two {
    String first(int i);

    String second(int i);
  }

  record TwoImpl(String prefix) implements Two {
    @Override
    public String first(int i) {
      return prefix + "first" + i;
    }

    @Override
    public String second(int i) {
      return prefix + "second" + i;
    }
  }

  /**
   * The handler remembers the last plan by the proxy's Method object: calls that alternate
   * between two methods of one shape each get their own method's result, and the plan the
   * proxy's Method finds is the one getMethods()'s equal Method has.
   */
  @Test
  void plan_alternatingMethods_eachGetsItsOwnPlan() throws Exception {
    Two proxy = memory().wrap(Two.class, new TwoImpl("p"));
    CachingHandler h = (CachingHandler) Proxy.getInvocationHandler(proxy);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 3; i++) {
        assertEquals("pfirst" + i, proxy.first(i));
        assertEquals("psecond" + i, proxy.second(i));
        assertEquals("psecond" + i, proxy.second(i));
        assertEquals("pfirst" + i, proxy.first(i));
      }
    }
    Method first = Two.class.getMethod("first", int.class);
    Method second = Two.class.getMethod("second", int.class);
    assertEquals(first, h.plan(first).method);
    assertEquals(second, h.plan(second).method);
    assertEquals(second, h.plan(Two.class.getMethod("second", int.class)).method);
    assertEquals(first, h.plan(first).method);
  }

  private static Cache memory() {
    return Astrocache.builder().store("memory").build();
  }

  @Test
  void invoke_objectMethodsGoToTheImplWithoutAPlan() {
    Named proxy = memory().wrap(Named.class, new Impl("a"));
    CachingHandler h = (CachingHandler) Proxy.getInvocationHandler(proxy);
    int plans = h.planCount();
    for (int i = 0; i < 3; i++) {
      assertEquals("Impl[prefix=a]", proxy.toString());
      assertEquals(new Impl("a").hashCode(), proxy.hashCode());
      assertTrue(proxy.equals(proxy));
      assertTrue(proxy.equals(new Impl("a")));
      assertFalse(proxy.equals(new Impl("b")));
    }
    assertEquals(plans, h.planCount(), "Object's methods made plans");
    assertEquals("a1", proxy.name(1));
    assertEquals(plans, h.planCount());
  }

  /**
   * Why MethodPlan has no static pass-through: getMethods() lists an interface's own static
   * methods, so they get a plan (for explain), but a proxy class overrides only instance
   * methods, so no call of a static method ever reaches the handler.
   */
  @Test
  void proxy_neverDispatchesAStaticInterfaceMethod() throws Exception {
    Named proxy = memory().wrap(Named.class, new Impl("a"));
    Method of = Named.class.getMethod("of", String.class);
    assertTrue(Arrays.asList(Named.class.getMethods()).contains(of));
    Set<String> overridden = Arrays.stream(proxy.getClass().getDeclaredMethods())
        .map(Method::getName).collect(Collectors.toSet());
    assertTrue(overridden.contains("name"), overridden.toString());
    assertFalse(overridden.contains("of"), overridden.toString());
  }
}
