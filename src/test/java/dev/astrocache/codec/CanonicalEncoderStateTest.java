package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.codec.CanonicalEncoder.Mode;
import dev.astrocache.codec.CodecFixtures.Color;
import dev.astrocache.codec.CodecFixtures.Labels;
import dev.astrocache.codec.CodecFixtures.Vat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Enum constants and user subclasses of JDK collections: what their fields add to a key, in
 * both modes (issue 9, items 4 and 5).
 */
class CanonicalEncoderStateTest {
  private final CanonicalEncoder encoder = new CanonicalEncoder(
      type -> ("code:" + KeyClass.stableName(type)).getBytes(StandardCharsets.UTF_8));
  private final KeyAssertions keys = new KeyAssertions(encoder);

  private byte[] state(Object v) {
    return keys.key(v, Mode.STATE, new HashSet<>());
  }

  @Test
  void encode_enumImpl_countsByItsFieldsAsState() {
    double before = Vat.INSTANCE.rate;
    try {
      byte[] standard = state(Vat.INSTANCE);
      Vat.INSTANCE.rate = 0.07;
      byte[] reduced = state(Vat.INSTANCE);
      assertFalse(Arrays.equals(standard, reduced));
      Vat.INSTANCE.calls++; // transient: not state
      assertArrayEquals(reduced, state(Vat.INSTANCE));
      Vat.INSTANCE.rate = before;
      assertArrayEquals(standard, state(Vat.INSTANCE));
      // the rate, not the name alone: another constant with the same rate still differs
      Vat.INSTANCE.rate = Vat.REDUCED.rate;
      assertFalse(Arrays.equals(state(Vat.INSTANCE), state(Vat.REDUCED)));
    } finally {
      Vat.INSTANCE.rate = before;
    }
  }

  @Test
  void encode_enumArgument_countsByItsFieldsToo() {
    double before = Vat.INSTANCE.rate;
    try {
      byte[] standard = keys.key(Vat.INSTANCE);
      Vat.INSTANCE.rate = 0.5;
      assertFalse(Arrays.equals(standard, keys.key(Vat.INSTANCE)));
      assertFalse(Arrays.equals(keys.key(List.of(Vat.INSTANCE)), standard));
    } finally {
      Vat.INSTANCE.rate = before;
    }
    // an enum without instance fields is its name, as before (the golden vectors hold it)
    keys.assertSameKey(Color.RED, Color.RED);
  }

  enum Pool {
    DEFAULT;

    final ExecutorService executor = Executors.newSingleThreadExecutor();
  }

  @Test
  void encode_enumArgumentHoldingAService_countsItByClassAsStateDoes() {
    try {
      // an enum constant is a singleton of the program: its fields are state, where an
      // executor counts by its class, even when the constant is passed as an argument
      Set<Class<?>> visited = new HashSet<>();
      byte[] k = keys.key(Pool.DEFAULT, Mode.ARGUMENT, visited);
      String hex = java.util.HexFormat.of().formatHex(k);
      assertTrue(hex.startsWith("18"), hex);
      assertTrue(visited.contains(Pool.class));
      // and a socket inside a record argument is still an error: the mode is back
      UnencodableValueException e = assertThrows(UnencodableValueException.class,
          () -> encoder.encode(List.of(Pool.DEFAULT, Thread.currentThread()), Mode.ARGUMENT,
              new HashSet<>()));
      assertEquals("[1]", e.path());
    } finally {
      Pool.DEFAULT.executor.shutdown();
    }
  }

  enum Ring {
    A, B;

    Ring next;

    static {
      A.next = B;
      B.next = A;
    }
  }

  @Test
  void encode_enumsThatReferToEachOther_terminate() {
    assertFalse(Arrays.equals(keys.key(Ring.A), keys.key(Ring.B)));
    assertArrayEquals(keys.key(Ring.A), keys.key(Ring.A));
  }

  @Test
  void encode_userSubclassOfAJdkMap_countsByContentAndOwnFields() {
    Labels en = new Labels("en");
    en.put("title", "Title");
    Labels fr = new Labels("fr");
    fr.put("title", "Title");
    keys.assertDifferentKeys(en, fr, new HashMap<>(Map.of("title", "Title")));
    Labels en2 = new Labels("en");
    en2.put("title", "Title");
    keys.assertSameKey(en, en2);
    en2.put("x", "y");
    keys.assertDifferentKeys(en, en2);
    Set<Class<?>> visited = new HashSet<>();
    keys.key(List.of(en), Mode.ARGUMENT, visited);
    assertEquals(Set.of(Labels.class), visited);
    assertFalse(Arrays.equals(state(en), state(fr)));
  }

  static final class Tags extends ArrayList<String> {
    private static final long serialVersionUID = 1L;
    final String origin;

    Tags(String origin) {
      this.origin = origin;
    }
  }

  static final class PlainTags extends ArrayList<String> {
    private static final long serialVersionUID = 1L;
  }

  static final class View extends java.util.AbstractList<String> {
    final List<String> items;
    final String unrelated;

    View(List<String> items, String unrelated) {
      this.items = items;
      this.unrelated = unrelated;
    }

    @Override
    public String get(int index) {
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }
  }

  @Test
  void encode_userSubclassOfAJdkList_fieldsBeforeContent() {
    Tags a = new Tags("1,2");
    a.add("x");
    Tags b = new Tags("1,3");
    b.add("x");
    keys.assertDifferentKeys(a, b, List.of("x"));
    String hex = java.util.HexFormat.of().formatHex(keys.key(a));
    assertTrue(hex.startsWith("19"), hex);
    // no fields of its own: its content, as any list
    PlainTags plain = new PlainTags();
    plain.add("x");
    keys.assertSameKey(plain, List.of("x"));
    // built on a skeleton, its fields are its representation: the content stands for them
    keys.assertSameKey(new View(List.of("x"), "a"), new View(List.of("x"), "b"));
  }

  static final class Ring2 extends HashMap<String, Object> {
    private static final long serialVersionUID = 1L;
    Ring2 self = this;
  }

  @Test
  void encode_userSubclassOfAJdkMapThatHoldsItself_terminates() {
    Ring2 r = new Ring2();
    r.put("me", r);
    byte[] k = keys.key(r);
    assertArrayEquals(k, keys.key(r));
  }
}
