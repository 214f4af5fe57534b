package dev.astrocache;

import dev.astrocache.codec.ValueCodec;
import dev.astrocache.spi.Serializer;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which serializer writes a result, and which one reads an entry back. A result goes to the
 * serializer chosen by name ({@code astrocache.serializer}) if that one handles its class, else
 * to the first discovered serializer that declares it handles the class, else to the built-in
 * codec; {@code null} always to the codec. An entry is read by the serializer its frame names.
 */
final class Serializers {
  private final Map<String, Serializer> byName;
  private final Serializer codec;
  /** The serializer chosen by name, or null for the built-in codec. */
  private final Serializer primary;
  /** Discovered serializers that declare their types: they serve those types unasked. */
  private final List<Serializer> typed;

  /**
   * @param chosen the name given by {@code astrocache.serializer} (the codec's by default)
   * @throws IllegalArgumentException if no serializer has that name
   */
  Serializers(Plugins plugins, String chosen) {
    this(plugins.serializers, Optional.of(plugins.serializer(chosen)));
  }

  /** @param byName every serializer found, the built-in codec among them */
  Serializers(Map<String, Serializer> byName, Optional<Serializer> chosen) {
    this.byName = byName;
    this.codec = byName.get(ValueCodec.NAME);
    Serializer c = chosen.orElse(codec);
    this.primary = c == codec ? null : c;
    List<Serializer> t = new ArrayList<>();
    for (Serializer s : byName.values()) {
      if (s != c && s != codec && Plugins.declaresTypes(s)) {
        t.add(s);
      }
    }
    this.typed = List.copyOf(t);
  }

  /** The serializer that writes {@code value}. */
  Serializer forValue(Object value) {
    if (value == null) {
      return codec;
    }
    Class<?> type = value.getClass();
    if (primary != null && primary.handles(type)) {
      return primary;
    }
    for (Serializer s : typed) {
      if (s.handles(type)) {
        return s;
      }
    }
    return codec;
  }

  /** The serializer an entry's frame names, or null if none of that name is on the class path. */
  Serializer named(String name) {
    return byName.get(name);
  }

  /**
   * Reads the payload of {@code length} bytes at {@code offset} of {@code bytes} with {@code s}:
   * the built-in codec reads it in place, another serializer gets a copy of it (the SPI takes an
   * array of its own).
   */
  static Object deserialize(Serializer s, byte[] bytes, int offset, int length,
      ClassLoader loader, Type declared) throws IOException {
    if (s instanceof ValueCodec codec) {
      return codec.deserialize(bytes, offset, length, loader, declared);
    }
    return s.deserialize(offset == 0 && length == bytes.length ? bytes
        : Arrays.copyOfRange(bytes, offset, offset + length), loader, declared);
  }

  /**
   * Reads the payload between {@code payload}'s position and limit with {@code s}: the built-in
   * codec reads a {@code byte[]} straight out of the buffer, another serializer (and any other
   * value) gets a copy of the payload.
   */
  static Object deserialize(Serializer s, ByteBuffer payload, ClassLoader loader,
      Type declared) throws IOException {
    if (s instanceof ValueCodec codec) {
      return codec.deserialize(payload, loader, declared);
    }
    byte[] bytes = new byte[payload.remaining()];
    payload.get(payload.position(), bytes);
    return s.deserialize(bytes, loader, declared);
  }

  /** The names of every serializer found. */
  Set<String> names() {
    return byName.keySet();
  }
}
