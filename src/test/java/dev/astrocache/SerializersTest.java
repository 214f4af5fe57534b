package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.astrocache.codec.ValueCodec;
import dev.astrocache.spi.Serializer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SerializersTest {
  /** A serializer of every value: one that only a choice by name puts to use. */
  static class Any implements Serializer {
    private final String name;

    Any(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public byte[] serialize(Object value) {
      return new byte[0];
    }

    @Override
    public Object deserialize(byte[] bytes, ClassLoader loader) {
      return null;
    }
  }

  /** A serializer that declares its types: it serves them unasked. */
  static final class OfType extends Any {
    private final Class<?> type;

    OfType(String name, Class<?> type) {
      super(name);
      this.type = type;
    }

    @Override
    public boolean handles(Class<?> t) {
      return t == type;
    }
  }

  private final Serializer codec = new ValueCodec();
  private final Serializer any = new Any("any");
  private final Serializer strings = new OfType("strings", String.class);
  private final Serializer ints = new OfType("ints", Integer.class);

  private Serializers serializers(Optional<Serializer> chosen) {
    Map<String, Serializer> byName = new LinkedHashMap<>();
    for (Serializer s : new Serializer[] {codec, any, strings, ints}) {
      byName.put(s.name(), s);
    }
    return new Serializers(byName, chosen);
  }

  @Test
  void forValue_noChoice_typedSerializersServeTheirTypesAndTheCodecTheRest() {
    Serializers s = serializers(Optional.empty());
    assertSame(strings, s.forValue("x"));
    assertSame(ints, s.forValue(1));
    assertSame(codec, s.forValue(1L));
    assertSame(codec, s.forValue(null));
  }

  @Test
  void forValue_chosenByName_winsForWhatItHandles() {
    assertSame(any, serializers(Optional.of(any)).forValue(1L));
    assertSame(any, serializers(Optional.of(any)).forValue("x"));
    assertSame(codec, serializers(Optional.of(any)).forValue(null));
    Serializers chosenInts = serializers(Optional.of(ints));
    assertSame(ints, chosenInts.forValue(1));
    assertSame(strings, chosenInts.forValue("x"));
    assertSame(codec, chosenInts.forValue(1L));
  }

  @Test
  void forValue_codecChosenByName_isNoChoice() {
    assertSame(strings, serializers(Optional.of(codec)).forValue("x"));
  }

  @Test
  void named_givesTheEntrysSerializerOrNull() {
    Serializers s = serializers(Optional.empty());
    assertSame(any, s.named("any"));
    assertSame(codec, s.named(ValueCodec.NAME));
    assertNull(s.named("gone"));
  }
}
