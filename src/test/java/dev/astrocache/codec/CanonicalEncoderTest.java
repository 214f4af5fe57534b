package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.astrocache.codec.CanonicalEncoder.Mode;
import dev.astrocache.codec.CodecFixtures.Color;
import dev.astrocache.codec.CodecFixtures.Item;
import dev.astrocache.codec.CodecFixtures.Pair;
import dev.astrocache.codec.CodecFixtures.Point;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CanonicalEncoderTest {
  private static final String FIX =
      "Pass a value that identifies it instead, mark the field transient, or mark the method @NotCached.";

  private final List<Class<?>> codeAskedFor = new ArrayList<>();
  private final CanonicalEncoder encoder = new CanonicalEncoder(type -> {
    codeAskedFor.add(type);
    return ("code:" + KeyClass.stableName(type)).getBytes(StandardCharsets.UTF_8);
  });

  private final KeyAssertions keys = new KeyAssertions(encoder);

  private byte[] key(Object v) {
    return keys.key(v);
  }

  private byte[] key(Object v, Mode mode, Set<Class<?>> visited) {
    return keys.key(v, mode, visited);
  }

  private void assertSameKey(Object a, Object b) {
    keys.assertSameKey(a, b);
  }

  private void assertDifferentKeys(Object... values) {
    keys.assertDifferentKeys(values);
  }

  /** Whether {@link Reentrant#xs()} encodes another value while it is being read. */
  static boolean nest;

  /** A record whose accessor encodes another value, on the same thread, while it is read. */
  record Reentrant(List<Integer> xs, Map<String, Integer> m) {
    @Override
    public List<Integer> xs() {
      if (nest) {
        try {
          new CanonicalEncoder(type -> new byte[] {1}).encode(
              Map.of("deep", List.of(List.of(1), Set.of(2, 3))), Mode.ARGUMENT, new HashSet<>());
        } catch (UnencodableValueException e) {
          throw new AssertionError(e);
        }
      }
      return xs;
    }
  }

  /**
   * Encodings on one thread reuse its path and frames: one that starts inside another (a
   * record's accessor calling a cached method) makes its own, and the outer one's bytes do not
   * change; nor do those of the next encoding after one that failed half way.
   */
  @Test
  void encode_nestedInsideAnAccessorAndAfterAFailure_givesTheSameBytes() {
    Reentrant r = new Reentrant(List.of(1, 2, 3), Map.of("a", 1, "b", 2));
    nest = false;
    byte[] plain = key(List.of(r, Set.of(r.xs()), r));
    nest = true;
    try {
      assertArrayEquals(plain, key(List.of(r, Set.of(r.xs()), r)));
    } finally {
      nest = false;
    }
    assertThrows(UnencodableValueException.class, () -> encoder.encode(
        List.of(Map.of("k", List.of(new Object[] {Thread.currentThread()}))), Mode.ARGUMENT,
        new HashSet<>()));
    assertArrayEquals(plain, key(List.of(r, Set.of(r.xs()), r)));
  }

  @Test
  void encode_numbersOfDifferentKinds_differ() {
    assertDifferentKeys(1, 1L, (short) 1, (byte) 1, (char) 1, 1.0, 1.0f, BigInteger.ONE,
        BigDecimal.ONE, "1", true, null, Optional.of(1), OptionalInt.of(1));
  }

  @Test
  void encode_bigDecimal_agreesWithEquals() {
    assertDifferentKeys(new BigDecimal("1.0"), new BigDecimal("1.00"), new BigDecimal("10"));
    assertSameKey(new BigDecimal("1.50"), BigDecimal.valueOf(150, 2));
  }

  @Test
  void encode_doubles_agreeWithDoubleEquals() {
    assertSameKey(Double.NaN, Double.longBitsToDouble(0x7ff8000000000123L));
    assertDifferentKeys(0.0, -0.0);
    assertDifferentKeys(0.0f, -0.0f);
  }

  @Test
  void encode_unpairedSurrogate_differsFromQuestionMark() {
    assertDifferentKeys("a\uD800", "a?", "a\uDC00", "a\uD800\uDC00");
  }

  @Test
  void encode_listImplementations_giveEqualBytes() {
    List<Object> items = Arrays.asList("a", 1, null, Color.RED);
    assertSameKey(new ArrayList<>(items), new LinkedList<>(items));
    assertSameKey(new ArrayList<>(items), Arrays.asList(items.toArray()));
    assertSameKey(List.of("a", "b"), new ArrayList<>(List.of("a", "b")));
    assertDifferentKeys(List.of("a", "b"), List.of("b", "a"), List.of("ab"), Set.of("a", "b"));
  }

  @Test
  void encode_unorderedSetAndMapImplementations_ignoreOrder() {
    assertSameKey(new HashSet<>(List.of("x", "y", "z")), new TreeSet<>(List.of("z", "y", "x")));
    assertSameKey(Set.of(Color.GREEN, Color.RED), new HashSet<>(List.of(Color.RED, Color.GREEN)));
    assertSameKey(new HashMap<>(Map.of("a", 1, "b", 2)), new TreeMap<>(Map.of("a", 1, "b", 2)));
    assertSameKey(Map.of("b", 2, "a", 1), Collections.unmodifiableMap(new HashMap<>(Map.of("a", 1, "b", 2))));
    assertDifferentKeys(Map.of("a", 1, "b", 2), Map.of("a", 2, "b", 1), Map.of("a", 1));
    // one element has one order: a linked one is any other set or map
    assertSameKey(new LinkedHashSet<>(List.of("a")), Set.of("a"));
    assertSameKey(new LinkedHashMap<>(Map.of("a", 1)), Map.of("a", 1));
    assertSameKey(new LinkedHashSet<>(), Set.of());
  }

  @Test
  void encode_linkedSetsAndMaps_countInIterationOrder() {
    Map<String, Integer> ba = new LinkedHashMap<>();
    ba.put("b", 2);
    ba.put("a", 1);
    Map<String, Integer> ab = new LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", 2);
    assertDifferentKeys(ba, ab, new TreeMap<>(ab));
    assertSameKey(ba, Collections.unmodifiableMap(ba));
    assertSameKey(ba, Collections.synchronizedMap(ba));
    assertSameKey(ba, Collections.checkedMap(ba, String.class, Integer.class));
    Columns columns = new Columns();
    columns.putAll(ba);
    assertSameKey(ba, columns);
    assertDifferentKeys(Collections.unmodifiableMap(ba), Collections.unmodifiableMap(ab));
    Set<String> yx = new LinkedHashSet<>(List.of("y", "x"));
    assertDifferentKeys(yx, new LinkedHashSet<>(List.of("x", "y")), Set.of("x", "y"), List.of("y", "x"));
    assertSameKey(yx, Collections.unmodifiableSet(yx));
    assertSameKey(yx, new java.util.concurrent.CopyOnWriteArraySet<>(List.of("y", "x")));
    Set<String> fromMap = Collections.newSetFromMap(new LinkedHashMap<>());
    fromMap.addAll(List.of("y", "x"));
    assertSameKey(yx, fromMap);
    assertSameKey(yx, ba.keySet().stream().map(k -> k.equals("b") ? "y" : "x")
        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    // a sorted set behind a wrapper that hides its comparator counts in its order
    TreeSet<String> reversed = new TreeSet<>(Comparator.reverseOrder());
    reversed.addAll(List.of("x", "y"));
    assertDifferentKeys(Collections.unmodifiableSet(reversed),
        Collections.unmodifiableSet(new TreeSet<>(List.of("x", "y"))));
    assertSameKey(Collections.unmodifiableSet(reversed), yx);
  }

  static final class Columns extends LinkedHashMap<String, Integer> {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void encode_permutedHashCollections_giveEqualKeys() {
    qt().withFixedSeed(23L).withExamples(300)
        .forAll(CodecFixtures.distinctKeys(), longs().all())
        .checkAssert((items, seed) -> {
          List<Object> shuffled = new ArrayList<>(items);
          Collections.shuffle(shuffled, new Random(seed));
          assertArrayEquals(key(new HashSet<>(items)), key(new HashSet<>(shuffled)));
          assertArrayEquals(key(Set.copyOf(items)), key(new HashSet<>(shuffled)));
          assertArrayEquals(key(hashMap(items)), key(hashMap(shuffled)));
          assertArrayEquals(key(Map.copyOf(hashMap(items))), key(hashMap(shuffled)));
        });
  }

  @Test
  void encode_permutedLinkedCollections_giveDifferentKeysWhenTheOrderChanges() {
    qt().withFixedSeed(29L).withExamples(300)
        .forAll(CodecFixtures.distinctKeys(), longs().all())
        .checkAssert((items, seed) -> {
          List<Object> shuffled = new ArrayList<>(items);
          Collections.shuffle(shuffled, new Random(seed));
          boolean sameOrder = shuffled.equals(items);
          assertEquals(sameOrder, Arrays.equals(key(new LinkedHashSet<>(items)),
              key(new LinkedHashSet<>(shuffled))), () -> items + " vs " + shuffled);
          assertEquals(sameOrder, Arrays.equals(key(linkedMap(items)), key(linkedMap(shuffled))),
              () -> items + " vs " + shuffled);
        });
  }

  private static Map<Object, Object> hashMap(List<Object> keys) {
    Map<Object, Object> m = new HashMap<>();
    for (Object k : keys) {
      m.put(k, String.valueOf(k));
    }
    return m;
  }

  private static Map<Object, Object> linkedMap(List<Object> keys) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (Object k : keys) {
      m.put(k, String.valueOf(k));
    }
    return m;
  }

  @Test
  void encode_propertiesDefaults_countWhereTheyAnswer() {
    java.util.Properties eu = new java.util.Properties();
    eu.setProperty("currency", "EUR");
    java.util.Properties us = new java.util.Properties();
    us.setProperty("currency", "USD");
    java.util.Properties a = new java.util.Properties(eu);
    a.setProperty("region", "x");
    java.util.Properties b = new java.util.Properties(us);
    b.setProperty("region", "x");
    java.util.Properties plain = new java.util.Properties();
    plain.setProperty("region", "x");
    assertDifferentKeys(a, b, plain);
    assertSameKey(plain, Map.of("region", "x"));
    // a default the map overrides answers nothing
    java.util.Properties overridden = new java.util.Properties(eu);
    overridden.setProperty("region", "x");
    overridden.setProperty("currency", "GBP");
    java.util.Properties same = new java.util.Properties(us);
    same.setProperty("region", "x");
    same.setProperty("currency", "GBP");
    assertSameKey(overridden, same);
  }

  @Test
  void encode_rebuiltAsOtherImplementations_givesEqualBytes() {
    qt().withFixedSeed(7L).withExamples(300)
        .forAll(CodecFixtures.values(3), longs().all(), longs().all())
        .checkAssert((v, seed1, seed2) -> {
          Object a = CodecFixtures.rebuild(v, new Random(seed1));
          Object b = CodecFixtures.rebuild(v, new Random(seed2));
          assertEquals(a, b);
          assertArrayEquals(key(a), key(b), () -> a + " vs " + b);
        });
  }

  @Test
  void encode_agreesWithEquals() {
    qt().withFixedSeed(11L).withExamples(1000)
        .forAll(CodecFixtures.values(2), CodecFixtures.values(2))
        .checkAssert((a, b) -> assertEquals(CodecFixtures.sameValue(a, b),
            Arrays.equals(key(a), key(b)), () -> a + " vs " + b));
  }

  @Test
  void encode_isPrefixFree() {
    qt().withFixedSeed(13L).withExamples(1000)
        .forAll(CodecFixtures.values(2), CodecFixtures.values(2))
        .checkAssert((a, b) -> {
          byte[] x = key(a);
          byte[] y = key(b);
          boolean prefix = x.length < y.length && Arrays.equals(x, 0, x.length, y, 0, x.length);
          assertFalse(prefix, () -> a + " is a prefix of " + b);
        });
  }

  @Test
  void encode_arrays_byContentAndComponentType() {
    assertSameKey(new int[] {1, 2}, new int[] {1, 2});
    assertDifferentKeys(new int[] {1, 2}, new long[] {1, 2}, new Integer[] {1, 2}, List.of(1, 2),
        new Object[] {1, 2}, new int[] {2, 1}, new byte[] {1, 2});
    assertSameKey(new String[][] {{"a"}}, new String[][] {{"a"}});
  }

  @Test
  void encode_enumConstantWithBody_byDeclaringClassAndName() {
    assertSameKey(Color.BLUE, Color.BLUE);
    assertDifferentKeys(Color.BLUE, Color.RED, "BLUE", DayOfWeek.MONDAY);
    String hex = java.util.HexFormat.of().formatHex(key(Color.BLUE));
    assertTrue(hex.contains(java.util.HexFormat.of().formatHex(
        "dev.astrocache.codec.CodecFixtures$Color".getBytes(StandardCharsets.UTF_8))), hex);
  }

  @Test
  void encode_socketInRecordInList_namesThePathAndTheFix() throws Exception {
    try (Socket socket = new Socket()) {
      UnencodableValueException e = assertThrows(UnencodableValueException.class,
          () -> encoder.encode(List.of(new Connection("db", socket)), Mode.ARGUMENT, new HashSet<>()));
      assertEquals("[0].socket", e.path());
      assertEquals(Socket.class, e.type());
      assertEquals("[0].socket: java.net.Socket: it is not a value astrocache can encode (such as a"
          + " connection, a stream, a thread or a lock). " + FIX, e.getMessage());
    }
  }

  record Connection(String name, Socket socket) {}

  @Test
  void encode_unencodableAtRootOrUnderMapKey_namesThePath() {
    Thread t = Thread.currentThread();
    UnencodableValueException root = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(t, Mode.ARGUMENT, new HashSet<>()));
    assertEquals("<root>: java.lang.Thread: it is not a value astrocache can encode (such as a"
        + " connection, a stream, a thread or a lock). " + FIX, root.getMessage());
    UnencodableValueException inMap = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(Map.of("worker", Optional.of(t)), Mode.ARGUMENT, new HashSet<>()));
    assertEquals("[\"worker\"].get()", inMap.path());
    UnencodableValueException asKey = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(Map.of(t, 1), Mode.ARGUMENT, new HashSet<>()));
    assertEquals("{Thread}", asKey.path());
    UnencodableValueException inSet = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(new Object[] {1, new Pair(Set.of(t), 2)}, Mode.ARGUMENT, new HashSet<>()));
    assertEquals("[1].left[0]", inSet.path());
  }

  static final class Node {
    final String name;
    Node next;

    Node(String name) {
      this.name = name;
    }
  }

  @Test
  void encode_cycles_terminateAndCompareByShape() {
    Node a = new Node("a");
    a.next = new Node("b");
    a.next.next = a;
    Node c = new Node("a");
    c.next = new Node("b");
    c.next.next = c;
    assertSameKey(a, c);
    c.next.next = c.next;
    assertDifferentKeys(a, c);
    List<Object> self = new ArrayList<>();
    self.add(self);
    Set<Object> set = new HashSet<>();
    set.add(List.of(1));
    Map<String, Object> map = new HashMap<>();
    map.put("me", map);
    assertDifferentKeys(self, set, map);
  }

  record Chain(int value, Chain next) {}

  private static Chain chain(int n, int last) {
    Chain c = new Chain(last, null);
    for (int i = n - 2; i >= 0; i--) {
      c = new Chain(i, c);
    }
    return c;
  }

  @Test
  void encode_deepRecordChain_hasNoDepthLimit() {
    // 2,000 threw "nested more than 500 levels deep"; a work stack, not recursion, walks it
    // (not through assertSameKey, whose message would call the records' recursive toString)
    assertArrayEquals(key(chain(2_000, 7)), key(chain(2_000, 7)));
    assertFalse(Arrays.equals(key(chain(2_000, 7)), key(chain(2_000, 8))));
    assertFalse(Arrays.equals(key(chain(2_000, 7)), key(chain(1_999, 7))));
    Chain deep = chain(200_000, 1);
    assertArrayEquals(key(deep), key(chain(200_000, 1)));
    List<Object> nested = new ArrayList<>();
    List<Object> inner = nested;
    for (int i = 0; i < 100_000; i++) {
      List<Object> next = new ArrayList<>();
      inner.add(Map.of("k", Optional.of(next)));
      inner = next;
    }
    assertEquals(key(nested).length, key(nested).length);
  }

  @Test
  void encode_deepCycle_isABackReference() {
    Node head = new Node("0");
    Node n = head;
    for (int i = 1; i < 5_000; i++) {
      n.next = new Node(String.valueOf(i));
      n = n.next;
    }
    n.next = head;
    byte[] k = key(head);
    // the last node refers 5,000 levels up: BACK_REFERENCE 5000 (varint 88 27) ends the key
    assertEquals("158827", java.util.HexFormat.of().formatHex(k, k.length - 3, k.length));
  }

  static final class Link {
    final Object value;
    Link next;

    Link(Object value) {
      this.value = value;
    }
  }

  @Test
  void encode_failureDeepInside_namesBothEndsOfThePath() {
    Link head = new Link(1);
    Link n = head;
    for (int i = 1; i < 2_000; i++) {
      n.next = new Link(i == 1_999 ? Thread.currentThread() : i);
      n = n.next;
    }
    UnencodableValueException e = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(head, Mode.ARGUMENT, new HashSet<>()));
    assertEquals(".next.next.next.next...(1,991 more).next.next.next.next.value", e.path());
    assertEquals(e.path() + ": java.lang.Thread: it is not a value astrocache can encode (such"
        + " as a connection, a stream, a thread or a lock). " + FIX, e.getMessage());
    assertTrue(e.getMessage().length() < 300, e.getMessage());
  }

  static class Base {
    int a;
  }

  static final class Derived extends Base {
    int b;
    transient int cache;
    static int counter;
  }

  @Test
  void encode_plainObject_byInheritedAndOwnFieldsButNotTransientOnes() {
    Derived x = new Derived();
    Derived y = new Derived();
    y.cache = 42;
    Derived.counter++;
    assertSameKey(x, y);
    y.a = 1;
    assertDifferentKeys(x, y);
    x.a = 1;
    x.b = 1;
    assertDifferentKeys(x, y);
    assertTrue(codeAskedFor.contains(Derived.class));
  }

  static final class Stamp extends java.util.Date {
    private static final long serialVersionUID = 1L;

    Stamp(long millis) {
      super(millis);
    }
  }

  @Test
  void encode_plainObjectExtendingAStatefulJdkClass_isAnErrorAsArgument() {
    UnencodableValueException e = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(List.of(new Stamp(1)), Mode.ARGUMENT, new HashSet<>()));
    assertEquals("[0]: " + Stamp.class.getName() + ": it extends java.util.Date, whose fields"
        + " astrocache cannot read. " + FIX, e.getMessage());
  }

  @Test
  void encode_plainObject_includesTheCodeOfItsClass() {
    CanonicalEncoder other = new CanonicalEncoder(type -> new byte[] {1, 2, 3});
    assertFalse(Arrays.equals(key(new Derived()),
        assertDoesNotThrow(() -> other.encode(new Derived(), Mode.ARGUMENT, new HashSet<>()))));
  }

  private static byte[] assertDoesNotThrow(Encoding e) {
    try {
      return e.get();
    } catch (UnencodableValueException x) {
      throw new AssertionError(x.getMessage(), x);
    }
  }

  interface Encoding {
    byte[] get() throws UnencodableValueException;
  }

  static final class WeatherService {
    final String region;
    final int retries;
    final Semaphore limiter;
    final Executor executor;
    transient int calls;

    WeatherService(String region, int retries, Semaphore limiter) {
      this.region = region;
      this.retries = retries;
      this.limiter = limiter;
      this.executor = ForkJoinPool.commonPool();
    }
  }

  @Test
  void encode_state_servicesByClassAndTransientFieldsLeftOut() {
    WeatherService a = new WeatherService("eu", 3, new Semaphore(1));
    WeatherService b = new WeatherService("eu", 3, new Semaphore(5));
    b.calls = 99;
    Set<Class<?>> visited = new HashSet<>();
    assertArrayEquals(key(a, Mode.STATE, visited), key(b, Mode.STATE, new HashSet<>()));
    assertFalse(Arrays.equals(key(a, Mode.STATE, visited),
        key(new WeatherService("us", 3, a.limiter), Mode.STATE, new HashSet<>())));
    assertFalse(Arrays.equals(key(a, Mode.STATE, visited),
        key(new WeatherService("eu", 4, a.limiter), Mode.STATE, new HashSet<>())));
    assertEquals(Set.of(WeatherService.class), visited);
    String hex = java.util.HexFormat.of().formatHex(key(a, Mode.STATE, visited));
    assertTrue(hex.contains("14" + java.util.HexFormat.of().formatHex(
        ("\u001ejava.util.concurrent.Semaphore").getBytes(StandardCharsets.UTF_8))), hex);
  }

  static final class Helper {
    final int level;

    Helper(int level) {
      this.level = level;
    }
  }

  static final class ImplWithHelper {
    final Helper helper = new Helper(2);
  }

  @Test
  void encode_state_rootCountsByItsFieldsNotItsCode() throws UnencodableValueException {
    // the method fingerprint covers the impl's code precisely; the codec must not add all of it
    List<Class<?>> asked = new ArrayList<>();
    CanonicalEncoder recording = new CanonicalEncoder(type -> {
      asked.add(type);
      return new byte[] {7};
    });
    recording.encode(new ImplWithHelper(), Mode.STATE, new HashSet<>());
    assertEquals(List.of(Helper.class), asked);
    asked.clear();
    recording.encode(new ImplWithHelper(), Mode.ARGUMENT, new HashSet<>());
    assertEquals(List.of(ImplWithHelper.class, Helper.class), asked);
  }

  @Test
  void encode_serviceAsArgument_isAnError() {
    UnencodableValueException e = assertThrows(UnencodableValueException.class, () -> encoder.encode(
        new WeatherService("eu", 3, new Semaphore(1)), Mode.ARGUMENT, new HashSet<>()));
    assertEquals(".executor", e.path());
    assertEquals(ForkJoinPool.class, e.type());
  }

  @Test
  void encode_visitedTypes_holdTheClassesOutsideTheJdk() {
    Set<Class<?>> visited = new HashSet<>();
    IntUnaryOperator plusOne = x -> x + 1;
    key(List.of(new Point(1, 2), Map.of(Color.BLUE, new Derived()), Optional.of(plusOne),
        LocalDate.of(2026, 1, 1), new TreeSet<>(Set.of(DayOfWeek.MONDAY))), Mode.ARGUMENT, visited);
    assertEquals(Set.of(Point.class, Color.class, Color.BLUE.getClass(), Derived.class, plusOne.getClass()),
        visited);
  }

  @Test
  void encode_lambdas_byCodeAndCapturedValues() {
    assertSameKey(adder(1), adder(1));
    assertDifferentKeys(adder(1), adder(2), (IntBinaryOperator) (x, y) -> x + y);
    assertTrue(codeAskedFor.contains(adder(1).getClass()));
    IntUnaryOperator ref = Math::abs;
    assertSameKey(ref, (IntUnaryOperator) Math::abs);
  }

  @Test
  void encode_lambdasOfOneClassAndInterface_differOnlyByTheirCodeIdentity() throws Exception {
    // a hidden class's bytes cannot be read: which of the capturing class's lambdas this is
    // can only come from CodeIdentity (the fingerprint of its candidates)
    CanonicalEncoder sameCode = new CanonicalEncoder(type -> new byte[] {1});
    assertArrayEquals(sameCode.encode(adder(1), Mode.ARGUMENT, new HashSet<>()),
        sameCode.encode(multiplier(1), Mode.ARGUMENT, new HashSet<>()));
    CanonicalEncoder byClass = new CanonicalEncoder(type -> type.getName().getBytes(StandardCharsets.UTF_8));
    assertFalse(Arrays.equals(byClass.encode(adder(1), Mode.ARGUMENT, new HashSet<>()),
        byClass.encode(multiplier(1), Mode.ARGUMENT, new HashSet<>())));
  }

  private static IntUnaryOperator adder(int n) {
    return x -> x + n;
  }

  private static IntUnaryOperator multiplier(int n) {
    return x -> x * n;
  }

  interface SerializableOp extends IntUnaryOperator, Serializable {}

  @Test
  void encode_serializableLambdas_byTheirImplementationMethod() {
    SerializableOp inc = x -> x + 1;
    SerializableOp dec = x -> x - 1;
    assertDifferentKeys(inc, dec);
  }

  @Test
  void encode_lambdaCapturingASocket_namesTheCapturedValue() throws Exception {
    try (Socket socket = new Socket()) {
      Runnable r = () -> socket.isClosed();
      UnencodableValueException e = assertThrows(UnencodableValueException.class,
          () -> encoder.encode(r, Mode.ARGUMENT, new HashSet<>()));
      assertEquals(".arg$1", e.path());
    }
  }

  @Test
  void encode_jdkLambdaWithCapturedValues_isAnErrorInBothModes() {
    Comparator<String> byLength = Comparator.comparing(String::length);
    UnencodableValueException e = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(byLength, Mode.ARGUMENT, new HashSet<>()));
    assertEquals("<root>: " + byLength.getClass().getName() + ": it is a lambda made inside the"
        + " JDK, whose captured values astrocache cannot read. " + FIX, e.getMessage());
    UnencodableValueException state = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(new Pair(byLength, 1), Mode.STATE, new HashSet<>()));
    assertEquals(".left", state.path());
    assertSameKey(java.util.function.Function.identity(), java.util.function.Function.identity());
  }

  record Greeting(String text) implements java.lang.reflect.InvocationHandler {
    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
      return text;
    }
  }

  private static Object proxy(String text) {
    return java.lang.reflect.Proxy.newProxyInstance(CanonicalEncoderTest.class.getClassLoader(),
        new Class<?>[] {java.util.function.Supplier.class}, new Greeting(text));
  }

  @Test
  void encode_proxies_byInterfacesAndHandler() {
    assertSameKey(proxy("hi"), proxy("hi"));
    assertDifferentKeys(proxy("hi"), proxy("ho"), new Greeting("hi"));
  }

  @Test
  void encode_goldenVectors_arePinned() {
    Map<String, byte[]> actual = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : goldenValues().entrySet()) {
      actual.put(e.getKey(), key(e.getValue()));
    }
    GoldenFile.check("golden-keys.txt", actual);
  }

  static Map<String, Object> goldenValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("null", null);
    m.put("true", true);
    m.put("false", false);
    m.put("int 1", 1);
    m.put("long 1", 1L);
    m.put("short 1", (short) 1);
    m.put("byte 1", (byte) 1);
    m.put("char a", 'a');
    m.put("double 1.0", 1.0);
    m.put("float 1.0", 1.0f);
    m.put("double -0.0", -0.0);
    m.put("double NaN", Double.NaN);
    m.put("empty string", "");
    m.put("string e-acute", "\u00e9");
    m.put("string emoji", "\uD83D\uDE00");
    m.put("string unpaired surrogate", "a\uD800");
    m.put("BigInteger 10^20", BigInteger.TEN.pow(20));
    m.put("BigDecimal 1.0", new BigDecimal("1.0"));
    m.put("BigDecimal 1.00", new BigDecimal("1.00"));
    m.put("BigDecimal -12.345", new BigDecimal("-12.345"));
    m.put("enum RED", Color.RED);
    m.put("enum with body BLUE", Color.BLUE);
    m.put("JDK enum MONDAY", DayOfWeek.MONDAY);
    m.put("record Point", new Point(1, -2));
    m.put("record Item", new Item("x", 3, Color.GREEN, Optional.of("n"), List.of(1, 2)));
    m.put("list", List.of(1, "a", 2L));
    m.put("nested", List.of(Map.of("k", List.of(Set.of(1, 2))), Optional.empty()));
    m.put("HashSet of enums", new HashSet<>(List.of(Color.RED, Color.GREEN, Color.BLUE)));
    m.put("HashMap of enums", new HashMap<>(Map.of(Color.RED, 1, Color.BLUE, 2)));
    m.put("int[]", new int[] {1, -1});
    m.put("long[]", new long[] {1L});
    m.put("double[]", new double[] {0.5});
    m.put("String[]", new String[] {"a", null});
    m.put("Optional.of", Optional.of("x"));
    m.put("OptionalInt.of", OptionalInt.of(3));
    m.put("LocalDate", LocalDate.of(2026, 11, 25));
    m.put("LocalTime", LocalTime.of(9, 30, 1, 5));
    m.put("LocalDateTime", LocalDateTime.of(2026, 11, 25, 9, 30));
    m.put("Instant", Instant.ofEpochSecond(1_700_000_000L, 123));
    m.put("Duration", Duration.ofMillis(1500));
    m.put("ZonedDateTime", ZonedDateTime.of(LocalDateTime.of(2026, 3, 29, 3, 0), ZoneId.of("Europe/Paris")));
    m.put("OffsetDateTime", OffsetDateTime.of(LocalDateTime.of(2026, 1, 1, 0, 0), ZoneOffset.ofHours(-5)));
    m.put("ZoneOffset", ZoneOffset.UTC);
    m.put("Period", Period.of(1, 2, 3));
    m.put("Year", Year.of(2026));
    m.put("YearMonth", YearMonth.of(2026, 11));
    m.put("UUID", new UUID(1, 2));
    m.put("Class", String.class);
    m.put("Path", Path.of("/tmp/x"));
    m.put("URI", URI.create("https://example.org/a?b"));
    m.put("Locale", Locale.US);
    m.put("Pattern", Pattern.compile("a+", Pattern.CASE_INSENSITIVE));
    // key format 2 (issue 9)
    Map<String, Integer> linked = new LinkedHashMap<>();
    linked.put("b", 2);
    linked.put("a", 1);
    m.put("LinkedHashMap b a", linked);
    m.put("LinkedHashSet y x", new LinkedHashSet<>(List.of("y", "x")));
    m.put("enum with fields", CodecFixtures.Vat.REDUCED);
    CodecFixtures.Labels labels = new CodecFixtures.Labels("en");
    labels.put("title", "Title");
    m.put("HashMap subclass with a field", labels);
    java.util.Properties defaults = new java.util.Properties();
    defaults.setProperty("currency", "EUR");
    java.util.Properties properties = new java.util.Properties(defaults);
    properties.setProperty("region", "eu");
    m.put("Properties with defaults", properties);
    m.put("MathContext", java.math.MathContext.DECIMAL32);
    m.put("Clock fixed", java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
    m.put("Clock system", java.time.Clock.systemUTC());
    m.put("Clock offset", java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofDays(30)));
    m.put("AtomicInteger", new java.util.concurrent.atomic.AtomicInteger(5));
    m.put("AtomicReference", new java.util.concurrent.atomic.AtomicReference<>("x"));
    m.put("HexFormat", java.util.HexFormat.ofDelimiter(":"));
    m.put("InetSocketAddress", java.net.InetSocketAddress.createUnresolved("db", 5432));
    return m;
  }
}
