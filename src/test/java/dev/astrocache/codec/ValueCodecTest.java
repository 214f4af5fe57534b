package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.astrocache.codec.CanonicalEncoder.Mode;
import dev.astrocache.codec.CodecFixtures.Color;
import dev.astrocache.codec.CodecFixtures.Pair;
import java.io.ByteArrayOutputStream;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueCodecTest {
  private final ValueCodec codec = new ValueCodec();
  private final CanonicalEncoder keys = new CanonicalEncoder(type -> new byte[0]);
  private final ClassLoader loader = getClass().getClassLoader();

  private Object roundTrip(Object v) {
    try {
      return codec.deserialize(codec.serialize(v), loader);
    } catch (IOException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** Deep equality that compares arrays by content: the canonical key. */
  private byte[] key(Object v) {
    try {
      return keys.encode(v, Mode.ARGUMENT, new HashSet<>());
    } catch (UnencodableValueException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /**
   * The implementation classes in {@code v}, recursively: what a round trip must keep. Elements
   * of sets and maps are listed sorted, since their iteration order may change.
   */
  static String shape(Object v) {
    if (v == null) {
      return "null";
    }
    String name = v.getClass().getSimpleName();
    if (v.getClass().getName().startsWith("java.util.ImmutableCollections$")
        || v.getClass().getName().startsWith("java.util.Collections$Unmodifiable")) {
      name = "unmodifiable";
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object e : l) {
        parts.add(shape(e));
      }
      return name + parts;
    }
    if (v instanceof Set<?> s) {
      return name + sorted(s);
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        parts.add(shape(e.getKey()) + "=" + shape(e.getValue()));
      }
      Collections.sort(parts);
      return name + parts;
    }
    if (v instanceof Optional<?> o) {
      return "Optional(" + o.map(ValueCodecTest::shape).orElse("") + ")";
    }
    if (v instanceof Pair p) {
      return "Pair(" + shape(p.left()) + "," + shape(p.right()) + ")";
    }
    return name;
  }

  private static List<String> sorted(Collection<?> c) {
    List<String> parts = new ArrayList<>();
    for (Object e : c) {
      parts.add(shape(e));
    }
    Collections.sort(parts);
    return parts;
  }

  @Test
  void serialize_generatedValues_roundTripEqualWithTheSameImplementations() {
    qt().withFixedSeed(3L).withExamples(500)
        .forAll(CodecFixtures.values(3), longs().all())
        .checkAssert((generated, seed) -> {
          Object v = CodecFixtures.rebuild(generated, new Random(seed));
          Object back = roundTrip(v);
          assertEquals(v, back);
          assertEquals(shape(v), shape(back));
        });
  }

  @Test
  void serialize_generatedValuesInArrays_roundTrip() {
    qt().withFixedSeed(5L).withExamples(200)
        .forAll(CodecFixtures.values(2), integers().between(0, 1000))
        .checkAssert((v, n) -> {
          Object[] holder = {v, new int[] {n, -n}, new String[] {String.valueOf(n), null},
              new double[] {n / 3.0}, new Color[] {Color.BLUE}, new long[0][]};
          Object back = roundTrip(holder);
          assertEquals(Object[].class, back.getClass());
          // not by key: an unmodifiable set comes back in its order, as a linked one, and the
          // key counts the order of a linked set (a value's own order is no key of the result)
          assertTrue(Arrays.deepEquals(holder, (Object[]) back), () -> Arrays.deepToString(holder));
        });
  }

  @Test
  void serialize_collectionKinds_areKept() {
    assertEquals(LinkedList.class, roundTrip(new LinkedList<>(List.of(1))).getClass());
    assertEquals(TreeSet.class, roundTrip(new TreeSet<>(Set.of("b", "a"))).getClass());
    assertEquals(List.of("b", "a"), new ArrayList<>((Set<?>) roundTrip(new LinkedHashSet<>(List.of("b", "a")))));
    Map<String, Integer> linked = new LinkedHashMap<>();
    linked.put("z", 1);
    linked.put("a", 2);
    assertEquals(List.of("z", "a"), new ArrayList<>(((Map<?, ?>) roundTrip(linked)).keySet()));
    Object unmodifiable = roundTrip(List.of(1, 2));
    List<Object> list = cast(unmodifiable);
    assertThrows(UnsupportedOperationException.class, () -> list.add(3));
    assertEquals(Arrays.asList(1, null), roundTrip(Collections.unmodifiableList(Arrays.asList(1, null))));
    // List.of would throw on contains(null) where Stream.toList() and unmodifiableList answer
    for (List<?> nullFriendly : List.of(Stream.of(1, 2).toList(), Collections.emptyList(),
        Collections.singletonList(1), Collections.unmodifiableList(new ArrayList<>(List.of(1))))) {
      List<Object> back = cast(roundTrip(nullFriendly));
      assertEquals(nullFriendly, back);
      assertFalse(back.contains(null), nullFriendly.getClass().getName());
      assertEquals(-1, back.indexOf(null));
    }
  }

  @Test
  void serialize_jdkViews_readBackAsUnmodifiableCopies() {
    Map<String, Integer> map = new HashMap<>(Map.of("a", 1, "b", 2));
    List<Object> views = List.of(new ArrayList<>(List.of(1, 2, 3)).subList(1, 2), map.keySet(),
        new ArrayList<>(map.values()), Arrays.asList(new CodecFixtures.Point(1, 2)));
    Object back = roundTrip(views);
    assertEquals(views, back);
    assertEquals("unmodifiable[unmodifiable[Integer], unmodifiable[String, String], ArrayList[Integer,"
        + " Integer], ArrayList[Point]]", shape(back));
    List<?> values = (List<?>) roundTrip(map.values());
    assertEquals(Set.of(1, 2), Set.copyOf(values));
    // a public collection class that is not Serializable is no view: it came back unmodifiable
    IOException e = assertThrows(IOException.class,
        () -> codec.serialize(new java.util.WeakHashMap<>(Map.of("a", 1))));
    assertTrue(e.getMessage().contains("java.util.WeakHashMap"), e.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  @Test
  void serialize_treeMapWithComparatorAndEnumSet_fallBackToJavaIo() {
    TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.put("a", 1);
    reversed.put("b", 2);
    TreeMap<?, ?> back = (TreeMap<?, ?>) roundTrip(reversed);
    assertEquals(List.of("b", "a"), new ArrayList<>(back.keySet()));
    assertEquals(EnumSet.of(DayOfWeek.MONDAY), roundTrip(EnumSet.of(DayOfWeek.MONDAY)));
    assertEquals(List.of(new Pair(EnumSet.of(Color.RED), 1)), roundTrip(List.of(new Pair(EnumSet.of(Color.RED), 1))));
  }

  record Connection(String name, Socket socket) {}

  @Test
  void serialize_socketInRecordInList_namesThePathAndTheFix() throws IOException {
    try (Socket socket = new Socket()) {
      IOException e = assertThrows(IOException.class,
          () -> codec.serialize(List.of(new Connection("db", socket))));
      assertEquals("Cannot cache the result at [0].socket: java.net.Socket is not a value type"
          + " astrocache knows (records, enums, collections, java.time, ...) and not Serializable."
          + " Return a record or a Serializable class instead, plug in a Serializer"
          + " (dev.astrocache.spi.Serializer) for it, or mark the method @NotCached.", e.getMessage());
    }
  }

  static final class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("serial") // holds what is not Serializable (a socket) on purpose
    final Object content;

    Holder(Object content) {
      this.content = content;
    }
  }

  @Test
  void serialize_serializableHoldingASocket_namesThePathAndTheCause() throws IOException {
    try (Socket socket = new Socket()) {
      IOException e = assertThrows(IOException.class,
          () -> codec.serialize(Map.of("conn", new Holder(socket))));
      assertEquals("Cannot cache the result at [\"conn\"]: " + Holder.class.getName() + " is"
          + " Serializable, but java.io serialization failed: java.io.NotSerializableException:"
          + " java.net.Socket. Make the fields it holds Serializable or transient, return a"
          + " record instead, or mark the method @NotCached.", e.getMessage());
    }
  }

  @Test
  void serialize_valueContainingItself_isAnIOException() {
    List<Object> self = new ArrayList<>();
    self.add(List.of(1, self));
    IOException e = assertThrows(IOException.class, () -> codec.serialize(self));
    assertEquals("Cannot cache the result at [0][1]: java.util.ArrayList contains itself, which"
        + " the astrocache format cannot hold. Return a value without cycles, or mark the method"
        + " @NotCached.", e.getMessage());
    // shared, not cyclic: written at each place
    List<Integer> shared = List.of(1);
    assertEquals(List.of(shared, shared), roundTrip(List.of(shared, shared)));
  }

  record Chain(int value, Chain next) {}

  private static Chain chain(int n) {
    Chain c = null;
    for (int i = n - 1; i >= 0; i--) {
      c = new Chain(i, c);
    }
    return c;
  }

  private static int length(Chain c) {
    int n = 0;
    for (; c != null; c = c.next()) {
      n++;
    }
    return n;
  }

  @Test
  void serialize_deepValues_roundTripWithoutADepthLimit() throws IOException {
    // 2,000 threw "nested more than 500 levels deep" on write and on read
    Chain back = (Chain) roundTrip(chain(2_000));
    assertEquals(2_000, length(back));
    Chain deep = (Chain) roundTrip(chain(100_000));
    assertEquals(100_000, length(deep));
    Chain c = deep;
    for (int i = 0; i < 99_999; i++) {
      c = c.next();
    }
    assertEquals(99_999, c.value());
    List<Object> nested = new ArrayList<>();
    List<Object> inner = nested;
    for (int i = 0; i < 50_000; i++) {
      List<Object> next = new ArrayList<>();
      inner.add(Optional.of(Map.of("k", new Object[] {next})));
      inner = next;
    }
    inner.add("bottom");
    Object read = codec.deserialize(codec.serialize(nested), loader);
    for (int i = 0; i < 50_000; i++) {
      Object[] a = (Object[]) ((Map<?, ?>) ((Optional<?>) ((List<?>) read).get(0)).get()).get("k");
      read = a[0];
    }
    assertEquals(List.of("bottom"), read);
  }

  record Step(Object value, Step next) {}

  @Test
  void serialize_failureDeepInside_namesBothEndsOfThePath() throws IOException {
    Step l = new Step(new Object(), null);
    for (int i = 0; i < 1_999; i++) {
      l = new Step(i, l);
    }
    Step head = l;
    IOException e = assertThrows(IOException.class, () -> codec.serialize(head));
    assertEquals("Cannot cache the result at .next.next.next.next...(1,991 more)"
        + ".next.next.next.next.value: java.lang.Object is not a value type astrocache"
        + " knows (records, enums, collections, java.time, ...) and not Serializable. Return a"
        + " record or a Serializable class instead, plug in a Serializer"
        + " (dev.astrocache.spi.Serializer) for it, or mark the method @NotCached.", e.getMessage());
    // the path of 2,000 segments is 59 characters; the rest is the message of any failure
  }

  @Test
  void deserialize_deepPayloadCutShort_isAnIOException() throws IOException {
    byte[] bytes = codec.serialize(chain(10_000));
    IOException e = assertThrows(IOException.class,
        () -> codec.deserialize(Arrays.copyOf(bytes, bytes.length - 1), loader));
    assertTrue(e.getMessage().startsWith("Corrupt astrocache payload at offset"), e.getMessage());
  }

  /** A hit reads the payload where its frame holds it: bytes around it are never read. */
  @Test
  void deserialize_payloadWithinALargerArray_readsAsTheWholeArrayDoes() {
    qt().withFixedSeed(23L).withExamples(300)
        .forAll(CodecFixtures.values(3), integers().between(0, 100), integers().between(0, 100))
        .checkAssert((v, before, after) -> {
          byte[] bytes = serialize(v);
          byte[] framed = new byte[before + bytes.length + after];
          Arrays.fill(framed, (byte) 0x7F);
          System.arraycopy(bytes, 0, framed, before, bytes.length);
          try {
            Object whole = codec.deserialize(bytes, loader);
            Object inPlace = codec.deserialize(framed, before, bytes.length, loader, null);
            assertEquals(shape(whole), shape(inPlace));
            assertArrayEquals(key(whole), key(inPlace));
          } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
          }
          // one byte short: the bytes after the range are not read, and offsets count from its
          // start
          IOException cut = assertThrows(IOException.class,
              () -> codec.deserialize(framed, before, bytes.length - 1, loader, null));
          assertTrue(cut.getMessage().startsWith("Corrupt astrocache payload at offset "),
              cut.getMessage());
          assertTrue(cut.getMessage().contains(" of " + (bytes.length - 1) + ": "),
              cut.getMessage());
        });
    assertThrows(IndexOutOfBoundsException.class,
        () -> codec.deserialize(new byte[4], 2, 3, loader, null));
  }

  /** What reading {@code payload} from a direct buffer gives: its key, or the failure. */
  private String fromBuffer(byte[] payload) {
    ByteBuffer b = ByteBuffer.allocateDirect(payload.length + 10);
    b.position(3).put(payload).limit(3 + payload.length).position(3);
    try {
      Object v = codec.deserialize(b, loader, null);
      assertEquals(3, b.position());
      return shape(v) + Arrays.toString(key(v));
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  private String fromArray(byte[] payload) {
    try {
      Object v = codec.deserialize(payload, loader);
      return shape(v) + Arrays.toString(key(v));
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /**
   * A file store hit reads from a buffer: a byte[] payload is copied straight into its array,
   * any other is read as from an array, and every cut or altered byte fails (or reads) as it
   * does from an array.
   */
  @Test
  void deserialize_fromABuffer_readsAsFromAnArray() {
    Random random = new Random(41);
    for (int n : new int[] {0, 1, 127, 128, 16_383, 16_384, 100_000}) {
      byte[] a = new byte[n];
      random.nextBytes(a);
      byte[] payload = serialize(a);
      assertEquals(fromArray(payload), fromBuffer(payload));
      assertEquals(fromArray(Arrays.copyOf(payload, payload.length + 1)),
          fromBuffer(Arrays.copyOf(payload, payload.length + 1)));
      for (int cut = 0; cut < Math.min(payload.length, 8); cut++) {
        byte[] c = Arrays.copyOf(payload, cut);
        assertEquals(fromArray(c), fromBuffer(c), n + " cut to " + cut);
      }
      for (int at = 0; at < Math.min(payload.length, 6); at++) {
        for (int mask : new int[] {1, 0x40, 0x80, 0xff}) {
          byte[] c = payload.clone();
          c[at] ^= (byte) mask;
          assertEquals(fromArray(c), fromBuffer(c), n + ": byte " + at + " ^ " + mask);
        }
      }
    }
    // a varint of five bytes beyond the int range, and one that is not minimal
    for (byte[] odd : List.of(new byte[] {1, 49, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, 0x1f}, new byte[] {1, 49, (byte) 0x81, 0x00, 7})) {
      assertEquals(fromArray(odd), fromBuffer(odd));
    }
    qt().withFixedSeed(43L).withExamples(200).forAll(CodecFixtures.values(3))
        .checkAssert(v -> {
          byte[] payload = serialize(v);
          assertEquals(fromArray(payload), fromBuffer(payload));
        });
  }

  /**
   * Strings decode through the JDK's UTF-8 decoder when well-formed, and through the exact
   * WTF-8 decoder otherwise: lone surrogates and a real U+FFFD come back as they were, at every
   * length and position.
   */
  @Test
  void deserialize_strings_nonAsciiLoneSurrogatesAndReplacementCharacter_roundTrip() {
    String[] parts = {"a", "\u00e9", "\u20ac", "\uD83D\uDE00", "\uD800", "\uDFFF", "\uFFFD",
        "\u00ff", "\u0800", "\uFFFF", "x".repeat(40)};
    Random random = new Random(29);
    for (int i = 0; i < 2000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(12); k > 0; k--) {
        b.append(parts[random.nextInt(parts.length)]);
      }
      String s = b.toString();
      assertEquals(s, roundTrip(s), () -> s.chars().mapToObj(Integer::toHexString).toList()
          .toString());
    }
    String big = "\u00e9t\u00e9 \u4e2d\u6587 ".repeat(10_000);
    assertEquals(big, roundTrip(big));
    // a corrupt multi-byte sequence is still refused, not replaced
    byte[] bytes = serialize("\u00e9");
    bytes[bytes.length - 1] = 0x41;
    IOException e = assertThrows(IOException.class, () -> codec.deserialize(bytes, loader));
    assertTrue(e.getMessage().endsWith(": malformed string bytes"), e.getMessage());
  }

  @Test
  void deserialize_truncatedGeneratedPayloads_throwIOException() {
    qt().withFixedSeed(17L).withExamples(300)
        .forAll(CodecFixtures.values(3), integers().between(0, 10_000))
        .checkAssert((v, cut) -> {
          byte[] bytes = serialize(v);
          byte[] prefix = Arrays.copyOf(bytes, cut % bytes.length);
          assertThrows(IOException.class, () -> codec.deserialize(prefix, loader));
        });
  }

  @Test
  void deserialize_mutatedGeneratedPayloads_returnOrThrowIOException() {
    qt().withFixedSeed(19L).withExamples(1000)
        .forAll(CodecFixtures.values(3), integers().between(0, 10_000), integers().between(1, 255))
        .checkAssert((v, at, xor) -> {
          byte[] bytes = serialize(v);
          bytes[at % bytes.length] ^= (byte) (int) xor;
          try {
            codec.deserialize(bytes, loader);
          } catch (IOException expected) {
            // the only failure allowed
          } catch (RuntimeException | Error e) {
            fail("threw " + e, e);
          }
        });
  }

  private byte[] serialize(Object v) {
    try {
      return codec.serialize(v);
    } catch (IOException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** A payload: the version byte, then {@code parts} (ints as bytes, strings as str). */
  private static byte[] payload(Object... parts) {
    ByteSink b = new ByteSink(64);
    b.write(ValueTags.VERSION);
    for (Object p : parts) {
      if (p instanceof String s) {
        b.writeString(s);
      } else {
        b.write((Integer) p);
      }
    }
    return b.toByteArray();
  }

  @Test
  void deserialize_classThatIsNotARecordOrEnum_isRefused() {
    IOException record = assertThrows(IOException.class,
        () -> codec.deserialize(payload(ValueTags.RECORD, 0, "java.lang.Thread", 0), loader));
    assertEquals("Corrupt astrocache payload at offset 20 of 21: java.lang.Thread is named as a"
        + " record but is not one", record.getMessage());
    IOException enumValue = assertThrows(IOException.class,
        () -> codec.deserialize(payload(ValueTags.ENUM, 0, "java.util.ArrayList", "A"), loader));
    assertEquals("Corrupt astrocache payload at offset 23 of 25: java.util.ArrayList is named as"
        + " an enum but is not one", enumValue.getMessage());
    IOException missing = assertThrows(IOException.class,
        () -> codec.deserialize(payload(ValueTags.RECORD, 0, "no.such.Type", 0), loader));
    assertTrue(missing.getMessage().startsWith("Corrupt astrocache payload at offset 16 of 17:"
        + " class no.such.Type cannot be loaded by "), missing.getMessage());
    IOException components = assertThrows(IOException.class, () -> codec.deserialize(
        payload(ValueTags.RECORD, 0, CodecFixtures.Point.class.getName(), 1, ValueTags.NULL), loader));
    assertTrue(components.getMessage().endsWith("record dev.astrocache.codec.CodecFixtures$Point"
        + " has 2 components, the payload 1 (was the record changed?)"), components.getMessage());
  }

  @Test
  void deserialize_wrongComponentTypes_isAnIOException() {
    IOException e = assertThrows(IOException.class, () -> codec.deserialize(payload(ValueTags.RECORD, 0,
        CodecFixtures.Point.class.getName(), 2, ValueTags.STRING, "x", ValueTags.NULL), loader));
    assertEquals("Corrupt astrocache payload at offset 48 of 49: component x of"
        + " dev.astrocache.codec.CodecFixtures$Point is a java.lang.String, but its type is int", e.getMessage());
  }

  @Test
  void deserialize_hugeDeclaredLengths_areRefusedBeforeAllocating() {
    for (int tag : new int[] {ValueTags.ARRAY_LIST, ValueTags.HASH_MAP, ValueTags.LONG_ARRAY,
        ValueTags.STRING, ValueTags.BYTE_ARRAY}) {
      IOException e = assertThrows(IOException.class,
          () -> codec.deserialize(payload(tag, 0xFF, 0xFF, 0xFF, 0xFF, 0x07), loader));
      assertEquals("Corrupt astrocache payload at offset 7 of 7: a length of 2147483647 with only 0"
          + " bytes left", e.getMessage());
    }
  }

  @Test
  void deserialize_wrongVersionOrTrailingBytes_isAnIOException() {
    IOException version = assertThrows(IOException.class, () -> codec.deserialize(new byte[] {9, 0}, loader));
    assertEquals("Corrupt astrocache payload at offset 1 of 2: unknown format version 9 (this build"
        + " reads version 1)", version.getMessage());
    IOException trailing = assertThrows(IOException.class,
        () -> codec.deserialize(payload(ValueTags.NULL, ValueTags.NULL), loader));
    assertEquals("Corrupt astrocache payload at offset 2 of 3: 1 bytes follow the value", trailing.getMessage());
  }

  static final class Link implements Serializable {
    private static final long serialVersionUID = 1L;
    Link next;
  }

  @Test
  void deserialize_javaIoBeyondTheDepthLimit_isRefused() throws IOException {
    Link head = new Link();
    Link l = head;
    for (int i = 0; i < 150; i++) {
      l.next = new Link();
      l = l.next;
    }
    byte[] bytes = codec.serialize(head);
    IOException e = assertThrows(IOException.class, () -> codec.deserialize(bytes, loader));
    assertTrue(e.getMessage().startsWith("Corrupt astrocache payload: its java.io serialized part"
        + " cannot be read (limits: depth 100, references 1000000, arrays and bytes "), e.getMessage());
    assertTrue(e.getMessage().endsWith("java.io.InvalidClassException: filter status: REJECTED"), e.getMessage());
  }

  @Test
  void deserialize_javaIoArrayLongerThanTheStream_isRefusedNotAllocated() throws IOException {
    byte[] data = new byte[16];
    Arrays.fill(data, (byte) 0x5A);
    byte[] bytes = codec.serialize(new Holder(data));
    ByteArrayOutputStream marker = new ByteArrayOutputStream();
    marker.write(new byte[] {0, 0, 0, 16});
    marker.write(data);
    int at = indexOf(bytes, marker.toByteArray());
    assertTrue(at > 0);
    bytes[at] = 0x7F;
    bytes[at + 1] = (byte) 0xFF;
    byte[] forged = bytes;
    IOException e = assertThrows(IOException.class, () -> codec.deserialize(forged, loader));
    assertTrue(e.getMessage().endsWith("java.io.InvalidClassException: filter status: REJECTED"), e.getMessage());
  }

  @Test
  void deserialize_javaIoPart_obeysItsLengthPrefix() throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(stream)) {
      out.writeObject(new Holder("x"));
      out.writeObject(new Holder("more"));
    }
    ByteSink b = new ByteSink(256);
    b.write(ValueTags.VERSION);
    b.write(ValueTags.JAVA_SERIALIZED);
    b.writeBytes(stream.toByteArray());
    IOException e = assertThrows(IOException.class, () -> codec.deserialize(b.toByteArray(), loader));
    assertTrue(e.getMessage().endsWith("java.io.IOException: bytes follow the object"), e.getMessage());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void deserialize_loadsClassesWithTheGivenLoader(@TempDir Path dir) throws Exception {
    Path classes = Javac.compile(dir.resolve("classes"), Map.of(
        "p.Temp", "package p; public record Temp(double celsius, p.Unit unit) {}",
        "p.Unit", "package p; public enum Unit { C, F }"));
    try (URLClassLoader child = new URLClassLoader(new URL[] {classes.toUri().toURL()}, loader)) {
      Class<?> unit = child.loadClass("p.Unit");
      Object c = unit.getEnumConstants()[0];
      Object temp = child.loadClass("p.Temp").getConstructors()[0].newInstance(21.5, c);
      byte[] bytes = codec.serialize(List.of(temp));
      List<?> back = (List<?>) codec.deserialize(bytes, child);
      assertEquals(List.of(temp), back);
      assertEquals(child, back.get(0).getClass().getClassLoader());
      IOException e = assertThrows(IOException.class, () -> codec.deserialize(bytes, loader));
      assertTrue(e.getMessage().startsWith("Corrupt astrocache payload at offset 12 of "
          + bytes.length + ": class p.Temp cannot be loaded by "), e.getMessage());
    }
  }

  /** Each file: comment lines starting with '#', then the payload in hex. */
  @Test
  void deserialize_badPayloadCorpus_throwsIOException() throws Exception {
    Path corpus = Path.of(getClass().getResource("/codec/bad-payloads").toURI());
    List<Path> files;
    try (java.util.stream.Stream<Path> list = java.nio.file.Files.list(corpus)) {
      files = list.filter(f -> f.toString().endsWith(".hex")).sorted().toList();
    }
    assertTrue(files.size() >= 20, "corpus of " + files.size());
    for (Path f : files) {
      StringBuilder hex = new StringBuilder();
      for (String line : java.nio.file.Files.readAllLines(f)) {
        if (!line.startsWith("#")) {
          hex.append(line.strip());
        }
      }
      byte[] bytes = java.util.HexFormat.of().parseHex(hex);
      IOException e = assertThrows(IOException.class, () -> codec.deserialize(bytes, loader),
          f.getFileName().toString());
      assertTrue(e.getMessage().startsWith("Corrupt astrocache payload"), f.getFileName() + ": " + e.getMessage());
    }
  }

  @Test
  void serialize_goldenPayloads_arePinned() throws IOException {
    Map<String, byte[]> actual = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : CanonicalEncoderTest.goldenValues().entrySet()) {
      Object v = e.getValue();
      if (v instanceof CodecFixtures.Labels || v instanceof java.util.Properties) {
        continue; // written by java.io
      }
      if (v instanceof HashSet<?> s && v.getClass() == HashSet.class) {
        v = new TreeSet<>(s); // a HashSet of enums iterates in identity-hash order
      } else if (v instanceof HashMap<?, ?> m && v.getClass() == HashMap.class) {
        v = new TreeMap<>(m);
      } else if (v != null && KeyClass.of(v.getClass()).kind >= KeyClass.CLASS && v.getClass() != java.util.UUID.class) {
        continue; // written by java.io, whose bytes are the JDK's business
      } else if (e.getKey().equals("nested")) {
        v = List.of(Map.of("k", List.of(new TreeSet<>(Set.of(1, 2)))), Optional.empty());
      }
      actual.put(e.getKey(), codec.serialize(v));
    }
    GoldenFile.check("golden-values.txt", actual);
  }
}
