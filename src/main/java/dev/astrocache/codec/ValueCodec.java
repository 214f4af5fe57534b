package dev.astrocache.codec;

import dev.astrocache.spi.Serializer;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * The built-in serializer, {@code "astrocache"}: a compact format for the common value types
 * that constructs nothing else, with a filtered {@code java.io} fallback for other
 * {@code Serializable} values.
 *
 * <p>Written natively: {@code null}, booleans, numbers and characters (boxed), strings (any
 * {@code String}, ill-formed UTF-16 included), {@code BigInteger}, {@code BigDecimal}, enums,
 * records (rebuilt through their canonical constructor), primitive and object arrays,
 * {@code ArrayList}, {@code LinkedList}, {@code HashSet}, {@code LinkedHashSet},
 * {@code HashMap}, {@code LinkedHashMap}, {@code TreeSet} and {@code TreeMap} in natural order,
 * the unmodifiable lists, sets and maps of {@code List.of}, {@code Collections.unmodifiable*},
 * {@code emptyList()} and the like, and the JDK's non-serializable views ({@code subList},
 * {@code keySet()}, {@code values()}; all read back as unmodifiable collections that keep the
 * iteration order), {@code Arrays.asList} (read back as one), {@code Optional*}, the
 * {@code java.time} values and {@code UUID}; nested in any of these, too. Enum and record
 * classes are named by the payload and must still be an enum with that constant, or a record
 * with as many components of matching types, when it is read. Any other {@code Serializable} value (a {@code TreeMap} with a comparator,
 * an {@code EnumSet}, a class of the application) is written with {@code java.io}
 * serialization and read back through an {@link java.io.ObjectInputFilter} that limits the
 * object graph's depth to 100, its references to 1,000,000 and its arrays and bytes to the
 * stream's own length; a JVM-wide {@code jdk.serialFilter} is obeyed as well. The classes such a
 * part may name are JDK classes and the application's classes reachable from the result's
 * declared type (its type arguments, its fields' types, their subclasses): decided by the
 * reader, never by the bytes, so a {@code Serializable} class elsewhere on the class path is
 * never instantiated from a crafted entry.
 *
 * <p>A corrupt or hostile payload is an {@link IOException}, never another exception, and
 * never a large allocation: every length is checked against the bytes left first.
 */
public final class ValueCodec implements Serializer {

  /** The name recorded in entries. */
  public static final String NAME = "astrocache";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Without a declared type, a {@code java.io} part may name any class: for callers that read
   * the bytes back themselves with {@link #deserialize(byte[], ClassLoader)}. The cache uses the
   * forms with the declared type.
   *
   * @throws IOException naming the path inside {@code value} (syntax as in
   *     {@link CanonicalEncoder}) and the class of a part that is neither a value type of this
   *     format nor {@code Serializable}, and how to fix it
   */
  @Override
  public byte[] serialize(Object value) throws IOException {
    return new ValueWriter(null).write(value);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A {@code java.io} part may name only the classes {@code declaredType} reaches (see the
   * class documentation): a value holding another is refused here, as it could not be read.
   */
  @Override
  public byte[] serialize(Object value, Type declaredType) throws IOException {
    Objects.requireNonNull(declaredType, "declaredType == null");
    return new ValueWriter(declaredType).write(value);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Classes named in the payload are loaded with {@code loader} without being initialized,
   * and must be what the payload says: an enum, a record with as many components. Nothing else
   * is instantiated but the JDK value types, and the {@code java.io} part (see the class
   * documentation) behind its filter.
   *
   * <p>Without a declared type, a {@code java.io} part may name any {@code Serializable} class on
   * the loader's path: only for bytes from a source the caller trusts. The cache reads entries
   * with {@link #deserialize(byte[], ClassLoader, Type)}.
   */
  @Override
  public Object deserialize(byte[] bytes, ClassLoader loader) throws IOException {
    Objects.requireNonNull(bytes, "bytes == null");
    Objects.requireNonNull(loader, "loader == null");
    return new ValueReader(bytes, loader, null).read();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A {@code java.io} part may name JDK classes and the application's classes that {@code
   * declaredType} reaches (see the class documentation); any other class is refused before it
   * is instantiated.
   */
  @Override
  public Object deserialize(byte[] bytes, ClassLoader loader, Type declaredType)
      throws IOException {
    Objects.requireNonNull(bytes, "bytes == null");
    Objects.requireNonNull(loader, "loader == null");
    Objects.requireNonNull(declaredType, "declaredType == null");
    return new ValueReader(bytes, loader, declaredType).read();
  }
}
