package dev.astrocache.fingerprint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class StaticHolderTest {
  static final Object FIELD = null;

  /** A singleton with a setter. */
  static final class Config {
    private int unit = 1;

    void setUnit(int unit) {
      this.unit = unit;
    }
  }

  /** A registry whose map is final, filled through a method. */
  static final class Registry {
    private final Map<String, Object> entries = new HashMap<>();
  }

  /** Only final fields of values: fixed once made. */
  static final class Fixed {
    private final int unit = 1;
    private final String name = "n";
  }

  /** A memo's map is transient: the program says it is not a value. */
  static final class Memo {
    private final transient Map<String, Object> cache = new HashMap<>();
  }

  /** A user's map: its content is in HashMap's fields. */
  static final class Labels extends HashMap<String, String> {
    private static final long serialVersionUID = 1L;
  }

  /** A library's empty immutable list: nothing in it can change. */
  static final class EmptyList extends java.util.AbstractList<Object> {
    @Override
    public Object get(int index) {
      throw new IndexOutOfBoundsException(index);
    }

    @Override
    public int size() {
      return 0;
    }
  }

  enum Mode { FAST }

  record Point(int x, int y) {}

  private static StaticHolder holder(Set<String> changedByCode) throws Exception {
    return new StaticHolder(StaticHolderTest.class.getDeclaredField("FIELD"), changedByCode,
        false);
  }

  @Test
  void countsByContent_containersAndMutableObjects() throws Exception {
    StaticHolder h = holder(Set.of());
    assertTrue(h.countsByContent(new HashMap<>()));
    assertTrue(h.countsByContent(new ArrayList<>()));
    assertTrue(h.countsByContent(Collections.unmodifiableList(new ArrayList<>())),
        "a view can be filled through the list it shows");
    assertTrue(h.countsByContent(List.of(new Config())), "a mutable object in a List.of");
    assertTrue(h.countsByContent(new int[1]));
    assertTrue(h.countsByContent(new AtomicReference<>()));
    assertTrue(h.countsByContent(new Config()));
    assertTrue(h.countsByContent(new Registry()));
    assertTrue(h.countsByContent(new Labels()));
  }

  @Test
  void countsByContent_notForWhatIsFixedOnceMade() throws Exception {
    StaticHolder h = holder(Set.of());
    assertFalse(h.countsByContent(null));
    assertFalse(h.countsByContent("text"));
    assertFalse(h.countsByContent(Mode.FAST));
    assertFalse(h.countsByContent(new Point(1, 2)));
    assertFalse(h.countsByContent(new Fixed()));
    assertFalse(h.countsByContent(new Memo()));
    assertFalse(h.countsByContent((IntUnaryOperator) x -> x));
    assertFalse(h.countsByContent(new Object()));
    assertFalse(h.countsByContent(List.of(1, 2)), "List.of values: it cannot change");
    assertFalse(h.countsByContent(Map.copyOf(Map.of("a", 1L))));
    assertFalse(h.countsByContent(new Object[0]), "an empty array has nothing to change");
    assertFalse(h.countsByContent(new EmptyList()));
  }

  @Test
  void countsByContent_notForObjectsTheCodeChangesItself() throws Exception {
    assertFalse(holder(Set.of(Config.class.getName())).countsByContent(new Config()));
    assertFalse(new StaticHolder(StaticHolderTest.class.getDeclaredField("FIELD"), Set.of(),
        true).countsByContent(new HashMap<>()), "a memo the code fills");
  }
}
