package dev.astrocache.fingerprint;

import dev.astrocache.classfile.ClassFile;
import dev.astrocache.classfile.ClassFormatException;
import dev.astrocache.classfile.MethodInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes one fingerprint call sees, read now through their loaders, and questions about
 * their hierarchy. One instance per call: it records every read so that a later call can check
 * that none of those bytes changed.
 */
final class ClassGraph {
  /** A method found in a class: where it is declared. */
  record Found(ParsedClass owner, MethodInfo method) {}

  /** What one read found: the loader asked and the digest of the bytes, or null if none. */
  record Read(ClassLoader loader, String digest) {}

  private final ConcurrentHashMap<String, ParsedClass> parsed;
  private final Map<String, Optional<ParsedClass>> classes = new HashMap<>();
  private final Map<String, ClassLoader> loaders = new HashMap<>();
  final Map<String, Read> reads = new LinkedHashMap<>();
  final Set<String> unresolved = new HashSet<>();
  private final Map<String, Set<String>> jdkSupers = new HashMap<>();

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

  ClassLoader loaderOf(String internalName) {
    return loaders.get(internalName);
  }

  static byte[] readBytes(ClassLoader loader, String internalName) {
    String resource = internalName + ".class";
    try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
        : loader.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
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
    loaders.putIfAbsent(internalName, loader);
    byte[] bytes = readBytes(loader, internalName);
    Optional<ParsedClass> result = Optional.empty();
    if (bytes == null) {
      reads.put(internalName, new Read(loader, null));
    } else {
      String digest = Hasher.hex(Hasher.sha256(bytes));
      reads.put(internalName, new Read(loader, digest));
      try {
        ParsedClass pc = parsed.get(digest);
        if (pc == null) {
          pc = new ParsedClass(ClassFile.parse(bytes), digest);
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
        return Optional.of(new Found(pc.get(), m.get()));
      }
      if (m.isPresent() && abstractOne == null) {
        abstractOne = new Found(pc.get(), m.get());
      }
      interfaces.addAll(pc.get().file.interfaces());
    }
    return Optional.ofNullable(abstractOne);
  }

  /** Virtual dispatch on an object whose runtime class is {@code type}: the method that runs. */
  Optional<Found> dispatch(String type, String name, String descriptor) {
    return resolve(type, name, descriptor).filter(f -> !f.method().isAbstract()
        && !f.method().isStatic());
  }

  /** Whether {@code type} is {@code sub} or one of its supertypes (walked or JDK). */
  boolean isSubtype(String sub, String type) {
    if (sub.equals(type)) {
      return true;
    }
    if (JdkTypes.isJdk(type)) {
      return jdkSupertypes(sub).contains(type);
    }
    Deque<String> todo = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    todo.add(sub);
    while (!todo.isEmpty()) {
      String c = todo.poll();
      if (c.equals(type)) {
        return true;
      }
      if (!seen.add(c) || JdkTypes.isJdk(c)) {
        continue;
      }
      get(c, sub).ifPresent(pc -> {
        if (pc.file.superClass() != null) {
          todo.add(pc.file.superClass());
        }
        todo.addAll(pc.file.interfaces());
      });
    }
    return false;
  }

  /** Every JDK type a walked class extends or implements, directly or through walked types. */
  Set<String> jdkSupertypes(String type) {
    Set<String> known = jdkSupers.get(type);
    if (known != null) {
      return known;
    }
    Set<String> all = new HashSet<>();
    all.add("java/lang/Object");
    Deque<String> todo = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    todo.add(type);
    while (!todo.isEmpty()) {
      String c = todo.poll();
      if (!seen.add(c)) {
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
    jdkSupers.put(type, all);
    return all;
  }
}
