package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ImplStateTest {
  private final CanonicalEncoder encoder = new CanonicalEncoder(type -> new byte[] {1});

  record Rate(String currency, double value, LocalDate from) {}

  enum Plain { A, B }

  enum Counter {
    ONE;
    int count; // mutable: an enum constant is a global that anyone can change
  }

  /** A plain class with a non-final field: not immutable, even held in a final field. */
  static final class Box {
    int n;
  }

  /** Final fields of immutable values, a transient one too. */
  static final class Settings {
    final String name = "eu";
    final List<Rate> rates = List.of(new Rate("EUR", 1.1, LocalDate.of(2026, 1, 1)));
    final transient Optional<String> label = Optional.of("x");
  }

  @SuppressWarnings("unused")
  static final class Holder {
    final Map<String, Integer> copied = Map.copyOf(Map.of("a", 1, "b", 2));
    final Map<String, Integer> hash = new HashMap<>(Map.of("a", 1));
    final Map<String, Integer> view = Collections.unmodifiableMap(new HashMap<>(Map.of("a", 1)));
    final List<String> arrayList = new ArrayList<>(List.of("a"));
    List<String> nonFinal = List.of("a");
    final List<Integer> streamed = IntStream.range(0, 5).boxed().toList();
    final List<Integer> collected = IntStream.range(0, 5).boxed()
        .collect(Collectors.toUnmodifiableList());
    final Set<String> set = Set.of("x", "y", "z");
    final Rate rate = new Rate("EUR", 1.1, LocalDate.of(2026, 1, 1));
    final int primitive = 3;
    final String text = "t";
    final int[] array = {1, 2};
    final Box box = new Box();
    final Settings settings = new Settings();
    final Plain plain = Plain.A;
    final Counter counter = Counter.ONE;
    final Optional<List<String>> optionalOfImmutable = Optional.of(List.of("a"));
    final Optional<List<String>> optionalOfMutable = Optional.of(new ArrayList<>());
    final List<Object> listOfMutable = List.of(new ArrayList<>());
    final Map<String, Integer> sorted = new TreeMap<>(Map.of("a", 1));
    final Map.Entry<String, Integer> entry = Map.entry("k", 1);
    final List<Integer> nCopies = Collections.nCopies(3, 7);
    final List<Integer> asList = Arrays.asList(1, 2);
  }

  @Test
  void reread_isEveryFieldNotKnownToBeImmutable() throws Exception {
    ImplState s = encoder.state(new Holder());
    assertEquals(List.of("array", "arrayList", "asList", "box", "counter", "hash",
        "listOfMutable", "nonFinal", "optionalOfMutable", "sorted", "view"), s.reread());
    assertEquals(List.of(), s.unreadable());
    assertEquals(List.of(), s.costly());
  }

  /** A field that holds the impl itself is a cycle back to it, which may change. */
  static final class SelfHolder {
    final List<Object> self = List.of(this);
  }

  @Test
  void reread_aCycleBackToTheImpl() throws Exception {
    assertEquals(List.of("self"), encoder.state(new SelfHolder()).reread());
  }

  static final class Big {
    final Map<Integer, String> table;

    Big(Map<Integer, String> table) {
      this.table = table;
    }
  }

  private static Map<Integer, String> table(int n) {
    Map<Integer, String> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(i, "v" + i);
    }
    return m;
  }

  private byte[] state(Object impl) throws UnencodableValueException {
    return encoder.state(impl).encode(new HashSet<>(), null);
  }

  @Test
  void encode_isTheSameWhetherAFieldWasKeptOrIsReadAgain() throws Exception {
    Map<Integer, String> m = table(1000);
    ImplState kept = encoder.state(new Big(Map.copyOf(m)));
    ImplState reread = encoder.state(new Big(m));
    assertEquals(List.of(), kept.reread());
    assertEquals(List.of("table"), reread.reread());
    byte[] a = kept.encode(new HashSet<>(), null);
    assertArrayEquals(a, reread.encode(new HashSet<>(), null));
    assertArrayEquals(a, state(new Big(Collections.unmodifiableMap(m))));
    // a long field enters by its digest: the header, then the tag and 32 bytes
    assertEquals(KeyClass.of(Big.class).header.length + 33, a.length);
    assertFalse(Arrays.equals(a, state(new Big(table(1001)))));
  }

  @Test
  void encode_shortFieldsAreAsTheStrictEncoderWritesThem() throws Exception {
    Rate rate = new Rate("EUR", 1.1, LocalDate.of(2026, 1, 1));
    assertArrayEquals(encoder.encode(rate, CanonicalEncoder.Mode.STATE, new HashSet<>()),
        state(rate));
    Settings settings = new Settings();
    assertArrayEquals(encoder.encode(settings, CanonicalEncoder.Mode.STATE, new HashSet<>()),
        state(settings));
  }

  @Test
  void encode_seesEveryChangeToAMutableField() throws Exception {
    Holder h = new Holder();
    ImplState s = encoder.state(h);
    byte[] before = s.encode(new HashSet<>(), null);
    h.hash.put("b", 2);
    byte[] afterHash = s.encode(new HashSet<>(), null);
    assertFalse(Arrays.equals(before, afterHash));
    h.arrayList.add("b");
    byte[] afterList = s.encode(new HashSet<>(), null);
    assertFalse(Arrays.equals(afterHash, afterList));
    h.nonFinal = List.of("b");
    byte[] afterAssign = s.encode(new HashSet<>(), null);
    assertFalse(Arrays.equals(afterList, afterAssign));
    h.box.n = 7;
    byte[] afterBox = s.encode(new HashSet<>(), null);
    assertFalse(Arrays.equals(afterAssign, afterBox));
    h.array[0] = 9;
    assertFalse(Arrays.equals(afterBox, s.encode(new HashSet<>(), null)));
  }

  @Test
  void encode_anUnmodifiableViewOfAMapTheOwnerChangesIsReadAgain() throws Exception {
    Map<Integer, String> owner = table(300);
    ImplState s = encoder.state(new Big(Collections.unmodifiableMap(owner)));
    byte[] before = s.encode(new HashSet<>(), null);
    owner.put(1, "changed");
    assertFalse(Arrays.equals(before, s.encode(new HashSet<>(), null)));
  }

  record Tagged(Rate rate) {}

  static final class WithRecord {
    final Tagged tagged = new Tagged(new Rate("EUR", 1.0, LocalDate.of(2026, 1, 1)));
  }

  @Test
  void encode_keptFieldsStillGiveTheirClassesOnEveryCall() throws Exception {
    ImplState s = encoder.state(new WithRecord());
    assertEquals(List.of(), s.reread());
    for (int i = 0; i < 2; i++) {
      Set<Class<?>> seeds = new HashSet<>();
      s.encode(seeds, null);
      assertEquals(Set.of(WithRecord.class, Tagged.class, Rate.class), seeds);
    }
  }

  static final class Pipeline {
    final Function<String, String> rule;
    final List<Function<String, String>> rules;

    Pipeline(Function<String, String> rule) {
      this.rule = rule;
      this.rules = List.of(rule);
    }
  }

  @Test
  void unreadable_aJdkLambdaCountsByItsClassAndIsListedWithItsPath() throws Exception {
    Function<String, String> trim = String::trim;
    Pipeline p = new Pipeline(trim.andThen(String::toUpperCase));
    ImplState s = encoder.state(p);
    assertEquals(2, s.unreadable().size(), s.unreadable().toString());
    assertEquals(".rule", s.unreadable().get(0).path());
    assertEquals(".rules[0]", s.unreadable().get(1).path());
    assertEquals(KeyWriter.JDK_LAMBDA, s.unreadable().get(0).reason());
    assertEquals(p.rule.getClass(), s.unreadable().get(0).type());
    assertEquals(List.of("rule", "rules"), s.reread());
    List<ImplState.Unreadable> found = new ArrayList<>();
    byte[] a = s.encode(new HashSet<>(), found);
    assertEquals(List.of(".rule", ".rules"), found.stream().map(ImplState.Unreadable::path).toList());
    assertArrayEquals(a, s.encode(new HashSet<>(), null));
  }

  @Test
  void costly_aLargeFieldReadAgainOnEveryCall() throws Exception {
    Map<Integer, String> m = table(30_000);
    ImplState s = encoder.state(new Big(m));
    byte[] encoded = encoder.encode(m, CanonicalEncoder.Mode.STATE, new HashSet<>());
    assertTrue(encoded.length >= ImplState.COSTLY_BYTES, "" + encoded.length);
    assertEquals(List.of(new ImplState.Costly("table", HashMap.class, encoded.length)), s.costly());
    assertEquals(List.of(), encoder.state(new Big(Map.copyOf(m))).costly());
    assertEquals(List.of(), encoder.state(new Big(table(100))).costly());
  }

  static final class Numbers {
    final List<Integer> list;

    Numbers(List<Integer> list) {
      this.list = list;
    }
  }

  @Test
  void encode_equalContentGivesEqualStateHoweverItIsHeld() {
    qt().withFixedSeed(17L).withExamples(200)
        .forAll(lists().of(integers().between(-1000, 1000)).ofSizeBetween(0, 80))
        .checkAssert(values -> {
          try {
            byte[] kept = state(new Numbers(List.copyOf(values)));
            assertArrayEquals(kept, state(new Numbers(new ArrayList<>(values))));
            assertArrayEquals(kept, state(new Numbers(Collections.unmodifiableList(values))));
          } catch (UnencodableValueException e) {
            throw new AssertionError(e);
          }
        });
  }
}
