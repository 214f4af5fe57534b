package dev.astrocache.classfile;

/**
 * An entry of a method's exception table, with instruction indices into
 * {@link Code#instructions()}.
 *
 * @param start the index of the first instruction covered
 * @param end the index just after the last instruction covered (may equal the instruction count)
 * @param handler the index of the handler's first instruction
 * @param catchType the internal name of the caught class, or {@code null} for a handler that
 *     catches everything ({@code finally}, {@code synchronized})
 */
public record ExceptionHandler(int start, int end, int handler, String catchType) {}
