package dev.astrocache.classfile;

import java.util.Arrays;
import java.util.List;

/**
 * Decodes {@code Code} attributes in one pass over the bytecode, checking every instruction's
 * length against the code's end; branches and switches are decoded at the end of the pass, when
 * every instruction start is known, so that their offsets become instruction indices. The
 * buffers are reused across the methods of a class.
 */
final class CodeReader {
  private static final int SPECIAL = 0;
  private static final int UNDEFINED = -1;
  /** Instruction length by opcode: fixed lengths, SPECIAL or UNDEFINED. */
  private static final byte[] LENGTH = new byte[256];
  private static final Instruction.Plain[] PLAIN = new Instruction.Plain[256];
  /** Shared immutable instances: loads and stores of slots 0-255, bipush values. */
  private static final Instruction.Local[][] LOCAL = new Instruction.Local[256][];
  private static final Instruction.IntOperand[] BIPUSH = new Instruction.IntOperand[256];
  /** Opcodes whose operands are code offsets: decoded once every instruction start is known. */
  private static final boolean[] JUMPS = new boolean[256];

  static {
    Arrays.fill(LENGTH, (byte) UNDEFINED);
    Arrays.fill(LENGTH, 0, Opcodes.JSR_W + 1, (byte) 1);
    set(2, Opcodes.BIPUSH, Opcodes.LDC, Opcodes.ILOAD, Opcodes.LLOAD, Opcodes.FLOAD,
        Opcodes.DLOAD, Opcodes.ALOAD, Opcodes.ISTORE, Opcodes.LSTORE, Opcodes.FSTORE,
        Opcodes.DSTORE, Opcodes.ASTORE, Opcodes.RET, Opcodes.NEWARRAY);
    set(3, Opcodes.SIPUSH, Opcodes.LDC_W, Opcodes.LDC2_W, Opcodes.IINC, Opcodes.GOTO,
        Opcodes.JSR, Opcodes.IFNULL, Opcodes.IFNONNULL, Opcodes.GETSTATIC, Opcodes.PUTSTATIC,
        Opcodes.GETFIELD, Opcodes.PUTFIELD, Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESPECIAL,
        Opcodes.INVOKESTATIC, Opcodes.NEW, Opcodes.ANEWARRAY, Opcodes.CHECKCAST,
        Opcodes.INSTANCEOF);
    for (int op = Opcodes.IFEQ; op <= Opcodes.IF_ACMPNE; op++) {
      LENGTH[op] = 3;
    }
    set(4, Opcodes.MULTIANEWARRAY);
    set(5, Opcodes.INVOKEINTERFACE, Opcodes.INVOKEDYNAMIC, Opcodes.GOTO_W, Opcodes.JSR_W);
    set(SPECIAL, Opcodes.TABLESWITCH, Opcodes.LOOKUPSWITCH, Opcodes.WIDE);
    for (int op = 0; op <= Opcodes.JSR_W; op++) {
      if (LENGTH[op] == 1) {
        PLAIN[op] = new Instruction.Plain(op);
      }
    }
    for (int op : new int[] {Opcodes.ILOAD, Opcodes.LLOAD, Opcodes.FLOAD, Opcodes.DLOAD,
        Opcodes.ALOAD, Opcodes.ISTORE, Opcodes.LSTORE, Opcodes.FSTORE, Opcodes.DSTORE,
        Opcodes.ASTORE, Opcodes.RET}) {
      LOCAL[op] = new Instruction.Local[256];
      for (int slot = 0; slot < 256; slot++) {
        LOCAL[op][slot] = new Instruction.Local(op, slot);
      }
    }
    for (int op = Opcodes.IFEQ; op <= Opcodes.LOOKUPSWITCH; op++) {
      JUMPS[op] = op != Opcodes.RET;
    }
    JUMPS[Opcodes.IFNULL] = true;
    JUMPS[Opcodes.IFNONNULL] = true;
    JUMPS[Opcodes.GOTO_W] = true;
    JUMPS[Opcodes.JSR_W] = true;
    for (int v = -128; v < 128; v++) {
      BIPUSH[v & 0xFF] = new Instruction.IntOperand(Opcodes.BIPUSH, v);
    }
  }

  private static void set(int length, int... opcodes) {
    for (int op : opcodes) {
      LENGTH[op] = (byte) length;
    }
  }

