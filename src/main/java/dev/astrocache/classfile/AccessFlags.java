package dev.astrocache.classfile;

/** The {@code ACC_*} access and property flags of classes, fields and methods (JVMS 4.1). */
public final class AccessFlags {
  private AccessFlags() {}

  /** {@code ACC_PUBLIC}. */
  public static final int PUBLIC = 0x0001;
  /** {@code ACC_PRIVATE}. */
  public static final int PRIVATE = 0x0002;
  /** {@code ACC_PROTECTED}. */
  public static final int PROTECTED = 0x0004;
  /** {@code ACC_STATIC}. */
  public static final int STATIC = 0x0008;
  /** {@code ACC_FINAL}. */
  public static final int FINAL = 0x0010;
  /** {@code ACC_SUPER} (classes) or {@code ACC_SYNCHRONIZED} (methods). */
  public static final int SUPER = 0x0020;
  /** {@code ACC_SYNCHRONIZED} (methods). */
  public static final int SYNCHRONIZED = 0x0020;
  /** {@code ACC_VOLATILE} (fields) or {@code ACC_BRIDGE} (methods). */
  public static final int VOLATILE = 0x0040;
  /** {@code ACC_BRIDGE} (methods). */
  public static final int BRIDGE = 0x0040;
  /** {@code ACC_TRANSIENT} (fields) or {@code ACC_VARARGS} (methods). */
  public static final int TRANSIENT = 0x0080;
  /** {@code ACC_VARARGS} (methods). */
  public static final int VARARGS = 0x0080;
  /** {@code ACC_NATIVE} (methods). */
  public static final int NATIVE = 0x0100;
  /** {@code ACC_INTERFACE} (classes). */
  public static final int INTERFACE = 0x0200;
  /** {@code ACC_ABSTRACT}. */
  public static final int ABSTRACT = 0x0400;
  /** {@code ACC_STRICT} (methods, before Java 17). */
  public static final int STRICT = 0x0800;
  /** {@code ACC_SYNTHETIC}: made up by the compiler. */
  public static final int SYNTHETIC = 0x1000;
  /** {@code ACC_ANNOTATION} (classes). */
  public static final int ANNOTATION = 0x2000;
  /** {@code ACC_ENUM}. */
  public static final int ENUM = 0x4000;
  /** {@code ACC_MODULE} (classes) or {@code ACC_MANDATED}. */
  public static final int MODULE = 0x8000;
}
