package dev.astrocache.codec;

import dev.astrocache.base.Hashes;
import dev.astrocache.codec.CanonicalEncoder.CodeIdentity;
import dev.astrocache.codec.CanonicalEncoder.Mode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An implementation's state as a key holds it, prepared once per {@code wrap}: the fields whose
 * values are deeply immutable are encoded here, once; the others are read again on every call,
 * since the program may change them. A field whose encoding is longer than
 * {@value #DIGEST_OVER} bytes enters the state as {@code STATE_DIGEST} and the SHA-256 of that
 * encoding, whether it was read now or at wrap, so a large immutable table costs a key nothing
 * on a hit and the state's bytes do not depend on which fields were found immutable.
 *
 * <p>The reading is lenient where the strict {@link CanonicalEncoder#encode} fails: what cannot
 * be read as a value (a lambda made inside the JDK, an object whose package is not open to
 * astrocache) counts by its class and code, and is reported in {@link #unreadable()} at wrap and
 * to the caller of {@link #encode} on a call. Only an impl whose own fields cannot be read is
 * refused, by {@link #of}: its configuration would be out of every key. Thread-safe.
 */
public final class ImplState {
  /** A field's encoding longer than this enters the state by its digest. */
  static final int DIGEST_OVER = 128;
  /**
   * A field read again on every call whose encoding is at least this long is reported in
   * {@link #costly()}: about a few milliseconds of encoding per call on a laptop.
   */
  static final int COSTLY_BYTES = 256 * 1024;

  /** Something in the state that counts by its class only: where, what, and why. */
  public record Unreadable(String path, Class<?> type, String reason) {
    Unreadable at(String prefix) {
      return new Unreadable(prefix + path, type, reason);
    }
  }

  /** A field that is read again on every call and whose encoding is large. */
  public record Costly(String field, Class<?> type, int bytes) {}

  private final CodeIdentity code;
  private final Object impl;
  /** The impl's class, when its state is its fields (a plain object, a record); else null. */
  private final KeyClass kc;
  /** Per field of {@code kc}: its part of the state if deeply immutable, else null. */
  private final byte[][] frozen;
  private final List<Set<Class<?>>> frozenSeeds;
  private final List<Unreadable> unreadable;
  private final List<Costly> costly;
  private final List<String> reread;

  private ImplState(CodeIdentity code, Object impl, KeyClass kc, byte[][] frozen,
      List<Set<Class<?>>> frozenSeeds, List<Unreadable> unreadable, List<Costly> costly,
      List<String> reread) {
    this.code = code;
    this.impl = impl;
    this.kc = kc;
    this.frozen = frozen;
    this.frozenSeeds = frozenSeeds;
    this.unreadable = List.copyOf(unreadable);
    this.costly = List.copyOf(costly);
    this.reread = List.copyOf(reread);
  }

  /**
   * Reads {@code impl}'s state for the first time and keeps what never changes.
   *
   * @throws UnencodableValueException with path {@code ""} if the impl's own fields cannot be
   *     read (its package is not open to astrocache); its reason names the line to add
   */
  static ImplState of(CodeIdentity code, Object impl) throws UnencodableValueException {
    KeyClass kc = KeyClass.of(impl.getClass());
    List<Unreadable> unreadable = new ArrayList<>();
    boolean fields = kc.kind == KeyClass.RECORD
        || (kc.kind == KeyClass.OBJECT && kc.hiddenState == null);
    if (fields && kc.inaccessible != null) {
      // its own class's package, or a superclass's in another package
      for (Field f : kc.fields) {
        Class<?> c = f.getDeclaringClass();
        if (!c.getModule().isOpen(c.getPackageName(), ImplState.class.getModule())) {
          throw notOpen(kc.type, c);
        }
      }
    }
    if (!fields || kc.inaccessible != null) {
      // an enum constant, a lambda, a proxy, a JDK object: read whole on every call
      try {
        new KeyWriter(code, Mode.STATE, new HashSet<>(), unreadable).encode(impl);
      } catch (UnencodableValueException e) {
        // the call says so, with the method it was for
      }
      return new ImplState(code, impl, null, null, null, unreadable, List.of(), List.of());
    }
    Field[] fs = kc.fields;
    byte[][] frozen = new byte[fs.length][];
    List<Set<Class<?>>> seeds = new ArrayList<>();
    List<Costly> costly = new ArrayList<>();
    List<String> reread = new ArrayList<>();
    for (int i = 0; i < fs.length; i++) {
      Field f = fs[i];
      Set<Class<?>> s = new HashSet<>();
      List<Unreadable> found = new ArrayList<>();
      byte[] encoded;
      Object value;
      try {
        value = f.get(impl);
        encoded = new KeyWriter(code, Mode.STATE, s, found).encodeInside(impl, value);
      } catch (IllegalAccessException | UnencodableValueException e) {
        // read again at each call, which reports it with the method it was for
        reread.add(f.getName());
        seeds.add(Set.of());
        continue;
      }
      for (Unreadable u : found) {
        unreadable.add(u.at(path(impl, f, u.type())));
      }
      boolean slotFinal = kc.kind == KeyClass.RECORD || Modifier.isFinal(f.getModifiers());
      if (slotFinal && found.isEmpty() && Immutables.deeply(value, impl)) {
        frozen[i] = part(encoded);
        seeds.add(Set.copyOf(s));
      } else {
        seeds.add(Set.of());
        reread.add(f.getName());
        if (encoded.length >= COSTLY_BYTES) {
          costly.add(new Costly(f.getName(), value == null ? Object.class : value.getClass(),
              encoded.length));
        }
      }
    }
    return new ImplState(code, impl, kc, frozen, seeds, unreadable, costly, reread);
  }

  /**
   * The path of the first thing of class {@code type} that cannot be read inside field
   * {@code f}, as the strict encoder names it; {@code .f} if it does not.
   */
  private static String path(Object impl, Field f, Class<?> type) {
    try {
      Object value = f.get(impl);
      new KeyWriter(code -> new byte[0], Mode.STATE, new HashSet<>()).encodeInside(impl, value);
    } catch (UnencodableValueException e) {
      if (e.type() == type) {
        return "." + f.getName() + e.path();
      }
    } catch (IllegalAccessException e) {
      // it was read a moment ago
    }
    return "." + f.getName();
  }

  private static UnencodableValueException notOpen(Class<?> type, Class<?> declaring) {
    Module m = declaring.getModule();
    String pkg = declaring.getPackageName();
    String module = m.isNamed() ? "module " + m.getName() : "the unnamed module";
    return new UnencodableValueException("", type, "its fields cannot be read, so instances"
        + " configured differently would share entries: package " + pkg + " of " + module
        + " is not open to astrocache", "Add 'opens " + pkg + " to dev.astrocache;' to the"
        + " module-info.java of " + module + ".");
  }

  /**
   * The state's bytes for a call: the kept fields as they were at wrap, the others read now.
   *
   * @param seeds receives the classes outside the JDK that the state holds
   * @param found receives what was read now and counts by its class only (a field the program
   *     set since the wrap); null to ignore
   * @throws UnencodableValueException naming the path inside the impl ({@code .field...}) of a
   *     value that cannot be encoded
   */
  public byte[] encode(Set<Class<?>> seeds, List<Unreadable> found)
      throws UnencodableValueException {
    List<Unreadable> sink = found != null ? found : new ArrayList<>();
    if (kc == null) {
      return new KeyWriter(code, Mode.STATE, seeds, sink).encode(impl);
    }
    if (kc.user) {
      seeds.add(kc.type);
    }
    // what the transient fields hold now: not part of the state, but code the call may run
    Seeds.ofTransientFields(impl, seeds);
    ByteSink out = new ByteSink(kc.header.length + 40 * frozen.length);
    out.write(kc.header);
    Field[] fs = kc.fields;
    for (int i = 0; i < fs.length; i++) {
      byte[] part = frozen[i];
      if (part != null) {
        out.write(part);
        seeds.addAll(frozenSeeds.get(i));
        continue;
      }
      Field f = fs[i];
      int before = sink.size();
      byte[] encoded;
      try {
        encoded = new KeyWriter(code, Mode.STATE, seeds, sink).encodeInside(impl, f.get(impl));
      } catch (UnencodableValueException e) {
        throw new UnencodableValueException("." + f.getName() + e.path(), e.type(), e.reason(),
            e.fix());
      } catch (IllegalAccessException e) {
        throw new UnencodableValueException("." + f.getName(), kc.type, "its field "
            + f.getName() + " cannot be read: " + e.getMessage(), KeyWriter.FIX);
      }
      for (int j = before; j < sink.size(); j++) {
        sink.set(j, sink.get(j).at("." + f.getName()));
      }
      out.write(part(encoded));
    }
    return out.toByteArray();
  }

  /** A field's part of the state: its encoding, or the digest of a long one. */
  private static byte[] part(byte[] encoded) {
    if (encoded.length <= DIGEST_OVER) {
      return encoded;
    }
    ByteSink b = new ByteSink(33);
    b.write(KeyTags.STATE_DIGEST);
    b.write(Hashes.sha256(encoded));
    return b.toByteArray();
  }

  /** What was found at wrap to count by its class only, with its path from the impl. */
  public List<Unreadable> unreadable() {
    return unreadable;
  }

  /** Fields read again on every call (mutable ones) whose encoding is large. */
  public List<Costly> costly() {
    return costly;
  }

  /** The fields read again on every call, in key order; the others were read once, at wrap. */
  public List<String> reread() {
    return reread;
  }
}
