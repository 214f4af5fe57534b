package dev.astrocache.fingerprint;

import dev.astrocache.classfile.BootstrapMethod;
import dev.astrocache.classfile.ClassFile;
import dev.astrocache.classfile.ClassRef;
import dev.astrocache.classfile.Code;
import dev.astrocache.classfile.Constant;
import dev.astrocache.classfile.DynamicRef;
import dev.astrocache.classfile.ExceptionHandler;
import dev.astrocache.classfile.FieldInfo;
import dev.astrocache.classfile.Instruction;
import dev.astrocache.classfile.MemberRef;
import dev.astrocache.classfile.MethodHandleRef;
import dev.astrocache.classfile.MethodInfo;
import dev.astrocache.classfile.MethodTypeRef;
import dev.astrocache.classfile.Opcodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the normalized form of one method (or class shell) of one class: opcodes, symbolic
 * operands, branch targets as instruction indices, the exception table with catch types,
 * bootstrap methods with their arguments. Debug data and max_stack/max_locals never reach it.
 */
final class Normalizer {
  private static final int SELF = 1;
  private static final int REF = 2;
  private static final int NAME = 3;

  private final String self;
  private final boolean selfInvented;
  private final Hasher h = new Hasher();
  private final Map<Ref, Integer> refs = new LinkedHashMap<>();

  private Normalizer(String self) {
    this.self = self;
    this.selfInvented = Names.isInventedClass(self);
  }

  static Local method(ClassFile cf, MethodInfo m) {
    Normalizer n = new Normalizer(cf.thisClass());
    n.h.putString("method").putInt(m.accessFlags());
    n.descriptor(m.descriptor());
    for (String e : m.exceptions()) {
      n.className(e);
    }
    Code code = m.code();
    if (code == null) {
      n.h.putInt(-1);
    } else {
      n.code(code);
    }
    return n.finish();
  }

  /** An invokedynamic site of class {@code self}: its name, type and bootstrap method. */
  static Local site(String self, String name, String descriptor, BootstrapMethod b) {
    Normalizer n = new Normalizer(self);
    n.h.putString("site").putString(name);
    n.descriptor(descriptor);
    n.bootstrap(b);
    return n.finish();
  }

  /** The class itself without its methods: flags, supertypes, fields. */
  static Local shell(ClassFile cf) {
    Normalizer n = new Normalizer(cf.thisClass());
    n.h.putString("class").putInt(cf.accessFlags());
    n.className(cf.superClass() == null ? "-" : cf.superClass());
    n.h.putInt(cf.interfaces().size());
    for (String i : cf.interfaces()) {
      n.className(i);
    }
    List<FieldInfo> fields = new ArrayList<>(cf.fields());
    fields.sort(Comparator.comparing(FieldInfo::name).thenComparing(FieldInfo::descriptor));
    n.h.putInt(fields.size());
    for (FieldInfo f : fields) {
      n.h.putInt(f.accessFlags()).putString(f.name());
      n.descriptor(f.descriptor());
      if (f.constantValue() == null) {
        n.h.putInt(0);
      } else {
        n.h.putInt(1);
        n.constant(f.constantValue());
      }
    }
    n.h.putInt(cf.recordComponents().size());
    cf.recordComponents().forEach(c -> {
      n.h.putString(c.name());
      n.descriptor(c.descriptor());
    });
    return n.finish();
  }

  private Local finish() {
    return new Local(h.finish(), List.copyOf(refs.keySet()));
  }

  private void ref(Ref r) {
    Integer index = refs.get(r);
    if (index == null) {
      index = refs.size();
      refs.put(r, index);
    }
    h.putByte(REF).putInt(index);
  }

  void className(String internalName) {
    if (internalName.startsWith("[")) {
      descriptor(internalName);
    } else if (selfInvented && internalName.equals(self)) {
      h.putByte(SELF);
    } else if (Names.isInventedClass(internalName)) {
      ref(Ref.ofClass(internalName));
    } else {
      h.putByte(NAME).putString(internalName);
    }
  }

  /** A descriptor with each class name in it normalized as {@link #className} does. */
  void descriptor(String descriptor) {
    int i = 0;
    int start = 0;
    h.putByte('D');
    while (i < descriptor.length()) {
      if (descriptor.charAt(i) == 'L') {
        h.putString(descriptor.substring(start, i));
        int semi = descriptor.indexOf(';', i);
        className(descriptor.substring(i + 1, semi));
        i = semi + 1;
        start = i;
      } else {
        i++;
      }
    }
    h.putString(descriptor.substring(start));
  }

