package dev.astrocache.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.BootstrapMethodEntry;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.ConstantDynamicEntry;
import java.lang.classfile.constantpool.DoubleEntry;
import java.lang.classfile.constantpool.FieldRefEntry;
import java.lang.classfile.constantpool.FloatEntry;
import java.lang.classfile.constantpool.IntegerEntry;
import java.lang.classfile.constantpool.InterfaceMethodRefEntry;
import java.lang.classfile.constantpool.LoadableConstantEntry;
import java.lang.classfile.constantpool.LongEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.MethodHandleEntry;
import java.lang.classfile.constantpool.MethodTypeEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.classfile.instruction.ConstantInstruction.ArgumentConstantInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.ConstantInstruction.LoadConstantInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Compiled only on Java 24 and later (Maven profile {@code java24-oracle}): checks that the
 * reader agrees with the JDK's own {@code java.lang.classfile} on every class of the running
 * JDK's image, all of {@code java.base} and then as many other modules as a time budget
 * allows: class attributes, fields, methods, and every instruction with its symbolic operands,
 * branch targets and exception table.
 */
class ClassFileOracleTest {
  /** java.base is always read whole; other modules only while the budget lasts. */
  private static final long BUDGET_NANOS = 10_000_000_000L;

  @Test
  void parse_jdkImage_agreesWithJavaLangClassfile() throws IOException {
    long deadline = System.nanoTime() + BUDGET_NANOS;
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    List<Path> modules;
    try (Stream<Path> list = Files.list(jrt.getPath("/modules"))) {
      modules = list.sorted((a, b) -> a.endsWith("java.base") ? -1 : b.endsWith("java.base") ? 1
          : a.compareTo(b)).collect(Collectors.toList());
    }
    int classes = 0;
    long instructions = 0;
    for (Path module : modules) {
      boolean base = module.endsWith("java.base");
      if (!base && System.nanoTime() > deadline) {
        break;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(module)) {
        files = walk.filter(p -> p.toString().endsWith(".class")).sorted()
            .collect(Collectors.toList());
      }
      for (Path file : files) {
        byte[] bytes = Files.readAllBytes(file);
        instructions += compare(file.toString(), bytes);
        classes++;
      }
      if (base) {
        assertTrue(classes > 5000, "java.base has " + classes + " classes");
      }
    }
    System.out.println("ClassFileOracleTest: " + classes + " classes, " + instructions
        + " instructions agree with java.lang.classfile");
  }

  @Test
  void parse_testClasses_agreeWithJavaLangClassfile() throws IOException {
    for (String name : List.of("ClassFileTest", "CodeReader", "ClassParser", "ConstantPool",
        "Instruction$TableSwitch", "BadClassCorpus")) {
      try (var in = getClass().getResourceAsStream("/dev/astrocache/classfile/" + name
          + ".class")) {
        compare(name, in.readAllBytes());
      }
    }
  }