  private final byte[] b;
  private final ConstantPool pool;
  private final boolean oldFormat;
  /**
   * Instruction index at each code offset where one starts, and [length] = count; elsewhere
   * stale values, told apart by {@link #startIndex}.
   */
  private int[] indexAt;
  private int[] starts;
  /** The instructions being decoded, by index; reused across methods. */
  private Instruction[] decoded;
  /** The indices of the branches and switches of the code being decoded. */
  private int[] jumps;
  /**
   * The last instruction built per constant-pool index: instructions are immutable, and the
   * same pool entry is mostly used with the same opcode, so most are shared.
   */
  private final Instruction[] byPoolIndex;
  /** The opcode of each {@link #byPoolIndex} entry, read without a megamorphic call. */
  private final byte[] byPoolOpcode;
  /** The number of instructions of the code being decoded. */
  private int instructionCount;
  /** The length of the bytecode being decoded. */
  private int codeLength;

  /**
   * {@code oldFormat}: class files before 45.3 have one-byte max_stack and max_locals;
   * {@code maxCodeLength} bounds the code length of every method (longer code still works).
   */
  CodeReader(byte[] b, ConstantPool pool, boolean oldFormat, int maxCodeLength) {
    this.b = b;
    this.pool = pool;
    this.oldFormat = oldFormat;
    this.byPoolIndex = new Instruction[pool.count()];
    this.byPoolOpcode = new byte[pool.count()];
    this.indexAt = new int[maxCodeLength + 1];
    this.starts = new int[maxCodeLength + 1];
    this.decoded = new Instruction[maxCodeLength + 1];
    this.jumps = new int[maxCodeLength + 1];
  }

  /** Reads the Code attribute whose content is {@code [start, start + length)}. */
  Code read(int start, int length) {
    int limit = start + length;
    int pos = start;
    int maxStack;
    int maxLocals;
    long codeLength;
    if (oldFormat) {
      need(pos, 4, limit, "max_stack, max_locals and code_length");
      maxStack = Bytes.u1(b, pos);
      maxLocals = Bytes.u1(b, pos + 1);
      codeLength = Bytes.u2(b, pos + 2);
      pos += 4;
    } else {
      need(pos, 8, limit, "max_stack, max_locals and code_length");
      maxStack = Bytes.u2(b, pos);
      maxLocals = Bytes.u2(b, pos + 2);
      codeLength = Bytes.u4(b, pos + 4);
      pos += 8;
    }
    if (codeLength == 0 || codeLength > 65535) {
      throw new ClassFormatException(pos - 4, "code_length " + codeLength
          + " is not 1 to 65535");
    }
    need(pos, codeLength, limit, "the bytecode");
    int codeStart = pos;
    int len = (int) codeLength;
    this.codeLength = len;
    Instruction[] insns = decodeAll(codeStart, len);
    pos = codeStart + len;
    need(pos, 2, limit, "the exception table length");
    int handlers = Bytes.u2(b, pos);
    pos += 2;
    need(pos, 8L * handlers, limit, "the exception table");
    ExceptionHandler[] table = new ExceptionHandler[handlers];
    for (int i = 0; i < handlers; i++, pos += 8) {
      int startPc = Bytes.u2(b, pos);
      int endPc = Bytes.u2(b, pos + 2);
      int handlerPc = Bytes.u2(b, pos + 4);
      int catchType = Bytes.u2(b, pos + 6);
      if (startPc >= endPc || endPc > len) {
        throw new ClassFormatException(pos, "exception handler " + i + " covers code offsets "
            + startPc + " to " + endPc + ", not a non-empty range inside the code (length "
            + len + ")");
      }
      table[i] = new ExceptionHandler(index(startPc, len, pos, i, "start_pc"),
          index(endPc, len + 1, pos + 2, i, "end_pc"),
          index(handlerPc, len, pos + 4, i, "handler_pc"),
          pool.classNameOrNull(catchType, pos + 6));
    }
    need(pos, 2, limit, "the Code attribute's attribute count");
    int attributes = Bytes.u2(b, pos);
    pos += 2;
    for (int i = 0; i < attributes; i++) {
      need(pos, 6, limit, "a Code sub-attribute header");
      long attrLength = Bytes.u4(b, pos + 2);
      pos += 6;
      need(pos, attrLength, limit, "a Code sub-attribute");
      pos += (int) attrLength;
    }
    if (pos != limit) {
      throw new ClassFormatException(start, "the Code attribute's length is " + length
          + " but its content takes " + (pos - start) + " bytes");
    }
    return new Code(maxStack, maxLocals, ArrayListView.wrap(insns),
        ArrayListView.wrap(table));
  }

