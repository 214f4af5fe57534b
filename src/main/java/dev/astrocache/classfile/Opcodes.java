package dev.astrocache.classfile;

/**
 * The JVM opcodes (JVMS chapter 6) as {@code int} constants, with their mnemonics. Opcodes 202
 * ({@code breakpoint}) and 254 to 255 ({@code impdep1}, {@code impdep2}) are reserved and never
 * appear in a valid class file; the reader rejects them.
 */
public final class Opcodes {
  private Opcodes() {}

  /** {@code nop}. */
  public static final int NOP = 0;
  /** {@code aconst_null}. */
  public static final int ACONST_NULL = 1;
  /** {@code iconst_m1}. */
  public static final int ICONST_M1 = 2;
  /** {@code iconst_0}. */
  public static final int ICONST_0 = 3;
  /** {@code iconst_1}. */
  public static final int ICONST_1 = 4;
  /** {@code iconst_2}. */
  public static final int ICONST_2 = 5;
  /** {@code iconst_3}. */
  public static final int ICONST_3 = 6;
  /** {@code iconst_4}. */
  public static final int ICONST_4 = 7;
  /** {@code iconst_5}. */
  public static final int ICONST_5 = 8;
  /** {@code lconst_0}. */
  public static final int LCONST_0 = 9;
  /** {@code lconst_1}. */
  public static final int LCONST_1 = 10;
  /** {@code fconst_0}. */
  public static final int FCONST_0 = 11;
  /** {@code fconst_1}. */
  public static final int FCONST_1 = 12;
  /** {@code fconst_2}. */
  public static final int FCONST_2 = 13;
  /** {@code dconst_0}. */
  public static final int DCONST_0 = 14;
  /** {@code dconst_1}. */
  public static final int DCONST_1 = 15;
  /** {@code bipush}. */
  public static final int BIPUSH = 16;
  /** {@code sipush}. */
  public static final int SIPUSH = 17;
  /** {@code ldc}. */
  public static final int LDC = 18;
  /** {@code ldc_w}. */
  public static final int LDC_W = 19;
  /** {@code ldc2_w}. */
  public static final int LDC2_W = 20;
  /** {@code iload}. */
  public static final int ILOAD = 21;
  /** {@code lload}. */
  public static final int LLOAD = 22;
  /** {@code fload}. */
  public static final int FLOAD = 23;
  /** {@code dload}. */
  public static final int DLOAD = 24;
  /** {@code aload}. */
  public static final int ALOAD = 25;
  /** {@code iload_0}. */
  public static final int ILOAD_0 = 26;
  /** {@code iload_1}. */
  public static final int ILOAD_1 = 27;
  /** {@code iload_2}. */
  public static final int ILOAD_2 = 28;
  /** {@code iload_3}. */
  public static final int ILOAD_3 = 29;
  /** {@code lload_0}. */
  public static final int LLOAD_0 = 30;
  /** {@code lload_1}. */
  public static final int LLOAD_1 = 31;
  /** {@code lload_2}. */
  public static final int LLOAD_2 = 32;
  /** {@code lload_3}. */
  public static final int LLOAD_3 = 33;
  /** {@code fload_0}. */
  public static final int FLOAD_0 = 34;
  /** {@code fload_1}. */
  public static final int FLOAD_1 = 35;
  /** {@code fload_2}. */
  public static final int FLOAD_2 = 36;
  /** {@code fload_3}. */
  public static final int FLOAD_3 = 37;
  /** {@code dload_0}. */
  public static final int DLOAD_0 = 38;
  /** {@code dload_1}. */
  public static final int DLOAD_1 = 39;
  /** {@code dload_2}. */
  public static final int DLOAD_2 = 40;
  /** {@code dload_3}. */
  public static final int DLOAD_3 = 41;
  /** {@code aload_0}. */
  public static final int ALOAD_0 = 42;
  /** {@code aload_1}. */
  public static final int ALOAD_1 = 43;
  /** {@code aload_2}. */
  public static final int ALOAD_2 = 44;
  /** {@code aload_3}. */
  public static final int ALOAD_3 = 45;
  /** {@code iaload}. */
  public static final int IALOAD = 46;
  /** {@code laload}. */
  public static final int LALOAD = 47;
  /** {@code faload}. */
  public static final int FALOAD = 48;
  /** {@code daload}. */
  public static final int DALOAD = 49;
  /** {@code aaload}. */
  public static final int AALOAD = 50;
  /** {@code baload}. */
  public static final int BALOAD = 51;
  /** {@code caload}. */
  public static final int CALOAD = 52;
  /** {@code saload}. */
  public static final int SALOAD = 53;
  /** {@code istore}. */
  public static final int ISTORE = 54;
  /** {@code lstore}. */
  public static final int LSTORE = 55;
  /** {@code fstore}. */
  public static final int FSTORE = 56;
  /** {@code dstore}. */
  public static final int DSTORE = 57;
  /** {@code astore}. */
  public static final int ASTORE = 58;
  /** {@code istore_0}. */
  public static final int ISTORE_0 = 59;
  /** {@code istore_1}. */
  public static final int ISTORE_1 = 60;
  /** {@code istore_2}. */
  public static final int ISTORE_2 = 61;
  /** {@code istore_3}. */
  public static final int ISTORE_3 = 62;
  /** {@code lstore_0}. */
  public static final int LSTORE_0 = 63;
  /** {@code lstore_1}. */
  public static final int LSTORE_1 = 64;
  /** {@code lstore_2}. */
  public static final int LSTORE_2 = 65;
  /** {@code lstore_3}. */
  public static final int LSTORE_3 = 66;
  /** {@code fstore_0}. */
  public static final int FSTORE_0 = 67;
  /** {@code fstore_1}. */
  public static final int FSTORE_1 = 68;
  /** {@code fstore_2}. */
  public static final int FSTORE_2 = 69;
  /** {@code fstore_3}. */
  public static final int FSTORE_3 = 70;
  /** {@code dstore_0}. */
  public static final int DSTORE_0 = 71;
  /** {@code dstore_1}. */
  public static final int DSTORE_1 = 72;
  /** {@code dstore_2}. */
  public static final int DSTORE_2 = 73;
  /** {@code dstore_3}. */
  public static final int DSTORE_3 = 74;
  /** {@code astore_0}. */
  public static final int ASTORE_0 = 75;
  /** {@code astore_1}. */
  public static final int ASTORE_1 = 76;
  /** {@code astore_2}. */
  public static final int ASTORE_2 = 77;
  /** {@code astore_3}. */
  public static final int ASTORE_3 = 78;
  /** {@code iastore}. */
  public static final int IASTORE = 79;
  /** {@code lastore}. */
  public static final int LASTORE = 80;
  /** {@code fastore}. */
  public static final int FASTORE = 81;
  /** {@code dastore}. */
  public static final int DASTORE = 82;
  /** {@code aastore}. */
  public static final int AASTORE = 83;
  /** {@code bastore}. */
  public static final int BASTORE = 84;
  /** {@code castore}. */
  public static final int CASTORE = 85;
  /** {@code sastore}. */
  public static final int SASTORE = 86;
  /** {@code pop}. */
  public static final int POP = 87;
  /** {@code pop2}. */
  public static final int POP2 = 88;
  /** {@code dup}. */
  public static final int DUP = 89;
  /** {@code dup_x1}. */
  public static final int DUP_X1 = 90;
  /** {@code dup_x2}. */
  public static final int DUP_X2 = 91;
  /** {@code dup2}. */
  public static final int DUP2 = 92;
  /** {@code dup2_x1}. */
  public static final int DUP2_X1 = 93;
  /** {@code dup2_x2}. */
  public static final int DUP2_X2 = 94;
  /** {@code swap}. */
  public static final int SWAP = 95;
  /** {@code iadd}. */
  public static final int IADD = 96;
  /** {@code ladd}. */
  public static final int LADD = 97;
  /** {@code fadd}. */
  public static final int FADD = 98;
  /** {@code dadd}. */
  public static final int DADD = 99;
  /** {@code isub}. */
  public static final int ISUB = 100;
  /** {@code lsub}. */
  public static final int LSUB = 101;
  /** {@code fsub}. */
  public static final int FSUB = 102;
  /** {@code dsub}. */
  public static final int DSUB = 103;
  /** {@code imul}. */
  public static final int IMUL = 104;
  /** {@code lmul}. */
  public static final int LMUL = 105;
  /** {@code fmul}. */
  public static final int FMUL = 106;
  /** {@code dmul}. */
  public static final int DMUL = 107;
  /** {@code idiv}. */
  public static final int IDIV = 108;
  /** {@code ldiv}. */
  public static final int LDIV = 109;
  /** {@code fdiv}. */
  public static final int FDIV = 110;
  /** {@code ddiv}. */
  public static final int DDIV = 111;
  /** {@code irem}. */
  public static final int IREM = 112;
  /** {@code lrem}. */
  public static final int LREM = 113;
  /** {@code frem}. */
  public static final int FREM = 114;
  /** {@code drem}. */
  public static final int DREM = 115;
  /** {@code ineg}. */
  public static final int INEG = 116;
  /** {@code lneg}. */
  public static final int LNEG = 117;
  /** {@code fneg}. */
  public static final int FNEG = 118;
  /** {@code dneg}. */
  public static final int DNEG = 119;
  /** {@code ishl}. */
  public static final int ISHL = 120;
  /** {@code lshl}. */
  public static final int LSHL = 121;
  /** {@code ishr}. */
  public static final int ISHR = 122;
  /** {@code lshr}. */
  public static final int LSHR = 123;
  /** {@code iushr}. */
  public static final int IUSHR = 124;
  /** {@code lushr}. */
  public static final int LUSHR = 125;
  /** {@code iand}. */
  public static final int IAND = 126;
  /** {@code land}. */
  public static final int LAND = 127;
  /** {@code ior}. */
  public static final int IOR = 128;
  /** {@code lor}. */
  public static final int LOR = 129;
  /** {@code ixor}. */
  public static final int IXOR = 130;
  /** {@code lxor}. */
  public static final int LXOR = 131;
  /** {@code iinc}. */
  public static final int IINC = 132;
  /** {@code i2l}. */
  public static final int I2L = 133;
  /** {@code i2f}. */
  public static final int I2F = 134;
  /** {@code i2d}. */
  public static final int I2D = 135;
  /** {@code l2i}. */
  public static final int L2I = 136;
  /** {@code l2f}. */
  public static final int L2F = 137;
  /** {@code l2d}. */
  public static final int L2D = 138;
  /** {@code f2i}. */
  public static final int F2I = 139;
  /** {@code f2l}. */
  public static final int F2L = 140;
  /** {@code f2d}. */
  public static final int F2D = 141;
  /** {@code d2i}. */
  public static final int D2I = 142;
  /** {@code d2l}. */
  public static final int D2L = 143;
  /** {@code d2f}. */
  public static final int D2F = 144;
  /** {@code i2b}. */
  public static final int I2B = 145;
  /** {@code i2c}. */
  public static final int I2C = 146;
  /** {@code i2s}. */
  public static final int I2S = 147;
  /** {@code lcmp}. */
  public static final int LCMP = 148;
  /** {@code fcmpl}. */
  public static final int FCMPL = 149;
  /** {@code fcmpg}. */
  public static final int FCMPG = 150;
  /** {@code dcmpl}. */
  public static final int DCMPL = 151;
  /** {@code dcmpg}. */
  public static final int DCMPG = 152;
  /** {@code ifeq}. */
  public static final int IFEQ = 153;
  /** {@code ifne}. */
  public static final int IFNE = 154;
  /** {@code iflt}. */
  public static final int IFLT = 155;
  /** {@code ifge}. */
  public static final int IFGE = 156;
  /** {@code ifgt}. */
  public static final int IFGT = 157;
  /** {@code ifle}. */
  public static final int IFLE = 158;
  /** {@code if_icmpeq}. */
  public static final int IF_ICMPEQ = 159;
  /** {@code if_icmpne}. */
  public static final int IF_ICMPNE = 160;
  /** {@code if_icmplt}. */
  public static final int IF_ICMPLT = 161;
  /** {@code if_icmpge}. */
  public static final int IF_ICMPGE = 162;
  /** {@code if_icmpgt}. */
  public static final int IF_ICMPGT = 163;
  /** {@code if_icmple}. */
  public static final int IF_ICMPLE = 164;
  /** {@code if_acmpeq}. */
  public static final int IF_ACMPEQ = 165;
  /** {@code if_acmpne}. */
  public static final int IF_ACMPNE = 166;
  /** {@code goto}. */
  public static final int GOTO = 167;
  /** {@code jsr}. */
  public static final int JSR = 168;
  /** {@code ret}. */
  public static final int RET = 169;
  /** {@code tableswitch}. */
  public static final int TABLESWITCH = 170;
  /** {@code lookupswitch}. */
  public static final int LOOKUPSWITCH = 171;
  /** {@code ireturn}. */
  public static final int IRETURN = 172;
  /** {@code lreturn}. */
  public static final int LRETURN = 173;
  /** {@code freturn}. */
  public static final int FRETURN = 174;
  /** {@code dreturn}. */
  public static final int DRETURN = 175;
  /** {@code areturn}. */
  public static final int ARETURN = 176;
  /** {@code return}. */
  public static final int RETURN = 177;
  /** {@code getstatic}. */
  public static final int GETSTATIC = 178;
  /** {@code putstatic}. */
  public static final int PUTSTATIC = 179;
  /** {@code getfield}. */
  public static final int GETFIELD = 180;
  /** {@code putfield}. */
  public static final int PUTFIELD = 181;
  /** {@code invokevirtual}. */
  public static final int INVOKEVIRTUAL = 182;
  /** {@code invokespecial}. */
  public static final int INVOKESPECIAL = 183;
  /** {@code invokestatic}. */
  public static final int INVOKESTATIC = 184;
  /** {@code invokeinterface}. */
  public static final int INVOKEINTERFACE = 185;
  /** {@code invokedynamic}. */
  public static final int INVOKEDYNAMIC = 186;
  /** {@code new}. */
  public static final int NEW = 187;
  /** {@code newarray}. */
  public static final int NEWARRAY = 188;
  /** {@code anewarray}. */
  public static final int ANEWARRAY = 189;
  /** {@code arraylength}. */
  public static final int ARRAYLENGTH = 190;
  /** {@code athrow}. */
  public static final int ATHROW = 191;
  /** {@code checkcast}. */
  public static final int CHECKCAST = 192;
  /** {@code instanceof}. */
  public static final int INSTANCEOF = 193;
  /** {@code monitorenter}. */
  public static final int MONITORENTER = 194;
  /** {@code monitorexit}. */
  public static final int MONITOREXIT = 195;
  /** {@code wide}. */
  public static final int WIDE = 196;
  /** {@code multianewarray}. */
  public static final int MULTIANEWARRAY = 197;
  /** {@code ifnull}. */
  public static final int IFNULL = 198;
  /** {@code ifnonnull}. */
  public static final int IFNONNULL = 199;
  /** {@code goto_w}. */
  public static final int GOTO_W = 200;
  /** {@code jsr_w}. */
  public static final int JSR_W = 201;

