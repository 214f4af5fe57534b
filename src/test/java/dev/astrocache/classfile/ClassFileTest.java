package dev.astrocache.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.classfile.Instruction.Branch;
import dev.astrocache.classfile.Instruction.Increment;
import dev.astrocache.classfile.Instruction.IntOperand;
import dev.astrocache.classfile.Instruction.Invoke;
import dev.astrocache.classfile.Instruction.InvokeDynamic;
import dev.astrocache.classfile.Instruction.Ldc;
import dev.astrocache.classfile.Instruction.Local;
import dev.astrocache.classfile.Instruction.LookupSwitch;
import dev.astrocache.classfile.Instruction.MultiANewArray;
import dev.astrocache.classfile.Instruction.TableSwitch;
import dev.astrocache.classfile.Instruction.TypeOperand;
import dev.astrocache.testing.ClassBytes;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parses classes compiled for real by javac and checks that operands come out symbolic. */
class ClassFileTest {
  @TempDir
  static Path dir;
  static Path classes;

  static final String SAMPLE = String.join("\n",
      "package p;",
      "import java.util.*;",
      "import java.util.function.*;",
      "public class Sample {",
      "  public static final int ANSWER = 42;",
      "  public static final long BIG = 1L << 40;",
      "  public static final String GREETING = \"hi\";",
      "  static final double HALF = 0.5;",
      "  static final float QUARTER = 0.25f;",
      "  interface Shape { double area(); }",
      "  record Point(int x, int y) implements Shape { public double area() { return 0; } }",
      "  enum Color { RED, GREEN, BLUE }",
      "  sealed interface Animal permits Dog, Cat {}",
      "  static final class Dog implements Animal {}",
      "  static final class Cat implements Animal {}",
      "  class Inner { int v = ANSWER; int outer() { return table(v); } }",
      "  int table(int k) { switch (k) { case 1: return 10; case 2: return 20; case 3: return 30;",
      "    case 4: return 40; default: return -1; } }",
      "  int lookup(int k) { switch (k) { case 1: return 10; case 1000: return 20;",
      "    case 100000: return 30; default: return -1; } }",
      "  int[][][] cube() { return new int[2][3][4]; }",
      "  byte[] bytes() { return new byte[3]; }",
      "  String[] strings() { return new String[2]; }",
      "  int size(List<String> l) { return l.size(); }",
      "  Function<String, Integer> lambda() { return s -> s.length() + ANSWER; }",
      "  Supplier<Object> ref() { return Object::new; }",
      "  String concat(String a, int b) { return a + b + \"!\"; }",
      "  int tryCatch(String s) {",
      "    try { return Integer.parseInt(s); }",
      "    catch (NumberFormatException e) { return -1; }",
      "    finally { System.out.println(\"done\"); } }",
      "  Object classLiteral() { return String.class; }",
      "  long longConstant() { return 123456789012L; }",
      "  double doubleConstant() { return 2.5; }",
      "  int pushes() { return 100 + 1000; }",
      "  int abs(int x) { if (x < 0) { return -x; } return x; }",
      "  Runnable anonymous() { return new Runnable() { public void run() {} }; }",
      "  Color color() { return Color.GREEN; }",
      "  int wide() {",
      wideBody(),
      "  }",
      "}");

  /** A method with more than 255 int locals: wide loads, stores and iinc. */
  static String wideBody() {
    StringBuilder s = new StringBuilder("    int v0 = 1;\n");
    for (int i = 1; i < 300; i++) {
      s.append("    int v").append(i).append(" = v").append(i - 1).append(" + 1;\n");
    }
    return s.append("    v299 += 1000;\n    v3 += 1000;\n    return v299 + v3;").toString();
  }

  @BeforeAll
  static void compile() {
    classes = Javac.compile(dir.resolve("classes"), Map.of("p.Sample", SAMPLE));
  }