  private void need(int pos, long n, int limit, String what) {
    if (n > limit - pos) {
      throw new ClassFormatException(pos, "unexpected end of the Code attribute: " + what
          + " needs " + n + " bytes but " + (limit - pos) + " remain");
    }
  }

  /**
   * Decodes the instructions in one pass over the bytes, checking every length against the
   * code's end. A branch or switch is decoded after the pass, once {@link #indexAt} knows every
   * instruction start, so that its offsets become instruction indices; the rest is decoded in
   * place. The result is copied out of a buffer reused across the methods of the class.
   */
  private Instruction[] decodeAll(int codeStart, int len) {
    if (indexAt.length < len + 1) {
      indexAt = new int[Math.max(len + 1, 2 * indexAt.length)];
      starts = new int[indexAt.length];
      decoded = new Instruction[indexAt.length];
      jumps = new int[indexAt.length];
    }
    // indexAt is not cleared between methods: startIndex() checks entries against starts
    Instruction[] out = decoded;
    int n = 0;
    int pending = 0;
    int pc = 0;
    while (pc < len) {
      indexAt[pc] = n;
      starts[n] = pc;
      int op = b[codeStart + pc] & 0xFF;
      int size = LENGTH[op];
      if (size == SPECIAL) {
        size = specialLength(codeStart, pc, len, op);
      } else if (size == UNDEFINED) {
        throw new ClassFormatException(codeStart + pc, "undefined opcode " + op
            + " at code offset " + pc);
      }
      if (size > len - pc) {
        throw new ClassFormatException(codeStart + pc, "the " + Opcodes.name(op)
            + " instruction at code offset " + pc + " runs past the end of the code (length "
            + len + ")");
      }
      Instruction plain = PLAIN[op];
      if (plain != null) {
        out[n] = plain;
      } else if (JUMPS[op]) {
        jumps[pending++] = n;
      } else {
        out[n] = decode(codeStart, pc);
      }
      n++;
      pc += size;
    }
    indexAt[len] = n;
    starts[n] = len;
    instructionCount = n;
    for (int j = 0; j < pending; j++) {
      int k = jumps[j];
      out[k] = decode(codeStart, starts[k]);
    }
    return Arrays.copyOf(out, n);
  }

  private int specialLength(int codeStart, int pc, int len, int op) {
    int p = codeStart + pc;
    if (op == Opcodes.WIDE) {
      if (len - pc < 2) {
        return 2;
      }
      int modified = b[p + 1] & 0xFF;
      if (modified == Opcodes.IINC) {
        return 6;
      }
      if (modified >= Opcodes.ILOAD && modified <= Opcodes.ALOAD
          || modified >= Opcodes.ISTORE && modified <= Opcodes.ASTORE
          || modified == Opcodes.RET) {
        return 4;
      }
      throw new ClassFormatException(p + 1, "wide cannot modify opcode " + modified
          + " at code offset " + (pc + 1));
    }
    int pad = 3 - (pc & 3);
    long head = 1 + pad + (op == Opcodes.TABLESWITCH ? 12 : 8);
    if (head > len - pc) {
      return (int) head;
    }
    int q = p + 1 + pad;
    long entries;
    if (op == Opcodes.TABLESWITCH) {
      int low = Bytes.s4(b, q + 4);
      int high = Bytes.s4(b, q + 8);
      if (low > high) {
        throw new ClassFormatException(q + 4, "tableswitch at code offset " + pc + " has low "
            + low + " greater than high " + high);
      }
      entries = 4L * ((long) high - low + 1);
    } else {
      int pairs = Bytes.s4(b, q + 4);
      if (pairs < 0) {
        throw new ClassFormatException(q + 4, "lookupswitch at code offset " + pc
            + " has a negative pair count " + pairs);
      }
      entries = 8L * pairs;
    }
    long size = head + entries;
    // a size beyond the code is reported by the caller; cap it to stay an int
    return (int) Math.min(size, Integer.MAX_VALUE);
  }

