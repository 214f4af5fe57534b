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
 *
 * <p>The subclasses are immutable values with record-like accessors, {@code equals},
 * {@code hashCode} and {@code toString}. They are classes rather than records so that
 * {@link #opcode()} is a final field read: a loop over millions of instructions would
 * otherwise pay a megamorphic interface call for each.
 */
public abstract sealed class Instruction permits Instruction.Plain, Instruction.IntOperand, Instruction.Local, Instruction.Increment, Instruction.Branch, Instruction.TableSwitch, Instruction.LookupSwitch, Instruction.FieldAccess, Instruction.Invoke, Instruction.InvokeDynamic, Instruction.TypeOperand, Instruction.MultiANewArray, Instruction.Ldc {
  private final int opcode;

  private Instruction(int opcode) {
    this.opcode = opcode;
  }

  /** The opcode, 0 to 255 (see {@link Opcodes}). */
  public final int opcode() {
    return opcode;
  }

  /**
   * An instruction without operands: constants such as {@code iconst_1} and {@code aconst_null},
   * the short local forms such as {@code aload_0}, arithmetic, array loads and stores, stack
   * manipulation, returns, {@code athrow}, {@code arraylength}, {@code monitorenter}, ...
   */
  public static final class Plain extends Instruction {

    /**
     * Creates the instruction.
     *
     * @param opcode the opcode
     */
    public Plain(int opcode) {
      super(opcode);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Plain)) {
        return false;
      }
      Plain other = (Plain) o;
      return opcode() == other.opcode();
    }

    @Override
    public int hashCode() {
      return opcode();
    }

    @Override
    public String toString() {
      return "Plain[opcode=" + opcode() + "]";
    }
  }

  /**
   * {@code bipush} or {@code sipush} (the value pushed, sign-extended) or {@code newarray}
   * (the array type code: 4 boolean, 5 char, 6 float, 7 double, 8 byte, 9 short, 10 int,
   * 11 long).
   */
  public static final class IntOperand extends Instruction {
    private final int value;

    /**
     * Creates the instruction.
     *
     * @param opcode {@link Opcodes#BIPUSH}, {@link Opcodes#SIPUSH} or {@link Opcodes#NEWARRAY}
     * @param value the operand
     */
    public IntOperand(int opcode, int value) {
      super(opcode);
      this.value = value;
    }

    /** Returns the operand. */
    public int value() {
      return value;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof IntOperand)) {
        return false;
      }
      IntOperand other = (IntOperand) o;
      return opcode() == other.opcode()
          && value == other.value;
    }

    @Override
    public int hashCode() {
      return 31 * (opcode()) + value;
    }

    @Override
    public String toString() {
      return "IntOperand[opcode=" + opcode() + ", value=" + value + "]";
    }
  }

  /**
   * A load, a store or {@code ret} with an explicit local-variable index ({@code iload 4},
   * {@code wide astore 300}, ...).
   */
  public static final class Local extends Instruction {
    private final int slot;

    /**
     * Creates the instruction.
     *
     * @param opcode one of {@code iload lload fload dload aload istore lstore fstore dstore astore
     *     ret}
     * @param slot the local-variable index, 0 to 65535
     */
    public Local(int opcode, int slot) {
      super(opcode);
      this.slot = slot;
    }

    /** Returns the local-variable index, 0 to 65535. */
    public int slot() {
      return slot;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Local)) {
        return false;
      }
      Local other = (Local) o;
      return opcode() == other.opcode()
          && slot == other.slot;
    }

    @Override
    public int hashCode() {
      return 31 * (opcode()) + slot;
    }

    @Override
    public String toString() {
      return "Local[opcode=" + opcode() + ", slot=" + slot + "]";
    }
  }

  /**
   * {@code iinc} or {@code wide iinc}.
   */
  public static final class Increment extends Instruction {
    private final int slot;
    private final int increment;

    /**
     * Creates the instruction.
     *
     * @param slot the local-variable index, 0 to 65535
     * @param increment the signed increment
     */
    public Increment(int slot, int increment) {
      super(Opcodes.IINC);
      this.slot = slot;
      this.increment = increment;
    }

    /** Returns the local-variable index, 0 to 65535. */
    public int slot() {
      return slot;
    }

    /** Returns the signed increment. */
    public int increment() {
      return increment;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Increment)) {
        return false;
      }
      Increment other = (Increment) o;
      return slot == other.slot
          && increment == other.increment;
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (opcode()) + slot) + increment;
    }

    @Override
    public String toString() {
      return "Increment[slot=" + slot + ", increment=" + increment + "]";
    }
  }

  /**
   * A conditional or unconditional jump: {@code ifeq} ... {@code if_acmpne}, {@code goto},
   * {@code jsr}, {@code ifnull}, {@code ifnonnull}, {@code goto_w}, {@code jsr_w}.
   */
  public static final class Branch extends Instruction {
    private final int target;

    /**
     * Creates the instruction.
     *
     * @param opcode the opcode
     * @param target the index of the target instruction in {@link Code#instructions()}
     */
    public Branch(int opcode, int target) {
      super(opcode);
      this.target = target;
    }

    /** Returns the index of the target instruction in {@link Code#instructions()}. */
    public int target() {
      return target;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Branch)) {
        return false;
      }
      Branch other = (Branch) o;
      return opcode() == other.opcode()
          && target == other.target;
    }

    @Override
    public int hashCode() {
      return 31 * (opcode()) + target;
    }

    @Override
    public String toString() {
      return "Branch[opcode=" + opcode() + ", target=" + target + "]";
    }
  }

  /**
   * {@code tableswitch}: {@code targets.get(i)} is the target for key {@code low + i}.
   */
  public static final class TableSwitch extends Instruction {
    private final int low;
    private final int high;
    private final int defaultTarget;
    private final List<Integer> targets;

    /**
     * Creates the instruction.
     *
     * @param low the lowest key
     * @param high the highest key
     * @param defaultTarget the instruction index of the default target
     * @param targets {@code high - low + 1} instruction indices (unmodifiable)
     * @throws NullPointerException if {@code targets} is null or contains null
     */
    public TableSwitch(int low, int high, int defaultTarget, List<Integer> targets) {
      super(Opcodes.TABLESWITCH);
      this.low = low;
      this.high = high;
      this.defaultTarget = defaultTarget;
      this.targets = ArrayListView.copyOf(targets);
    }

    /** Returns the lowest key. */
    public int low() {
      return low;
    }

    /** Returns the highest key. */
    public int high() {
      return high;
    }

    /** Returns the instruction index of the default target. */
    public int defaultTarget() {
      return defaultTarget;
    }

    /** Returns {@code high - low + 1} instruction indices (unmodifiable). */
    public List<Integer> targets() {
      return targets;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof TableSwitch)) {
        return false;
      }
      TableSwitch other = (TableSwitch) o;
      return low == other.low
          && high == other.high
          && defaultTarget == other.defaultTarget
          && targets.equals(other.targets);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * (31 * (opcode()) + low) + high) + defaultTarget) + targets.hashCode();
    }

    @Override
    public String toString() {
      return "TableSwitch[low=" + low + ", high=" + high + ", defaultTarget=" + defaultTarget + ", targets=" + targets + "]";
    }
  }

  /**
   * {@code lookupswitch}: {@code targets.get(i)} is the target for {@code keys.get(i)}; keys are
   * in increasing order as the JVM requires.
   */
  public static final class LookupSwitch extends Instruction {
    private final int defaultTarget;
    private final List<Integer> keys;
    private final List<Integer> targets;

    /**
     * Creates the instruction.
     *
     * @param defaultTarget the instruction index of the default target
     * @param keys the match keys (unmodifiable)
     * @param targets the instruction indices, one per key (unmodifiable)
     * @throws NullPointerException if {@code keys}, {@code targets} is null or contains null
     */
    public LookupSwitch(int defaultTarget, List<Integer> keys, List<Integer> targets) {
      super(Opcodes.LOOKUPSWITCH);
      this.defaultTarget = defaultTarget;
      this.keys = ArrayListView.copyOf(keys);
      this.targets = ArrayListView.copyOf(targets);
    }

    /** Returns the instruction index of the default target. */
    public int defaultTarget() {
      return defaultTarget;
    }

    /** Returns the match keys (unmodifiable). */
    public List<Integer> keys() {
      return keys;
    }

    /** Returns the instruction indices, one per key (unmodifiable). */
    public List<Integer> targets() {
      return targets;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof LookupSwitch)) {
        return false;
      }
      LookupSwitch other = (LookupSwitch) o;
      return defaultTarget == other.defaultTarget
          && keys.equals(other.keys)
          && targets.equals(other.targets);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * (opcode()) + defaultTarget) + keys.hashCode()) + targets.hashCode();
    }

    @Override
    public String toString() {
      return "LookupSwitch[defaultTarget=" + defaultTarget + ", keys=" + keys + ", targets=" + targets + "]";
    }
  }

  /**
   * {@code getstatic}, {@code putstatic}, {@code getfield} or {@code putfield}.
   */
  public static final class FieldAccess extends Instruction {
    private final MemberRef field;

    /**
     * Creates the instruction.
     *
     * @param opcode the opcode
     * @param field the field, of kind {@link MemberRef.Kind#FIELD}
     * @throws NullPointerException if {@code field} is null
     */
    public FieldAccess(int opcode, MemberRef field) {
      super(opcode);
      this.field = Objects.requireNonNull(field, "field == null");
    }

    /** Returns the field, of kind {@link MemberRef.Kind#FIELD}. */
    public MemberRef field() {
      return field;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof FieldAccess)) {
        return false;
      }
      FieldAccess other = (FieldAccess) o;
      return opcode() == other.opcode()
          && field.equals(other.field);
    }

    @Override
    public int hashCode() {
      return 31 * (opcode()) + field.hashCode();
    }

    @Override
    public String toString() {
      return "FieldAccess[opcode=" + opcode() + ", field=" + field + "]";
    }
  }

  /**
   * {@code invokevirtual}, {@code invokespecial}, {@code invokestatic} or
   * {@code invokeinterface}. The {@code count} operand of {@code invokeinterface} is implied by
   * the descriptor and not kept.
   */
  public static final class Invoke extends Instruction {
    private final MemberRef method;

    /**
     * Creates the instruction.
     *
     * @param opcode the opcode
     * @param method the method; its {@link MemberRef#kind()} tells whether the owner is an
     *     interface
     * @throws NullPointerException if {@code method} is null
     */
    public Invoke(int opcode, MemberRef method) {
      super(opcode);
      this.method = Objects.requireNonNull(method, "method == null");
    }

    /** Returns the method; its {@link MemberRef#kind()} tells whether the owner is an
     *     interface. */
    public MemberRef method() {
      return method;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Invoke)) {
        return false;
      }
      Invoke other = (Invoke) o;
      return opcode() == other.opcode()
          && method.equals(other.method);
    }

    @Override
    public int hashCode() {
      return 31 * (opcode()) + method.hashCode();
    }

    @Override
    public String toString() {
      return "Invoke[opcode=" + opcode() + ", method=" + method + "]";
    }
  }

  /**
   * {@code invokedynamic}, resolved with its bootstrap method.
   */
  public static final class InvokeDynamic extends Instruction {
    private final String name;
    private final String descriptor;
    private final BootstrapMethod bootstrap;

    /**
     * Creates the instruction.
     *
     * @param name the call site's name (for a lambda, the functional interface method's name,
     *     such as {@code apply}; for string concatenation {@code makeConcatWithConstants})
     * @param descriptor the call site's method descriptor
     * @param bootstrap the bootstrap method and its static arguments
     * @throws NullPointerException if {@code name}, {@code descriptor}, {@code bootstrap} is null
     */
    public InvokeDynamic(String name, String descriptor, BootstrapMethod bootstrap) {
      super(Opcodes.INVOKEDYNAMIC);
      this.name = Objects.requireNonNull(name, "name == null");
      this.descriptor = Objects.requireNonNull(descriptor, "descriptor == null");
      this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap == null");
    }

    /** Returns the call site's name (for a lambda, the functional interface method's name,
     *     such as {@code apply}; for string concatenation {@code makeConcatWithConstants}). */
    public String name() {
      return name;
    }

    /** Returns the call site's method descriptor. */
    public String descriptor() {
      return descriptor;
    }

    /** Returns the bootstrap method and its static arguments. */
    public BootstrapMethod bootstrap() {
      return bootstrap;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof InvokeDynamic)) {
        return false;
      }
      InvokeDynamic other = (InvokeDynamic) o;
      return name.equals(other.name)
          && descriptor.equals(other.descriptor)
          && bootstrap.equals(other.bootstrap);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * (opcode()) + name.hashCode()) + descriptor.hashCode()) + bootstrap.hashCode();
    }

    @Override
    public String toString() {
      return "InvokeDynamic[name=" + name + ", descriptor=" + descriptor + ", bootstrap=" + bootstrap + "]";
    }
  }

  /**
   * {@code new}, {@code anewarray} (the component type), {@code checkcast} or
   * {@code instanceof}.
   */
  public static final class TypeOperand extends Instruction {
    private final ClassRef type;

    /**
     * Creates the instruction.
     *
     * @param opcode the opcode
     * @param type the class operand
     * @throws NullPointerException if {@code type} is null
     */
    public TypeOperand(int opcode, ClassRef type) {
      super(opcode);
      this.type = Objects.requireNonNull(type, "type == null");
    }

    /** Returns the class operand. */
    public ClassRef type() {
      return type;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof TypeOperand)) {
        return false;
      }
      TypeOperand other = (TypeOperand) o;
      return opcode() == other.opcode()
          && type.equals(other.type);
    }

    @Override
    public int hashCode() {
      return 31 * (opcode()) + type.hashCode();
    }

    @Override
    public String toString() {
      return "TypeOperand[opcode=" + opcode() + ", type=" + type + "]";
    }
  }

  /**
   * {@code multianewarray}.
   */
  public static final class MultiANewArray extends Instruction {
    private final ClassRef type;
    private final int dimensions;

    /**
     * Creates the instruction.
     *
     * @param type the array type, such as {@code [[I}
     * @param dimensions how many dimensions are created, 1 to 255
     * @throws NullPointerException if {@code type} is null
     */
    public MultiANewArray(ClassRef type, int dimensions) {
      super(Opcodes.MULTIANEWARRAY);
      this.type = Objects.requireNonNull(type, "type == null");
      this.dimensions = dimensions;
    }

    /** Returns the array type, such as {@code [[I}. */
    public ClassRef type() {
      return type;
    }

    /** Returns how many dimensions are created, 1 to 255. */
    public int dimensions() {
      return dimensions;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof MultiANewArray)) {
        return false;
      }
      MultiANewArray other = (MultiANewArray) o;
      return type.equals(other.type)
          && dimensions == other.dimensions;
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (opcode()) + type.hashCode()) + dimensions;
    }

    @Override
    public String toString() {
      return "MultiANewArray[type=" + type + ", dimensions=" + dimensions + "]";
    }
  }

  /**
   * {@code ldc}, {@code ldc_w} or {@code ldc2_w}.
   */
  public static final class Ldc extends Instruction {
    private final Constant constant;

    /**
     * Creates the instruction.
     *
     * @param opcode the opcode
     * @param constant the loaded constant, resolved
     * @throws NullPointerException if {@code constant} is null
     */
    public Ldc(int opcode, Constant constant) {
      super(opcode);
      this.constant = Objects.requireNonNull(constant, "constant == null");
    }

    /** Returns the loaded constant, resolved. */
    public Constant constant() {
      return constant;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Ldc)) {
        return false;
      }
      Ldc other = (Ldc) o;
      return opcode() == other.opcode()
          && constant.equals(other.constant);
    }

    @Override
    public int hashCode() {
      return 31 * (opcode()) + constant.hashCode();
    }

    @Override
    public String toString() {
      return "Ldc[opcode=" + opcode() + ", constant=" + constant + "]";
    }
  }
}
