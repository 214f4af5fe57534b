package dev.astrocache.classfile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the corpus of malformed class files in {@code src/test/resources/classfile/bad/}
 * (replayed by {@link ClassFileCorpusTest}). Each file is a tiny hand-assembled class, broken
 * in one way. Not a test; regenerate with
 * {@code java -cp target/classes:target/test-classes dev.astrocache.classfile.BadClassCorpus
 * src/test/resources/classfile/bad}, then review the messages printed into
 * {@code expected.txt} before committing.
 */
final class BadClassCorpus {
  private BadClassCorpus() {}

  /** A constant pool under construction. */
  static final class Pool {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int count = 1;

    int add(int tag, byte... payload) {
      bytes.write(tag);
      bytes.writeBytes(payload);
      int index = count;
      count += tag == 5 || tag == 6 ? 2 : 1;
      return index;
    }

    int utf8(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return add(1, cat(u2(b.length), b));
    }

    int cls(String name) {
      return add(7, u2(utf8(name)));
    }

    int nameAndType(String name, String descriptor) {
      return add(12, cat(u2(utf8(name)), u2(utf8(descriptor))));
    }

    int methodref(String owner, String name, String descriptor) {
      int c = cls(owner);
      return add(10, cat(u2(c), u2(nameAndType(name, descriptor))));
    }
  }

  static byte[] u2(int v) {
    return new byte[] {(byte) (v >> 8), (byte) v};
  }

