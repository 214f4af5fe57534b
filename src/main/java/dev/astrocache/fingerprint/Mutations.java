package dev.astrocache.fingerprint;

import dev.astrocache.classfile.Instruction;
import dev.astrocache.classfile.MemberRef;
import dev.astrocache.classfile.Opcodes;
import java.util.List;
import java.util.Set;

/**
 * Whether the value a field read pushes is changed right away: the receiver of a JDK container's
 * mutating call ({@code MEMO.computeIfAbsent(k, f)}, {@code SEEN.add(x)},
 * {@code cache.put(k, v)}) or the array of an array store ({@code TABLE[i] = v}). A forward scan
 * of straight-line code that follows the value's place on the operand stack; anything it does
 * not model (a branch, a store to a local, a {@code dup}) ends the scan with "not changed here",
 * so that the field keeps counting by content: a needless miss at worst, never a wrong hit.
 */
final class Mutations {
  /** Methods of JDK collections, maps and holders that change them. */
  private static final Set<String> MUTATORS = Set.of("put", "putAll", "putIfAbsent",
      "computeIfAbsent", "computeIfPresent", "compute", "merge", "replace", "replaceAll",
      "remove", "removeIf", "removeAll", "retainAll", "clear", "add", "addAll", "addFirst",
      "addLast", "offer", "offerFirst", "offerLast", "push", "pop", "poll", "pollFirst",
      "pollLast", "set", "sort", "lazySet", "setPlain", "setOpaque", "setRelease", "getAndSet",
      "compareAndSet", "compareAndExchange", "weakCompareAndSet", "weakCompareAndSetPlain",
      "weakCompareAndSetVolatile", "getAndUpdate", "updateAndGet", "getAndAccumulate",
      "accumulateAndGet", "incrementAndGet", "getAndIncrement", "decrementAndGet",
      "getAndDecrement", "addAndGet", "getAndAdd", "increment", "decrement", "reset",
      "accumulate", "setAll");

  private Mutations() {}

  /** Whether the value that {@code code.get(read)} pushes is changed by what follows it. */
  static boolean changedAfter(List<Instruction> code, int read) {
    int above = 0; // values on the stack above the one that was read
    for (int i = read + 1; i < code.size(); i++) {
      Instruction insn = code.get(i);
      int op = insn.opcode();
      int pops;
      int pushes;
      if (insn instanceof Instruction.Invoke inv) {
        MemberRef m = inv.method();
        int args = Names.parameterDescriptors(m.descriptor()).size();
        boolean hasReceiver = op != Opcodes.INVOKESTATIC;
        if (hasReceiver && above == args) {
          // the value read is the receiver
          return JdkTypes.isJdk(m.owner()) && MUTATORS.contains(m.name());
        }
        pops = args + (hasReceiver ? 1 : 0);
        pushes = Names.returnDescriptor(m.descriptor()).equals("V") ? 0 : 1;
      } else if (insn instanceof Instruction.InvokeDynamic d) {
        pops = Names.parameterDescriptors(d.descriptor()).size();
        pushes = Names.returnDescriptor(d.descriptor()).equals("V") ? 0 : 1;
      } else if (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE) {
        if (above == 2) {
          return true;
        }
        pops = 3;
        pushes = 0;
      } else if (op == Opcodes.CHECKCAST || op == Opcodes.NOP || op == Opcodes.IINC) {
        continue;
      } else if (op == Opcodes.DUP && above > 0) {
        pops = 0;
        pushes = 1;
      } else {
        int effect = effect(op);
        if (effect < 0) {
          return false;
        }
        pops = effect >> 4;
        pushes = effect & 0xf;
      }
      if (pops > above) {
        return false; // consumed other than as a receiver: read, passed on or stored
      }
      above += pushes - pops;
    }
    return false;
  }

  /**
   * {@code pops << 4 | pushes} (in values, not slots) for the opcodes the scan follows through,
   * or -1 to stop there.
   */
  private static int effect(int op) {
    if (op >= Opcodes.ACONST_NULL && op <= Opcodes.ALOAD_3) {
      return 1; // constants, ldc, loads
    }
    if (op >= Opcodes.IALOAD && op <= Opcodes.SALOAD) {
      return 2 << 4 | 1;
    }
    if (op >= Opcodes.IADD && op <= Opcodes.DREM) {
      return 2 << 4 | 1;
    }
    if (op >= Opcodes.INEG && op <= Opcodes.DNEG) {
      return 1 << 4 | 1;
    }
    if (op >= Opcodes.ISHL && op <= Opcodes.LXOR) {
      return 2 << 4 | 1;
    }
    if (op >= Opcodes.I2L && op <= Opcodes.I2S) {
      return 1 << 4 | 1;
    }
    if (op >= Opcodes.LCMP && op <= Opcodes.DCMPG) {
      return 2 << 4 | 1;
    }
    switch (op) {
      case Opcodes.GETSTATIC:
      case Opcodes.NEW:
        return 1;
      case Opcodes.GETFIELD:
      case Opcodes.NEWARRAY:
      case Opcodes.ANEWARRAY:
      case Opcodes.ARRAYLENGTH:
      case Opcodes.INSTANCEOF:
        return 1 << 4 | 1;
      case Opcodes.POP:
        return 1 << 4;
      default:
        return -1;
    }
  }
}
