package dev.astrocache.codec;

import dev.astrocache.spi.Serializer;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
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

  /**
   * Reads the value whose payload lies between {@code payload}'s position and limit, as {@link
   * #deserialize(byte[], ClassLoader)} does, without moving the buffer's position: a payload
   * that is one {@code byte[]} is copied straight into that array, any other is copied out of
   * the buffer first (reading it may run code, which may read into the same buffer again).
   * {@code declaredType} as in {@link #deserialize(byte[], ClassLoader, Type)}; {@code null}:
   * as in {@link #deserialize(byte[], ClassLoader)}.
   */
  public Object deserialize(ByteBuffer payload, ClassLoader loader, Type declaredType)
      throws IOException {
    Objects.requireNonNull(payload, "payload == null");
    Objects.requireNonNull(loader, "loader == null");
    int at = payload.position();
    int n = payload.remaining();
    // a byte[] result, the commonest large one, is copied once: from the buffer into its array
    int start = byteArrayStart(payload);
    if (start >= 0) {
      byte[] a = new byte[at + n - start];
      payload.get(start, a);
      return a;
    }
    byte[] bytes = new byte[n];
    payload.get(at, bytes);
    return new ValueReader(bytes, loader, declaredType).read();
  }

  /**
   * Whether the payload between {@code payload}'s position and limit is one {@code byte[]} and
   * nothing else: what {@link #deserialize(ByteBuffer, ClassLoader, Type)} copies straight out
   * of the buffer, running no other code.
   */
  public static boolean holdsOneByteArray(ByteBuffer payload) {
    return byteArrayStart(payload) >= 0;
  }

  /**
   * The {@code byte[]} that the payload between {@code payload}'s position and limit holds, if
   * {@link #holdsOneByteArray} (else {@code null}), copied straight into its own array; the
   * buffer's position does not move.
   */
  public static byte[] readOneByteArray(ByteBuffer payload) {
    int start = byteArrayStart(payload);
    if (start < 0) {
      return null;
    }
    byte[] a = new byte[payload.limit() - start];
    payload.get(start, a);
    return a;
  }

  /** Where the bytes of a payload that is one byte[] start, else -1. */
  private static int byteArrayStart(ByteBuffer payload) {
    int at = payload.position();
    int end = payload.limit();
    if (end - at < 3 || payload.get(at) != ValueTags.VERSION
        || (payload.get(at + 1) & 0xFF) != ValueTags.BYTE_ARRAY) {
      return -1;
    }
    int length = 0;
    int p = at + 2;
    for (int shift = 0; shift < 35 && p < end; shift += 7) {
      int b = payload.get(p++) & 0xFF;
      length |= (b & 0x7F) << shift;
      if (b < 0x80) {
        // as the reader takes it: at most 5 bytes, within the int range, then exactly that many
        return length >= 0 && length == end - p && !(shift == 28 && b > 0x0F) ? p : -1;
      }
    }
    return -1;
  }

  /**
   * Reads the value whose payload is the {@code length} bytes of {@code bytes} at {@code
   * offset}, as {@link #deserialize(byte[], ClassLoader)} reads a whole array: for a hit, which
   * reads the payload where the entry frame holds it instead of copying it out first. {@code
   * declaredType} as in {@link #deserialize(byte[], ClassLoader, Type)}; {@code null}: as in
   * {@link #deserialize(byte[], ClassLoader)}.
   *
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   */
  public Object deserialize(byte[] bytes, int offset, int length, ClassLoader loader,
      Type declaredType) throws IOException {
    Objects.requireNonNull(bytes, "bytes == null");
    Objects.requireNonNull(loader, "loader == null");
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new ValueReader(bytes, offset, length, loader, declaredType).read();
  }
}
