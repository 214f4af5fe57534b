package dev.astrocache;

import dev.astrocache.base.Classes;
import dev.astrocache.base.Hashes;
import dev.astrocache.codec.CanonicalEncoder;
import dev.astrocache.codec.UnencodableValueException;
import dev.astrocache.fingerprint.MethodFingerprint;
import dev.astrocache.fingerprint.StaticHolder;
import dev.astrocache.spi.EntryKey;
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
 *        | part(static name 1) | part(static value 1) | ...
 *        | part("defaults") | part(defaults hash)
 *        | part(ambient name 1) | part(ambient value hash 1) | ...
 *        | part(path place 1) | part(path hash 1) | ...
 *        | part(argument 0) | ... )
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
 *       the impl's class, given the classes seen in the state, the arguments and the statics;
 *   <li>{@code state}: the impl as {@link dev.astrocache.codec.ImplState} encodes it: as
 *       {@link CanonicalEncoder} does in {@code STATE} mode, except that a field whose encoding
 *       is longer than 128 bytes is the tag {@code 0xD1} and its SHA-256 (so that a large
 *       immutable field, read once per wrap, costs a call nothing);
 *   <li>the static inputs, in the fingerprint's order ({@link MethodFingerprint#staticValues}):
 *       the static fields the code reads as settings, then the {@code static final} holders the
 *       program can fill, each as its name ({@code binary.Class.field}) then its value encoded in
 *       {@code STATE} mode ({@code class binary.Name} if it cannot be encoded);
 *   <li>the defaults: SHA-256 of the language tags of the default locale, of its
 *       {@code DISPLAY} and {@code FORMAT} categories, the default time zone's id, the default
 *       charset's name and the line separator (in every key, whatever the code reads);
 *   <li>the ambient inputs, in the fingerprint's order ({@link
 *       dev.astrocache.fingerprint.MethodFingerprint#ambientInputs()}: the system properties,
 *       environment variables, class-path resources and files the reached code reads under a
 *       constant name), each as its name ({@code system property report.mode}, {@code env HOME},
 *       {@code resource greeting.txt}, {@code file data/prices.csv}) then SHA-256 of its value
 *       now: a property's or variable's text (or its absence), a resource's content, a file as
 *       {@link Ambient#file} counts it. Values enter only as these hashes;
 *   <li>the files named by {@code Path} and {@code File} arguments and non-transient state
 *       fields, each as its place ({@code argument 0}, {@code field p.Impl.data}) then the hash
 *       {@link Ambient#file} makes (size and modification time, or content with
 *       {@code paths=content});
 *   <li>each argument encoded in {@code ARGUMENT} mode, in order, except those whose parameter
 *       is annotated {@link NotKey}, which are left out (the signature fixes which, so the parts
 *       that remain cannot be confused); an argument whose encoding is longer than 64 KiB as the
 *       tag {@code 0xD1} and the encoding's SHA-256, hashed as it is written
 *       ({@link CanonicalEncoder#keyPart}), so that a large one is never copied whole.
 * </ul>
 *
 * <p>Fields and record components annotated {@link NotKey} are left out of the state, as
 * transient fields are.
 *
 * <p>The {@link EntryKey} is (function name, fingerprint hex, key hex). Without ambient inputs the
 * fingerprint is the code's; with some, it is the hash of the code's and of the inputs' value
 * hashes ({@link Ambient.Memo}), so that the manifest beside the entries can list each input's
 * value hash and a miss can say which input changed.
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
      Function<Set<Class<?>>, MethodPlan.Code> code, Ambient ambient) {
    Set<Class<?>> seeds = new HashSet<>();
    byte[] state = encode(h, plan, h.impl, CanonicalEncoder.Mode.STATE, seeds, -1);
    byte[][] encodedArgs = new byte[keyed(plan, args.length)][];
    for (int i = 0, k = 0; i < args.length; i++) {
      if (!plan.notKey[i]) {
        encodedArgs[k++] = encode(h, plan, args[i], CanonicalEncoder.Mode.ARGUMENT, seeds, i);
      }
    }
    Coded coded = coded(h, seeds, code);
    MethodPlan.Code c = coded.code();
    Ambient.Values values = c.ambient().current(c);
    byte[] key = digest(plan.signature, c.hash(), state, coded.statics(), values.parts(),
        ambient.paths(h.impl, args, plan.notKey), encodedArgs);
    MethodPlan.Code filed = values.code();
    return new CallKey(key, new EntryKey(plan.function, filed.hex(), Hashes.hex(key)), filed,
        state);
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

  /** The fingerprint {@code explain} shows: from the classes the state and the statics hold. */
  static MethodPlan.Code code(CachingHandler h, MethodPlan plan,
      Function<Set<Class<?>>, MethodPlan.Code> code) {
    Set<Class<?>> seeds = new HashSet<>();
    encode(h, plan, h.impl, CanonicalEncoder.Mode.STATE, seeds, -1);
    return coded(h, seeds, code).code();
  }

  /** A method's code with the static parts of its key. */
  private record Coded(MethodPlan.Code code, byte[][] statics) {}

  /**
   * The code and the static parts of a key. The classes of what the statics hold (a policy
   * {@code main()} assigned, the plug-ins in a registry, what a memo holds) are instantiated
   * types of the walk too, which may reach more statics: walked again until no new class
   * appears.
   */
  private static Coded coded(CachingHandler h, Set<Class<?>> seeds,
      Function<Set<Class<?>>, MethodPlan.Code> code) {
    MethodPlan.Code c = code.apply(seeds);
    while (true) {
      int known = seeds.size();
      byte[][] statics = statics(h.encoder, c.fingerprint().staticValues(), seeds);
      for (StaticHolder memo : c.fingerprint().staticHolders()) {
        if (memo.filledByCode()) {
          CanonicalEncoder.heldTypes(memo.value(), memo.field().getGenericType(), seeds);
        }
      }
      if (seeds.size() == known) {
        return new Coded(c, statics);
      }
      MethodPlan.Code next = code.apply(seeds);
      if (sameStatics(c.fingerprint(), next.fingerprint())) {
        return new Coded(next, statics);
      }
      c = next;
    }
  }

  private static boolean sameStatics(MethodFingerprint a, MethodFingerprint b) {
    if (!a.staticInputs().equals(b.staticInputs())
        || a.staticHolders().size() != b.staticHolders().size()) {
      return false;
    }
    for (int i = 0; i < a.staticHolders().size(); i++) {
      if (!a.staticHolders().get(i).field().equals(b.staticHolders().get(i).field())) {
        return false;
      }
    }
    return true;
  }

  /** The signature part: {@code binary.Api#name(descriptor)@stable impl name}, UTF-8. */
  static byte[] signature(Method method, Class<?> implClass) {
    return (Keys.signature(method) + "@" + CanonicalEncoder.stableName(implClass))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The framing of the class comment without ambient parts, over parts already encoded. */
  static byte[] digest(byte[] signature, byte[] fingerprint, byte[] state, byte[][] statics,
      byte[][] args) {
    return digest(FORMAT, signature, fingerprint, state, statics, NO_STATICS, NO_STATICS, args);
  }

  /** The framing under key format {@code format}: a test writes entries of an older format. */
  static byte[] digest(int format, byte[] signature, byte[] fingerprint, byte[] state,
      byte[][] statics, byte[][] args) {
    return digest(format, signature, fingerprint, state, statics, NO_STATICS, NO_STATICS, args);
  }

  /** The framing of the class comment, over parts already encoded. */
  static byte[] digest(byte[] signature, byte[] fingerprint, byte[] state, byte[][] statics,
      byte[][] ambient, byte[][] paths, byte[][] args) {
    return digest(FORMAT, signature, fingerprint, state, statics, ambient, paths, args);
  }

  /** The framing under key format {@code format}, with ambient and path parts. */
  static byte[] digest(int format, byte[] signature, byte[] fingerprint, byte[] state,
      byte[][] statics, byte[][] ambient, byte[][] paths, byte[][] args) {
    MessageDigest sha = Hashes.perThread(); // digest() runs no other code while it hashes
    sha.update(int32(format));
    sha.update(int32(signature.length));
    sha.update(signature);
    sha.update(fingerprint);
    update(sha, state);
    for (byte[] s : statics) {
      update(sha, s);
    }
    for (byte[] a : ambient) {
      update(sha, a);
    }
    for (byte[] p : paths) {
      update(sha, p);
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
   * the call) and the static holders it reads that the program can fill (a registry), as key
   * parts: each one's name, then its value encoded like a state field (adding the classes it
   * holds to {@code seeds}); a value that cannot be encoded counts by its class, as a service
   * does.
   */
  static byte[][] statics(CanonicalEncoder encoder, List<MethodFingerprint.StaticValue> values,
      Set<Class<?>> seeds) {
    if (values.isEmpty()) {
      return NO_STATICS;
    }
    byte[][] parts = new byte[2 * values.size()][];
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i).value();
      byte[] part;
      try {
        part = encoder.encode(value, CanonicalEncoder.Mode.STATE, seeds);
      } catch (UnencodableValueException e) {
        part = ("class " + value.getClass().getName()).getBytes(StandardCharsets.UTF_8);
      }
      parts[2 * i] = values.get(i).name().getBytes(StandardCharsets.UTF_8);
      parts[2 * i + 1] = part;
    }
    return parts;
  }

  /** Encodes the impl's state ({@code position} -1) or argument {@code position} for a key. */
  private static byte[] encode(CachingHandler h, MethodPlan plan, Object value,
      CanonicalEncoder.Mode mode, Set<Class<?>> seeds, int position) {
    try {
      return position < 0 ? StateReading.read(h, seeds) : h.encoder.keyPart(value, mode, seeds);
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