  /** Compares one class; returns its instruction count. */
  static long compare(String where, byte[] bytes) {
    ClassModel theirs = java.lang.classfile.ClassFile.of().parse(bytes);
    ClassFile ours = ClassFile.parse(bytes);
    assertEquals(theirs.majorVersion(), ours.majorVersion(), where);
    assertEquals(theirs.minorVersion(), ours.minorVersion(), where);
    assertEquals(theirs.flags().flagsMask(), ours.accessFlags(), where);
    assertEquals(theirs.thisClass().asInternalName(), ours.thisClass(), where);
    assertEquals(theirs.superclass().map(ClassEntry::asInternalName).orElse(null),
        ours.superClass(), where);
    assertEquals(names(theirs.interfaces()), ours.interfaces(), where);
    assertEquals(theirs.findAttribute(Attributes.record()).isPresent(), ours.isRecord(), where);
    assertEquals(theirs.findAttribute(Attributes.record()).map(a -> a.components().stream()
        .map(c -> new RecordComponent(c.name().stringValue(), c.descriptor().stringValue()))
        .collect(Collectors.toList())).orElse(List.of()), ours.recordComponents(), where);
    assertEquals(theirs.findAttribute(Attributes.bootstrapMethods())
        .map(a -> a.bootstrapMethods().stream().map(ClassFileOracleTest::bootstrap)
            .collect(Collectors.toList())).orElse(List.of()), ours.bootstrapMethods(), where);

    assertEquals(theirs.fields().size(), ours.fields().size(), where);
    for (int i = 0; i < theirs.fields().size(); i++) {
      FieldModel f = theirs.fields().get(i);
      assertEquals(new FieldInfo(f.flags().flagsMask(), f.fieldName().stringValue(),
          f.fieldType().stringValue(), f.findAttribute(Attributes.constantValue())
              .map(a -> constant(a.constant())).orElse(null)), ours.fields().get(i), where);
    }
    assertEquals(theirs.methods().size(), ours.methods().size(), where);
    long count = 0;
    for (int i = 0; i < theirs.methods().size(); i++) {
      MethodModel m = theirs.methods().get(i);
      MethodInfo mine = ours.methods().get(i);
      String at = where + " " + m.methodName().stringValue() + m.methodType().stringValue();
      assertEquals(m.flags().flagsMask(), mine.accessFlags(), at);
      assertEquals(m.methodName().stringValue(), mine.name(), at);
      assertEquals(m.methodType().stringValue(), mine.descriptor(), at);
      assertEquals(m.findAttribute(Attributes.exceptions()).map(a -> names(a.exceptions()))
          .orElse(List.of()), mine.exceptions(), at);
      CodeAttribute code = m.findAttribute(Attributes.code()).orElse(null);
      assertEquals(code == null, mine.code() == null, at);
      if (code != null) {
        count += compareCode(at, code, mine.code());
      }
    }
    return count;
  }

  static long compareCode(String at, CodeAttribute code, Code mine) {
    assertEquals(code.maxStack(), mine.maxStack(), at);
    assertEquals(code.maxLocals(), mine.maxLocals(), at);
    Map<Integer, Integer> indexAtBci = new HashMap<>();
    List<java.lang.classfile.Instruction> insns = new ArrayList<>();
    int bci = 0;
    for (CodeElement e : code) {
      if (e instanceof java.lang.classfile.Instruction insn) {
        indexAtBci.put(bci, insns.size());
        insns.add(insn);
        bci += insn.sizeInBytes();
      }
    }
    indexAtBci.put(bci, insns.size());
    Targets targets = label -> indexAtBci.get(code.labelToBci(label));
    assertEquals(insns.size(), mine.instructions().size(), at);
    for (int i = 0; i < insns.size(); i++) {
      assertEquals(expected(insns.get(i), targets), mine.instructions().get(i), at + " #" + i);
    }
    List<ExceptionHandler> handlers = new ArrayList<>();
    for (ExceptionCatch c : code.exceptionHandlers()) {
      handlers.add(new ExceptionHandler(targets.index(c.tryStart()), targets.index(c.tryEnd()),
          targets.index(c.handler()), c.catchType().map(ClassEntry::asInternalName)
              .orElse(null)));
    }
    assertEquals(handlers, mine.exceptionHandlers(), at);
    return insns.size();
  }

  interface Targets {
    Integer index(Label label);
  }

