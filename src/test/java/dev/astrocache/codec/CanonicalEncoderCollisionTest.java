package dev.astrocache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.codec.CanonicalEncoder.Mode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DecimalStyle;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that must not share a key (a shared key is a wrong hit), found by an audit of the
 * encoding, and values whose own code fails while they are read.
 */
class CanonicalEncoderCollisionTest {
  private final CanonicalEncoder encoder = new CanonicalEncoder(
      type -> ("code:" + KeyClass.stableName(type)).getBytes(StandardCharsets.UTF_8));

  private final KeyAssertions keys = new KeyAssertions(encoder);

  private byte[] key(Object v) {
    return keys.key(v);
  }

  private byte[] key(Object v, Mode mode) {
    return keys.key(v, mode, new HashSet<>());
  }

  private void assertSameKey(Object a, Object b) {
    keys.assertSameKey(a, b);
  }

  private void assertDifferentKeys(Object... values) {
    keys.assertDifferentKeys(values);
  }

  @Test
  void scalarsOfDifferentKindsAndEqualsDistinctions() {
    assertDifferentKeys(0.0, -0.0, 0.0f, -0.0f);
    assertSameKey(Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L));
    assertSameKey(new double[] {Double.NaN}, new double[] {Double.longBitsToDouble(0x7ff0000000000001L)});
    assertDifferentKeys(1, 1L, (short) 1, (byte) 1, BigInteger.ONE, BigDecimal.ONE, 1.0, 1.0f,
        new BigDecimal("1.0"), new BigDecimal("1.00"), '1', "1");
    assertDifferentKeys('a', "a", new char[] {'a'}, List.of('a'), new StringBuilder("a"));
    assertDifferentKeys(new byte[] {1}, new Byte[] {1}, List.of((byte) 1), Set.of((byte) 1));
    assertDifferentKeys(new int[0], new long[0], new Object[0], new Integer[0], List.of(),
        Set.of(), Map.of(), Optional.empty(), null, "");
    assertDifferentKeys(Arrays.asList((Object) null), List.of(), List.of(List.of()),
        List.of(List.of(), List.of()), List.of(Optional.empty()));
    assertDifferentKeys(List.of(1, 2), Set.of(1, 2), Map.of(1, 2), List.of(Map.entry(1, 2)),
        new int[] {1, 2});
    assertDifferentKeys("a\uD800", "a\uDC00", "a?", "a\uFFFD", "a\uD800\uDC00", "a\uDC00\uD800");
    Instant t = Instant.ofEpochSecond(1_700_000_000L);
    assertDifferentKeys(t, t.toEpochMilli(), t.getEpochSecond(),
        ZonedDateTime.ofInstant(t, ZoneOffset.UTC), ZonedDateTime.ofInstant(t, ZoneId.of("UTC")),
        ZonedDateTime.ofInstant(t, ZoneId.of("Europe/Paris")));
    UUID u = new UUID(1, 2);
    assertDifferentKeys(u, new long[] {1, 2}, List.of(1L, 2L));
    assertDifferentKeys(int.class, Integer.class, int[].class, Integer[].class, long[].class,
        "int", "[I");
  }

  record A(int x) {}

  record B(int x) {}

  enum Alpha { X }

  enum Beta { X }

  static final class F1 {
    int a = 1;
  }

  static final class F2 {
    int b = 1;
  }

  static final class LazyList extends AbstractList<Object> {
    @Override
    public Object get(int index) {
      throw new IllegalStateException("lazy collection: session closed");
    }

    @Override
    public int size() {
      return 1;
    }
  }

  static final class Holder {
    Object value;

    Holder(Object value) {
      this.value = value;
    }
  }

  static class Animal {
    String name = "n";
  }

  static final class Dog extends Animal {}

  @Test
  void classesAndShapes() {
    assertDifferentKeys(new A(1), new B(1), Alpha.X, Beta.X, "X");
    assertDifferentKeys(new Holder(new Animal()), new Holder(new Dog()));
    assertSameKey(new HashMap<>(Map.of("a", 1, "b", 2)), new TreeMap<>(Map.of("b", 2, "a", 1)));
    List<Object> self = new ArrayList<>();
    self.add(self);
    List<Object> outer = new ArrayList<>();
    outer.add(self);
    assertDifferentKeys(self, outer, List.of(List.of()));
  }

  // a sorted set's, sorted map's or priority queue's comparator is behaviour: part of the key
  @Test
  void sortedSetComparator_isPartOfTheKey() {
    TreeSet<Integer> natural = new TreeSet<>(List.of(1, 2));
    TreeSet<Integer> reversed = new TreeSet<>(Comparator.<Integer>reverseOrder());
    reversed.addAll(List.of(1, 2));
    assertEquals(natural, reversed); // Set.equals: same elements
    assertFalse(natural.first().equals(reversed.first())); // but first() = 1 vs 2
    assertDifferentKeys(natural, reversed);
  }

  @Test
  void sortedSetUserComparator_isPartOfTheKey() {
    TreeSet<String> plain = new TreeSet<>(List.of("a", "b"));
    TreeSet<String> byLength = new TreeSet<>((x, y) -> x.length() - y.length());
    byLength.addAll(List.of("a")); // one element: iteration order cannot tell them apart
    TreeSet<String> natural = new TreeSet<>(List.of("a"));
    assertEquals(natural, byLength);
    // a method that does s.add("b"); return s.size(); returns 2 for natural, 1 for byLength
    assertDifferentKeys(natural, byLength);
    assertDifferentKeys(plain, byLength);
    // and the comparator's class is not reported, so the fingerprint never reaches compare()
    Set<Class<?>> visited = new HashSet<>();
    try {
      encoder.encode(byLength, Mode.ARGUMENT, visited);
    } catch (UnencodableValueException e) {
      throw new AssertionError(e);
    }
    assertTrue(visited.contains(byLength.comparator().getClass()), visited.toString());
  }

  @Test
  void sortedMapComparator_isPartOfTheKey() {
    TreeMap<String, Integer> natural = new TreeMap<>(Map.of("a", 1));
    TreeMap<String, Integer> insensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    insensitive.put("a", 1);
    assertEquals(natural, insensitive);
    // m.put("A", 2); return m.size(); is 2 for natural, 1 for insensitive
    assertDifferentKeys(natural, insensitive);
  }

  @Test
  void priorityQueueComparator_isPartOfTheKey() {
    PriorityQueue<Integer> min = new PriorityQueue<>(List.of(5));
    PriorityQueue<Integer> max = new PriorityQueue<>(Comparator.<Integer>reverseOrder());
    max.add(5);
    // q.add(1); return q.peek(); is 1 for min, 5 for max
    assertDifferentKeys(min, max);
  }

  private static Path zip(Path dir, String name, String content) throws Exception {
    Path z = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
      out.putNextEntry(new ZipEntry("data.txt"));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return z;
  }

  /** Natural order encodes as before; JDK comparators encode by class; user ones by code. */
  @Test
  void sortedCollections_naturalUnchangedAndJdkComparatorsEncode() throws Exception {
    assertSameKey(new TreeSet<>(List.of(1, 2)), new HashSet<>(List.of(2, 1)));
    assertSameKey(new TreeMap<>(Map.of(1, 2)), Map.of(1, 2));
    TreeSet<String> insensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    TreeSet<String> natural = new TreeSet<>(Comparator.naturalOrder());
    TreeSet<String> reversed = new TreeSet<>(Collections.reverseOrder());
    assertDifferentKeys(insensitive, natural, reversed, new TreeSet<String>());
    TreeSet<String> lambda1 = new TreeSet<>((x, y) -> x.length() - y.length());
    TreeSet<String> lambda2 = new TreeSet<>((x, y) -> y.length() - x.length());
    CanonicalEncoder byClass = new CanonicalEncoder(t -> t.getName().getBytes(StandardCharsets.UTF_8));
    assertFalse(Arrays.equals(byClass.encode(lambda1, Mode.ARGUMENT, new HashSet<>()),
        byClass.encode(lambda2, Mode.ARGUMENT, new HashSet<>())));
    // a JDK comparator with state that astrocache cannot read: a clear error at .comparator()
    TreeSet<String> wrapped = new TreeSet<>(Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER));
    UnencodableValueException e = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(List.of(wrapped), Mode.ARGUMENT, new HashSet<>()));
    assertEquals("[0].comparator()", e.path());
  }

  /** Two zip file systems: one provider, one scheme, one path string, two different files. */
  @Test
  void pathsInDifferentZipFileSystems_differ(@TempDir Path dir) throws Exception {
    try (FileSystem one = FileSystems.newFileSystem(zip(dir, "one.zip", "1"));
        FileSystem two = FileSystems.newFileSystem(zip(dir, "two.zip", "2"))) {
      Path a = one.getPath("/data.txt");
      Path b = two.getPath("/data.txt");
      assertFalse(a.equals(b));
      assertFalse(Files.readString(a).equals(Files.readString(b)));
      assertDifferentKeys(a, b);
    }
  }

  /** A collection whose own code throws while it is read (a lazy one whose session closed). */
  @Test
  void throwingUserCollection_isAnUnencodableValueWithPath() {
    UnencodableValueException e = assertThrows(UnencodableValueException.class,
        () -> encoder.encode(new Holder(new LazyList()), Mode.ARGUMENT, new HashSet<>()));
    assertEquals(".value", e.path());
    assertEquals(LazyList.class, e.type());
    assertTrue(e.reason().contains("lazy collection: session closed"), e.reason());
  }

  /** A list whose size() is wrong (concurrently modified). */
  @Test
  void concurrentlyModifiedCollection_isAClearError() {
    List<Object> growing = new AbstractList<>() {
      @Override
      public Object get(int index) {
        return index;
      }

      @Override
      public int size() {
        return 2;
      }

      @Override
      public java.util.Iterator<Object> iterator() {
        return List.<Object>of(1, 2, 3).iterator();
      }
    };
    Set<Object> set = new java.util.AbstractSet<>() {
      @Override
      public java.util.Iterator<Object> iterator() {
        return List.<Object>of(1, 2, 3).iterator();
      }

      @Override
      public int size() {
        return 2;
      }
    };
    Throwable t = assertThrows(Throwable.class,
        () -> encoder.encode(Map.of("s", set), Mode.ARGUMENT, new HashSet<>()));
    assertTrue(t instanceof UnencodableValueException, t.toString());
    assertEquals("[\"s\"]", ((UnencodableValueException) t).path());
    Throwable l = assertThrows(Throwable.class,
        () -> encoder.encode(List.of(1, growing), Mode.ARGUMENT, new HashSet<>()));
    assertTrue(l instanceof UnencodableValueException, l.toString());
    assertEquals("[1]", ((UnencodableValueException) l).path());
  }

  @Test
  void fieldNamesArePartOfTheKey() {
    assertFalse(Arrays.equals(key(new Holder(new F1())), key(new Holder(new F2()))));
  }

  /** A formatter held by an impl counted by its class alone: two formats shared entries. */
  @Test
  void dateTimeFormattersCountByEverySetting() {
    DateTimeFormatter iso = DateTimeFormatter.ISO_LOCAL_DATE;
    DateTimeFormatter dmy = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    assertSameKey(dmy, DateTimeFormatter.ofPattern("dd/MM/yyyy"));
    assertSameKey(dmy.withLocale(Locale.FRANCE),
        DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.FRANCE));
    // ISO_LOCAL_DATE prints years up to 10 digits, uuuu up to 19: two formats, two keys
    assertDifferentKeys(iso, DateTimeFormatter.ofPattern("uuuu-MM-dd")
        .withResolverStyle(ResolverStyle.STRICT).withChronology(IsoChronology.INSTANCE));
    assertDifferentKeys(iso, dmy, DateTimeFormatter.ofPattern("MM/dd/yyyy"),
        dmy.withLocale(Locale.FRANCE), dmy.withZone(ZoneOffset.UTC),
        dmy.withResolverStyle(ResolverStyle.LENIENT), dmy.withChronology(IsoChronology.INSTANCE),
        dmy.withDecimalStyle(DecimalStyle.STANDARD.withZeroDigit('\u0660')),
        dmy.withResolverFields(ChronoField.YEAR), dmy.withResolverFields(ChronoField.MONTH_OF_YEAR),
        dmy.withResolverFields(Set.of()));
    // as a field of the impl: part of the state, not a service counted by class
    assertFalse(Arrays.equals(key(new Holder(iso), Mode.STATE), key(new Holder(dmy), Mode.STATE)));
  }
}
