package dev.astrocache.classfile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing throughput of the class-file reader against ASM's {@link ClassReader}, over the same
 * 400 real classes (the first, in path order, of {@code java.base}'s {@code java/util} tree in
 * the running JDK). Equal work: both decode every instruction of every method with its
 * operands resolved, and skip debug attributes and stack maps (ASM: {@code SKIP_DEBUG |
 * SKIP_FRAMES}, with a {@link MethodVisitor} that consumes each instruction); each operation
 * parses all 400 classes.
 *
 * <p>Run, each reader in its own JVM, round after round in rotated order (this comparison is
 * within a few percent, less than a shared machine drifts between two runs):
 *
 * <pre>
 * benchmarks/interleave.sh ClassParseBenchmark reader astrocache asm
 * </pre>
 *
 * <p>or both in one JMH run: {@code benchmarks/run.sh ClassParseBenchmark -f 2 -wi 3 -i 5}.
 *
 * <p>Raw outputs are kept in {@code benchmarks/results/ClassParseBenchmark-jdk*.txt}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClassParseBenchmark {
  static final int CLASSES = 400;

  @Param({"astrocache", "asm"})
  public String reader;

  List<byte[]> classes;

  @Setup
  public void load() throws IOException {
    Path root = FileSystems.getFileSystem(URI.create("jrt:/"))
        .getPath("/modules/java.base/java/util");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).sorted().limit(CLASSES)
          .collect(Collectors.toList());
    }
    classes = new ArrayList<>();
    for (Path f : files) {
      classes.add(Files.readAllBytes(f));
    }
    if (classes.size() != CLASSES) {
      throw new IllegalStateException("found " + classes.size() + " classes, not " + CLASSES);
    }
  }

  @Benchmark
  public long parseAll() {
    long sum = 0;
    if (reader.equals("asm")) {
      for (byte[] b : classes) {
        sum += asm(b);
      }
    } else {
      for (byte[] b : classes) {
        sum += astrocache(b);
      }
    }
    return sum;
  }

  static long astrocache(byte[] b) {
    long sum = 0;
    for (MethodInfo m : ClassFile.parse(b).methods()) {
      Code code = m.code();
      if (code != null) {
        for (Instruction insn : code.instructions()) {
          sum += insn.opcode();
        }
        sum += code.exceptionHandlers().size();
      }
    }
    return sum;
  }

  static long asm(byte[] b) {
    Counter counter = new Counter();
    new ClassReader(b).accept(counter, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return counter.sum;
  }

  /** Visits every method's instructions, summing opcodes as the other side does. */
  static final class Counter extends ClassVisitor {
    long sum;
    private final MethodVisitor methods = new MethodVisitor(org.objectweb.asm.Opcodes.ASM9) {
      @Override
      public void visitInsn(int opcode) {
        sum += opcode;
      }

      @Override
      public void visitIntInsn(int opcode, int operand) {
        sum += opcode;
      }

      @Override
      public void visitVarInsn(int opcode, int varIndex) {
        sum += opcode;
      }

      @Override
      public void visitTypeInsn(int opcode, String type) {
        sum += opcode;
      }

      @Override
      public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        sum += opcode;
      }

      @Override
      public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
          boolean isInterface) {
        sum += opcode;
      }

      @Override
      public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
          Object... arguments) {
        sum += 186;
      }

      @Override
      public void visitJumpInsn(int opcode, Label label) {
        sum += opcode;
      }

      @Override
      public void visitLdcInsn(Object value) {
        sum += 18;
      }

      @Override
      public void visitIincInsn(int varIndex, int increment) {
        sum += 132;
      }

      @Override
      public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        sum += 170;
      }

      @Override
      public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        sum += 171;
      }

      @Override
      public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        sum += 197;
      }

      @Override
      public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        sum++;
      }
    };

    Counter() {
      super(org.objectweb.asm.Opcodes.ASM9);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor,
        String signature, String[] exceptions) {
      return methods;
    }
  }
}
