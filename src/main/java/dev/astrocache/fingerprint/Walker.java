package dev.astrocache.fingerprint;

import dev.astrocache.classfile.AccessFlags;
import dev.astrocache.classfile.BootstrapMethod;
import dev.astrocache.classfile.Constant;
import dev.astrocache.classfile.DynamicRef;
import dev.astrocache.classfile.Instruction;
import dev.astrocache.classfile.MemberRef;
import dev.astrocache.classfile.MethodHandleRef;
import dev.astrocache.classfile.MethodInfo;
import dev.astrocache.classfile.Opcodes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Transitive reachability from some roots, with rapid type analysis: a virtual or interface
 * call reaches the implementation in every class known to be instantiated (classes the reached
 * code {@code new}s, plus the seeds), and a call into the JDK that receives a user's object
 * reaches every method of that object's class that overrides a JDK method, since the JDK may
 * call it back ({@code list.sort(new ByLength())} reaches {@code ByLength.compare}).
 * Over-approximates where unsure: a needless miss is acceptable, a wrong hit is not.
 */
final class Walker {
  private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
  /** JDK superclasses whose constructors call no overridable method. */
  private static final Set<String> QUIET_CONSTRUCTORS = Set.of("java/lang/Object",
      "java/lang/Enum", "java/lang/Record");

  /** Field types whose value cannot change once assigned. */
  private static final Set<String> FIXED_TYPES = Set.of("Ljava/lang/String;",
      "Ljava/lang/Integer;", "Ljava/lang/Long;", "Ljava/lang/Short;", "Ljava/lang/Byte;",
      "Ljava/lang/Character;", "Ljava/lang/Boolean;", "Ljava/lang/Float;", "Ljava/lang/Double;",
      "Ljava/math/BigInteger;", "Ljava/math/BigDecimal;", "Ljava/lang/Class;",
      "Ljava/util/regex/Pattern;", "Ljava/lang/System$Logger;", "Ljava/util/logging/Logger;");

  private final ClassGraph graph;
  final Map<Ref, ClassGraph.Found> reached = new LinkedHashMap<>();
  private final Deque<ClassGraph.Found> queue = new ArrayDeque<>();
  private final Set<String> instantiated = new LinkedHashSet<>();
  /** For each type, the instantiated classes that are it or extend it. */
  private final Map<String, List<String>> instancesOf = new HashMap<>();
  private final Set<Ref> sites = new LinkedHashSet<>();
  private final Map<String, List<Ref>> sitesByOwner = new HashMap<>();
  private final Set<String> escapes = new LinkedHashSet<>();
  private final Set<String> initialized = new HashSet<>();
  private final Set<String> calledBack = new HashSet<>();
  /** Static fields of walked classes read by the reached code, by declaring class. */
  private final Set<Ref> staticReads = new LinkedHashSet<>();
  /** Static fields assigned by the reached code outside static initializers. */
  private final Set<Ref> staticWrites = new HashSet<>();
  /** Static fields whose value the reached code changes ({@code MEMO.put(k, v)}). */
  private final Set<Ref> staticFills = new HashSet<>();
  /**
   * Classes (internal names) whose instance fields the reached code assigns outside
   * constructors, or whose containers it changes ({@code this.cache.put(k, v)}).
   */
  private final Set<String> instanceWrites = new LinkedHashSet<>();

  Walker(ClassGraph graph) {
    this.graph = graph;
  }

  /**
   * Reaches what runs when {@code name + descriptor} is called on an instance of {@code type}:
   * its implementation, or if the JDK implements it, what the JDK may call back.
   */
  void rootDispatch(String type, String name, String descriptor) {
    instantiate(type);
    dispatch(type, name, descriptor);
  }

  /** Reaches every method a class declares (a service class's own code). */
  void rootAllMethods(ParsedClass pc) {
    instantiate(pc.name());
    for (MethodInfo m : pc.file.methods()) {
      reach(new ClassGraph.Found(pc, m));
    }
  }

  /**
   * Reaches every constructor of {@code pc} (field initializers are in them): the code that
   * built an object of the state, whose lambdas and method references ({@code Item::score} in
   * {@code Comparator.comparing(Item::score)}) and the objects it made the call can run.
   */
  void rootConstructors(ParsedClass pc) {
    for (MethodInfo m : pc.file.methods()) {
      if (m.name().equals("<init>")) {
        reach(new ClassGraph.Found(pc, m));
      }
    }
  }

