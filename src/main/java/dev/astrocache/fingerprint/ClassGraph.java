package dev.astrocache.fingerprint;

import dev.astrocache.base.Hashes;
import dev.astrocache.classfile.ClassFile;
import dev.astrocache.classfile.ClassFormatException;
import dev.astrocache.classfile.FieldInfo;
import dev.astrocache.classfile.MethodInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes one fingerprint call sees, read now through their loaders, and questions about
 * their hierarchy. One instance per call: it records every read so that a later call can check
 * that none of those bytes changed.
 */
final class ClassGraph {
  /** A method found in a class: where it is declared. */
  record Found(ParsedClass owner, MethodInfo method) {}

  private final ConcurrentHashMap<String, ParsedClass> parsed;
  private final Map<String, Optional<ParsedClass>> classes = new HashMap<>();
  private final Map<String, ClassLoader> loaders = new HashMap<>();
  final Map<String, ClassSources.Read> reads = new LinkedHashMap<>();
  final Set<String> unresolved = new HashSet<>();
  /**
   * Classes whose bytes may not be the code that runs, by binary name, with the reason: changed
   * on disk after they were loaded, or defined in this JVM with bytes that cannot be read.
   */
  final Map<String, String> notCacheable = new TreeMap<>();
  private final Map<String, Set<String>> supers = new HashMap<>();

  private final ClassLoader defaultLoader;

  /**
   * @param defaultLoader asked for classes that no anchored class leads to: the root's loader
   */
  ClassGraph(ConcurrentHashMap<String, ParsedClass> parsed, ClassLoader defaultLoader) {
    this.parsed = parsed;
    this.defaultLoader = defaultLoader;
  }

  /** Makes {@code internalName} readable through {@code loader} (the root classes). */
  void anchor(String internalName, ClassLoader loader) {
    loaders.putIfAbsent(internalName, loader);
  }

  /** The bytes {@code loader} serves as the resource of {@code internalName}, or null. */
  static byte[] readBytes(ClassLoader loader, String internalName) {
    return ClassSources.resource(loader, internalName);
  }

  /** The identity of a class's bytes in this JVM's memos (never stored): their SHA-256. */
  static String digest(byte[] bytes) {
    return Hashes.hex(Hashes.sha256(bytes));
  }

  /**
   * The parsed class, or empty for JDK classes and for classes whose bytes cannot be found or
   * parsed (those count by name in {@link #unresolved}). {@code via} is the class that refers
   * to it: its loader is asked.
   */
  Optional<ParsedClass> get(String internalName, String via) {
    if (JdkTypes.isJdk(internalName)) {
      return Optional.empty();
    }
    Optional<ParsedClass> known = classes.get(internalName);
    if (known != null) {
      return known;
    }
    ClassLoader loader = loaders.get(internalName);
    if (loader == null && via != null) {
      loader = loaders.get(via);
    }
    if (loader == null) {
      loader = defaultLoader;
    }
    ClassSources.Found found = ClassSources.read(loader, internalName);
    ClassSources.Read read = found.read();
    // the classes it refers to are resolved by its defining loader, as the JVM does
    loaders.put(internalName, read.kind == ClassSources.Kind.UNLOADED || read.loader() == null
        ? loader : read.loader());
    reads.put(internalName, read);
    if (read.stale != null) {
      notCacheable.put(Names.binary(internalName), read.stale);
    } else if (read.unreadable) {
      notCacheable.put(Names.binary(internalName), "defined by " + loaderName(read.loader())
          + ", which serves no bytes for it");
    }
    byte[] bytes = found.bytes();
    String digest = read.digest;
    Optional<ParsedClass> result = Optional.empty();
    if (bytes != null) {
      try {
        ParsedClass pc = parsed.get(digest);
        if (pc == null) {
          pc = new ParsedClass(ClassFile.parse(bytes));
          parsed.putIfAbsent(digest, pc);
        }
        result = pc.name().equals(internalName) ? Optional.of(pc) : Optional.empty();
      } catch (ClassFormatException e) {
        result = Optional.empty();
      }
    }
    if (result.isEmpty()) {
      unresolved.add(Names.binary(internalName));
    }
    classes.put(internalName, result);
    return result;
  }

  Optional<ParsedClass> get(String internalName) {
    return get(internalName, null);
  }

  private static String loaderName(ClassLoader loader) {
    if (loader == null) {
      return "the boot loader";
    }
    return loader.getName() != null ? "loader '" + loader.getName() + "' ("
        + loader.getClass().getName() + ")" : loader.getClass().getName();
  }

