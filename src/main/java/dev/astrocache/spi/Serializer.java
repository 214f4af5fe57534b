package dev.astrocache.spi;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Turns cached results into bytes and back.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: put a jar with a
 * {@code META-INF/services/dev.astrocache.spi.Serializer} file (or a {@code provides} clause)
 * on the class path or module path. The serializer chosen by name
 * ({@code Astrocache.builder().serializer("name")}, {@code -Dastrocache.serializer=name} or
 * {@code ASTROCACHE_SERIALIZER=name}) is asked first for every value; any other discovered
 * serializer whose {@link #handles(Class)} accepts the value's class serves it next; the
 * built-in {@code astrocache} codec serves the rest. Each entry records the {@link #name()} of
 * the serializer that wrote it, and is read back by that serializer only.
 *
 * <p>Implementations must be thread-safe and have a public no-argument constructor.
 */
public interface Serializer {

  /**
   * The stable name written into each entry, such as {@code "astrocache"}. At most 255 bytes of
   * UTF-8; by convention lower case letters, digits, dots and dashes.
   */
  String name();

  /**
   * Whether this serializer writes values of {@code type}. The default is {@code true}: a
   * serializer chosen by name serves every value it accepts. {@code null} results are always
   * written by the built-in codec.
   *
   * @param type the runtime class of a result, never {@code null}
   */
  default boolean handles(Class<?> type) {
    return true;
  }

  /**
   * Writes {@code value}.
   *
   * @throws IOException if the value cannot be written: the call still returns the value to
   *     its caller, which is warned once (or, in strict mode, gets the exception)
   */
  byte[] serialize(Object value) throws IOException;

  /**
   * Reads a value written by {@link #serialize(Object)}.
   *
   * @param loader the class loader of the wrapped implementation, for the value's classes
   * @throws IOException if the bytes are not a value this serializer wrote: the entry is
   *     treated as a miss and quarantined
   */
  Object deserialize(byte[] bytes, ClassLoader loader) throws IOException;

  /**
   * Writes {@code value}, the result of a method that declares {@code declaredType} (its generic
   * return type, with the impl's type arguments where it names a type variable): what the
   * cache calls. The default calls {@link #serialize(Object)}.
   */
  default byte[] serialize(Object value, Type declaredType) throws IOException {
    return serialize(value);
  }

  /**
   * Reads a value for a method that declares {@code declaredType}: what the cache calls, so
   * that a serializer can refuse classes the declared type cannot hold before it instantiates
   * them (the built-in codec does). The default calls {@link #deserialize(byte[], ClassLoader)}.
   */
  default Object deserialize(byte[] bytes, ClassLoader loader, Type declaredType)
      throws IOException {
    return deserialize(bytes, loader);
  }
}