  @Test
  void instructionIndex_mapsACodeOffsetToItsInstruction() throws IOException {
    Path out = Javac.compile(dir.resolve("offsets"), Map.of("p.Offsets", String.join("\n",
        "package p;",
        "class Offsets {",
        "  int f(int a) { int x = a + 1000; return x * 2; }",
        "}")));
    byte[] bytes = Files.readAllBytes(out.resolve("p/Offsets.class"));
    // iload_1 @0, sipush 1000 @1 (3 bytes), iadd @4, istore_2 @5, iload_2 @6, iconst_2 @7,
    // imul @8, ireturn @9
    assertEquals(0, ClassFile.instructionIndex(bytes, "f", "(I)I", 0));
    assertEquals(1, ClassFile.instructionIndex(bytes, "f", "(I)I", 1));
    assertEquals(-1, ClassFile.instructionIndex(bytes, "f", "(I)I", 2)); // inside sipush
    assertEquals(2, ClassFile.instructionIndex(bytes, "f", "(I)I", 4));
    assertEquals(7, ClassFile.instructionIndex(bytes, "f", "(I)I", 9));
    assertEquals(-1, ClassFile.instructionIndex(bytes, "f", "(I)I", 10)); // past the end
    assertEquals(-1, ClassFile.instructionIndex(bytes, "g", "(I)I", 0)); // no such method
    assertEquals(-1, ClassFile.instructionIndex(bytes, "f", "(J)I", 0));
  }

  static ClassFile parse(String binaryName) throws IOException {
    return ClassFile.parse(Files.readAllBytes(classes.resolve(binaryName.replace('.', '/')
        + ".class")));
  }

  static List<Instruction> code(ClassFile cf, String name, String descriptor) {
    return cf.method(name, descriptor).orElseThrow().code().instructions();
  }

