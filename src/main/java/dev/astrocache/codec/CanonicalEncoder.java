package dev.astrocache.codec;

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Canonical bytes of argument values and of an implementation's state, for cache keys.
 *
 * <p>Equal values give equal bytes in every JVM run on every machine, different values give
 * different bytes: a type tag plus content, never {@code hashCode()} or {@code toString()}.
 * See DESIGN.md, "The key". Thread-safe.
 *
 * <p>What is encoded: {@code null}; booleans, numbers and characters, boxed or not, each kind
 * with its own tag (so {@code 1} and {@code 1L} differ, doubles by their bits as
 * {@code Double.equals} compares them); {@code BigInteger}, {@code BigDecimal} (by unscaled
 * value and scale, so {@code 1.0} and {@code 1.00} differ, as {@code equals} says); strings;
 * enums (declaring class and {@code name()}, and for an enum whose class declares instance
 * fields, those fields too, encoded as state: an enum constant is a singleton of the program,
 * and a mutable {@code rate} on it changes what a method computes, whether the constant is the
 * impl, held in the state or passed as an argument); records (class and components); arrays
 * and {@code List}s in order; {@code Set}s and {@code Map}s whatever their iteration order (the
 * encoded elements or entries are sorted bytewise), except those that keep an order of their
 * own ({@code LinkedHashSet}, {@code LinkedHashMap}, wrappers of them: see {@link KeyOrder}),
 * in that order; the comparator of a sorted one (and of a {@code PriorityQueue}), since it is
 * behaviour; other collections in iteration order; a class of the user's extending a concrete
 * JDK collection by its own fields and its content; {@code Optional*}; {@code java.time}
 * values; {@code UUID}, {@code Class}, {@code Path}, {@code URI}, {@code URL}, {@code File},
 * {@code Locale}, {@code Charset}, {@code Pattern}, {@code StringBuilder}, {@code Date},
 * {@code Currency}, {@code BitSet}; JDK objects by the settings their public API reads
 * ({@code Clock}, {@code MathContext}, {@code TimeZone}, {@code DecimalFormat},
 * {@code SimpleDateFormat}, {@code Calendar}, the {@code Atomic*} values and more: see
 * {@link KeyJdk}), an {@code AtomicReference}'s value as a value. Objects of other
 * classes outside the JDK are encoded by class name, {@link CodeIdentity#codeOf} of their class
 * and their non-static, non-transient fields (from the top of the hierarchy down, by name in
 * each class). A field or record component annotated {@code @dev.astrocache.NotKey} is left out,
 * as a transient field is. Lambdas and method references by their capturing class, interfaces,
 * {@link CodeIdentity#codeOf} of their (hidden) class, the implementation method if they are
 * serializable, and their captured values; a lambda made inside the JDK whose captured values
 * cannot be read (such as {@code Comparator.comparing(f)}) is an error in both modes, since
 * {@code f} may be any code. Everything not listed (a socket, a thread, an executor) is an
 * error in {@link Mode#ARGUMENT} and its class name in {@link Mode#STATE}. A cycle is a back reference to the object on the
 * path from the root, so cycles terminate; a shared (acyclic) object is encoded at each place.
 * There is no depth limit: the walk keeps its own stack, so a value as deep as memory allows
 * is encoded.
 *
 * <p>Paths in {@link UnencodableValueException#path()}: {@code ""} is the root; {@code .name}
 * a field, record component or captured value ({@code .arg$1}); {@code [3]} element 3 of a
 * list, array, set or other collection (in iteration order); {@code ["k"]} the value under map
 * key {@code "k"} (keys are rendered short: strings quoted, numbers, booleans and enum
 * constants bare, other keys by simple class name); {@code {"k"}} the map key itself;
 * {@code .get()} an Optional's value; {@code .getKey()}/{@code .getValue()} of a map entry;
 * {@code .handler} a proxy's invocation handler; {@code .comparator()} a sorted collection's
 * comparator. A path longer than 80 characters keeps its two ends and counts the segments
 * between them: {@code .next.next.next.next...(1,991 more).next.next.next.next.value}.
 */
public final class CanonicalEncoder {

  /** Supplies the identity of objects whose behaviour is their code. */
  @FunctionalInterface
  public interface CodeIdentity {
    /**
     * The fingerprint of the code of {@code type}: a lambda's or method reference's class (its
     * implementation), or the class of a service held in a field.
     */
    byte[] codeOf(Class<?> type);
  }

  /** How to treat objects that are not values. */
  public enum Mode {
    /** An argument: a non-value JDK object (a socket, a thread) is an error. */
    ARGUMENT,
    /**
     * The implementation's state: the root's non-transient fields are encoded; a non-value JDK
     * object (a client, an executor) contributes its class only.
     */
    STATE
  }

  private final CodeIdentity code;

  /** An encoder that asks {@code code} for the identity of functional objects. */
  public CanonicalEncoder(CodeIdentity code) {
    this.code = Objects.requireNonNull(code, "code == null");
  }

  /**
   * The name a key gives {@code type}, the same in every run: a lambda's or another hidden
   * class's name without its run-dependent suffix, a proxy class by its interfaces.
   */
  public static String stableName(Class<?> type) {
    return KeyClass.stableName(type);
  }

  /**
   * Adds to {@code visitedTypes} the classes outside the JDK that {@code value} holds however
   * deep (through transient fields and JDK containers and holders too), for a value that is not
   * part of a key but whose code the call may run, such as a memo the code fills itself. When
   * {@code declared} (the type of the field that holds it) is closed, such as
   * {@code Map<String, Long>}, the classes are read off the type instead of the content.
   */
  public static void heldTypes(Object value, Type declared, Set<Class<?>> visitedTypes) {
    Objects.requireNonNull(declared, "declared == null");
    Objects.requireNonNull(visitedTypes, "visitedTypes == null");
    Seeds.of(value, declared, visitedTypes);
  }

  /**
   * Reads {@code impl}'s state once, for a {@code wrap}: what is deeply immutable is kept, what
   * cannot be read is listed ({@link ImplState#unreadable()}), and {@link ImplState#encode}
   * gives the state part of each call's key.
   *
   * @throws UnencodableValueException if the impl's own fields cannot be read (its package is
   *     not open to astrocache): its fix names the {@code opens} line to add
   */
  public ImplState state(Object impl) throws UnencodableValueException {
    return ImplState.of(code, Objects.requireNonNull(impl, "impl == null"));
  }

  /**
   * The fields whose values an object of {@code type} is encoded by, in order, made accessible
   * (record components, plain fields, captured values; not transient or {@code @NotKey} ones);
   * empty for a class encoded otherwise (an enum, a JDK value): for a miss explanation that names
   * the field whose value changed.
   */
  public static List<Field> stateFields(Class<?> type) {
    KeyClass kc = KeyClass.of(type);
    return kc.inaccessible == null ? List.of(kc.fields) : List.of();
  }

  /**
   * The canonical bytes of {@code value}.
   *
   * @param value the argument, or the implementation in {@link Mode#STATE}
   * @param mode how to treat JDK objects that are not values
   * @param visitedTypes receives every class outside the JDK that the value holds (enums and
   *     their constants' classes, records, plain objects, lambdas, collection and map classes):
   *     the fingerprint treats them as instantiated; it must be mutable
   * @throws UnencodableValueException naming the path inside {@code value} of what cannot be
   *     encoded
   */
  public byte[] encode(Object value, Mode mode, Set<Class<?>> visitedTypes)
      throws UnencodableValueException {
    Objects.requireNonNull(mode, "mode == null");
    Objects.requireNonNull(visitedTypes, "visitedTypes == null");
    return new KeyWriter(code, mode, visitedTypes).encode(value);
  }

  /** Encodings longer than this become their digest in {@link #keyPart}. */
  public static final int KEY_PART_DIGEST_OVER = 64 * 1024;

  /**
   * What {@code value} puts into a key: {@link #encode}'s bytes when there are at most {@value
   * #KEY_PART_DIGEST_OVER} of them, else the tag {@code 0xD1} and their SHA-256, computed as they
   * are written, so that a large argument (a 100 MB array) is hashed without a second copy. The
   * tag starts no other encoding, so the two forms never meet.
   *
   * @throws UnencodableValueException as {@link #encode} does
   */
  public byte[] keyPart(Object value, Mode mode, Set<Class<?>> visitedTypes)
      throws UnencodableValueException {
    Objects.requireNonNull(mode, "mode == null");
    Objects.requireNonNull(visitedTypes, "visitedTypes == null");
    return new KeyWriter(code, mode, visitedTypes).keyPart(value, KEY_PART_DIGEST_OVER);
  }
}
