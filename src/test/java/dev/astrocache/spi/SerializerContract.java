package dev.astrocache.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Serializer} meets. A serializer's test extends this class and
 * supplies {@link #serializer()}, and may add to {@link #sampleValues()} the values it is meant
 * for: each sample it {@link Serializer#handles handles} must round-trip to an equal value of
 * the same class, and bytes it did not write must fail with an {@link IOException} only. It must
 * handle at least one sample: a serializer that handles none would pass the contract unchecked.
 */
public abstract class SerializerContract {

  /** For subclasses. */
  protected SerializerContract() {}

  /** A fresh instance of the serializer under test. */
  protected abstract Serializer serializer();

  /** Values to round-trip: JDK values that every general-purpose serializer should take. */
  protected List<Object> sampleValues() {
    Map<String, Object> map = new HashMap<>();
    map.put("a", 1);
    map.put("b", List.of("x", "y"));
    return new ArrayList<>(Arrays.asList("", "\u00e9t\u00e9 \uD83D\uDE00", 0, -1, Integer.MAX_VALUE,
        Long.MIN_VALUE, 1.5, Double.NaN, true, new BigDecimal("1.00"), new ArrayList<>(List.of(1, 2, 3)),
        map, LocalDate.of(2026, 11, 25), new UUID(3, 4), new int[] {1, 2}, new byte[0]));
  }

  /**
   * Whether every strict prefix of a payload is refused. True for self-delimiting formats; a
   * serializer that cannot tell may return false, and then only the exception type is checked.
   */
  protected boolean detectsTruncation() {
    return true;
  }

  protected ClassLoader loader() {
    return getClass().getClassLoader();
  }

  @Test
  void name_isStableAndWellFormed() throws Exception {
    Serializer s = serializer();
    String name = s.name();
    assertNotNull(name, "name() == null");
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes >= 1 && bytes <= 255, "name() is " + bytes + " bytes of UTF-8, not 1 to 255");
    assertTrue(name.matches("[a-z0-9.-]+"), "name() " + name + " is not lower case letters, digits, dots, dashes");
    assertEquals(name, s.name());
    Serializer fresh = s.getClass().getConstructor().newInstance();
    assertEquals(name, fresh.name(), "a new instance (public no-argument constructor) has another name");
  }

  /**
   * The samples {@code s} handles, in order; fails when there is none, as every check over them
   * would then pass without checking anything.
   */
  protected final List<Object> handledSamples(Serializer s) {
    List<Object> samples = sampleValues();
    List<Object> handled = new ArrayList<>();
    for (Object v : samples) {
      if (v != null && s.handles(v.getClass())) {
        handled.add(v);
      }
    }
    if (handled.isEmpty()) {
      fail(s.getClass().getName() + " ('" + s.name() + "') handles none of the " + samples.size()
          + " sample values, so the contract would check nothing: add the values it is meant for"
          + " in sampleValues(), or fix handles()");
    }
    return handled;
  }

  @Test
  void handles_atLeastOneSample() {
    Serializer s = serializer();
    assertTrue(handledSamples(s).size() > 0);
  }

  @Test
  void serialize_sampleValues_roundTrip() throws IOException {
    Serializer s = serializer();
    for (Object v : handledSamples(s)) {
      Object back = s.deserialize(s.serialize(v), loader());
      assertTrue(Objects.deepEquals(v, back), () -> "round trip of " + describe(v) + " gave " + describe(back));
      assertEquals(v.getClass(), back.getClass(), () -> "round trip of " + describe(v));
    }
  }

  /**
   * The forms with the declared type are what the cache calls: each sample, declared as its own
   * class (a JDK class), round-trips through them as through the plain forms.
   */
  @Test
  void serialize_withDeclaredType_roundTripsAsTheCacheCallsIt() throws IOException {
    Serializer s = serializer();
    for (Object v : handledSamples(s)) {
      Object back = s.deserialize(s.serialize(v, v.getClass()), loader(), v.getClass());
      assertTrue(Objects.deepEquals(v, back), () -> "round trip of " + describe(v) + " gave " + describe(back));
      assertEquals(v.getClass(), back.getClass(), () -> "round trip of " + describe(v));
    }
  }

  @Test
  void deserialize_byAnotherInstance_readsWhatOneWrote() throws Exception {
    Serializer writer = serializer();
    Serializer reader = writer.getClass().getConstructor().newInstance();
    for (Object v : handledSamples(writer)) {
      assertTrue(Objects.deepEquals(v, reader.deserialize(writer.serialize(v), loader())), describe(v));
    }
  }

  @Test
  void handles_isDeterministic() {
    Serializer s = serializer();
    for (Object v : sampleValues()) {
      if (v != null) {
        assertEquals(s.handles(v.getClass()), s.handles(v.getClass()), describe(v));
      }
    }
  }

  @Test
  void deserialize_truncatedPayload_throwsIOException() throws IOException {
    Serializer s = serializer();
    for (Object v : handledSamples(s)) {
      byte[] bytes = s.serialize(v);
      for (int n = 0; n < bytes.length; n++) {
        byte[] prefix = Arrays.copyOf(bytes, n);
        if (detectsTruncation()) {
          assertThrows(IOException.class, () -> s.deserialize(prefix, loader()),
              () -> describe(v) + " cut to " + prefix.length + " bytes");
        } else {
          readOrIOException(s, prefix);
        }
      }
    }
  }

  @Test
  void deserialize_randomBytes_throwsOnlyIOException() {
    Serializer s = serializer();
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      readOrIOException(s, bytes);
    }
  }

  @Test
  void deserialize_mutatedPayload_throwsOnlyIOException() throws IOException {
    Serializer s = serializer();
    Random random = new Random(7);
    for (Object v : handledSamples(s)) {
      byte[] bytes = s.serialize(v);
      for (int i = 0; i < 20 && bytes.length > 0; i++) {
        byte[] mutated = bytes.clone();
        mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
        readOrIOException(s, mutated);
      }
    }
  }

  /** Reading {@code bytes} either returns or throws an IOException: nothing else. */
  protected final void readOrIOException(Serializer s, byte[] bytes) {
    try {
      s.deserialize(bytes, loader());
    } catch (IOException expected) {
      // the documented failure
    } catch (RuntimeException | Error e) {
      fail("deserialize threw " + e + " for bytes " + java.util.HexFormat.of().formatHex(bytes), e);
    }
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    String s = v.getClass().isArray() ? Arrays.deepToString(new Object[] {v}) : String.valueOf(v);
    return v.getClass().getName() + " " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
  }
}
