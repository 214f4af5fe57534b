package dev.astrocache.classfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The constant pool: scanned once for structure, then resolved lazily and memoized per entry,
 * so that each symbolic value (a {@link MemberRef}, a decoded string) is built once per class
 * however many instructions use it.
 */
final class ConstantPool {
  static final int UTF8 = 1;
  static final int INTEGER = 3;
  static final int FLOAT = 4;
  static final int LONG = 5;
  static final int DOUBLE = 6;
  static final int CLASS = 7;
  static final int STRING = 8;
  static final int FIELDREF = 9;
  static final int METHODREF = 10;
  static final int INTERFACE_METHODREF = 11;
  static final int NAME_AND_TYPE = 12;
  static final int METHOD_HANDLE = 15;
  static final int METHOD_TYPE = 16;
  static final int DYNAMIC = 17;
  static final int INVOKE_DYNAMIC = 18;
  static final int MODULE = 19;
  static final int PACKAGE = 20;

  private static final int LOADABLE = 1 << INTEGER | 1 << FLOAT | 1 << LONG | 1 << DOUBLE
      | 1 << CLASS | 1 << STRING | 1 << METHOD_TYPE | 1 << METHOD_HANDLE | 1 << DYNAMIC;

  /** Deeper nesting of dynamic constants than this is refused rather than risk the stack. */
  static final int MAX_DYNAMIC_DEPTH = 64;

  private final byte[] b;
  private final int count;
  /** Offset of each entry's first byte after the tag; 0 for the unusable slots. */
  private final int[] offsets;
  private final byte[] tags;
  private final Object[] resolved;
  /** Decoded Utf8 entries, apart from {@link #resolved} to spare a cast on the hottest path. */
  private final String[] strings;
  private boolean[] resolving;
  private int dynamicDepth;
  private Bootstraps bootstraps;
  /** Offset just past the pool. */
  final int end;

  /** The bootstrap methods table, needed to resolve {@code CONSTANT_Dynamic}. */
  interface Bootstraps {
    BootstrapMethod get(int index, int where);
  }

  ConstantPool(byte[] b, int start) {
    this.b = b;
    Bytes.need(b, start, 2, "the constant pool count");
    count = Bytes.u2(b, start);
    if (count == 0) {
      throw new ClassFormatException(start, "the constant pool count is 0; it must be at least 1");
    }
    offsets = new int[count];
    tags = new byte[count];
    resolved = new Object[count];
    strings = new String[count];
    int pos = start + 2;
    for (int i = 1; i < count; i++) {
      if (!Bytes.has(b, pos, 1)) {
        Bytes.need(b, pos, 1, "constant pool entry " + i);
      }
      int tag = b[pos] & 0xFF;
      int size;
      switch (tag) {
        case UTF8:
          if (!Bytes.has(b, pos + 1, 2)) {
            Bytes.need(b, pos + 1, 2, "the length of Utf8 constant " + i);
          }
          size = 2 + Bytes.u2(b, pos + 1);
          break;
        case INTEGER: case FLOAT:
          size = 4;
          break;
        case LONG: case DOUBLE:
          if (i == count - 1) {
            throw new ClassFormatException(pos, tagName(tag) + " constant " + i
                + " takes two slots but is the last entry of the constant pool");
          }
          size = 8;
          break;
        case CLASS: case STRING: case METHOD_TYPE: case MODULE: case PACKAGE:
          size = 2;
          break;
        case FIELDREF: case METHODREF: case INTERFACE_METHODREF: case NAME_AND_TYPE:
        case DYNAMIC: case INVOKE_DYNAMIC:
          size = 4;
          break;
        case METHOD_HANDLE:
          size = 3;
          break;
        default:
          throw new ClassFormatException(pos, "unknown constant pool tag " + tag + " at entry " + i);
      }
      if (!Bytes.has(b, pos + 1, size)) {
        Bytes.need(b, pos + 1, size, tagName(tag) + " constant " + i);
      }
      tags[i] = (byte) tag;
      offsets[i] = pos + 1;
      pos += 1 + size;
      if (tag == LONG || tag == DOUBLE) {
        i++;
      }
    }
    end = pos;
  }

  void setBootstraps(Bootstraps bootstraps) {
    this.bootstraps = bootstraps;
  }

  int count() {
    return count;
  }

