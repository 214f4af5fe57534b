package dev.astrocache.classfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A class file, decoded into an immutable, symbolic model: no constant-pool index survives
 * parsing. Reads major versions 45 (Java 1.0) to 69 (Java 25), preview minor version
 * {@code 0xFFFF} included.
 *
 * <p>Typical use, hashing every instruction of every method:
 *
 * <pre>{@code
 * ClassFile cf = ClassFile.parse(bytes);
 * for (MethodInfo m : cf.methods()) {
 *   if (m.code() == null) continue;               // abstract or native
 *   for (Instruction insn : m.code().instructions()) {
 *     hash(insn.opcode());
 *     if (insn instanceof Instruction.Invoke call) hash(call.method());
 *     // ...
 *   }
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. Only the attributes that the fingerprint reads
 * are decoded: {@code Code}, {@code Exceptions}, {@code ConstantValue}, {@code BootstrapMethods}
 * and {@code Record}. The others (debug data such as line numbers, local variable tables,
 * source file and stack maps; annotations and signatures; {@code InnerClasses},
 * {@code EnclosingMethod}, {@code NestHost}, {@code NestMembers}, {@code PermittedSubclasses})
 * are skipped by their length alone, so a malformed one cannot fail a parse.
 */
public final class ClassFile {
  /** The highest supported major version: 69, Java 25. */
  public static final int MAX_MAJOR_VERSION = 69;

  private final int minorVersion;
  private final int majorVersion;
  private final int accessFlags;
  private final String thisClass;
  private final String superClass;
  private final List<String> interfaces;
  private final List<FieldInfo> fields;
  private final List<MethodInfo> methods;
  private final List<BootstrapMethod> bootstrapMethods;
  private final List<RecordComponent> recordComponents;

  ClassFile(int minorVersion, int majorVersion, int accessFlags, String thisClass,
      String superClass, List<String> interfaces, List<FieldInfo> fields,
      List<MethodInfo> methods, List<BootstrapMethod> bootstrapMethods,
      List<RecordComponent> recordComponents) {
    this.minorVersion = minorVersion;
    this.majorVersion = majorVersion;
    this.accessFlags = accessFlags;
    this.thisClass = thisClass;
    this.superClass = superClass;
    this.interfaces = List.copyOf(interfaces);
    this.fields = ArrayListView.copyOf(fields);
    this.methods = ArrayListView.copyOf(methods);
    this.bootstrapMethods = List.copyOf(bootstrapMethods);
    this.recordComponents = recordComponents == null ? null : List.copyOf(recordComponents);
  }

  /**
   * Decodes a class file.
   *
   * @param bytes the whole class file, as read from a {@code .class} file or
   *     {@code ClassLoader.getResourceAsStream}; not modified, not retained
   * @return the decoded class
   * @throws ClassFormatException if the bytes are not a well-formed class file of a supported
   *     version; the message and {@link ClassFormatException#offset()} say where
   * @throws NullPointerException if {@code bytes} is null
   */
  public static ClassFile parse(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes == null");
    return new ClassParser(bytes).parse();
  }

  /**
   * The index in {@link Code#instructions()} of the instruction that starts at code offset
   * {@code offset} (a stack frame's byte code index) of the method {@code name} {@code
   * descriptor}; -1 if the class has no such method with code, or no instruction starts there.
   *
   * @throws ClassFormatException as {@link #parse} does
   */
  public static int instructionIndex(byte[] bytes, String name, String descriptor, int offset) {
    Objects.requireNonNull(bytes, "bytes == null");
    ClassParser p = new ClassParser(bytes).find(Objects.requireNonNull(name, "name == null"),
        Objects.requireNonNull(descriptor, "descriptor == null"), offset);
    p.parse();
    return p.found();
  }

  /** The minor version; {@code 0xFFFF} marks a class compiled with preview features. */
  public int minorVersion() {
    return minorVersion;
  }

  /** The major version, 45 (Java 1.0) to 69 (Java 25); the Java release is this minus 44. */
  public int majorVersion() {
    return majorVersion;
  }

  /** The class's {@code ACC_*} flags (see {@link AccessFlags}). */
  public int accessFlags() {
    return accessFlags;
  }

  /** Whether {@code ACC_INTERFACE} is set (interfaces and annotation types). */
  public boolean isInterface() {
    return (accessFlags & AccessFlags.INTERFACE) != 0;
  }

  /** The internal name of this class, such as {@code java/util/ArrayList}. */
  public String thisClass() {
    return thisClass;
  }

  /**
   * The internal name of the superclass, or {@code null} for {@code java/lang/Object} and
   * {@code module-info}. Interfaces have {@code java/lang/Object}.
   */
  public String superClass() {
    return superClass;
  }

  /** The internal names of the directly implemented (or extended) interfaces, in order. */
  public List<String> interfaces() {
    return interfaces;
  }

  /** The declared fields, in class-file order. */
  public List<FieldInfo> fields() {
    return fields;
  }

  /** The declared methods, constructors and static initializer, in class-file order. */
  public List<MethodInfo> methods() {
    return methods;
  }

  /**
   * The method named {@code name} with descriptor {@code descriptor}, such as
   * {@code method("run", "(I)V")}, if this class declares it.
   *
   * @throws NullPointerException if an argument is null
   */
  public Optional<MethodInfo> method(String name, String descriptor) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(descriptor, "descriptor == null");
    for (MethodInfo m : methods) {
      if (m.name().equals(name) && m.descriptor().equals(descriptor)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * The methods named {@code name}, whatever their descriptor, in class-file order.
   *
   * @throws NullPointerException if {@code name} is null
   */
  public List<MethodInfo> methods(String name) {
    Objects.requireNonNull(name, "name == null");
    List<MethodInfo> found = new ArrayList<>();
    for (MethodInfo m : methods) {
      if (m.name().equals(name)) {
        found.add(m);
      }
    }
    return List.copyOf(found);
  }

  /**
   * The field named {@code name} with descriptor {@code descriptor}, if this class declares it.
   *
   * @throws NullPointerException if an argument is null
   */
  public Optional<FieldInfo> field(String name, String descriptor) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(descriptor, "descriptor == null");
    for (FieldInfo f : fields) {
      if (f.name().equals(name) && f.descriptor().equals(descriptor)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * The entries of the {@code BootstrapMethods} attribute, resolved, in order; empty if there is
   * none. {@link Instruction.InvokeDynamic} and {@link DynamicRef} carry their own entry.
   */
  public List<BootstrapMethod> bootstrapMethods() {
    return bootstrapMethods;
  }

  /** Whether the class has a {@code Record} attribute (it is a record class). */
  public boolean isRecord() {
    return recordComponents != null;
  }

  /** The {@code Record} attribute's components in order; empty if this is not a record. */
  public List<RecordComponent> recordComponents() {
    return recordComponents == null ? List.of() : recordComponents;
  }

  /** {@code ClassFile[thisClass, version major.minor]}. */
  @Override
  public String toString() {
    return "ClassFile[" + thisClass + ", version " + majorVersion + "." + minorVersion + "]";
  }
}