  static byte[] u4(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /**
   * A class {@code Tiny} with one static method {@code f()I} whose Code attribute holds
   * {@code code} and {@code exceptionTable} (count included), then the class attributes
   * (count included). {@code extraPool} adds entries before the method is laid out.
   */
  static byte[] tiny(int major, Pool pool, byte[] code, byte[] exceptionTable,
      byte[] classAttributes) {
    int thisClass = pool.cls("Tiny");
    int superClass = pool.cls("java/lang/Object");
    int name = pool.utf8("f");
    int descriptor = pool.utf8("()I");
    int codeName = pool.utf8("Code");
    byte[] codeAttr = cat(u2(2), u2(1), u4(code.length), code, exceptionTable, u2(0));
    byte[] method = cat(u2(0x0009), u2(name), u2(descriptor), u2(1), u2(codeName),
        u4(codeAttr.length), codeAttr);
    return cat(u4(0xCAFEBABE), u2(0), u2(major), u2(pool.count), pool.bytes.toByteArray(),
        u2(0x0021), u2(thisClass), u2(superClass), u2(0), u2(0), u2(1), method, classAttributes);
  }

  static byte[] tiny(Pool pool, byte[] code) {
    return tiny(61, pool, code, u2(0), u2(0));
  }

  static byte[] valid() {
    return tiny(new Pool(), bytes(Opcodes.ICONST_1, Opcodes.IRETURN));
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }

  static byte[] patch(byte[] b, int at, byte... with) {
    byte[] copy = b.clone();
    System.arraycopy(with, 0, copy, at, with.length);
    return copy;
  }

  static Map<String, byte[]> corpus() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] valid = valid();
    int codeAt = indexOf(valid, bytes(Opcodes.ICONST_1, Opcodes.IRETURN));
    files.put("empty.class", new byte[0]);
    files.put("zip-file.class", bytes(0x50, 0x4B, 3, 4, 20, 0, 8, 0, 8, 0, 0, 0));
    files.put("truncated-header.class", Arrays.copyOf(valid, 9));
    files.put("version-too-new.class", patch(valid, 6, u2(70)));
    files.put("version-too-old.class", patch(valid, 6, u2(44)));
    files.put("truncated-in-pool.class", Arrays.copyOf(valid, 20));
    files.put("truncated-in-code.class", Arrays.copyOf(valid, codeAt + 1));
    files.put("truncated-last-byte.class", Arrays.copyOf(valid, valid.length - 1));
    files.put("extra-bytes.class", Arrays.copyOf(valid, valid.length + 3));
    files.put("pool-count-zero.class", patch(valid, 8, u2(0)));
    files.put("pool-unknown-tag.class", patch(valid, 10, bytes(2)));
    int thisClassAt = indexOf(valid, cat(u2(0x0021), u2(2), u2(4)));
    files.put("pool-index-out-of-range.class", patch(valid, thisClassAt + 2, u2(99)));
    files.put("pool-index-zero.class", patch(valid, thisClassAt + 2, u2(0)));
    files.put("pool-wrong-kind.class", patch(valid, thisClassAt + 2, u2(1)));
    files.put("utf8-invalid-byte.class", patch(valid, indexOf(valid, "Tiny".getBytes(
        StandardCharsets.US_ASCII)), bytes(0xFF)));
    files.put("utf8-truncated-sequence.class", patch(valid, indexOf(valid, "Tiny".getBytes(
        StandardCharsets.US_ASCII)) + 3, bytes(0xC3)));
    files.put("utf8-huge-length.class", patch(valid, 11, u2(0xFFFF)));
    Pool longLast = new Pool();
    byte[] withLong = tiny(longLast, bytes(Opcodes.ICONST_1, Opcodes.IRETURN));
    files.put("pool-long-in-last-slot.class", cat(Arrays.copyOf(withLong, 8),
        u2(longLast.count + 1), Arrays.copyOfRange(withLong, 10, 10 + longLast.bytes.size()),
        bytes(5), new byte[8], Arrays.copyOfRange(withLong, 10 + longLast.bytes.size(),
            withLong.length)));
    int codeLengthAt = codeAt - 4;
    int codeAttrLengthAt = codeAt - 12;
    files.put("attribute-huge-length.class", patch(valid, codeAttrLengthAt, u4(0x7FFFFFFF)));
    files.put("attribute-length-max-unsigned.class", patch(valid, codeAttrLengthAt,
        u4(0xFFFFFFFF)));
    files.put("code-length-zero.class", patch(valid, codeLengthAt, u4(0)));
    files.put("code-length-huge.class", patch(valid, codeLengthAt, u4(0x7FFFFFFF)));
    files.put("opcode-undefined.class", patch(valid, codeAt, bytes(202)));
    files.put("branch-into-instruction.class", tiny(new Pool(),
        bytes(Opcodes.GOTO, 0, 4, Opcodes.SIPUSH, 0, 1, Opcodes.IRETURN)));
    files.put("branch-out-of-code.class", tiny(new Pool(),
        bytes(Opcodes.GOTO_W, 0x7F, 0, 0, 0, Opcodes.ICONST_1, Opcodes.IRETURN)));
    files.put("tableswitch-low-above-high.class", tiny(new Pool(), cat(
        bytes(Opcodes.ICONST_1, Opcodes.TABLESWITCH, 0, 0), u4(12), u4(5), u4(4),
        bytes(Opcodes.ICONST_1, Opcodes.IRETURN))));
    files.put("tableswitch-huge-range.class", tiny(new Pool(), cat(
        bytes(Opcodes.ICONST_1, Opcodes.TABLESWITCH, 0, 0), u4(16), u4(Integer.MIN_VALUE),
        u4(Integer.MAX_VALUE), u4(16), bytes(Opcodes.ICONST_1, Opcodes.IRETURN))));
    files.put("lookupswitch-negative-count.class", tiny(new Pool(), cat(
        bytes(Opcodes.ICONST_1, Opcodes.LOOKUPSWITCH, 0, 0), u4(12), u4(-1),
        bytes(Opcodes.ICONST_1, Opcodes.IRETURN))));
    files.put("wide-nop.class", tiny(new Pool(), bytes(Opcodes.WIDE, Opcodes.NOP,
        Opcodes.ICONST_1, Opcodes.IRETURN)));
    files.put("newarray-bad-type.class", tiny(new Pool(), bytes(Opcodes.ICONST_1,
        Opcodes.NEWARRAY, 3, Opcodes.ARRAYLENGTH, Opcodes.IRETURN)));
    Pool ldcLong = new Pool();
    int longIndex = ldcLong.add(5, new byte[8]);
    files.put("ldc-of-long.class", tiny(ldcLong, bytes(Opcodes.LDC, longIndex, Opcodes.POP2,
        Opcodes.ICONST_1, Opcodes.IRETURN)));
    // found by ClassFilePropertyTest: a resolved NameAndType was taken for a loadable constant
    Pool ldcNameAndType = new Pool();
    int pair = ldcNameAndType.nameAndType("x", "I");
    files.put("ldc-of-name-and-type.class", tiny(ldcNameAndType, cat(
        bytes(Opcodes.LDC_W), u2(pair), bytes(Opcodes.IRETURN))));
    Pool fieldCall = new Pool();
    int fieldref = fieldCall.add(9, cat(u2(fieldCall.cls("Tiny")),
        u2(fieldCall.nameAndType("x", "I"))));
    files.put("invokestatic-of-fieldref.class", tiny(fieldCall, cat(
        bytes(Opcodes.INVOKESTATIC), u2(fieldref), bytes(Opcodes.IRETURN))));
    Pool indy = new Pool();
    int callSite = indy.add(18, cat(u2(0), u2(indy.nameAndType("run", "()I"))));
    files.put("invokedynamic-without-bootstrap-methods.class", tiny(indy, cat(
        bytes(Opcodes.INVOKEDYNAMIC), u2(callSite), u2(0), bytes(Opcodes.IRETURN))));
    Pool indy2 = new Pool();
    int site2 = indy2.add(18, cat(u2(3), u2(indy2.nameAndType("run", "()I"))));
    int handle = indy2.add(15, cat(bytes(6), u2(indy2.methodref("Tiny", "bsm", "()V"))));
    int bsmName = indy2.utf8("BootstrapMethods");
    byte[] oneBootstrap = cat(u2(1), u2(bsmName), u4(6), u2(1), u2(handle), u2(0));
    files.put("bootstrap-index-out-of-range.class", tiny(61, indy2, cat(
        bytes(Opcodes.INVOKEDYNAMIC), u2(site2), u2(0), bytes(Opcodes.IRETURN)), u2(0),
        oneBootstrap));
    Pool condy = new Pool();
    int condyHandle = condy.add(15, cat(bytes(6), u2(condy.methodref("Tiny", "bsm", "()V"))));
    int nt = condy.nameAndType("_", "I");
    int self = condy.count;
    condy.add(17, cat(u2(0), u2(nt)));
    int condyBsm = condy.utf8("BootstrapMethods");
    files.put("condy-own-argument.class", tiny(61, condy, bytes(Opcodes.LDC, self,
        Opcodes.IRETURN), u2(0), cat(u2(1), u2(condyBsm), u4(8), u2(1), u2(condyHandle), u2(1),
        u2(self))));
    Pool badHandle = new Pool();
    int kind10 = badHandle.add(15, cat(bytes(10), u2(badHandle.methodref("Tiny", "g", "()V"))));
    files.put("method-handle-bad-kind.class", tiny(badHandle, bytes(Opcodes.LDC, kind10,
        Opcodes.POP, Opcodes.ICONST_1, Opcodes.IRETURN)));
    files.put("exception-handler-empty-range.class", tiny(61, new Pool(),
        bytes(Opcodes.ICONST_1, Opcodes.IRETURN), cat(u2(1), u2(1), u2(1), u2(0), u2(0)),
        u2(0)));
    files.put("exception-handler-inside-instruction.class", tiny(61, new Pool(),
        bytes(Opcodes.SIPUSH, 0, 1, Opcodes.IRETURN), cat(u2(1), u2(0), u2(3), u2(1), u2(0)),
        u2(0)));
    // one byte more than the content: the class attribute count absorbs the appended byte
    files.put("code-attribute-length-mismatch.class", patch(Arrays.copyOf(valid,
        valid.length + 1), codeAttrLengthAt, u4(15)));
    return files;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    StringBuilder expected = new StringBuilder();
    for (Map.Entry<String, byte[]> e : corpus().entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
      String message;
      try {
        ClassFile.parse(e.getValue());
        message = "(parsed)";
      } catch (ClassFormatException x) {
        message = x.getMessage();
      }
      expected.append(e.getKey()).append('\t').append(message).append('\n');
    }
    Files.writeString(dir.resolve("expected.txt"), expected);
    System.out.print(expected);
  }
}