  static String tagName(int tag) {
    switch (tag) {
      case UTF8: return "Utf8";
      case INTEGER: return "Integer";
      case FLOAT: return "Float";
      case LONG: return "Long";
      case DOUBLE: return "Double";
      case CLASS: return "Class";
      case STRING: return "String";
      case FIELDREF: return "Fieldref";
      case METHODREF: return "Methodref";
      case INTERFACE_METHODREF: return "InterfaceMethodref";
      case NAME_AND_TYPE: return "NameAndType";
      case METHOD_HANDLE: return "MethodHandle";
      case METHOD_TYPE: return "MethodType";
      case DYNAMIC: return "Dynamic";
      case INVOKE_DYNAMIC: return "InvokeDynamic";
      case MODULE: return "Module";
      case PACKAGE: return "Package";
      default: return "tag " + tag;
    }
  }

  /** The tag of entry {@code index}, checked to be a valid index; {@code where} is for errors. */
  int tag(int index, int where) {
    if (index <= 0 || index >= count) {
      throw new ClassFormatException(where, "constant pool index " + index
          + " is out of range 1.." + (count - 1));
    }
    int tag = tags[index];
    if (tag == 0) {
      throw new ClassFormatException(where, "constant pool index " + index
          + " is the unusable second slot of a Long or Double");
    }
    return tag;
  }

  private int expect(int index, int tag, int where) {
    int actual = tag(index, where);
    if (actual != tag) {
      throw wrongTag(index, actual, tagName(tag), where);
    }
    return offsets[index];
  }

  private static ClassFormatException wrongTag(int index, int actual, String expected,
      int where) {
    return new ClassFormatException(where, "constant pool entry " + index + " is a "
        + tagName(actual) + ", expected " + expected);
  }

  /** The string of Utf8 entry {@code index}, referenced at byte {@code where}. */
  String utf8(int index, int where) {
    if (index > 0 && index < count && tags[index] == UTF8) {
      String cached = strings[index];
      if (cached != null) {
        return cached;
      }
    }
    int off = expect(index, UTF8, where);
    String s = Bytes.modifiedUtf8(b, off + 2, Bytes.u2(b, off));
    strings[index] = s;
    return s;
  }

  ClassRef classRef(int index, int where) {
    int off = expect(index, CLASS, where);
    Object cached = resolved[index];
    if (cached != null) {
      return (ClassRef) cached;
    }
    ClassRef ref = new ClassRef(utf8(Bytes.u2(b, off), off));
    resolved[index] = ref;
    return ref;
  }

  /** The internal name of Class entry {@code index}. */
  String className(int index, int where) {
    return classRef(index, where).internalName();
  }

  /** Like {@link #className} but 0 gives null. */
  String classNameOrNull(int index, int where) {
    return index == 0 ? null : className(index, where);
  }

  /** Name and descriptor of NameAndType entry {@code index}. */
  String[] nameAndType(int index, int where) {
    int off = expect(index, NAME_AND_TYPE, where);
    Object cached = resolved[index];
    if (cached != null) {
      return (String[]) cached;
    }
    String[] nt = {utf8(Bytes.u2(b, off), off), utf8(Bytes.u2(b, off + 2), off + 2)};
    resolved[index] = nt;
    return nt;
  }

  /**
   * The Fieldref, Methodref or InterfaceMethodref at {@code index}; {@code accepted} is a bit set
   * of {@code 1 << tag} of the kinds allowed here, {@code expected} names them for errors.
   */
  MemberRef memberRef(int index, int accepted, String expected, int where) {
    int tag = tag(index, where);
    if ((accepted & (1 << tag)) == 0) {
      throw wrongTag(index, tag, expected, where);
    }
    Object cached = resolved[index];
    if (cached != null) {
      return (MemberRef) cached;
    }
    int off = offsets[index];
    MemberRef.Kind kind = tag == FIELDREF ? MemberRef.Kind.FIELD
        : tag == METHODREF ? MemberRef.Kind.METHOD : MemberRef.Kind.INTERFACE_METHOD;
    String owner = className(Bytes.u2(b, off), off);
    int nt = expect(Bytes.u2(b, off + 2), NAME_AND_TYPE, off + 2);
    MemberRef ref = new MemberRef(kind, owner, utf8(Bytes.u2(b, nt), nt),
        utf8(Bytes.u2(b, nt + 2), nt + 2));
    resolved[index] = ref;
    return ref;
  }