  /** The instruction our reader must produce for {@code insn}. */
  static Instruction expected(java.lang.classfile.Instruction insn, Targets targets) {
    int op = insn.opcode().bytecode();
    if (op > 0xFF) {
      op &= 0xFF; // wide forms: ILOAD_W is 0xC415
    }
    boolean explicitSlot = op == Opcodes.ILOAD || op == Opcodes.LLOAD || op == Opcodes.FLOAD
        || op == Opcodes.DLOAD || op == Opcodes.ALOAD || op == Opcodes.ISTORE
        || op == Opcodes.LSTORE || op == Opcodes.FSTORE || op == Opcodes.DSTORE
        || op == Opcodes.ASTORE;
    switch (insn) {
      case LoadInstruction l when explicitSlot:
        return new Instruction.Local(op, l.slot());
      case StoreInstruction s when explicitSlot:
        return new Instruction.Local(op, s.slot());
      case DiscontinuedInstruction.RetInstruction r:
        return new Instruction.Local(op, r.slot());
      case DiscontinuedInstruction.JsrInstruction j:
        return new Instruction.Branch(op, targets.index(j.target()));
      case IncrementInstruction inc:
        return new Instruction.Increment(inc.slot(), inc.constant());
      case BranchInstruction br:
        return new Instruction.Branch(op, targets.index(br.target()));
      case TableSwitchInstruction ts: {
        Map<Integer, Integer> byKey = new HashMap<>();
        for (SwitchCase c : ts.cases()) {
          byKey.put(c.caseValue(), targets.index(c.target()));
        }
        int dflt = targets.index(ts.defaultTarget());
        List<Integer> list = new ArrayList<>();
        for (long k = ts.lowValue(); k <= ts.highValue(); k++) {
          list.add(byKey.getOrDefault((int) k, dflt));
        }
        return new Instruction.TableSwitch(ts.lowValue(), ts.highValue(), dflt, list);
      }
      case LookupSwitchInstruction ls:
        return new Instruction.LookupSwitch(targets.index(ls.defaultTarget()),
            ls.cases().stream().map(SwitchCase::caseValue).collect(Collectors.toList()),
            ls.cases().stream().map(c -> targets.index(c.target()))
                .collect(Collectors.toList()));
      case FieldInstruction f:
        return new Instruction.FieldAccess(op, member(f.field()));
      case InvokeInstruction call:
        return new Instruction.Invoke(op, member(call.method()));
      case InvokeDynamicInstruction indy:
        return new Instruction.InvokeDynamic(indy.name().stringValue(),
            indy.type().stringValue(), bootstrap(indy.invokedynamic().bootstrap()));
      case NewObjectInstruction n:
        return new Instruction.TypeOperand(op, new ClassRef(n.className().asInternalName()));
      case NewReferenceArrayInstruction n:
        return new Instruction.TypeOperand(op,
            new ClassRef(n.componentType().asInternalName()));
      case TypeCheckInstruction t:
        return new Instruction.TypeOperand(op, new ClassRef(t.type().asInternalName()));
      case NewMultiArrayInstruction n:
        return new Instruction.MultiANewArray(new ClassRef(n.arrayType().asInternalName()),
            n.dimensions());
      case NewPrimitiveArrayInstruction n:
        return new Instruction.IntOperand(op, n.typeKind().newarrayCode());
      case ArgumentConstantInstruction c:
        return new Instruction.IntOperand(op, c.constantValue());
      case LoadConstantInstruction c:
        return new Instruction.Ldc(op, constant(c.constantEntry()));
      default:
        return new Instruction.Plain(op);
    }
  }

  static List<String> names(List<ClassEntry> entries) {
    return entries.stream().map(ClassEntry::asInternalName).collect(Collectors.toList());
  }

  static MemberRef member(MemberRefEntry e) {
    MemberRef.Kind kind = e instanceof FieldRefEntry ? MemberRef.Kind.FIELD
        : e instanceof InterfaceMethodRefEntry ? MemberRef.Kind.INTERFACE_METHOD
        : MemberRef.Kind.METHOD;
    return new MemberRef(kind, e.owner().asInternalName(), e.name().stringValue(),
        e.type().stringValue());
  }

  static BootstrapMethod bootstrap(BootstrapMethodEntry e) {
    return new BootstrapMethod(new MethodHandleRef(e.bootstrapMethod().kind(),
        member(e.bootstrapMethod().reference())),
        e.arguments().stream().map(ClassFileOracleTest::constant).collect(Collectors.toList()));
  }

  static Constant constant(LoadableConstantEntry e) {
    return switch (e) {
      case IntegerEntry i -> new Constant.IntValue(i.intValue());
      case FloatEntry f -> new Constant.FloatValue(f.floatValue());
      case LongEntry l -> new Constant.LongValue(l.longValue());
      case DoubleEntry d -> new Constant.DoubleValue(d.doubleValue());
      case StringEntry s -> new Constant.StringValue(s.stringValue());
      case ClassEntry c -> new ClassRef(c.asInternalName());
      case MethodTypeEntry t -> new MethodTypeRef(t.descriptor().stringValue());
      case MethodHandleEntry h -> new MethodHandleRef(h.kind(), member(h.reference()));
      case ConstantDynamicEntry d -> new DynamicRef(d.name().stringValue(),
          d.type().stringValue(), bootstrap(d.bootstrap()));
    };
  }

  static Constant constant(java.lang.classfile.constantpool.ConstantValueEntry e) {
    return constant((LoadableConstantEntry) e);
  }
}
