package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MethodPlanTest {
  interface Api {
    String name(Object o);
  }

  static final class Impl implements Api {
    @Override
    public String name(Object o) {
      return String.valueOf(o);
    }
  }

  private static MethodPlan.Code code(String hex) {
    return new MethodPlan.Code(new byte[32], hex, null, null, 0);
  }

  private static Set<Class<?>> seeds(Class<?>... types) {
    return new HashSet<>(List.of(types)); // a fresh mutable set, as a call's key makes
  }

  private static final Function<Set<Class<?>>, MethodPlan.Code> NOT_AGAIN = s -> {
    throw new AssertionError("computed again for " + s);
  };

  /**
   * The code is memoized per seed set, the first set's also in front of the map: each set gets
   * its own code whichever was asked last, none is computed twice, and a recheck's fresh code
   * replaces the old one for its set only, in the map and in front of it.
   */
  @Test
  void code_perSeedSet_memoized_andARecheckReplacesItsSetsCodeOnly() throws Exception {
    MethodPlan plan = new MethodPlan(Api.class, Impl.class,
        Api.class.getMethod("name", Object.class));
    MethodPlan.Code a = code("a");
    MethodPlan.Code b = code("b");
    MethodPlan.Code fresh = code("a2");
    assertSame(a, plan.code(seeds(Impl.class), s -> a));
    assertSame(b, plan.code(seeds(Impl.class, Integer.class), s -> b));
    MethodPlan.Code none = code("none");
    assertSame(none, plan.code(seeds(), s -> none));
    for (int i = 0; i < 3; i++) {
      assertSame(a, plan.code(seeds(Impl.class), NOT_AGAIN));
      assertSame(b, plan.code(seeds(Integer.class, Impl.class), NOT_AGAIN));
      assertSame(none, plan.code(seeds(), NOT_AGAIN));
    }
    plan.recheck(seeds(Impl.class), a, fresh);
    assertSame(fresh, plan.code(seeds(Impl.class), NOT_AGAIN));
    assertSame(b, plan.code(seeds(Impl.class, Integer.class), NOT_AGAIN));
    // a recheck that lost the race to another thread's leaves that one's code in place
    plan.recheck(seeds(Impl.class), a, code("late"));
    assertSame(fresh, plan.code(seeds(Impl.class), NOT_AGAIN));
    MethodPlan.Code newer = code("b2");
    plan.recheck(seeds(Impl.class, Integer.class), b, newer);
    assertSame(newer, plan.code(seeds(Integer.class, Impl.class), NOT_AGAIN));
    assertSame(fresh, plan.code(seeds(Impl.class), NOT_AGAIN));
  }
}