  private void member(MemberRef m) {
    h.putByte(m.kind().ordinal());
    className(m.owner());
    if (m.kind() != MemberRef.Kind.FIELD && Names.isInventedMethod(m.name())) {
      ref(new Ref(m.owner(), m.name(), m.descriptor()));
    } else {
      h.putByte(NAME).putString(m.name());
    }
    descriptor(m.descriptor());
  }

  private void constant(Constant c) {
    if (c instanceof Constant.IntValue v) {
      h.putByte('I').putInt(v.value());
    } else if (c instanceof Constant.LongValue v) {
      h.putByte('J').putLong(v.value());
    } else if (c instanceof Constant.FloatValue v) {
      h.putByte('F').putInt(Float.floatToRawIntBits(v.value()));
    } else if (c instanceof Constant.DoubleValue v) {
      h.putByte('D').putLong(Double.doubleToRawLongBits(v.value()));
    } else if (c instanceof Constant.StringValue v) {
      h.putByte('S').putString(v.value());
    } else if (c instanceof ClassRef v) {
      h.putByte('C');
      className(v.internalName());
    } else if (c instanceof MethodTypeRef v) {
      h.putByte('T');
      descriptor(v.descriptor());
    } else if (c instanceof MethodHandleRef v) {
      h.putByte('H').putInt(v.referenceKind());
      member(v.member());
    } else if (c instanceof DynamicRef v) {
      h.putByte('Y').putString(v.name());
      descriptor(v.descriptor());
      bootstrap(v.bootstrap());
    } else {
      throw new IllegalStateException("unknown constant " + c);
    }
  }

  private void bootstrap(BootstrapMethod b) {
    constant(b.method());
    h.putInt(b.arguments().size());
    for (Constant a : b.arguments()) {
      constant(a);
    }
  }

  private void code(Code code) {
    List<Instruction> insns = code.instructions();
    h.putInt(insns.size());
    for (Instruction insn : insns) {
      h.putByte(canonicalOpcode(insn.opcode()));
      if (insn instanceof Instruction.IntOperand i) {
        h.putInt(i.value());
      } else if (insn instanceof Instruction.Local l) {
        h.putInt(l.slot());
      } else if (insn instanceof Instruction.Increment i) {
        h.putInt(i.slot()).putInt(i.increment());
      } else if (insn instanceof Instruction.Branch b) {
        h.putInt(b.target());
      } else if (insn instanceof Instruction.TableSwitch t) {
        h.putInt(t.low()).putInt(t.high()).putInt(t.defaultTarget());
        t.targets().forEach(h::putInt);
      } else if (insn instanceof Instruction.LookupSwitch l) {
        h.putInt(l.defaultTarget()).putInt(l.keys().size());
        l.keys().forEach(h::putInt);
        l.targets().forEach(h::putInt);
      } else if (insn instanceof Instruction.FieldAccess f) {
        member(f.field());
      } else if (insn instanceof Instruction.Invoke i) {
        member(i.method());
      } else if (insn instanceof Instruction.InvokeDynamic d) {
        h.putString(d.name());
        descriptor(d.descriptor());
        bootstrap(d.bootstrap());
      } else if (insn instanceof Instruction.TypeOperand t) {
        className(t.type().internalName());
      } else if (insn instanceof Instruction.MultiANewArray m) {
        className(m.type().internalName());
        h.putInt(m.dimensions());
      } else if (insn instanceof Instruction.Ldc l) {
        constant(l.constant());
      }
    }
    h.putInt(code.exceptionHandlers().size());
    for (ExceptionHandler e : code.exceptionHandlers()) {
      h.putInt(e.start()).putInt(e.end()).putInt(e.handler());
      if (e.catchType() == null) {
        h.putByte(0);
      } else {
        className(e.catchType());
      }
    }
  }

  /** ldc_w, goto_w and jsr_w depend on the constant pool's layout, not on the code. */
  private static int canonicalOpcode(int opcode) {
    switch (opcode) {
      case Opcodes.LDC_W:
        return Opcodes.LDC;
      case Opcodes.GOTO_W:
        return Opcodes.GOTO;
      case Opcodes.JSR_W:
        return Opcodes.JSR;
      default:
        return opcode;
    }
  }
}
