package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.classfile.BootstrapMethod;
import dev.astrocache.classfile.ClassFile;
import dev.astrocache.classfile.ClassRef;
import dev.astrocache.classfile.Constant;
import dev.astrocache.classfile.DynamicRef;
import dev.astrocache.classfile.ExceptionHandler;
import dev.astrocache.classfile.FieldInfo;
import dev.astrocache.classfile.Instruction;
import dev.astrocache.classfile.MemberRef;
import dev.astrocache.classfile.MethodHandleRef;
import dev.astrocache.classfile.MethodInfo;
import dev.astrocache.classfile.MethodTypeRef;
import dev.astrocache.classfile.RecordComponent;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the direction of the dependencies between astrocache's packages: reads every compiled
 * class with astrocache's own class-file reader, collects the classes of ours it refers to
 * (super types, field and method descriptors, thrown and caught types, every class, member,
 * method type and method handle its code and bootstrap methods name) and fails on a reference
 * the rule below does not allow.
 */
class ArchitectureTest {
  private static final String OURS = "dev/astrocache/";
  /** The front ({@code dev.astrocache}, here "") and the command line may use anything. */
  private static final Set<String> ANYTHING = Set.of("", "cli");
  /** What else of astrocache each package may use; the JDK is always allowed. */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "classfile", Set.of(),
      "spi", Set.of(),
      "base", Set.of(),
      "config", Set.of(),
      "codec", Set.of("spi", "base"),
      "store", Set.of("spi", "base", "config"),
      "fingerprint", Set.of("classfile", "base"));

  @TempDir
  Path tmp;

  @Test
  void dependencies_compiledClasses_pointOneWay() throws Exception {
    Path classes = Path.of(Astrocache.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    Map<String, byte[]> files = read(classes);
    Set<String> areas = new TreeSet<>();
    files.keySet().forEach(name -> areas.add(area(name)));

    assertTrue(areas.containsAll(Set.of("", "base", "classfile", "cli", "codec", "fingerprint",
        "spi", "store")), "read from " + classes + ": " + areas);
    assertTrue(files.size() > 100, files.size() + " classes in " + classes);
    assertEquals(List.of(), violations(files));
  }

  @Test
  void violations_referencesTheWrongWay_nameTheClassAndTheReference() {
    Map<String, String> sources = new TreeMap<>();
    String target = "dev.astrocache.fingerprint.ArchTarget";
    sources.put(target, "package dev.astrocache.fingerprint;\n"
        + "public class ArchTarget { public static int g() { return 1; } }\n");
    sources.put("dev.astrocache.fingerprint.ArchFailure", "package dev.astrocache.fingerprint;\n"
        + "public class ArchFailure extends RuntimeException {}\n");
    sources.put("dev.astrocache.spi.ArchSpi", "package dev.astrocache.spi;\n"
        + "public interface ArchSpi {}\n");
    String[][] wrong = {
        {"BySuper", "extends " + target + " {"},
        {"ByField", "{ " + target + " f;"},
        {"BySignature", "{ void m(java.util.List<String> l, " + target + "[] a) {}"},
        {"ByCall", "{ int m() { return " + target + ".g(); }"},
        {"ByLiteral", "{ Object m() { return " + target + ".class; }"},
        {"ByCatch", "{ void m() { try { m(); } catch (dev.astrocache.fingerprint.ArchFailure e) {} }"},
        {"ByReference", "{ java.util.function.Supplier<Object> m() { return " + target + "::new; }"},
        {"ByArray", "{ Object m() { return new " + target + "[1][2]; }"},
    };
    for (String[] c : wrong) {
      sources.put("dev.astrocache.codec.Arch" + c[0], "package dev.astrocache.codec;\n"
          + "public class Arch" + c[0] + " " + c[1] + " }\n");
    }
    sources.put("dev.astrocache.codec.ArchAllowed", "package dev.astrocache.codec;\n"
        + "public class ArchAllowed implements dev.astrocache.spi.ArchSpi {}\n");
    sources.put("dev.astrocache.ArchFront", "package dev.astrocache;\npublic class ArchFront {"
        + " Object[] all() { return new Object[] {new dev.astrocache.codec.ArchAllowed(),"
        + " new dev.astrocache.fingerprint.ArchTarget()}; } }\n");
    sources.put("dev.astrocache.nowhere.ArchStray", "package dev.astrocache.nowhere;\n"
        + "public class ArchStray {}\n");
    Map<String, byte[]> files = read(Javac.compile(tmp.resolve("classes"), sources));

    List<String> expected = new ArrayList<>();
    for (String[] c : wrong) {
      expected.add("dev.astrocache.codec.Arch" + c[0] + " refers to "
          + (c[0].equals("ByCatch") ? "dev.astrocache.fingerprint.ArchFailure" : target)
          + ": codec may use only base, spi of astrocache");
    }
    expected.add("dev.astrocache.nowhere.ArchStray is in dev.astrocache.nowhere, which has no"
        + " dependency rule: add one to ArchitectureTest.ALLOWED");
    expected.sort(null);
    assertEquals(expected, violations(files));
  }

  /** Every violation in {@code files} (internal name to bytes), one line each, sorted. */
  static List<String> violations(Map<String, byte[]> files) {
    Set<String> out = new TreeSet<>();
    files.forEach((name, bytes) -> {
      String from = area(name);
      if (ANYTHING.contains(from)) {
        return;
      }
      Set<String> allowed = ALLOWED.get(from);
      if (allowed == null) {
        out.add(binary(name) + " is in " + binary(OURS + from) + ", which has no dependency"
            + " rule: add one to ArchitectureTest.ALLOWED");
        return;
      }
      for (String ref : references(ClassFile.parse(bytes))) {
        String to = ref.startsWith(OURS) ? area(ref) : null;
        if (to != null && !to.equals(from) && !allowed.contains(to)) {
          out.add(binary(name) + " refers to " + binary(ref) + ": " + from + " may use "
              + (allowed.isEmpty() ? "nothing else" : "only " + String.join(", ",
                  new TreeSet<>(allowed))) + " of astrocache");
        }
      }
    });
    return new ArrayList<>(out);
  }

  /** The package below {@code dev.astrocache} that a class of ours is in: "" for the front. */
  static String area(String internalName) {
    String rest = internalName.substring(OURS.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? "" : rest.substring(0, slash);
  }

  private static String binary(String internalName) {
    String b = internalName.replace('/', '.');
    return b.endsWith(".") ? b.substring(0, b.length() - 1) : b;
  }

  /** The internal names of every class {@code cf} refers to. */
  static Set<String> references(ClassFile cf) {
    Set<String> refs = new TreeSet<>();
    if (cf.superClass() != null) {
      refs.add(cf.superClass());
    }
    refs.addAll(cf.interfaces());
    for (FieldInfo f : cf.fields()) {
      descriptor(f.descriptor(), refs);
    }
    for (RecordComponent r : cf.recordComponents()) {
      descriptor(r.descriptor(), refs);
    }
    for (BootstrapMethod b : cf.bootstrapMethods()) {
      bootstrap(b, refs);
    }
    for (MethodInfo m : cf.methods()) {
      descriptor(m.descriptor(), refs);
      refs.addAll(m.exceptions());
      if (m.code() == null) {
        continue;
      }
      for (ExceptionHandler h : m.code().exceptionHandlers()) {
        if (h.catchType() != null) {
          refs.add(h.catchType());
        }
      }
      for (Instruction insn : m.code().instructions()) {
        if (insn instanceof Instruction.FieldAccess a) {
          member(a.field(), refs);
        } else if (insn instanceof Instruction.Invoke i) {
          member(i.method(), refs);
        } else if (insn instanceof Instruction.InvokeDynamic d) {
          descriptor(d.descriptor(), refs);
          bootstrap(d.bootstrap(), refs);
        } else if (insn instanceof Instruction.TypeOperand t) {
          constant(t.type(), refs);
        } else if (insn instanceof Instruction.MultiANewArray n) {
          constant(n.type(), refs);
        } else if (insn instanceof Instruction.Ldc l) {
          constant(l.constant(), refs);
        }
      }
    }
    refs.remove(cf.thisClass());
    return refs;
  }

  private static void member(MemberRef m, Set<String> refs) {
    constant(new ClassRef(m.owner()), refs);
    descriptor(m.descriptor(), refs);
  }

  private static void bootstrap(BootstrapMethod b, Set<String> refs) {
    constant(b.method(), refs);
    for (Constant c : b.arguments()) {
      constant(c, refs);
    }
  }

  private static void constant(Constant c, Set<String> refs) {
    if (c instanceof ClassRef r) {
      if (r.internalName().startsWith("[")) {
        descriptor(r.internalName(), refs);
      } else {
        refs.add(r.internalName());
      }
    } else if (c instanceof MethodTypeRef t) {
      descriptor(t.descriptor(), refs);
    } else if (c instanceof MethodHandleRef h) {
      member(h.member(), refs);
    } else if (c instanceof DynamicRef d) {
      descriptor(d.descriptor(), refs);
      bootstrap(d.bootstrap(), refs);
    }
  }

  /** The classes a field or method descriptor names. */
  private static void descriptor(String d, Set<String> refs) {
    for (int i = d.indexOf('L'); i >= 0; i = d.indexOf('L', i)) {
      int end = d.indexOf(';', i);
      refs.add(d.substring(i + 1, end));
      i = end + 1;
    }
  }

  /** The class files below {@code root} (module-info aside), by internal name. */
  private static Map<String, byte[]> read(Path root) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (rel.endsWith(".class") && !rel.equals("module-info.class")) {
          files.put(rel.substring(0, rel.length() - ".class".length()), Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
