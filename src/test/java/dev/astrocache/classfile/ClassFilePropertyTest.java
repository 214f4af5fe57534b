package dev.astrocache.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * For any bytes derived from real class files (truncated, or with random bytes overwritten),
 * {@link ClassFile#parse} either returns a model or throws {@link ClassFormatException}: never
 * another exception, an error, or a hang.
 */
class ClassFilePropertyTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  /** Real class files: javac output with switches, lambdas, records, plus JDK classes. */
  static final List<byte[]> SEEDS = List.of(
      BadClassCorpus.valid(),
      resource("/dev/astrocache/classfile/CodeReader.class"),
      resource("/dev/astrocache/classfile/ClassParser.class"),
      resource("/dev/astrocache/classfile/ClassFileTest.class"),
      resource("/dev/astrocache/classfile/Instruction$TableSwitch.class"),
      resource("/java/util/ArrayList.class"),
      resource("/java/lang/Character.class"));

  static byte[] resource(String name) {
    try (InputStream in = ClassFilePropertyTest.class.getResourceAsStream(name)) {
      return Objects.requireNonNull(in, name).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses, accepting only a model or the documented exception. */
  static void parsesOrThrowsClassFormatException(byte[] bytes) {
    try {
      ClassFile.parse(bytes);
    } catch (ClassFormatException expected) {
      if (expected.offset() < 0 || expected.offset() > bytes.length) {
        throw new AssertionError("offset " + expected.offset() + " outside the "
            + bytes.length + " bytes", expected);
      }
    }
  }

  @Test
  void parse_seeds_allParse() {
    for (byte[] seed : SEEDS) {
      assertEquals(seed.length > 0, ClassFile.parse(seed).thisClass().length() > 0);
    }
  }

  @Test
  void parse_truncatedClassFile_parsesOrThrowsClassFormatException() {
    assertTimeoutPreemptively(HANG_GUARD, () -> qt().withFixedSeed(17).withExamples(2000)
        .forAll(integers().between(0, SEEDS.size() - 1), integers().between(0, 1 << 20))
        .checkAssert((seed, cut) -> {
          byte[] bytes = SEEDS.get(seed);
          parsesOrThrowsClassFormatException(Arrays.copyOf(bytes, cut % bytes.length));
        }));
  }

  @Test
  void parse_mutatedClassFile_parsesOrThrowsClassFormatException() {
    assertTimeoutPreemptively(HANG_GUARD, () -> qt().withFixedSeed(25).withExamples(4000)
        .forAll(integers().between(0, SEEDS.size() - 1),
            lists().of(integers().all()).ofSizeBetween(1, 8))
        .checkAssert((seed, mutations) -> parsesOrThrowsClassFormatException(
            mutate(SEEDS.get(seed), mutations))));
  }

  /**
   * Each mutation overwrites one byte: its position comes from the low 24 bits, its new value
   * from the high bits, biased towards the values that break lengths and indices.
   */
  static byte[] mutate(byte[] seed, List<Integer> mutations) {
    byte[] bytes = seed.clone();
    for (int m : mutations) {
      int at = (m & 0xFF_FFFF) % bytes.length;
      int pick = (m >>> 24) & 0xFF;
      byte value = pick < 32 ? 0 : pick < 64 ? (byte) 0xFF : pick < 80 ? (byte) 0x7F
          : pick < 96 ? (byte) 0x80 : (byte) (m >>> 16);
      bytes[at] = value;
    }
    return bytes;
  }

  @Test
  void mutate_overwritesOnlyTheChosenBytes() {
    byte[] seed = new byte[100];
    byte[] mutated = mutate(seed, List.of(5 | 40 << 24, 207));
    List<Integer> changed = java.util.stream.IntStream.range(0, 100)
        .filter(i -> mutated[i] != 0).boxed().collect(Collectors.toList());
    assertEquals(List.of(5), changed);
    assertEquals((byte) 0xFF, mutated[5]);
  }
}
