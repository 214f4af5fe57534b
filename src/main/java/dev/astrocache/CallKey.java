package dev.astrocache;

import dev.astrocache.base.Classes;
import dev.astrocache.base.Hashes;
import dev.astrocache.codec.CanonicalEncoder;
import dev.astrocache.codec.UnencodableValueException;
import dev.astrocache.spi.EntryKey;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The key of one call, end to end: what goes into it, how it is framed, and the errors for what
 * cannot go into it. The 32-byte key is
 *
 * <pre>
 * SHA-256( int32 FORMAT | int32 len(signature) | signature | fingerprint | part(state)
 *        | part(static name 1) | part(static value 1) | ... | part(argument 0) | ... )
 * part(x) = int32 len(x) | x
 * </pre>
 *
 * <p>with every int32 big-endian, and
 *
 * <ul>
 *   <li>{@code FORMAT}: {@link #FORMAT};
 *   <li>{@code signature}: the UTF-8 bytes of {@code binary.Api#name(descriptor)@stable}, where
 *       {@code stable} is the impl class's {@link CanonicalEncoder#stableName} (a lambda by its
 *       capturing class, a proxy by its interfaces), so that two impls of one API never share;
 *   <li>{@code fingerprint}: the 32-byte bytecode fingerprint of the code the method reaches from
 *       the impl's class, given the classes seen in the state and the arguments;
 *   <li>{@code state}: the impl encoded by {@link CanonicalEncoder} in {@code STATE} mode;
 *   <li>the static inputs, in the fingerprint's order: the static fields the code reads as
 *       settings, each as its name ({@code binary.Class.field}) then its value encoded in
 *       {@code STATE} mode ({@code class binary.Name} if it cannot be encoded);
 *   <li>each argument encoded in {@code ARGUMENT} mode, in order, except those whose parameter
 *       is annotated {@link NotKey}, which are left out (the signature fixes which, so the parts
 *       that remain cannot be confused).
 * </ul>
 *
 * <p>Fields and record components annotated {@link NotKey} are left out of the state by the
 * encoder ({@link CanonicalEncoder}), as transient fields are.
 *
 * <p>The {@link EntryKey} is (function name, fingerprint hex, key hex).
 */
final class CallKey {
  /**
   * Part of every key: bump it when what goes into a key changes; old entries then miss.
   * 2: linked sets and maps count in their iteration order, enum constants and user subclasses
   * of JDK collections by their fields, JDK settings objects (Clock, formats, Atomic*) by their
   * settings (issue 9).
   */
  static final int FORMAT = 2;

  private static final byte[][] NO_STATICS = {};

  /** The 32 bytes the entry frame is checked against. */
  final byte[] bytes;
  final EntryKey entry;
  /** The fingerprint that went into the key, for manifests. */
  final MethodPlan.Code code;
  /** The encoded state that went into the key, for miss explanations. */
  final byte[] state;

  private CallKey(byte[] bytes, EntryKey entry, MethodPlan.Code code, byte[] state) {
    this.bytes = bytes;
    this.entry = entry;
    this.code = code;
    this.state = state;
  }

  /**
   * The key of calling {@code plan}'s method with {@code args} on {@code h}'s impl; {@code code}
   * gives the fingerprint for the classes seen in the state and the arguments.
   *
   * @throws IllegalArgumentException if the state or an argument cannot be part of a key
   */
  static CallKey of(CachingHandler h, MethodPlan plan, Object[] args,
      Function<Set<Class<?>>, MethodPlan.Code> code) {
    Set<Class<?>> seeds = new HashSet<>();
    byte[] state = encode(h, plan, h.impl, CanonicalEncoder.Mode.STATE, seeds, -1);
    byte[][] encodedArgs = new byte[keyed(plan, args.length)][];
    for (int i = 0, k = 0; i < args.length; i++) {
      if (!plan.notKey[i]) {
        encodedArgs[k++] = encode(h, plan, args[i], CanonicalEncoder.Mode.ARGUMENT, seeds, i);
      }
    }
    MethodPlan.Code c = code.apply(seeds);
    byte[][] statics = statics(h.encoder, c.fingerprint().staticInputs());
    byte[] key = digest(plan.signature, c.hash(), state, statics, encodedArgs);
    return new CallKey(key, new EntryKey(plan.function, c.hex(), Hashes.hex(key)), c, state);
  }

  private static int keyed(MethodPlan plan, int n) {
    int k = n;
    for (int i = 0; i < n; i++) {
      if (plan.notKey[i]) {
        k--;
      }
    }
    return k;
  }

  /** The classes the impl's state holds: what the fingerprint of {@code explain} starts from. */
  static Set<Class<?>> stateSeeds(CachingHandler h, MethodPlan plan) {
    Set<Class<?>> seeds = new HashSet<>();
    encode(h, plan, h.impl, CanonicalEncoder.Mode.STATE, seeds, -1);
    return seeds;
  }

  /** The signature part: {@code binary.Api#name(descriptor)@stable impl name}, UTF-8. */
  static byte[] signature(Method method, Class<?> implClass) {
    return (Keys.signature(method) + "@" + CanonicalEncoder.stableName(implClass))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The framing of the class comment, over parts already encoded. */
  static byte[] digest(byte[] signature, byte[] fingerprint, byte[] state, byte[][] statics,
      byte[][] args) {
    return digest(FORMAT, signature, fingerprint, state, statics, args);
  }

  /** The framing under key format {@code format}: a test writes entries of an older format. */
  static byte[] digest(int format, byte[] signature, byte[] fingerprint, byte[] state,
      byte[][] statics, byte[][] args) {
    MessageDigest sha = Hashes.sha256();
    sha.update(int32(format));
    sha.update(int32(signature.length));
    sha.update(signature);
    sha.update(fingerprint);
    update(sha, state);
    for (byte[] s : statics) {
      update(sha, s);
    }
    for (byte[] a : args) {
      update(sha, a);
    }
    return sha.digest();
  }

  private static void update(MessageDigest sha, byte[] part) {
    sha.update(int32(part.length));
    sha.update(part);
  }

  private static byte[] int32(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }

  /**
   * The static fields the code reads as settings ({@code Config.rate}, set by the program before
   * the call), as key parts: each one's name, then its value encoded like a state field; a value
   * that cannot be encoded counts by its class, as a service does.
   */
  static byte[][] statics(CanonicalEncoder encoder, List<Field> fields) {
    if (fields.isEmpty()) {
      return NO_STATICS;
    }
    byte[][] parts = new byte[2 * fields.size()][];
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      Object value;
      try {
        value = f.get(null);
      } catch (IllegalAccessException | RuntimeException | LinkageError e) {
        value = null;
      }
      byte[] part;
      try {
        part = encoder.encode(value, CanonicalEncoder.Mode.STATE, new HashSet<>());
      } catch (UnencodableValueException e) {
        part = ("class " + value.getClass().getName()).getBytes(StandardCharsets.UTF_8);
      }
      parts[2 * i] = (f.getDeclaringClass().getName() + "." + f.getName())
          .getBytes(StandardCharsets.UTF_8);
      parts[2 * i + 1] = part;
    }
    return parts;
  }

  /** Encodes the impl's state ({@code position} -1) or argument {@code position} for a key. */
  private static byte[] encode(CachingHandler h, MethodPlan plan, Object value,
      CanonicalEncoder.Mode mode, Set<Class<?>> seeds, int position) {
    try {
      return h.encoder.encode(value, mode, seeds);
    } catch (UnencodableValueException e) {
      if (position >= 0) {
        throw new IllegalArgumentException(argumentError(plan, position, value, e), e);
      }
      String what = "the state of " + h.impl.getClass().getName() + " holds a value that cannot"
          + " be part of a key, at this" + e.path();
      throw new IllegalArgumentException("astrocache cannot cache " + Keys.signature(plan.method)
          + ": " + what + ": " + e.type().getName() + ": " + e.reason() + ". " + e.fix(), e);
    }
  }

  /**
   * The error for argument {@code position}: the parameter by position and type, what inside it
   * cannot be encoded in the caller's words, and {@link NotKey} as the fix (a field's advice,
   * "mark it transient", does not apply to an argument).
   */
  static String argumentError(MethodPlan plan, int position, Object value,
      UnencodableValueException e) {
    Class<?> declared = plan.method.getParameterTypes()[position];
    String type = e.type().getName();
    String path = e.path();
    String what;
    if (path.isEmpty()) {
      what = "is a " + type;
    } else if (value != null && Classes.isLambda(value.getClass()) && path.startsWith(".arg$")) {
      int end = path.indexOf('.', 1);
      what = end < 0 && path.indexOf('[', 1) < 0
          ? "is a lambda that captures a " + type
          : "is a lambda that captures a value that holds a " + type;
    } else {
      what = "holds a " + type;
    }
    String reason = e.reason().startsWith("it ") ? e.reason().substring(3) : e.reason();
    return "astrocache cannot cache " + Keys.signature(plan.method) + ": parameter " + position
        + " (" + declared.getTypeName() + ") " + what + " (at args[" + position + "]" + path
        + "), which " + reason + ". Annotate the parameter @NotKey if it does not change the"
        + " result (a listener, a logger), or pass a value that identifies it instead.";
  }
}