  static <T extends Instruction> List<T> all(List<Instruction> code, Class<T> type) {
    return code.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  @Test
  void parse_header_namesAndVersion() throws IOException {
    ClassFile cf = parse("p.Sample");
    assertEquals("p/Sample", cf.thisClass());
    assertEquals("java/lang/Object", cf.superClass());
    assertEquals(Runtime.version().feature() + 44, cf.majorVersion());
    assertEquals(0, cf.minorVersion());
    assertFalse(cf.isInterface());
    assertEquals("ClassFile[p/Sample, version " + cf.majorVersion() + ".0]", cf.toString());
  }

  @Test
  void parse_tableSwitch_targetsAreInstructionIndices() throws IOException {
    List<Instruction> code = code(parse("p.Sample"), "table", "(I)I");
    TableSwitch sw = all(code, TableSwitch.class).get(0);
    assertEquals(1, sw.low());
    assertEquals(4, sw.high());
    assertEquals(4, sw.targets().size());
    for (int i = 0; i < 4; i++) {
      assertEquals(new IntOperand(Opcodes.BIPUSH, 10 * (i + 1)), code.get(sw.targets().get(i)));
    }
    assertEquals(new Instruction.Plain(Opcodes.ICONST_M1), code.get(sw.defaultTarget()));
  }

  @Test
  void parse_lookupSwitch_keysAndTargets() throws IOException {
    List<Instruction> code = code(parse("p.Sample"), "lookup", "(I)I");
    LookupSwitch sw = all(code, LookupSwitch.class).get(0);
    assertEquals(List.of(1, 1000, 100000), sw.keys());
    assertEquals(new IntOperand(Opcodes.BIPUSH, 10), code.get(sw.targets().get(0)));
    assertEquals(new IntOperand(Opcodes.BIPUSH, 20), code.get(sw.targets().get(1)));
    assertEquals(new IntOperand(Opcodes.BIPUSH, 30), code.get(sw.targets().get(2)));
    assertEquals(new Instruction.Plain(Opcodes.ICONST_M1), code.get(sw.defaultTarget()));
  }

  @Test
  void parse_wideLocals_decodesSixteenBitSlotsAndIncrements() throws IOException {
    List<Instruction> code = code(parse("p.Sample"), "wide", "()I");
    // slot 0 is this: v299 is in slot 300
    assertTrue(code.contains(new Local(Opcodes.ISTORE, 300)), "wide istore 300");
    assertTrue(code.contains(new Local(Opcodes.ILOAD, 299)), "wide iload 299");
    assertTrue(code.contains(new Increment(300, 1000)), "wide iinc 300 1000");
    assertTrue(code.contains(new Increment(4, 1000)), "wide iinc 4 1000");
    assertTrue(code.contains(new Local(Opcodes.ISTORE, 200)), "istore 200 (not wide)");
    assertTrue(all(code, Local.class).stream().noneMatch(l -> l.opcode() == Opcodes.WIDE));
  }

  @Test
  void parse_arrays_multianewarrayNewarrayAnewarray() throws IOException {
    ClassFile cf = parse("p.Sample");
    assertTrue(code(cf, "cube", "()[[[I").contains(new MultiANewArray(new ClassRef("[[[I"), 3)));
    assertTrue(code(cf, "bytes", "()[B").contains(new IntOperand(Opcodes.NEWARRAY, 8)));
    assertTrue(code(cf, "strings", "()[Ljava/lang/String;").contains(
        new TypeOperand(Opcodes.ANEWARRAY, new ClassRef("java/lang/String"))));
  }

  @Test
  void parse_invokeinterface_symbolicMemberRef() throws IOException {
    List<Instruction> code = code(parse("p.Sample"), "size", "(Ljava/util/List;)I");
    assertEquals(List.of(new Instruction.Plain(Opcodes.ALOAD_1),
        new Invoke(Opcodes.INVOKEINTERFACE, new MemberRef(MemberRef.Kind.INTERFACE_METHOD,
            "java/util/List", "size", "()I")),
        new Instruction.Plain(Opcodes.IRETURN)), code);
  }

  @Test
  void parse_lambda_invokedynamicWithBootstrapMethod() throws IOException {
    ClassFile cf = parse("p.Sample");
    InvokeDynamic indy = all(code(cf, "lambda", "()Ljava/util/function/Function;"),
        InvokeDynamic.class).get(0);
    assertEquals("apply", indy.name());
    assertEquals("()Ljava/util/function/Function;", indy.descriptor());
    assertEquals(new MethodHandleRef(MethodHandleRef.INVOKE_STATIC, new MemberRef(
        MemberRef.Kind.METHOD, "java/lang/invoke/LambdaMetafactory", "metafactory",
        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
            + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;")),
        indy.bootstrap().method());
    assertEquals(List.of(new MethodTypeRef("(Ljava/lang/Object;)Ljava/lang/Object;"),
        new MethodHandleRef(MethodHandleRef.INVOKE_STATIC, new MemberRef(MemberRef.Kind.METHOD,
            "p/Sample", "lambda$lambda$0", "(Ljava/lang/String;)Ljava/lang/Integer;")),
        new MethodTypeRef("(Ljava/lang/String;)Ljava/lang/Integer;")),
        indy.bootstrap().arguments());
    assertTrue(cf.bootstrapMethods().contains(indy.bootstrap()));
    assertTrue(cf.method("lambda$lambda$0", "(Ljava/lang/String;)Ljava/lang/Integer;")
        .orElseThrow().isSynthetic());
  }

  @Test
  void parse_constructorReference_newInvokeSpecialHandle() throws IOException {
    InvokeDynamic indy = all(code(parse("p.Sample"), "ref", "()Ljava/util/function/Supplier;"),
        InvokeDynamic.class).get(0);
    assertEquals(new MethodHandleRef(MethodHandleRef.NEW_INVOKE_SPECIAL,
        new MemberRef(MemberRef.Kind.METHOD, "java/lang/Object", "<init>", "()V")),
        indy.bootstrap().arguments().get(1));
  }

  @Test
  void parse_stringConcatenation_recipeIsAStringArgument() throws IOException {
    InvokeDynamic indy = all(code(parse("p.Sample"), "concat", "(Ljava/lang/String;I)"
        + "Ljava/lang/String;"), InvokeDynamic.class).get(0);
    assertEquals("makeConcatWithConstants", indy.name());
    assertEquals("java/lang/invoke/StringConcatFactory",
        indy.bootstrap().method().member().owner());
    assertEquals(List.of(new Constant.StringValue("\u0001\u0001!")),
        indy.bootstrap().arguments());
  }

  @Test
  void parse_tryCatchFinally_exceptionTableInInstructionIndices() throws IOException {
    Code code = parse("p.Sample").method("tryCatch", "(Ljava/lang/String;)I").orElseThrow()
        .code();
    List<ExceptionHandler> table = code.exceptionHandlers();
    assertEquals("java/lang/NumberFormatException", table.get(0).catchType());
    assertTrue(table.stream().anyMatch(h -> h.catchType() == null), "a finally handler");
    for (ExceptionHandler h : table) {
      assertTrue(h.start() < h.end() && h.end() <= code.instructions().size(), h.toString());
      int op = code.instructions().get(h.handler()).opcode();
      assertTrue(op == Opcodes.ASTORE || op >= Opcodes.ASTORE_0 && op <= Opcodes.ASTORE_3,
          "a handler starts by storing the exception: " + Opcodes.name(op));
    }
    Invoke parseInt = all(code.instructions(), Invoke.class).get(0);
    assertEquals(new MemberRef(MemberRef.Kind.METHOD, "java/lang/Integer", "parseInt",
        "(Ljava/lang/String;)I"), parseInt.method());
    assertEquals(table.get(0).start(), code.instructions().indexOf(parseInt) - 1);
  }

  @Test
  void parse_ldc_stringLiteralsDifferFromClassLiterals() throws IOException {
    ClassFile cf = parse("p.Sample");
    assertTrue(code(cf, "classLiteral", "()Ljava/lang/Object;")
        .contains(new Ldc(Opcodes.LDC, new ClassRef("java/lang/String"))));
    assertTrue(code(cf, "tryCatch", "(Ljava/lang/String;)I")
        .contains(new Ldc(Opcodes.LDC, new Constant.StringValue("done"))));
    assertTrue(code(cf, "longConstant", "()J")
        .contains(new Ldc(Opcodes.LDC2_W, new Constant.LongValue(123456789012L))));
    assertTrue(code(cf, "doubleConstant", "()D")
        .contains(new Ldc(Opcodes.LDC2_W, new Constant.DoubleValue(2.5))));
    assertTrue(code(cf, "pushes", "()I").contains(new IntOperand(Opcodes.SIPUSH, 1100)));
  }

  @Test
  void parse_branch_targetIsAnInstructionIndex() throws IOException {
    List<Instruction> code = code(parse("p.Sample"), "abs", "(I)I");
    // iload_1 ifge(5) iload_1 ineg ireturn iload_1 ireturn
    assertEquals(new Branch(Opcodes.IFGE, 5), code.get(1));
    assertEquals(7, code.size());
  }

  @Test
  void parse_fields_constantValues() throws IOException {
    ClassFile cf = parse("p.Sample");
    assertEquals(new Constant.IntValue(42), cf.field("ANSWER", "I").orElseThrow().constantValue());
    assertEquals(new Constant.LongValue(1L << 40), cf.field("BIG", "J").orElseThrow()
        .constantValue());
    assertEquals(new Constant.StringValue("hi"), cf.field("GREETING", "Ljava/lang/String;")
        .orElseThrow().constantValue());
    assertEquals(new Constant.DoubleValue(0.5), cf.field("HALF", "D").orElseThrow()
        .constantValue());
    assertEquals(new Constant.FloatValue(0.25f), cf.field("QUARTER", "F").orElseThrow()
        .constantValue());
    assertTrue(cf.field("ANSWER", "I").orElseThrow().isStatic());
  }

  @Test
  void parse_getstatic_enumConstantIsASymbolicField() throws IOException {
    assertTrue(code(parse("p.Sample"), "color", "()Lp/Sample$Color;").contains(
        new Instruction.FieldAccess(Opcodes.GETSTATIC, new MemberRef(MemberRef.Kind.FIELD,
            "p/Sample$Color", "GREEN", "Lp/Sample$Color;"))));
    ClassFile color = parse("p.Sample$Color");
    assertEquals("java/lang/Enum", color.superClass());
    assertTrue((color.accessFlags() & AccessFlags.ENUM) != 0);
    assertTrue(color.method("values", "()[Lp/Sample$Color;").isPresent());
    assertTrue(color.method("<clinit>", "()V").isPresent());
  }

  @Test
  void parse_record_componentsAndObjectMethodsBootstrap() throws IOException {
    ClassFile point = parse("p.Sample$Point");
    assertTrue(point.isRecord());
    assertEquals(List.of(new RecordComponent("x", "I"), new RecordComponent("y", "I")),
        point.recordComponents());
    assertEquals("java/lang/Record", point.superClass());
    assertEquals(List.of("p/Sample$Shape"), point.interfaces());
    BootstrapMethod objectMethods = point.bootstrapMethods().get(0);
    assertEquals("java/lang/runtime/ObjectMethods", objectMethods.method().member().owner());
    assertEquals(List.of(new ClassRef("p/Sample$Point"), new Constant.StringValue("x;y"),
        new MethodHandleRef(MethodHandleRef.GET_FIELD, new MemberRef(MemberRef.Kind.FIELD,
            "p/Sample$Point", "x", "I")),
        new MethodHandleRef(MethodHandleRef.GET_FIELD, new MemberRef(MemberRef.Kind.FIELD,
            "p/Sample$Point", "y", "I"))), objectMethods.arguments());
    assertFalse(parse("p.Sample").isRecord());
    assertEquals(List.of(), parse("p.Sample").recordComponents());
  }

  @Test
  void parse_nestedClasses_parseWithTheirCode() throws IOException {
    ClassFile inner = parse("p.Sample$Inner");
    assertTrue(code(inner, "<init>", "(Lp/Sample;)V").contains(new Instruction.FieldAccess(
        Opcodes.PUTFIELD, new MemberRef(MemberRef.Kind.FIELD, "p/Sample$Inner", "this$0",
            "Lp/Sample;"))));
    assertEquals(List.of(), parse("p.Sample$Animal").methods());
    assertTrue(parse("p.Sample$Animal").isInterface());
    assertEquals("java/lang/Object", parse("p.Sample$1").superClass());
  }

  /** Nothing reads them, so a malformed one must not make the class unreadable. */
  @Test
  void parse_unreadAttributeMalformed_parsesTheSame() throws IOException {
    for (String[] c : new String[][] {{"p.Sample", "InnerClasses"}, {"p.Sample", "NestMembers"},
        {"p.Sample$Inner", "NestHost"}, {"p.Sample$1", "EnclosingMethod"},
        {"p.Sample$Animal", "PermittedSubclasses"}}) {
      byte[] bytes = Files.readAllBytes(classes.resolve(c[0].replace('.', '/') + ".class"));
      ClassFile spoilt = ClassFile.parse(ClassBytes.spoilClassAttribute(bytes, c[1]));

      ClassFile good = ClassFile.parse(bytes);
      assertEquals(good.methods(), spoilt.methods(), c[1]);
      assertEquals(good.fields(), spoilt.fields(), c[1]);
      assertEquals(good.bootstrapMethods(), spoilt.bootstrapMethods(), c[1]);
    }
  }

  /** The control: an attribute the fingerprint reads is still checked. */
  @Test
  void parse_readAttributeMalformed_throws() throws IOException {
    byte[] bytes = Files.readAllBytes(classes.resolve("p/Sample$Point.class"));

    assertThrows(ClassFormatException.class,
        () -> ClassFile.parse(ClassBytes.spoilClassAttribute(bytes, "Record")));
    assertThrows(ClassFormatException.class,
        () -> ClassFile.parse(ClassBytes.spoilClassAttribute(bytes, "BootstrapMethods")));
  }

  @Test
  void parse_abstractMethod_hasNoCode() throws IOException {
    MethodInfo area = parse("p.Sample$Shape").method("area", "()D").orElseThrow();
    assertNull(area.code());
    assertTrue(area.isAbstract());
    assertEquals("area()D", area.nameAndDescriptor());
  }

  @Test
  void methods_byName_findsEveryOverload() throws IOException {
    ClassFile cf = parse("p.Sample");
    assertEquals(1, cf.methods("table").size());
    assertEquals(List.of(), cf.methods("missing"));
    assertTrue(cf.method("table", "(J)I").isEmpty());
  }

  @Test
  void parse_previewMinorVersionOfJava25_accepted() {
    byte[] bytes = BadClassCorpus.valid();
    bytes[4] = (byte) 0xFF;
    bytes[5] = (byte) 0xFF;
    bytes[6] = 0;
    bytes[7] = 69;
    ClassFile cf = ClassFile.parse(bytes);
    assertEquals(0xFFFF, cf.minorVersion());
    assertEquals(69, cf.majorVersion());
  }

  @Test
  void parse_java1_0FormatBefore45_3_readsNarrowCodeHeader() {
    Code code = ClassFile.parse(BadClassCorpus.tinyBefore45_3(0, new byte[] {
        (byte) Opcodes.BIPUSH, 7, (byte) Opcodes.IRETURN})).method("f", "()I").orElseThrow()
        .code();
    assertEquals(2, code.maxStack());
    assertEquals(1, code.maxLocals());
    assertEquals(List.of(new IntOperand(Opcodes.BIPUSH, 7),
        new Instruction.Plain(Opcodes.IRETURN)), code.instructions());
  }

  @Test
  void parse_null_isRejected() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> ClassFile.parse(null));
    assertEquals("bytes == null", e.getMessage());
  }
}
