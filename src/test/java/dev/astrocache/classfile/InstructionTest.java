package dev.astrocache.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Value semantics of the instruction classes, which are hand-written rather than records. */
class InstructionTest {
  static final MemberRef SIZE = new MemberRef(MemberRef.Kind.INTERFACE_METHOD, "java/util/List",
      "size", "()I");
  static final BootstrapMethod BSM = new BootstrapMethod(new MethodHandleRef(
      MethodHandleRef.INVOKE_STATIC, new MemberRef(MemberRef.Kind.METHOD, "p/B", "bsm", "()V")),
      List.of(new Constant.StringValue("\u0001")));

  /** Pairs of equal instructions, each unequal to every instruction of the other pairs. */
  static List<Instruction[]> pairs() {
    return List.of(
        new Instruction[] {new Instruction.Plain(Opcodes.NOP), new Instruction.Plain(Opcodes.NOP)},
        new Instruction[] {new Instruction.Plain(Opcodes.POP), new Instruction.Plain(Opcodes.POP)},
        new Instruction[] {new Instruction.IntOperand(Opcodes.BIPUSH, 5),
            new Instruction.IntOperand(Opcodes.BIPUSH, 5)},
        new Instruction[] {new Instruction.IntOperand(Opcodes.SIPUSH, 5),
            new Instruction.IntOperand(Opcodes.SIPUSH, 5)},
        new Instruction[] {new Instruction.Local(Opcodes.ILOAD, 5),
            new Instruction.Local(Opcodes.ILOAD, 5)},
        new Instruction[] {new Instruction.Local(Opcodes.ILOAD, 6),
            new Instruction.Local(Opcodes.ILOAD, 6)},
        new Instruction[] {new Instruction.Increment(5, 1), new Instruction.Increment(5, 1)},
        new Instruction[] {new Instruction.Increment(5, 2), new Instruction.Increment(5, 2)},
        new Instruction[] {new Instruction.Branch(Opcodes.GOTO, 3),
            new Instruction.Branch(Opcodes.GOTO, 3)},
        new Instruction[] {new Instruction.Branch(Opcodes.GOTO, 4),
            new Instruction.Branch(Opcodes.GOTO, 4)},
        new Instruction[] {new Instruction.TableSwitch(1, 2, 0, List.of(3, 4)),
            new Instruction.TableSwitch(1, 2, 0, new ArrayList<>(List.of(3, 4)))},
        new Instruction[] {new Instruction.TableSwitch(1, 2, 0, List.of(3, 5)),
            new Instruction.TableSwitch(1, 2, 0, List.of(3, 5))},
        new Instruction[] {new Instruction.LookupSwitch(0, List.of(7), List.of(3)),
            new Instruction.LookupSwitch(0, List.of(7), List.of(3))},
        new Instruction[] {new Instruction.FieldAccess(Opcodes.GETFIELD, new MemberRef(
            MemberRef.Kind.FIELD, "p/A", "x", "I")), new Instruction.FieldAccess(Opcodes.GETFIELD,
            new MemberRef(MemberRef.Kind.FIELD, "p/A", "x", "I"))},
        new Instruction[] {new Instruction.Invoke(Opcodes.INVOKEINTERFACE, SIZE),
            new Instruction.Invoke(Opcodes.INVOKEINTERFACE, SIZE)},
        new Instruction[] {new Instruction.InvokeDynamic("run", "()V", BSM),
            new Instruction.InvokeDynamic("run", "()V", BSM)},
        new Instruction[] {new Instruction.TypeOperand(Opcodes.NEW, new ClassRef("p/A")),
            new Instruction.TypeOperand(Opcodes.NEW, new ClassRef("p/A"))},
        new Instruction[] {new Instruction.MultiANewArray(new ClassRef("[[I"), 2),
            new Instruction.MultiANewArray(new ClassRef("[[I"), 2)},
        new Instruction[] {new Instruction.Ldc(Opcodes.LDC, new Constant.StringValue("p/A")),
            new Instruction.Ldc(Opcodes.LDC, new Constant.StringValue("p/A"))},
        new Instruction[] {new Instruction.Ldc(Opcodes.LDC, new ClassRef("p/A")),
            new Instruction.Ldc(Opcodes.LDC, new ClassRef("p/A"))});
  }

  @Test
  void equals_sameOperands_equalWithEqualHashCodes() {
    for (Instruction[] pair : pairs()) {
      assertEquals(pair[0], pair[1]);
      assertEquals(pair[0].hashCode(), pair[1].hashCode());
    }
  }

  @Test
  void equals_differentOpcodeOrOperand_notEqual() {
    List<Instruction[]> pairs = pairs();
    for (int i = 0; i < pairs.size(); i++) {
      for (int j = 0; j < pairs.size(); j++) {
        if (i != j) {
          assertNotEquals(pairs.get(i)[0], pairs.get(j)[0]);
        }
      }
      assertNotEquals(pairs.get(i)[0], null);
    }
  }

  @Test
  void opcode_fixedForSingleOpcodeKinds() {
    assertEquals(Opcodes.IINC, new Instruction.Increment(1, 1).opcode());
    assertEquals(Opcodes.TABLESWITCH, new Instruction.TableSwitch(0, 0, 0, List.of(0)).opcode());
    assertEquals(Opcodes.LOOKUPSWITCH, new Instruction.LookupSwitch(0, List.of(), List.of())
        .opcode());
    assertEquals(Opcodes.INVOKEDYNAMIC, new Instruction.InvokeDynamic("run", "()V", BSM)
        .opcode());
    assertEquals(Opcodes.MULTIANEWARRAY, new Instruction.MultiANewArray(new ClassRef("[[I"), 2)
        .opcode());
  }

  @Test
  void toString_namesTheKindAndEveryOperand() {
    assertEquals("Branch[opcode=167, target=4]",
        new Instruction.Branch(Opcodes.GOTO, 4).toString());
    assertEquals("Invoke[opcode=185, method=java/util/List.size:()I]",
        new Instruction.Invoke(Opcodes.INVOKEINTERFACE, SIZE).toString());
    assertEquals("LookupSwitch[defaultTarget=0, keys=[7], targets=[3]]",
        new Instruction.LookupSwitch(0, List.of(7), List.of(3)).toString());
  }

  @Test
  void constructor_nullOperand_isRejected() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> new Instruction.Invoke(Opcodes.INVOKEVIRTUAL, null));
    assertEquals("method == null", e.getMessage());
  }

  @Test
  void targets_areUnmodifiableCopies() {
    List<Integer> targets = new ArrayList<>(List.of(1, 2));
    Instruction.TableSwitch sw = new Instruction.TableSwitch(0, 1, 0, targets);
    targets.set(0, 9);
    assertEquals(List.of(1, 2), sw.targets());
    assertThrows(UnsupportedOperationException.class, () -> sw.targets().set(0, 9));
  }
}
