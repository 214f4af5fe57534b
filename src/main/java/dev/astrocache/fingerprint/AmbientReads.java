package dev.astrocache.fingerprint;

import dev.astrocache.classfile.BootstrapMethod;
import dev.astrocache.classfile.ClassRef;
import dev.astrocache.classfile.Code;
import dev.astrocache.classfile.Constant;
import dev.astrocache.classfile.ExceptionHandler;
import dev.astrocache.classfile.Instruction;
import dev.astrocache.classfile.MemberRef;
import dev.astrocache.classfile.MethodHandleRef;
import dev.astrocache.classfile.Opcodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the ambient inputs a reached method reads under a constant name: the JDK calls that read
 * a system property, an environment variable, a class-path resource or a file, whose name
 * argument is a string constant loaded just before the call ({@code ldc "report.mode"}, then the
 * call, with at most one simple push for a default in between). A read whose name is computed
 * (from a variable, a concatenation, a branch that joins at the call, a method reference) is
 * listed as unresolved instead: its value cannot count in the key.
 */
final class AmbientReads {
  /** How the name reaches the call. */
  private enum Shape {
    /** The name is the last argument: {@code ldc} right before the call. */
    LAST,
    /** The name, then one simply pushed argument (a default): {@code ldc}, push, call. */
    BEFORE_ONE,
    /** {@code Class.getResource(name)}: relative to the receiver's package. */
    CLASS_RESOURCE,
    /** {@code Path.of(first, more...)}: {@code ldc}, {@code iconst_0}, {@code anewarray}. */
    VARARGS,
    /** {@code new File(parent, child)} with two string constants. */
    TWO,
    /** Reads every property or variable at once ({@code System.getenv()}). */
    ALL
  }

  private record Read(AmbientInput.Kind kind, Shape shape) {}

