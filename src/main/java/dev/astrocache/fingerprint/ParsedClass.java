package dev.astrocache.fingerprint;

import dev.astrocache.classfile.ClassFile;
import dev.astrocache.classfile.MethodInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One class file's bytes, parsed, with the local hashes of its methods computed on demand.
 * Memoized per JVM by the digest of the bytes, never by name or {@code Class}: a class redefined
 * in place (JShell, HotSwap) has new bytes and so a new entry.
 */
final class ParsedClass {
  final ClassFile file;
  private final Map<String, MethodInfo> methods = new HashMap<>();
  private final ConcurrentHashMap<String, Local> locals = new ConcurrentHashMap<>();
  private volatile Local shell;

  ParsedClass(ClassFile file) {
    this.file = file;
    for (MethodInfo m : file.methods()) {
      methods.put(m.nameAndDescriptor(), m);
    }
  }

  String name() {
    return file.thisClass();
  }

  Optional<MethodInfo> method(String name, String descriptor) {
    return Optional.ofNullable(methods.get(name + descriptor));
  }

  Local local(MethodInfo m) {
    return locals.computeIfAbsent(m.nameAndDescriptor(), k -> Normalizer.method(file, m));
  }

  Local shell() {
    Local s = shell;
    if (s == null) {
      s = Normalizer.shell(file);
      shell = s;
    }
    return s;
  }
}
