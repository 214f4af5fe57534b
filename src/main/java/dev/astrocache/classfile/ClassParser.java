package dev.astrocache.classfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a whole class file; one instance per {@link ClassFile#parse} call. Methods are
 * decoded last: their {@code invokedynamic} instructions need the class's
 * {@code BootstrapMethods} attribute, which follows them.
 */
final class ClassParser implements ConstantPool.Bootstraps {
  private final byte[] b;
  private ConstantPool pool;
  private int[] bootstrapOffsets;
  private BootstrapMethod[] bootstrapMethods;

  /** With {@link #find}: the method whose instruction index at {@link #findOffset} is wanted. */
  private String findName;
  private String findDescriptor;
  private int findOffset;
  private int found = -1;

  ClassParser(byte[] b) {
    this.b = b;
  }

  /** Makes {@link #parse} note the index of the instruction at {@code offset} of that method. */
  ClassParser find(String name, String descriptor, int offset) {
    this.findName = name;
    this.findDescriptor = descriptor;
    this.findOffset = offset;
    return this;
  }

  /** The index {@link #find} asked for, after {@link #parse}; -1 if no instruction starts there. */
  int found() {
    return found;
  }

  ClassFile parse() {
    Bytes.need(b, 0, 10, "the class file header");
    int magic = Bytes.s4(b, 0);
    if (magic != 0xCAFEBABE) {
      throw new ClassFormatException(0, String.format(
          "the magic number is 0x%08X, not 0xCAFEBABE: this is not a class file", magic));
    }
    int minor = Bytes.u2(b, 4);
    int major = Bytes.u2(b, 6);
    if (major > ClassFile.MAX_MAJOR_VERSION) {
      throw new ClassFormatException(6, "major version " + major + " (Java " + (major - 44)
          + ") is newer than the newest this reader supports, " + ClassFile.MAX_MAJOR_VERSION
          + " (Java 25); use a newer astrocache or compile with --release 25 or lower");
    }
    if (major < 45) {
      throw new ClassFormatException(6, "major version " + major
          + " is older than 45 (Java 1.0), the first class-file version");
    }
    pool = new ConstantPool(b, 8);
    pool.setBootstraps(this);
    int pos = pool.end;
    Bytes.need(b, pos, 8, "the access flags, this_class, super_class and interface count");
    int access = Bytes.u2(b, pos);
    String thisClass = pool.className(Bytes.u2(b, pos + 2), pos + 2);
    String superClass = pool.classNameOrNull(Bytes.u2(b, pos + 4), pos + 4);
    int interfaceCount = Bytes.u2(b, pos + 6);
    pos += 8;
    Bytes.need(b, pos, 2L * interfaceCount, "the interface list");
    List<String> interfaces = new ArrayList<>(interfaceCount);
    for (int i = 0; i < interfaceCount; i++, pos += 2) {
      interfaces.add(pool.className(Bytes.u2(b, pos), pos));
    }

    Bytes.need(b, pos, 2, "the field count");
    int fieldCount = Bytes.u2(b, pos);
    pos += 2;
    FieldInfo[] fields = new FieldInfo[fieldCount];
    for (int i = 0; i < fieldCount; i++) {
      if (!Bytes.has(b, pos, 8)) {
        Bytes.need(b, pos, 8, "field " + i);
      }
      int flags = Bytes.u2(b, pos);
      String name = pool.utf8(Bytes.u2(b, pos + 2), pos + 2);
      String descriptor = pool.utf8(Bytes.u2(b, pos + 4), pos + 4);
      int attributes = Bytes.u2(b, pos + 6);
      pos += 8;
      Constant constantValue = null;
      for (int a = 0; a < attributes; a++) {
        int start = attributeStart(pos);
        int length = (int) Bytes.u4(b, pos + 2);
        if (attributeName(pos).equals("ConstantValue")) {
          exactLength(pos, "ConstantValue", length, 2);
          constantValue = pool.loadable(Bytes.u2(b, start), start);
          if (!(constantValue instanceof Constant.IntValue
              || constantValue instanceof Constant.LongValue
              || constantValue instanceof Constant.FloatValue
              || constantValue instanceof Constant.DoubleValue
              || constantValue instanceof Constant.StringValue)) {
            throw new ClassFormatException(start, "the ConstantValue of field " + name
                + " is not an Integer, Long, Float, Double or String constant");
          }
        }
        pos = start + length;
      }
      fields[i] = new FieldInfo(flags, name, descriptor, constantValue);
    }

    Bytes.need(b, pos, 2, "the method count");
    int methodCount = Bytes.u2(b, pos);
    pos += 2;
    int[] methodOffsets = new int[methodCount];
    // bounds the bytecode of every method: CodeReader sizes its buffers once
    int maxCodeLength = 0;
    for (int i = 0; i < methodCount; i++) {
      methodOffsets[i] = pos;
      if (!Bytes.has(b, pos, 8)) {
        Bytes.need(b, pos, 8, "method " + i);
      }
      int attributes = Bytes.u2(b, pos + 6);
      pos += 8;
      for (int a = 0; a < attributes; a++) {
        int start = attributeStart(pos);
        int length = (int) Bytes.u4(b, pos + 2);
        if (length >= 8 && attributeName(pos).equals("Code")) {
          long codeLength = major == 45 && minor < 3 ? Bytes.u2(b, start + 2)
              : Bytes.u4(b, start + 4);
          maxCodeLength = (int) Math.max(maxCodeLength, Math.min(codeLength, 65535));
        }
        pos = start + length;
      }
    }

    List<RecordComponent> recordComponents = null;
    Bytes.need(b, pos, 2, "the class attribute count");
    int attributes = Bytes.u2(b, pos);
    pos += 2;
    for (int a = 0; a < attributes; a++) {
      int start = attributeStart(pos);
      int length = (int) Bytes.u4(b, pos + 2);
      String name = attributeName(pos);
      // what the fingerprint does not read is skipped unchecked (InnerClasses, NestMembers,
      // PermittedSubclasses, EnclosingMethod, NestHost, annotations, debug data)
      switch (name) {
        case "BootstrapMethods":
          readBootstrapMethods(start, length);
          break;
        case "Record":
          recordComponents = readRecord(pos, start, length);
          break;
        default:
          break;
      }
      pos = start + length;
    }
    if (pos != b.length) {
      throw new ClassFormatException(pos, (b.length - pos)
          + " extra bytes after the end of the class file");
    }

    CodeReader codeReader = new CodeReader(b, pool, major == 45 && minor < 3,
        maxCodeLength);
    MethodInfo[] methods = new MethodInfo[methodCount];
    for (int i = 0; i < methodCount; i++) {
      methods[i] = readMethod(methodOffsets[i], codeReader);
      if (findName != null && methods[i].code() != null && methods[i].name().equals(findName)
          && methods[i].descriptor().equals(findDescriptor)) {
        found = codeReader.indexAt(findOffset);
      }
    }
    List<BootstrapMethod> bootstraps = new ArrayList<>();
    for (int i = 0; bootstrapOffsets != null && i < bootstrapOffsets.length; i++) {
      bootstraps.add(get(i, bootstrapOffsets[i]));
    }
    return new ClassFile(minor, major, access, thisClass, superClass, interfaces,
        ArrayListView.wrap(fields), ArrayListView.wrap(methods), bootstraps, recordComponents);
  }

  /** Checks the attribute header at {@code pos} and its length; returns its content start. */
  private int attributeStart(int pos) {
    Bytes.need(b, pos, 6, "an attribute header");
    long length = Bytes.u4(b, pos + 2);
    if (!Bytes.has(b, pos + 6, length)) {
      Bytes.need(b, pos + 6, length, "the " + attributeName(pos) + " attribute");
    }
    return pos + 6;
  }

  private String attributeName(int pos) {
    return pool.utf8(Bytes.u2(b, pos), pos);
  }

  private void exactLength(int pos, String name, int length, int expected) {
    if (length != expected) {
      throw new ClassFormatException(pos + 2, "the " + name + " attribute's length is " + length
          + ", expected " + expected);
    }
  }

  private void contentEnds(int pos, String name, int length, int start, int end) {
    if (end != start + length) {
      throw new ClassFormatException(pos + 2, "the " + name + " attribute's length is " + length
          + " but its content takes " + (end - start) + " bytes");
    }
  }

  /** Skips the attribute count at {@code pos} and the attributes; returns the end. */
  private int skipAttributes(int pos) {
    Bytes.need(b, pos, 2, "an attribute count");
    int count = Bytes.u2(b, pos);
    pos += 2;
    for (int i = 0; i < count; i++) {
      pos = attributeStart(pos) + (int) Bytes.u4(b, pos + 2);
    }
    return pos;
  }

  private MethodInfo readMethod(int pos, CodeReader codeReader) {
    int flags = Bytes.u2(b, pos);
    String name = pool.utf8(Bytes.u2(b, pos + 2), pos + 2);
    String descriptor = pool.utf8(Bytes.u2(b, pos + 4), pos + 4);
    int attributes = Bytes.u2(b, pos + 6);
    pos += 8;
    Code code = null;
    List<String> exceptions = List.of();
    for (int a = 0; a < attributes; a++) {
      int start = pos + 6;
      int length = (int) Bytes.u4(b, pos + 2);
      switch (attributeName(pos)) {
        case "Code":
          if (code != null) {
            throw new ClassFormatException(pos, "method " + name + descriptor
                + " has two Code attributes");
          }
          code = codeReader.read(start, length);
          break;
        case "Exceptions":
          exceptions = readClassList(pos, "Exceptions", start, length);
          break;
        default:
          break;
      }
      pos = start + length;
    }
    return new MethodInfo(flags, name, descriptor, code, exceptions);
  }

  private List<String> readClassList(int pos, String name, int start, int length) {
    if (length < 2) {
      exactLength(pos, name, length, 2);
    }
    int n = Bytes.u2(b, start);
    contentEnds(pos, name, length, start, start + 2 + 2 * n);
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int at = start + 2 + 2 * i;
      names.add(pool.className(Bytes.u2(b, at), at));
    }
    return names;
  }

  private List<RecordComponent> readRecord(int header, int start, int length) {
    int end = start + length;
    Bytes.need(b, start, Math.min(2, length), "the Record attribute");
    if (length < 2) {
      exactLength(header, "Record", length, 2);
    }
    int n = Bytes.u2(b, start);
    int pos = start + 2;
    List<RecordComponent> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (end - pos < 6) {
        throw new ClassFormatException(pos, "unexpected end of the Record attribute: component "
            + i + " needs 6 bytes but " + (end - pos) + " remain");
      }
      list.add(new RecordComponent(pool.utf8(Bytes.u2(b, pos), pos),
          pool.utf8(Bytes.u2(b, pos + 2), pos + 2)));
      pos = skipAttributes(pos + 4);
      if (pos > end) {
        throw new ClassFormatException(pos, "record component " + i
            + " runs past the end of the Record attribute");
      }
    }
    contentEnds(header, "Record", length, start, pos);
    return list;
  }

  private void readBootstrapMethods(int start, int length) {
    int header = start - 6;
    if (bootstrapOffsets != null) {
      throw new ClassFormatException(header, "the class has two BootstrapMethods attributes");
    }
    if (length < 2) {
      exactLength(header, "BootstrapMethods", length, 2);
    }
    int end = start + length;
    int n = Bytes.u2(b, start);
    int pos = start + 2;
    int[] offsets = new int[n];
    for (int i = 0; i < n; i++) {
      if (end - pos < 4) {
        throw new ClassFormatException(pos, "unexpected end of the BootstrapMethods attribute:"
            + " bootstrap method " + i + " needs 4 bytes but " + (end - pos) + " remain");
      }
      offsets[i] = pos;
      int args = Bytes.u2(b, pos + 2);
      pos += 4;
      if (end - pos < 2L * args) {
        throw new ClassFormatException(pos, "unexpected end of the BootstrapMethods attribute:"
            + " the " + args + " arguments of bootstrap method " + i + " need " + 2 * args
            + " bytes but " + (end - pos) + " remain");
      }
      pos += 2 * args;
    }
    contentEnds(header, "BootstrapMethods", length, start, pos);
    bootstrapOffsets = offsets;
    bootstrapMethods = new BootstrapMethod[n];
  }

  @Override
  public BootstrapMethod get(int index, int where) {
    if (bootstrapOffsets == null) {
      throw new ClassFormatException(where, "bootstrap method " + index
          + " is used but the class has no BootstrapMethods attribute");
    }
    if (index >= bootstrapOffsets.length) {
      throw new ClassFormatException(where, "bootstrap method index " + index
          + " is out of range 0.." + (bootstrapOffsets.length - 1));
    }
    BootstrapMethod m = bootstrapMethods[index];
    if (m == null) {
      int off = bootstrapOffsets[index];
      m = new BootstrapMethod(pool.methodHandle(Bytes.u2(b, off), off),
          pool.loadables(off + 4, Bytes.u2(b, off + 2)));
      bootstrapMethods[index] = m;
    }
    return m;
  }
}
