package dev.astrocache.classfile;

/** Decodes a whole class file; one instance per {@link ClassFile#parse} call. */
final class ClassParser {
  private final byte[] b;

  ClassParser(byte[] b) {
    this.b = b;
  }

  ClassFile parse() {
    throw new ClassFormatException(0, "not yet implemented (" + b.length + " bytes)");
  }
}