  /** Reaches a method handle, such as a lambda's implementation. */
  void rootHandle(MethodHandleRef handle) {
    handle(handle);
  }

  void instantiate(String type) {
    if (JdkTypes.isJdk(type) || !instantiated.add(type)) {
      return;
    }
    initialize(type);
    Set<String> supertypes = graph.supertypes(type);
    for (String s : supertypes) {
      instancesOf.computeIfAbsent(s, k -> new ArrayList<>()).add(type);
    }
    for (String s : supertypes) {
      for (Ref site : List.copyOf(sitesByOwner.getOrDefault(s, List.of()))) {
        dispatch(type, site.name(), site.descriptor());
      }
    }
    for (String s : supertypes) {
      if (escapes.contains(s)) {
        callbacks(type);
        break;
      }
    }
  }

  /**
   * The non-final static fields (as {@code Ref(declaring class, name, descriptor)}) that the
   * reached code reads and never assigns outside a static initializer: settings the code
   * depends on that are set from outside it. A field it assigns itself (a counter, a lazily
   * made cache) is its own bookkeeping; a final one is fixed when the class is initialized.
   */
  Set<Ref> staticInputs() {
    Set<Ref> inputs = new LinkedHashSet<>();
    for (Ref r : staticReads) {
      if (!staticWrites.contains(r) && graph.get(r.owner())
          .map(pc -> pc.file.fields().stream().anyMatch(f -> f.name().equals(r.name())
              && f.descriptor().equals(r.descriptor()) && (f.accessFlags()
              & AccessFlags.FINAL) == 0))
          .orElse(false)) {
        inputs.add(r);
      }
    }
    return inputs;
  }

  /**
   * The {@code static final} fields of reference type (as {@code Ref}s) that the reached code
   * reads, leaving out synthetic and {@code transient} ones: with {@code filledByCode} false,
   * those it does not change itself, holders the program may have filled ({@code
   * Plugins.BY_NAME.put(...)} in {@code main}), whose content may then belong in the key; with
   * {@code filledByCode} true, those it changes itself ({@code MEMO.put(k, v)} on what it read):
   * memos, whose content is the code's own, but whose classes are still code the call runs.
   */
  Set<Ref> staticHolders(boolean filledByCode) {
    Set<Ref> holders = new LinkedHashSet<>();
    for (Ref r : staticReads) {
      char d = r.descriptor().charAt(0);
      if ((d != 'L' && d != '[') || FIXED_TYPES.contains(r.descriptor())
          || staticFills.contains(r) != filledByCode) {
        continue;
      }
      int exclude = AccessFlags.SYNTHETIC | AccessFlags.TRANSIENT;
      if (graph.get(r.owner())
          .map(pc -> pc.file.fields().stream().anyMatch(f -> f.name().equals(r.name())
              && f.descriptor().equals(r.descriptor())
              && (f.accessFlags() & AccessFlags.FINAL) != 0 && (f.accessFlags() & exclude) == 0))
          .orElse(false)) {
        holders.add(r);
      }
    }
    return holders;
  }

  /** Classes whose instances the reached code changes: see {@link #instanceWrites}. */
  Set<String> instanceWrites() {
    return instanceWrites;
  }

  /** Records a static field access by the reached code; {@code initializer}: in a clinit. */
  private void staticAccess(MemberRef field, boolean read, boolean initializer) {
    Ref r = fieldRef(field);
    if (read) {
      staticReads.add(r);
    } else if (!initializer) {
      staticWrites.add(r);
    }
  }

  /** A field as its declaring class names it. */
  private Ref fieldRef(MemberRef field) {
    String owner = graph.fieldOwner(field.owner(), field.name(), field.descriptor())
        .orElse(field.owner());
    return new Ref(owner, field.name(), field.descriptor());
  }

  /** The classes known to be instantiated: what type tests can see at run time. */
  Set<String> instantiated() {
    return instantiated;
  }

  private List<String> instancesOf(String type) {
    return List.copyOf(instancesOf.getOrDefault(type, List.of()));
  }

  /** Processes the queue until nothing new is reached. */
  void run() {
    while (!queue.isEmpty()) {
      process(queue.poll());
    }
  }

  private void reach(ClassGraph.Found f) {
    if (f.method().isAbstract()) {
      return;
    }
    Ref key = new Ref(f.owner().name(), f.method().name(), f.method().descriptor());
    if (reached.putIfAbsent(key, f) == null) {
      queue.add(f);
    }
  }