  private static final Map<String, Read> READS = Map.ofEntries(
      read("java/lang/System.getProperty(Ljava/lang/String;)Ljava/lang/String;",
          AmbientInput.Kind.PROPERTY, Shape.LAST),
      read("java/lang/System.getProperty(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
          AmbientInput.Kind.PROPERTY, Shape.BEFORE_ONE),
      read("java/lang/System.getProperties()Ljava/util/Properties;",
          AmbientInput.Kind.PROPERTY, Shape.ALL),
      read("java/lang/Boolean.getBoolean(Ljava/lang/String;)Z",
          AmbientInput.Kind.PROPERTY, Shape.LAST),
      read("java/lang/Integer.getInteger(Ljava/lang/String;)Ljava/lang/Integer;",
          AmbientInput.Kind.PROPERTY, Shape.LAST),
      read("java/lang/Integer.getInteger(Ljava/lang/String;I)Ljava/lang/Integer;",
          AmbientInput.Kind.PROPERTY, Shape.BEFORE_ONE),
      read("java/lang/Integer.getInteger(Ljava/lang/String;Ljava/lang/Integer;)"
          + "Ljava/lang/Integer;", AmbientInput.Kind.PROPERTY, Shape.BEFORE_ONE),
      read("java/lang/Long.getLong(Ljava/lang/String;)Ljava/lang/Long;",
          AmbientInput.Kind.PROPERTY, Shape.LAST),
      read("java/lang/Long.getLong(Ljava/lang/String;J)Ljava/lang/Long;",
          AmbientInput.Kind.PROPERTY, Shape.BEFORE_ONE),
      read("java/lang/Long.getLong(Ljava/lang/String;Ljava/lang/Long;)Ljava/lang/Long;",
          AmbientInput.Kind.PROPERTY, Shape.BEFORE_ONE),
      read("java/lang/System.getenv(Ljava/lang/String;)Ljava/lang/String;",
          AmbientInput.Kind.ENV, Shape.LAST),
      read("java/lang/System.getenv()Ljava/util/Map;", AmbientInput.Kind.ENV, Shape.ALL),
      read("java/lang/Class.getResource(Ljava/lang/String;)Ljava/net/URL;",
          AmbientInput.Kind.RESOURCE, Shape.CLASS_RESOURCE),
      read("java/lang/Class.getResourceAsStream(Ljava/lang/String;)Ljava/io/InputStream;",
          AmbientInput.Kind.RESOURCE, Shape.CLASS_RESOURCE),
      read("java/lang/ClassLoader.getResource(Ljava/lang/String;)Ljava/net/URL;",
          AmbientInput.Kind.RESOURCE, Shape.LAST),
      read("java/lang/ClassLoader.getResourceAsStream(Ljava/lang/String;)Ljava/io/InputStream;",
          AmbientInput.Kind.RESOURCE, Shape.LAST),
      read("java/lang/ClassLoader.getSystemResource(Ljava/lang/String;)Ljava/net/URL;",
          AmbientInput.Kind.RESOURCE, Shape.LAST),
      read("java/lang/ClassLoader.getSystemResourceAsStream(Ljava/lang/String;)"
          + "Ljava/io/InputStream;", AmbientInput.Kind.RESOURCE, Shape.LAST),
      read("java/nio/file/Path.of(Ljava/lang/String;[Ljava/lang/String;)Ljava/nio/file/Path;",
          AmbientInput.Kind.FILE, Shape.VARARGS),
      read("java/nio/file/Paths.get(Ljava/lang/String;[Ljava/lang/String;)Ljava/nio/file/Path;",
          AmbientInput.Kind.FILE, Shape.VARARGS),
      read("java/io/File.<init>(Ljava/lang/String;)V", AmbientInput.Kind.FILE, Shape.LAST),
      read("java/io/File.<init>(Ljava/lang/String;Ljava/lang/String;)V",
          AmbientInput.Kind.FILE, Shape.TWO),
      read("java/io/File.<init>(Ljava/io/File;Ljava/lang/String;)V",
          AmbientInput.Kind.FILE, Shape.ALL),
      read("java/io/FileInputStream.<init>(Ljava/lang/String;)V",
          AmbientInput.Kind.FILE, Shape.LAST),
      read("java/io/FileReader.<init>(Ljava/lang/String;)V", AmbientInput.Kind.FILE, Shape.LAST),
      read("java/io/FileReader.<init>(Ljava/lang/String;Ljava/nio/charset/Charset;)V",
          AmbientInput.Kind.FILE, Shape.BEFORE_ONE),
      read("java/io/RandomAccessFile.<init>(Ljava/lang/String;Ljava/lang/String;)V",
          AmbientInput.Kind.FILE, Shape.BEFORE_ONE));

  private static Map.Entry<String, Read> read(String member, AmbientInput.Kind kind,
      Shape shape) {
    return Map.entry(member, new Read(kind, shape));
  }

  private final ClassGraph graph;
  private final Set<AmbientInput> inputs = new LinkedHashSet<>();
  private final Set<String> unresolved = new TreeSet<>();

  AmbientReads(ClassGraph graph) {
    this.graph = graph;
  }

  /** The inputs found so far, by kind then name. */
  List<AmbientInput> inputs() {
    List<AmbientInput> sorted = new ArrayList<>(inputs);
    sorted.sort(Comparator.comparing(AmbientInput::kind).thenComparing(AmbientInput::name));
    return List.copyOf(sorted);
  }

  /**
   * The reads whose name is computed at run time, as
   * {@code system property named at run time in p.Impl#run()I}.
   */
  Set<String> unresolved() {
    return unresolved;
  }

  /** Scans the code of {@code f}, which manifests name {@code display}. */
  void scan(ClassGraph.Found f, String display) {
    Code code = f.method().code();
    if (code == null) {
      return;
    }
    List<Instruction> insns = code.instructions();
    Set<Integer> targets = null;
    for (int i = 0; i < insns.size(); i++) {
      Instruction insn = insns.get(i);
      if (insn instanceof Instruction.Invoke invoke) {
        MemberRef m = invoke.method();
        Read read = READS.get(m.owner() + "." + m.name() + m.descriptor());
        if (read != null) {
          if (targets == null) {
            targets = targets(code);
          }
          found(f, display, read, insns, i, targets);
        }
      } else if (insn instanceof Instruction.InvokeDynamic d) {
        handles(d.bootstrap(), display);
      }
    }
  }

