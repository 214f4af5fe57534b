package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ClosedTypesTest {
  record Result(String name, long value, int[] counts) {}

  record Holder(Supplier<String> supplier) {}

  static final class Node {
    Node next;
    String label;
  }

  Map<String, Long> memo;
  List<Result> results;
  Map<String, Supplier<String>> plugins;
  List<List<String>> nested;
  @SuppressWarnings("rawtypes")
  Map raw;
  Holder holder;
  Node node;
  Optional<Result> optional;
  Result[] array;
  Object object;

  private static Type type(String field) throws NoSuchFieldException {
    return ClosedTypesTest.class.getDeclaredField(field).getGenericType();
  }

  @Test
  void of_closedTypes_giveTheirUserClasses() throws Exception {
    assertEquals(Set.of(), ClosedTypes.of(type("memo")));
    assertEquals(Set.of(Result.class), ClosedTypes.of(type("results")));
    assertEquals(Set.of(Node.class), ClosedTypes.of(type("node")), "a cycle of its own type");
    assertEquals(Set.of(Result.class), ClosedTypes.of(type("optional")));
    assertEquals(Set.of(Result.class), ClosedTypes.of(type("array")));
  }

  @Test
  void of_openTypes_areNull() throws Exception {
    assertNull(ClosedTypes.of(type("plugins")), "an interface can be any class");
    assertNull(ClosedTypes.of(type("nested")), "the inner list can be a user's subclass");
    assertNull(ClosedTypes.of(type("raw")));
    assertNull(ClosedTypes.of(type("holder")), "a final record with an interface component");
    assertNull(ClosedTypes.of(type("object")));
  }
}