  private void exact(String owner, String name, String descriptor) {
    if (!JdkTypes.isJdk(owner)) {
      graph.resolve(owner, name, descriptor).ifPresent(this::reach);
    }
  }

  /** Class initialization: the static initializers of the class and its superclasses. */
  private void initialize(String type) {
    String c = type;
    while (c != null && !JdkTypes.isJdk(c) && initialized.add(c)) {
      Optional<ParsedClass> pc = graph.get(c);
      if (pc.isEmpty()) {
        return;
      }
      pc.get().method("<clinit>", "()V").ifPresent(m -> reach(new ClassGraph.Found(pc.get(), m)));
      c = pc.get().file.superClass();
    }
  }

  /**
   * A static field access initializes the class or interface that declares the field, which
   * can be a superinterface of the named class ({@code Impl.VALUES} declared in a constant
   * interface): its static initializer, as well as the named class's.
   */
  private void initializeField(MemberRef field) {
    initialize(field.owner());
    graph.fieldOwner(field.owner(), field.name(), field.descriptor()).ifPresent(this::initialize);
  }

  private void site(String owner, String name, String descriptor) {
    Ref ref = new Ref(owner, name, descriptor);
    if (!sites.add(ref)) {
      return;
    }
    sitesByOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(ref);
    if (!JdkTypes.isJdk(owner)) {
      Optional<ClassGraph.Found> resolved = graph.resolve(owner, name, descriptor);
      if (resolved.isPresent()) {
        reach(resolved.get());
      } else {
        // inherited from the JDK: JDK code runs with the user's object as receiver
        escape(owner);
      }
    }
    for (String type : instancesOf(owner)) {
      dispatch(type, name, descriptor);
    }
  }

  private void dispatch(String type, String name, String descriptor) {
    Optional<ClassGraph.Found> found = graph.dispatch(type, name, descriptor);
    if (found.isPresent()) {
      reach(found.get());
    } else {
      callbacks(type);
    }
  }

  /** Objects of {@code type} (and its subtypes) reach JDK code, which may call them back. */
  private void escape(String type) {
    if (!escapes.add(type)) {
      return;
    }
    for (String c : instancesOf(type)) {
      callbacks(c);
    }
  }

  private void escapeParameters(String descriptor) {
    for (String p : Names.referenceTypes(descriptor.substring(0, descriptor.indexOf(')') + 1))) {
      escape(p);
    }
  }

  private void escapeReturn(String descriptor) {
    for (String r : Names.referenceTypes(Names.returnDescriptor(descriptor))) {
      escape(r);
    }
  }

  private void callbacks(String type) {
    if (!calledBack.add(type)) {
      return;
    }
    Set<String> methods = new HashSet<>();
    for (String jdk : graph.jdkSupertypes(type)) {
      methods.addAll(JdkTypes.overridableMethods(jdk));
    }
    for (String m : methods) {
      int paren = m.indexOf('(');
      Optional<ClassGraph.Found> found = graph.dispatch(type, m.substring(0, paren),
          m.substring(paren));
      if (found.isPresent()) {
        reach(found.get());
        // what the callback returns goes to the JDK too: an iterator() result gets next()
        escapeReturn(m);
      }
    }
  }

  private void process(ClassGraph.Found f) {
    if (f.method().code() == null) {
      return;
    }
    String self = f.owner().name();
    List<Instruction> code = f.method().code().instructions();
    for (int index = 0; index < code.size(); index++) {
      Instruction insn = code.get(index);
      if (insn instanceof Instruction.Invoke i) {
        invoke(self, i.opcode(), i.method());
      } else if (insn instanceof Instruction.FieldAccess a) {
        if ((a.opcode() == Opcodes.GETSTATIC || a.opcode() == Opcodes.PUTSTATIC)
            && !JdkTypes.isJdk(a.field().owner())) {
          initializeField(a.field());
          staticAccess(a.field(), a.opcode() == Opcodes.GETSTATIC,
              f.method().name().equals("<clinit>"));
          if (a.opcode() == Opcodes.GETSTATIC && Mutations.changedAfter(code, index)) {
            staticFills.add(fieldRef(a.field()));
          }
        } else if (!JdkTypes.isJdk(a.field().owner()) && ((a.opcode() == Opcodes.PUTFIELD
            && !f.method().name().equals("<init>")) || (a.opcode() == Opcodes.GETFIELD
            && Mutations.changedAfter(code, index)))) {
          instanceWrites.add(fieldRef(a.field()).owner());
        }
      } else if (insn instanceof Instruction.TypeOperand t) {
        if (t.opcode() == Opcodes.NEW) {
          instantiate(t.type().internalName());
        }
      } else if (insn instanceof Instruction.InvokeDynamic d) {
        bootstrap(d.bootstrap());
        String bsmOwner = d.bootstrap().method().member().owner();
        if (JdkTypes.isJdk(bsmOwner) && !bsmOwner.equals(LAMBDA_METAFACTORY)) {
          // string concatenation, record methods, switches: the JDK gets the arguments
          escapeParameters(d.descriptor());
        } else if (bsmOwner.equals(LAMBDA_METAFACTORY)
            && Names.referenceTypes(Names.returnDescriptor(d.descriptor())).stream()
                .allMatch(JdkTypes::isJdk)) {
          // a lambda of a JDK interface returns what it makes to the JDK (map, then sorted)
          lambdaReturns(d.bootstrap());
        }
      } else if (insn instanceof Instruction.Ldc l) {
        constant(l.constant());
      }
    }
  }