  private void found(ClassGraph.Found f, String display, Read read, List<Instruction> insns,
      int at, Set<Integer> targets) {
    String name = null;
    String owner = f.owner().name();
    switch (read.shape()) {
      case LAST:
        name = constant(insns, at, 1, targets);
        break;
      case BEFORE_ONE:
        name = at >= 1 && simplePush(insns.get(at - 1)) ? constant(insns, at, 2, targets) : null;
        break;
      case CLASS_RESOURCE:
        name = constant(insns, at, 1, targets);
        if (name != null && at >= 2 && !targets.contains(at - 1)
            && insns.get(at - 2) instanceof Instruction.Ldc l
            && l.constant() instanceof ClassRef c) {
          owner = c.internalName();
        }
        if (name != null) {
          name = absolute(owner, name);
        }
        break;
      case VARARGS:
        if (at >= 3 && insns.get(at - 1).opcode() == Opcodes.ANEWARRAY
            && insns.get(at - 2).opcode() == Opcodes.ICONST_0
            && !targets.contains(at - 1) && !targets.contains(at - 2)) {
          name = constant(insns, at, 3, targets);
        }
        break;
      case TWO:
        String child = constant(insns, at, 1, targets);
        String parent = child == null ? null : constant(insns, at, 2, targets);
        name = parent == null ? null : parent + "/" + child;
        break;
      default:
        break;
    }
    if (name == null) {
      unresolved.add(read.kind().label() + " named at run time in " + display);
      return;
    }
    ClassLoader loader = null;
    if (read.kind() == AmbientInput.Kind.RESOURCE) {
      ClassSources.Read r = graph.reads.get(owner);
      if (r == null) {
        r = graph.reads.get(f.owner().name());
      }
      loader = r == null ? null : r.loader();
    }
    inputs.add(new AmbientInput(read.kind(), name, loader));
  }

  /**
   * The string constant loaded {@code back} instructions before {@code at}, when no branch or
   * handler lands in between (a join would bring another value); else null.
   */
  private static String constant(List<Instruction> insns, int at, int back,
      Set<Integer> targets) {
    int from = at - back;
    if (from < 0) {
      return null;
    }
    for (int i = from + 1; i <= at; i++) {
      if (targets.contains(i)) {
        return null;
      }
    }
    return insns.get(from) instanceof Instruction.Ldc l
        && l.constant() instanceof Constant.StringValue s ? s.value() : null;
  }

  /** Pushes one value and reads nothing else: a constant or a local. */
  private static boolean simplePush(Instruction insn) {
    int op = insn.opcode();
    return op >= Opcodes.ACONST_NULL && op <= Opcodes.ALOAD_3;
  }

  /** {@code Class.getResource}'s rule: relative to the class's package unless it starts with /. */
  private static String absolute(String owner, String name) {
    if (name.startsWith("/")) {
      return name.substring(1);
    }
    int slash = owner.lastIndexOf('/');
    return slash < 0 ? name : owner.substring(0, slash + 1) + name;
  }

  /** A method reference to a read ({@code map(System::getenv)}): its name is computed. */
  private void handles(BootstrapMethod b, String display) {
    for (Constant c : b.arguments()) {
      if (c instanceof MethodHandleRef h) {
        MemberRef m = h.member();
        Read read = READS.get(m.owner() + "." + m.name() + m.descriptor());
        if (read != null) {
          unresolved.add(read.kind().label() + " named at run time in " + display);
        }
      }
    }
  }

  /** Every instruction index a branch, a switch or an exception handler can jump to. */
  private static Set<Integer> targets(Code code) {
    Set<Integer> t = new HashSet<>();
    for (Instruction insn : code.instructions()) {
      if (insn instanceof Instruction.Branch b) {
        t.add(b.target());
      } else if (insn instanceof Instruction.TableSwitch s) {
        t.add(s.defaultTarget());
        t.addAll(s.targets());
      } else if (insn instanceof Instruction.LookupSwitch s) {
        t.add(s.defaultTarget());
        t.addAll(s.targets());
      }
    }
    for (ExceptionHandler h : code.exceptionHandlers()) {
      t.add(h.handler());
    }
    return t;
  }
}
