package dev.astrocache.classfile;

/**
 * Thrown by {@link ClassFile#parse(byte[])} when the bytes are not a well-formed class file:
 * truncated, corrupted, of an unsupported version, or inconsistent (a constant-pool index that
 * points to the wrong kind of entry, a branch into the middle of an instruction, ...).
 *
 * <p>This is the only exception the reader throws for bad input: never an
 * {@code ArrayIndexOutOfBoundsException}, an {@code OutOfMemoryError} or a hang. The message
 * reads {@code "Malformed class file at byte <offset>: <what is wrong>"}.
 */
public final class ClassFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  /**
   * @param offset the byte offset in the class file where the problem was found
   * @param detail what is wrong there
   */
  public ClassFormatException(int offset, String detail) {
    super("Malformed class file at byte " + offset + ": " + detail);
    this.offset = offset;
  }

  /** The byte offset in the class file where the problem was found. */
  public int offset() {
    return offset;
  }
}