  MethodHandleRef methodHandle(int index, int where) {
    int off = expect(index, METHOD_HANDLE, where);
    Object cached = resolved[index];
    if (cached != null) {
      return (MethodHandleRef) cached;
    }
    int kind = b[off] & 0xFF;
    int accepted;
    String expected;
    switch (kind) {
      case 1: case 2: case 3: case 4:
        accepted = 1 << FIELDREF;
        expected = "Fieldref";
        break;
      case 5: case 8:
        accepted = 1 << METHODREF;
        expected = "Methodref";
        break;
      case 6: case 7:
        accepted = 1 << METHODREF | 1 << INTERFACE_METHODREF;
        expected = "Methodref or InterfaceMethodref";
        break;
      case 9:
        accepted = 1 << INTERFACE_METHODREF;
        expected = "InterfaceMethodref";
        break;
      default:
        throw new ClassFormatException(off, "method handle constant " + index
            + " has reference kind " + kind + ", expected 1 to 9");
    }
    MethodHandleRef ref = new MethodHandleRef(kind,
        memberRef(Bytes.u2(b, off + 1), accepted, expected, off + 1));
    resolved[index] = ref;
    return ref;
  }

  /** A loadable constant (ldc operand, bootstrap argument, ConstantValue). */
  Constant loadable(int index, int where) {
    int tag = tag(index, where);
    if ((LOADABLE & (1 << tag)) == 0) {
      throw wrongTag(index, tag, "a loadable constant (Integer, Float, Long, Double, String,"
          + " Class, MethodType, MethodHandle or Dynamic)", where);
    }
    Object cached = resolved[index];
    if (cached != null) {
      return (Constant) cached;
    }
    int off = offsets[index];
    Constant c;
    switch (tag) {
      case INTEGER:
        c = new Constant.IntValue(Bytes.s4(b, off));
        break;
      case FLOAT:
        c = new Constant.FloatValue(Float.intBitsToFloat(Bytes.s4(b, off)));
        break;
      case LONG:
        c = new Constant.LongValue(Bytes.s8(b, off));
        break;
      case DOUBLE:
        c = new Constant.DoubleValue(Double.longBitsToDouble(Bytes.s8(b, off)));
        break;
      case STRING:
        c = new Constant.StringValue(utf8(Bytes.u2(b, off), off));
        break;
      case CLASS:
        return classRef(index, where);
      case METHOD_TYPE:
        c = new MethodTypeRef(utf8(Bytes.u2(b, off), off));
        break;
      case METHOD_HANDLE:
        return methodHandle(index, where);
      case DYNAMIC:
        c = dynamic(index, off);
        break;
      default:
        throw new AssertionError(tag);
    }
    resolved[index] = c;
    return c;
  }

  private DynamicRef dynamic(int index, int off) {
    if (resolving == null) {
      resolving = new boolean[count];
    }
    if (resolving[index]) {
      throw new ClassFormatException(off, "dynamic constant " + index
          + " is its own bootstrap argument, directly or indirectly");
    }
    if (dynamicDepth >= MAX_DYNAMIC_DEPTH) {
      throw new ClassFormatException(off, "dynamic constants are nested deeper than "
          + MAX_DYNAMIC_DEPTH + " levels at constant " + index);
    }
    resolving[index] = true;
    dynamicDepth++;
    try {
      String[] nt = nameAndType(Bytes.u2(b, off + 2), off + 2);
      return new DynamicRef(nt[0], nt[1], bootstrap(Bytes.u2(b, off), off));
    } finally {
      dynamicDepth--;
      resolving[index] = false;
    }
  }

  private BootstrapMethod bootstrap(int bsmIndex, int where) {
    if (bootstraps == null) {
      throw new ClassFormatException(where, "bootstrap method " + bsmIndex
          + " is used but the class has no BootstrapMethods attribute");
    }
    return bootstraps.get(bsmIndex, where);
  }

  /** The InvokeDynamic entry at {@code index}, as an instruction. */
  Instruction.InvokeDynamic invokeDynamic(int index, int where) {
    int off = expect(index, INVOKE_DYNAMIC, where);
    Object cached = resolved[index];
    if (cached != null) {
      return (Instruction.InvokeDynamic) cached;
    }
    String[] nt = nameAndType(Bytes.u2(b, off + 2), off + 2);
    Instruction.InvokeDynamic indy =
        new Instruction.InvokeDynamic(nt[0], nt[1], bootstrap(Bytes.u2(b, off), off));
    resolved[index] = indy;
    return indy;
  }

  /** Resolves a list of bootstrap arguments given as pool indices at {@code off}. */
  List<Constant> loadables(int off, int n) {
    List<Constant> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(loadable(Bytes.u2(b, off + 2 * i), off + 2 * i));
    }
    return args;
  }

  /** Whether the loadable constant at {@code index} takes two stack slots (ldc2_w). */
  boolean isWide(Constant c) {
    if (c instanceof Constant.LongValue || c instanceof Constant.DoubleValue) {
      return true;
    }
    if (c instanceof DynamicRef) {
      String d = ((DynamicRef) c).descriptor();
      return d.equals("J") || d.equals("D");
    }
    return false;
  }
}