  /** For the code read last: the index of the instruction starting at {@code pc}, or -1. */
  int indexAt(int pc) {
    return pc >= 0 && pc < codeLength ? startIndex(pc) : -1;
  }

  /** The index of the instruction starting at {@code pc} (0 to length), or -1. */
  private int startIndex(int pc) {
    int i = indexAt[pc];
    return i >= 0 && i <= instructionCount && starts[i] == pc ? i : -1;
  }

  /** The instruction index at code offset {@code pc}; {@code bound} is exclusive. */
  private int index(int pc, int bound, int where, int handler, String field) {
    int i = pc >= 0 && pc < bound ? startIndex(pc) : -1;
    if (i < 0) {
      throw new ClassFormatException(where, "the " + field + " of exception handler " + handler
          + ", code offset " + pc + ", is not the start of an instruction");
    }
    return i;
  }

  private int target(int pc, long offset, int where, int len) {
    long t = pc + offset;
    if (t < 0 || t >= len || startIndex((int) t) < 0) {
      throw new ClassFormatException(where, "the branch at code offset " + pc + " jumps to "
          + t + ", which is not the start of an instruction");
    }
    return indexAt[(int) t];
  }

  private Instruction decode(int codeStart, int pc) {
    int p = codeStart + pc;
    int op = b[p] & 0xFF;
    Instruction plain = PLAIN[op];
    if (plain != null) {
      return plain;
    }
    int len = codeLength;
    switch (op) {
      case Opcodes.BIPUSH:
        return BIPUSH[b[p + 1] & 0xFF];
      case Opcodes.SIPUSH:
        return new Instruction.IntOperand(op, Bytes.s2(b, p + 1));
      case Opcodes.LDC:
        return poolOperand(op, Bytes.u1(b, p + 1), p + 1);
      case Opcodes.LDC_W: case Opcodes.LDC2_W: case Opcodes.GETSTATIC: case Opcodes.PUTSTATIC:
      case Opcodes.GETFIELD: case Opcodes.PUTFIELD: case Opcodes.INVOKEVIRTUAL:
      case Opcodes.INVOKESPECIAL: case Opcodes.INVOKESTATIC: case Opcodes.INVOKEINTERFACE:
      case Opcodes.INVOKEDYNAMIC: case Opcodes.NEW: case Opcodes.ANEWARRAY:
      case Opcodes.CHECKCAST: case Opcodes.INSTANCEOF:
        return poolOperand(op, Bytes.u2(b, p + 1), p + 1);
      case Opcodes.ILOAD: case Opcodes.LLOAD: case Opcodes.FLOAD: case Opcodes.DLOAD:
      case Opcodes.ALOAD: case Opcodes.ISTORE: case Opcodes.LSTORE: case Opcodes.FSTORE:
      case Opcodes.DSTORE: case Opcodes.ASTORE: case Opcodes.RET:
        return LOCAL[op][b[p + 1] & 0xFF];
      case Opcodes.IINC:
        return new Instruction.Increment(Bytes.u1(b, p + 1), b[p + 2]);
      case Opcodes.GOTO_W: case Opcodes.JSR_W:
        return new Instruction.Branch(op, target(pc, Bytes.s4(b, p + 1), p + 1, len));
      case Opcodes.TABLESWITCH:
        return tableSwitch(codeStart, pc, len);
      case Opcodes.LOOKUPSWITCH:
        return lookupSwitch(codeStart, pc, len);
      case Opcodes.NEWARRAY: {
        int type = Bytes.u1(b, p + 1);
        if (type < 4 || type > 11) {
          throw new ClassFormatException(p + 1, "newarray at code offset " + pc
              + " has array type " + type + ", expected 4 to 11");
        }
        return new Instruction.IntOperand(op, type);
      }
      case Opcodes.MULTIANEWARRAY: {
        int dims = Bytes.u1(b, p + 3);
        if (dims == 0) {
          throw new ClassFormatException(p + 3, "multianewarray at code offset " + pc
              + " has 0 dimensions, expected 1 to 255");
        }
        return new Instruction.MultiANewArray(pool.classRef(Bytes.u2(b, p + 1), p + 1), dims);
      }
      case Opcodes.WIDE: {
        int modified = b[p + 1] & 0xFF;
        if (modified == Opcodes.IINC) {
          return new Instruction.Increment(Bytes.u2(b, p + 2), Bytes.s2(b, p + 4));
        }
        return new Instruction.Local(modified, Bytes.u2(b, p + 2));
      }
      default:
        // if<cond>, if_icmp<cond>, if_acmp<cond>, goto, jsr, ifnull, ifnonnull
        return new Instruction.Branch(op, target(pc, Bytes.s2(b, p + 1), p + 1, len));
    }
  }

