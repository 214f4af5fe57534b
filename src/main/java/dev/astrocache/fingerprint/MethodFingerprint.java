package dev.astrocache.fingerprint;

import dev.astrocache.base.Hashes;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * The fingerprint of one method's reachable code. Equal when hash, manifest and unresolved
 * names are equal (the hash is compared by content).
 *
 * @param hash 32 bytes: SHA-256 of the Java feature version and the set of reached methods with
 *     their hashes (the manifest's entries, sorted, so the order of the walk does not matter),
 *     the unresolved class names, and for a lambda the symbolic form of its creating sites
 * @param manifest each reached method outside the JDK, as
 *     {@code binary.ClassName#name(descriptor)}, to the lower-case hex of its normalized hash
 * @param unresolved classes that were reached but whose bytes could not be read (counted by
 *     name); strict mode reports them
 * @param staticInputs the non-final static fields the reached code reads and never assigns
 *     (outside static initializers), made accessible: their values at call time belong in the
 *     key, as the impl's state does; not part of equality (they follow from the code)
 * @param staticHolders the {@code static final} fields of reference type the reached code reads:
 *     those it does not change itself and that hold something the program can fill (a registry
 *     map, a singleton with a setter) belong in the key too, see {@link #staticValues}; those it
 *     fills itself (memos) hold classes whose code the call runs; not part of equality
 * @param ambientInputs the system properties, environment variables, class-path resources and
 *     files the reached code reads under a constant name, by kind then name: their values at
 *     call time belong in the key; not part of equality (they follow from the code)
 * @param ambientUnresolved the reads of such inputs whose name is computed at run time, as
 *     {@code system property named at run time in p.Impl#run()I}: they cannot count, and strict
 *     mode reports them; not part of equality
 * @param notCacheable classes (binary names) whose bytes may not be the code that runs, each
 *     with the reason: a class file or jar changed on disk after the class was loaded, or a
 *     class defined in this JVM whose bytes cannot be read. Nothing may be cached under such a
 *     fingerprint; not part of equality
 */
public record MethodFingerprint(byte[] hash, SortedMap<String, String> manifest,
    Set<String> unresolved, List<Field> staticInputs, List<StaticHolder> staticHolders,
    List<AmbientInput> ambientInputs, Set<String> ambientUnresolved,
    SortedMap<String, String> notCacheable) {

  /** A fingerprint of code that is known to be what runs. */
  public MethodFingerprint(byte[] hash, SortedMap<String, String> manifest,
      Set<String> unresolved, List<Field> staticInputs, List<StaticHolder> staticHolders,
      List<AmbientInput> ambientInputs, Set<String> ambientUnresolved) {
    this(hash, manifest, unresolved, staticInputs, staticHolders, ambientInputs,
        ambientUnresolved, Collections.emptySortedMap());
  }

  /** A fingerprint whose code reads no ambient input. */
  public MethodFingerprint(byte[] hash, SortedMap<String, String> manifest,
      Set<String> unresolved, List<Field> staticInputs, List<StaticHolder> staticHolders) {
    this(hash, manifest, unresolved, staticInputs, staticHolders, List.of(), Set.of());
  }

  /** A fingerprint whose code reads no static or ambient input. */
  public MethodFingerprint(byte[] hash, SortedMap<String, String> manifest,
      Set<String> unresolved) {
    this(hash, manifest, unresolved, List.of(), List.of());
  }

  /** A fingerprint whose code reads no {@code static final} holder. */
  public MethodFingerprint(byte[] hash, SortedMap<String, String> manifest,
      Set<String> unresolved, List<Field> staticInputs) {
    this(hash, manifest, unresolved, staticInputs, List.of());
  }

  /** A static field's value at call time, named {@code binary.Class.field}. */
  public record StaticValue(String name, Object value) {}

  /**
   * The static values that belong in a key now: every static input (null if it cannot be
   * read), then each static holder whose value {@link StaticHolder#countsByContent counts by
   * content}, in a fixed order.
   */
  public List<StaticValue> staticValues() {
    if (staticInputs.isEmpty() && staticHolders.isEmpty()) {
      return List.of();
    }
    List<StaticValue> values = new ArrayList<>(staticInputs.size() + staticHolders.size());
    for (Field f : staticInputs) {
      values.add(new StaticValue(name(f), read(f)));
    }
    for (StaticHolder h : staticHolders) {
      if (h.filledByCode()) {
        continue;
      }
      Object v = h.value();
      if (h.countsByContent(v)) {
        values.add(new StaticValue(name(h.field()), v));
      }
    }
    return values;
  }

  private static String name(Field f) {
    return f.getDeclaringClass().getName() + "." + f.getName();
  }

  private static Object read(Field f) {
    try {
      return f.get(null);
    } catch (IllegalAccessException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** The hash as 64 lower-case hex digits. */
  public String hex() {
    return Hashes.hex(hash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MethodFingerprint f && Arrays.equals(hash, f.hash)
        && manifest.equals(f.manifest) && unresolved.equals(f.unresolved);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  /** {@code MethodFingerprint[<hex>, <n> methods, unresolved [...]]}. */
  @Override
  public String toString() {
    return "MethodFingerprint[" + hex() + ", " + manifest.size() + " methods, unresolved "
        + unresolved + "]";
  }
}