  /**
   * A JDK class's bytes, parsed, from the runtime image: only to find the sites of a lambda
   * the JDK made. JDK classes never change in a running JVM, so the read is not recorded.
   */
  Optional<ParsedClass> getJdk(String internalName) {
    byte[] bytes = readBytes(ClassLoader.getPlatformClassLoader(), internalName);
    if (bytes == null) {
      return Optional.empty();
    }
    String digest = digest(bytes);
    try {
      return Optional.of(parsed.computeIfAbsent(digest,
          d -> new ParsedClass(ClassFile.parse(bytes))));
    } catch (ClassFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Resolution as invokestatic and invokespecial do: the class, its superclasses, then (for
   * interface methods and defaults) the superinterfaces. Empty if the method is the JDK's.
   */
  Optional<Found> resolve(String owner, String name, String descriptor) {
    Set<String> seenInterfaces = new HashSet<>();
    Deque<String> interfaces = new ArrayDeque<>();
    String c = owner;
    while (c != null && !JdkTypes.isJdk(c)) {
      Optional<ParsedClass> pc = get(c, owner);
      if (pc.isEmpty()) {
        return Optional.empty();
      }
      Optional<MethodInfo> m = pc.get().method(name, descriptor);
      if (m.isPresent()) {
        return Optional.of(new Found(pc.get(), m.get()));
      }
      interfaces.addAll(pc.get().file.interfaces());
      c = pc.get().file.superClass();
    }
    Found abstractOne = null;
    List<Found> defaults = new ArrayList<>();
    while (!interfaces.isEmpty()) {
      String i = interfaces.poll();
      if (!seenInterfaces.add(i) || JdkTypes.isJdk(i)) {
        continue;
      }
      Optional<ParsedClass> pc = get(i, owner);
      if (pc.isEmpty()) {
        continue;
      }
      Optional<MethodInfo> m = pc.get().method(name, descriptor);
      if (m.isPresent() && !m.get().isAbstract() && !m.get().isStatic()) {
        defaults.add(new Found(pc.get(), m.get()));
      }
      if (m.isPresent() && abstractOne == null) {
        abstractOne = new Found(pc.get(), m.get());
      }
      interfaces.addAll(pc.get().file.interfaces());
    }
    // the maximally specific default: not one that another candidate's interface overrides
    for (Found d : defaults) {
      boolean overridden = false;
      for (Found other : defaults) {
        overridden |= other != d && isSubtype(other.owner().name(), d.owner().name());
      }
      if (!overridden) {
        return Optional.of(d);
      }
    }
    return Optional.ofNullable(abstractOne);
  }

  /**
   * Field resolution (JVMS 5.4.3.2): the class or interface that declares the field named
   * through {@code owner}, looking in {@code owner}, then its superinterfaces, then its
   * superclass. Empty if the JDK declares it or the classes cannot be read.
   */
  Optional<String> fieldOwner(String owner, String name, String descriptor) {
    if (JdkTypes.isJdk(owner)) {
      return Optional.empty();
    }
    Optional<ParsedClass> pc = get(owner);
    if (pc.isEmpty()) {
      return Optional.empty();
    }
    for (FieldInfo f : pc.get().file.fields()) {
      if (f.name().equals(name) && f.descriptor().equals(descriptor)) {
        return Optional.of(owner);
      }
    }
    for (String i : pc.get().file.interfaces()) {
      Optional<String> found = fieldOwner(i, name, descriptor);
      if (found.isPresent()) {
        return found;
      }
    }
    String sup = pc.get().file.superClass();
    return sup == null ? Optional.empty() : fieldOwner(sup, name, descriptor);
  }

  /** Virtual dispatch on an object whose runtime class is {@code type}: the method that runs. */
  Optional<Found> dispatch(String type, String name, String descriptor) {
    return resolve(type, name, descriptor).filter(f -> !f.method().isAbstract()
        && !f.method().isStatic());
  }

  /** Whether {@code type} is {@code sub} or one of its supertypes (walked or JDK). */
  boolean isSubtype(String sub, String type) {
    return sub.equals(type) || supertypes(sub).contains(type);
  }

  /** The class itself and every type it extends or implements, walked or JDK. */
  Set<String> supertypes(String type) {
    Set<String> known = supers.get(type);
    if (known != null) {
      return known;
    }
    Set<String> all = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(type);
    while (!todo.isEmpty()) {
      String c = todo.poll();
      if (!all.add(c)) {
        continue;
      }
      if (JdkTypes.isJdk(c)) {
        all.addAll(JdkTypes.supertypes(c));
        continue;
      }
      get(c, type).ifPresent(pc -> {
        if (pc.file.superClass() != null) {
          todo.add(pc.file.superClass());
        }
        todo.addAll(pc.file.interfaces());
      });
    }
    all.add("java/lang/Object");
    supers.put(type, all);
    return all;
  }

  /** Every JDK type a walked class extends or implements, directly or through walked types. */
  Set<String> jdkSupertypes(String type) {
    Set<String> jdk = new HashSet<>();
    for (String t : supertypes(type)) {
      if (JdkTypes.isJdk(t)) {
        jdk.add(t);
      }
    }
    return jdk;
  }
}