  private void invoke(String self, int opcode, MemberRef m) {
    String owner = m.owner();
    if (owner.startsWith("[")) {
      return;
    }
    // code that is not walked (the JDK, or a class without bytes) may call back what it gets
    boolean opaque = JdkTypes.isJdk(owner) || graph.get(owner, self).isEmpty();
    switch (opcode) {
      case Opcodes.INVOKESTATIC:
        if (opaque) {
          escapeParameters(m.descriptor());
        } else {
          initialize(owner);
          exact(owner, m.name(), m.descriptor());
        }
        break;
      case Opcodes.INVOKESPECIAL:
        if (opaque) {
          escapeParameters(m.descriptor());
          if (!m.name().equals("<init>") || isSuperConstructor(self, owner)) {
            // a JDK superclass's constructor may call overrides on the object being built:
            // Random(long) calls setSeed, Throwable() calls fillInStackTrace
            escape(self);
          }
        } else {
          exact(owner, m.name(), m.descriptor());
        }
        break;
      default:
        if (opaque) {
          escape(owner);
          escapeParameters(m.descriptor());
        }
        site(owner, m.name(), m.descriptor());
        break;
    }
  }

  /** Whether {@code owner.<init>} called from {@code self} runs a JDK superclass's constructor. */
  private boolean isSuperConstructor(String self, String owner) {
    return !QUIET_CONSTRUCTORS.contains(owner)
        && graph.get(self).map(pc -> owner.equals(pc.file.superClass())).orElse(false);
  }

  private void lambdaReturns(BootstrapMethod b) {
    if (b.arguments().size() > 1 && b.arguments().get(1) instanceof MethodHandleRef h) {
      if (h.referenceKind() == MethodHandleRef.NEW_INVOKE_SPECIAL) {
        escape(h.member().owner());
      } else {
        escapeReturn(h.member().descriptor());
      }
    }
  }

  private void bootstrap(BootstrapMethod b) {
    handle(b.method());
    for (Constant a : b.arguments()) {
      constant(a);
    }
  }

  private void constant(Constant c) {
    if (c instanceof MethodHandleRef h) {
      handle(h);
    } else if (c instanceof DynamicRef d) {
      bootstrap(d.bootstrap());
    }
  }

  private void handle(MethodHandleRef h) {
    MemberRef m = h.member();
    String owner = m.owner();
    boolean jdk = JdkTypes.isJdk(owner);
    switch (h.referenceKind()) {
      case MethodHandleRef.GET_STATIC:
      case MethodHandleRef.PUT_STATIC:
        if (!jdk) {
          initializeField(m);
          staticAccess(m, h.referenceKind() == MethodHandleRef.GET_STATIC, false);
        }
        break;
      case MethodHandleRef.INVOKE_STATIC:
        if (!jdk) {
          initialize(owner);
          exact(owner, m.name(), m.descriptor());
        }
        break;
      case MethodHandleRef.INVOKE_SPECIAL:
        exact(owner, m.name(), m.descriptor());
        break;
      case MethodHandleRef.NEW_INVOKE_SPECIAL:
        instantiate(owner);
        exact(owner, m.name(), m.descriptor());
        break;
      case MethodHandleRef.INVOKE_VIRTUAL:
      case MethodHandleRef.INVOKE_INTERFACE:
        if (jdk) {
          escape(owner);
        }
        site(owner, m.name(), m.descriptor());
        break;
      default:
        break;
    }
  }
}
