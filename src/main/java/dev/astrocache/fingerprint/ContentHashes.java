package dev.astrocache.fingerprint;

import dev.astrocache.classfile.MethodInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolved hashes for one fingerprint call: a method's hash is its {@link Local} digest with
 * the content hash of every javac-invented class or method it refers to mixed in, recursively.
 *
 * <p>Invented entities can refer to each other in cycles (an anonymous class inside an
 * anonymous class points back through {@code this$0}). A reference back into the entity being
 * hashed becomes a fixed placeholder, and a result that used such a placeholder for an entity
 * further up the stack is not memoized, so every hash is a function of its entity alone and
 * never of the order in which things were hashed.
 */
final class ContentHashes {
  private static final byte[] CYCLE = new Hasher().putString("cycle").finish();

  private final ClassGraph graph;
  private final Map<Ref, byte[]> memo = new HashMap<>();
  private final Map<Ref, Integer> stack = new HashMap<>();
  private int lowest = Integer.MAX_VALUE;

  ContentHashes(ClassGraph graph) {
    this.graph = graph;
  }

  /** The resolved hash of a method declared in {@code owner}. */
  byte[] method(ParsedClass owner, MethodInfo m) {
    return value(new Ref(owner.name(), m.name(), m.descriptor()));
  }

  /** The content hash of a class (its shell and all its methods). */
  byte[] ofClass(String internalName) {
    return value(Ref.ofClass(internalName));
  }

  private byte[] value(Ref r) {
    byte[] known = memo.get(r);
    if (known != null) {
      return known;
    }
    Integer depth = stack.get(r);
    if (depth != null) {
      lowest = Math.min(lowest, depth);
      return CYCLE;
    }
    int d = stack.size();
    stack.put(r, d);
    int saved = lowest;
    lowest = Integer.MAX_VALUE;
    byte[] result;
    try {
      result = r.isClass() ? computeClass(r.owner()) : computeMethod(r);
    } finally {
      stack.remove(r);
    }
    if (lowest >= d) {
      memo.put(r, result);
    }
    lowest = Math.min(saved, lowest);
    return result;
  }

  private byte[] computeMethod(Ref r) {
    Optional<ParsedClass> pc = graph.get(r.owner());
    Optional<MethodInfo> m = pc.flatMap(c -> c.method(r.name(), r.descriptor()));
    if (m.isEmpty()) {
      return new Hasher().putString("missing method").putString(r.owner())
          .putString(r.name()).putString(r.descriptor()).finish();
    }
    return resolve(pc.get().local(m.get()));
  }

  private byte[] computeClass(String internalName) {
    Optional<ParsedClass> pc = graph.get(internalName);
    if (pc.isEmpty()) {
      return new Hasher().putString("missing class").putString(internalName).finish();
    }
    List<byte[]> entries = new ArrayList<>();
    for (MethodInfo m : pc.get().file.methods()) {
      String name = Names.isInventedMethod(m.name()) ? Names.displayMethod(m.name(), new byte[4])
          : m.name();
      entries.add(new Hasher().putString(name).putBytes(method(pc.get(), m)).finish());
    }
    entries.sort(Arrays::compareUnsigned);
    Hasher h = new Hasher().putBytes(resolve(pc.get().shell())).putInt(entries.size());
    entries.forEach(h::putBytes);
    return h.finish();
  }

  byte[] resolve(Local local) {
    Hasher h = new Hasher().putBytes(local.digest()).putInt(local.refs().size());
    for (Ref ref : local.refs()) {
      h.putBytes(value(ref));
    }
    return h.finish();
  }

  /** {@code p/Impl$1$Local} as {@code p.Impl$~1a2b3c4d$~5e6f7a8bLocal}. */
  String displayClass(String internalName) {
    String display = internalName;
    List<String> prefixes = Names.inventedPrefixes(internalName);
    for (int i = prefixes.size() - 1; i >= 0; i--) {
      String prefix = prefixes.get(i);
      display = Names.replaceNumber(prefix, ofClass(prefix)) + display.substring(prefix.length());
    }
    return Names.binary(display);
  }

  /** The manifest key: {@code binary.ClassName#name(descriptor)}, invented names by content. */
  String displayMethod(ParsedClass owner, MethodInfo m) {
    String name = Names.isInventedMethod(m.name()) ? Names.displayMethod(m.name(), method(owner, m))
        : m.name();
    return displayClass(owner.name()) + "#" + name + displayDescriptor(m.descriptor());
  }

  private String displayDescriptor(String descriptor) {
    if (descriptor.indexOf('$') < 0) {
      return descriptor;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < descriptor.length()) {
      char c = descriptor.charAt(i);
      if (c == 'L') {
        int semi = descriptor.indexOf(';', i);
        String type = descriptor.substring(i + 1, semi);
        out.append('L').append(Names.isInventedClass(type)
            ? displayClass(type).replace('.', '/') : type).append(';');
        i = semi + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
