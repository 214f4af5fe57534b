package dev.astrocache.classfile;

import java.util.List;

/**
 * A method's {@code Code} attribute, decoded. Debug-only sub-attributes (line numbers, local
 * variable tables, stack maps) are skipped.
 *
 * @param maxStack the operand stack size the method declares (not part of its identity)
 * @param maxLocals the local-variable count the method declares (not part of its identity)
 * @param instructions the instructions in order; branch targets index this list (unmodifiable)
 * @param exceptionHandlers the exception table in order (unmodifiable)
 */
public record Code(int maxStack, int maxLocals, List<Instruction> instructions,
    List<ExceptionHandler> exceptionHandlers) {
  /** @throws NullPointerException if a list is or contains null */
  public Code {
    instructions = List.copyOf(instructions);
    exceptionHandlers = List.copyOf(exceptionHandlers);
  }
}
