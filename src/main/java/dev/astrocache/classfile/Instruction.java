package dev.astrocache.classfile;

import java.util.List;
import java.util.Objects;

/**
 * One decoded JVM instruction (JVMS chapter 6). Every operand is symbolic: constant-pool indices
 * are resolved to {@link MemberRef}, {@link ClassRef}, {@link Constant} or
 * {@link BootstrapMethod} values, and branch targets (switch targets included) are
 * <em>instruction indices</em> into {@link Code#instructions()}, not byte offsets, so that a
 * hash of the instructions does not depend on constant-pool order or instruction widths.
 *
 * <p>{@link #opcode()} is the instruction's own opcode byte (see {@link Opcodes}): {@code ldc}
 * and {@code ldc_w}, {@code goto} and {@code goto_w}, {@code jsr} and {@code jsr_w} stay
 * distinct as in the bytes (a consumer that wants pool-layout independence should treat each
 * pair as one). An instruction prefixed by {@code wide} is reported with the opcode it modifies
 * ({@code iload}, {@code iinc}, ...) and its wide operand; {@code wide} itself never appears.
 */
public sealed interface Instruction permits Instruction.Plain, Instruction.IntOperand,
    Instruction.Local, Instruction.Increment, Instruction.Branch, Instruction.TableSwitch,
    Instruction.LookupSwitch, Instruction.FieldAccess, Instruction.Invoke,
    Instruction.InvokeDynamic, Instruction.TypeOperand, Instruction.MultiANewArray,
    Instruction.Ldc {

  /** The opcode, 0 to 255 (see {@link Opcodes}). */
  int opcode();

  /**
   * An instruction without operands: constants such as {@code iconst_1} and {@code aconst_null},
   * the short local forms such as {@code aload_0}, arithmetic, array loads and stores, stack
   * manipulation, returns, {@code athrow}, {@code arraylength}, {@code monitorenter}, ...
   *
   * @param opcode the opcode
   */
  record Plain(int opcode) implements Instruction {}

  /**
   * {@code bipush} or {@code sipush} (the value pushed, sign-extended) or {@code newarray}
   * (the array type code: 4 boolean, 5 char, 6 float, 7 double, 8 byte, 9 short, 10 int,
   * 11 long).
   *
   * @param opcode {@link Opcodes#BIPUSH}, {@link Opcodes#SIPUSH} or {@link Opcodes#NEWARRAY}
   * @param value the operand
   */
  record IntOperand(int opcode, int value) implements Instruction {}

  /**
   * A load, a store or {@code ret} with an explicit local-variable index ({@code iload 4},
   * {@code wide astore 300}, ...).
   *
   * @param opcode one of {@code iload lload fload dload aload istore lstore fstore dstore astore
   *     ret}
   * @param slot the local-variable index, 0 to 65535
   */
  record Local(int opcode, int slot) implements Instruction {}

  /**
   * {@code iinc} or {@code wide iinc}.
   *
   * @param slot the local-variable index, 0 to 65535
   * @param increment the signed increment
   */
  record Increment(int slot, int increment) implements Instruction {
    @Override
    public int opcode() {
      return Opcodes.IINC;
    }
  }

  /**
   * A conditional or unconditional jump: {@code ifeq} ... {@code if_acmpne}, {@code goto},
   * {@code jsr}, {@code ifnull}, {@code ifnonnull}, {@code goto_w}, {@code jsr_w}.
   *
   * @param opcode the opcode
   * @param target the index of the target instruction in {@link Code#instructions()}
   */
  record Branch(int opcode, int target) implements Instruction {}

  /**
   * {@code tableswitch}: {@code targets.get(i)} is the target for key {@code low + i}.
   *
   * @param low the lowest key
   * @param high the highest key
   * @param defaultTarget the instruction index of the default target
   * @param targets {@code high - low + 1} instruction indices (unmodifiable)
   */
  record TableSwitch(int low, int high, int defaultTarget, List<Integer> targets)
      implements Instruction {
    /** @throws NullPointerException if {@code targets} is or contains null */
    public TableSwitch {
      targets = List.copyOf(targets);
    }

    @Override
    public int opcode() {
      return Opcodes.TABLESWITCH;
    }
  }

  /**
   * {@code lookupswitch}: {@code targets.get(i)} is the target for {@code keys.get(i)}; keys are
   * in increasing order as the JVM requires.
   *
   * @param defaultTarget the instruction index of the default target
   * @param keys the match keys (unmodifiable)
   * @param targets the instruction indices, one per key (unmodifiable)
   */
  record LookupSwitch(int defaultTarget, List<Integer> keys, List<Integer> targets)
      implements Instruction {
    /** @throws NullPointerException if a list is or contains null */
    public LookupSwitch {
      keys = List.copyOf(keys);
      targets = List.copyOf(targets);
    }

    @Override
    public int opcode() {
      return Opcodes.LOOKUPSWITCH;
    }
  }

  /**
   * {@code getstatic}, {@code putstatic}, {@code getfield} or {@code putfield}.
   *
   * @param opcode the opcode
   * @param field the field, of kind {@link MemberRef.Kind#FIELD}
   */
  record FieldAccess(int opcode, MemberRef field) implements Instruction {
    /** @throws NullPointerException if {@code field} is null */
    public FieldAccess {
      Objects.requireNonNull(field, "field == null");
    }
  }

  /**
   * {@code invokevirtual}, {@code invokespecial}, {@code invokestatic} or
   * {@code invokeinterface}. The {@code count} operand of {@code invokeinterface} is implied by
   * the descriptor and not kept.
   *
   * @param opcode the opcode
   * @param method the method; its {@link MemberRef#kind()} tells whether the owner is an
   *     interface
   */
  record Invoke(int opcode, MemberRef method) implements Instruction {
    /** @throws NullPointerException if {@code method} is null */
    public Invoke {
      Objects.requireNonNull(method, "method == null");
    }
  }

  /**
   * {@code invokedynamic}, resolved with its bootstrap method.
   *
   * @param name the call site's name (for a lambda, the functional interface method's name,
   *     such as {@code apply}; for string concatenation {@code makeConcatWithConstants})
   * @param descriptor the call site's method descriptor
   * @param bootstrap the bootstrap method and its static arguments
   */
  record InvokeDynamic(String name, String descriptor, BootstrapMethod bootstrap)
      implements Instruction {
    /** @throws NullPointerException if any component is null */
    public InvokeDynamic {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(descriptor, "descriptor == null");
      Objects.requireNonNull(bootstrap, "bootstrap == null");
    }

    @Override
    public int opcode() {
      return Opcodes.INVOKEDYNAMIC;
    }
  }

  /**
   * {@code new}, {@code anewarray} (the component type), {@code checkcast} or
   * {@code instanceof}.
   *
   * @param opcode the opcode
   * @param type the class operand
   */
  record TypeOperand(int opcode, ClassRef type) implements Instruction {
    /** @throws NullPointerException if {@code type} is null */
    public TypeOperand {
      Objects.requireNonNull(type, "type == null");
    }
  }

  /**
   * {@code multianewarray}.
   *
   * @param type the array type, such as {@code [[I}
   * @param dimensions how many dimensions are created, 1 to 255
   */
  record MultiANewArray(ClassRef type, int dimensions) implements Instruction {
    /** @throws NullPointerException if {@code type} is null */
    public MultiANewArray {
      Objects.requireNonNull(type, "type == null");
    }

    @Override
    public int opcode() {
      return Opcodes.MULTIANEWARRAY;
    }
  }

  /**
   * {@code ldc}, {@code ldc_w} or {@code ldc2_w}.
   *
   * @param opcode the opcode
   * @param constant the loaded constant, resolved
   */
  record Ldc(int opcode, Constant constant) implements Instruction {
    /** @throws NullPointerException if {@code constant} is null */
    public Ldc {
      Objects.requireNonNull(constant, "constant == null");
    }
  }
}