  private static final String[] NAMES = {
      "nop", "aconst_null", "iconst_m1", "iconst_0", "iconst_1", "iconst_2", "iconst_3",
      "iconst_4", "iconst_5", "lconst_0", "lconst_1", "fconst_0", "fconst_1", "fconst_2",
      "dconst_0", "dconst_1", "bipush", "sipush", "ldc", "ldc_w", "ldc2_w", "iload", "lload",
      "fload", "dload", "aload", "iload_0", "iload_1", "iload_2", "iload_3", "lload_0", "lload_1",
      "lload_2", "lload_3", "fload_0", "fload_1", "fload_2", "fload_3", "dload_0", "dload_1",
      "dload_2", "dload_3", "aload_0", "aload_1", "aload_2", "aload_3", "iaload", "laload",
      "faload", "daload", "aaload", "baload", "caload", "saload", "istore", "lstore", "fstore",
      "dstore", "astore", "istore_0", "istore_1", "istore_2", "istore_3", "lstore_0", "lstore_1",
      "lstore_2", "lstore_3", "fstore_0", "fstore_1", "fstore_2", "fstore_3", "dstore_0",
      "dstore_1", "dstore_2", "dstore_3", "astore_0", "astore_1", "astore_2", "astore_3",
      "iastore", "lastore", "fastore", "dastore", "aastore", "bastore", "castore", "sastore",
      "pop", "pop2", "dup", "dup_x1", "dup_x2", "dup2", "dup2_x1", "dup2_x2", "swap", "iadd",
      "ladd", "fadd", "dadd", "isub", "lsub", "fsub", "dsub", "imul", "lmul", "fmul", "dmul",
      "idiv", "ldiv", "fdiv", "ddiv", "irem", "lrem", "frem", "drem", "ineg", "lneg", "fneg",
      "dneg", "ishl", "lshl", "ishr", "lshr", "iushr", "lushr", "iand", "land", "ior", "lor",
      "ixor", "lxor", "iinc", "i2l", "i2f", "i2d", "l2i", "l2f", "l2d", "f2i", "f2l", "f2d",
      "d2i", "d2l", "d2f", "i2b", "i2c", "i2s", "lcmp", "fcmpl", "fcmpg", "dcmpl", "dcmpg",
      "ifeq", "ifne", "iflt", "ifge", "ifgt", "ifle", "if_icmpeq", "if_icmpne", "if_icmplt",
      "if_icmpge", "if_icmpgt", "if_icmple", "if_acmpeq", "if_acmpne", "goto", "jsr", "ret",
      "tableswitch", "lookupswitch", "ireturn", "lreturn", "freturn", "dreturn", "areturn",
      "return", "getstatic", "putstatic", "getfield", "putfield", "invokevirtual",
      "invokespecial", "invokestatic", "invokeinterface", "invokedynamic", "new", "newarray",
      "anewarray", "arraylength", "athrow", "checkcast", "instanceof", "monitorenter",
      "monitorexit", "wide", "multianewarray", "ifnull", "ifnonnull", "goto_w", "jsr_w",
  };

  /**
   * The mnemonic of {@code opcode}, such as {@code "invokevirtual"}.
   *
   * @throws IllegalArgumentException if {@code opcode} is not a defined opcode (0 to 201)
   */
  public static String name(int opcode) {
    if (opcode < 0 || opcode >= NAMES.length) {
      throw new IllegalArgumentException("opcode " + opcode + " is not defined (0 to 201)");
    }
    return NAMES[opcode];
  }
}