  /** An instruction whose only operand is the pool entry {@code index}, shared when it can be. */
  private Instruction poolOperand(int op, int index, int where) {
    // an index out of range is reported by the pool when the operand is resolved
    boolean cacheable = index < byPoolIndex.length;
    if (cacheable) {
      Instruction shared = byPoolIndex[index];
      if (shared != null && (byPoolOpcode[index] & 0xFF) == op) {
        return shared;
      }
    }
    Instruction insn;
    switch (op) {
      case Opcodes.LDC: case Opcodes.LDC_W:
        insn = ldc(op, index, where, false);
        break;
      case Opcodes.LDC2_W:
        insn = ldc(op, index, where, true);
        break;
      case Opcodes.GETSTATIC: case Opcodes.PUTSTATIC: case Opcodes.GETFIELD:
      case Opcodes.PUTFIELD:
        insn = new Instruction.FieldAccess(op, pool.memberRef(index,
            1 << ConstantPool.FIELDREF, "Fieldref", where));
        break;
      case Opcodes.INVOKEVIRTUAL:
        insn = new Instruction.Invoke(op, pool.memberRef(index,
            1 << ConstantPool.METHODREF, "Methodref", where));
        break;
      case Opcodes.INVOKESPECIAL: case Opcodes.INVOKESTATIC:
        insn = new Instruction.Invoke(op, pool.memberRef(index,
            1 << ConstantPool.METHODREF | 1 << ConstantPool.INTERFACE_METHODREF,
            "Methodref or InterfaceMethodref", where));
        break;
      case Opcodes.INVOKEINTERFACE:
        insn = new Instruction.Invoke(op, pool.memberRef(index,
            1 << ConstantPool.INTERFACE_METHODREF, "InterfaceMethodref", where));
        break;
      case Opcodes.INVOKEDYNAMIC:
        insn = pool.invokeDynamic(index, where);
        break;
      default:
        // new, anewarray, checkcast, instanceof
        insn = new Instruction.TypeOperand(op, pool.classRef(index, where));
        break;
    }
    if (cacheable) {
      byPoolIndex[index] = insn;
      byPoolOpcode[index] = (byte) op;
    }
    return insn;
  }

  private Instruction ldc(int op, int index, int where, boolean twoSlots) {
    Constant c = pool.loadable(index, where);
    if (pool.isWide(c) != twoSlots) {
      throw new ClassFormatException(where, Opcodes.name(op) + " cannot load constant " + index
          + (twoSlots ? ", which takes one slot; use ldc or ldc_w"
              : ", which takes two slots; use ldc2_w"));
    }
    return new Instruction.Ldc(op, c);
  }

  private Instruction tableSwitch(int codeStart, int pc, int len) {
    int q = codeStart + pc + 1 + (3 - (pc & 3));
    int dflt = target(pc, Bytes.s4(b, q), q, len);
    int low = Bytes.s4(b, q + 4);
    int high = Bytes.s4(b, q + 8);
    int n = high - low + 1;
    Integer[] targets = new Integer[n];
    for (int i = 0; i < n; i++) {
      int at = q + 12 + 4 * i;
      targets[i] = target(pc, Bytes.s4(b, at), at, len);
    }
    return new Instruction.TableSwitch(low, high, dflt, ArrayListView.wrap(targets));
  }

  private Instruction lookupSwitch(int codeStart, int pc, int len) {
    int q = codeStart + pc + 1 + (3 - (pc & 3));
    int dflt = target(pc, Bytes.s4(b, q), q, len);
    int n = Bytes.s4(b, q + 4);
    Integer[] keys = new Integer[n];
    Integer[] targets = new Integer[n];
    for (int i = 0; i < n; i++) {
      int at = q + 8 + 8 * i;
      keys[i] = Bytes.s4(b, at);
      targets[i] = target(pc, Bytes.s4(b, at + 4), at + 4, len);
    }
    return new Instruction.LookupSwitch(dflt, ArrayListView.wrap(keys),
        ArrayListView.wrap(targets));
  }
}
