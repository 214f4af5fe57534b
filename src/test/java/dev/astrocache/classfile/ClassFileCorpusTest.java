package dev.astrocache.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the malformed class files of {@code src/test/resources/classfile/bad/} (written by
 * {@link BadClassCorpus}) and checks each message word for word against
 * {@code expected.txt}.
 */
class ClassFileCorpusTest {
  private static final String DIR = "/classfile/bad/";

  static List<String[]> expectations() {
    try (InputStream in = ClassFileCorpusTest.class.getResourceAsStream(DIR + "expected.txt")) {
      String text = new String(Objects.requireNonNull(in, "expected.txt").readAllBytes(),
          StandardCharsets.UTF_8);
      return text.lines().map(l -> l.split("\t", 2)).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(String name) {
    try (InputStream in = ClassFileCorpusTest.class.getResourceAsStream(DIR + name)) {
      return Objects.requireNonNull(in, name).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> parse_badFile_throwsTheExpectedMessage() {
    return expectations().stream().map(e -> DynamicTest.dynamicTest(e[0], () -> {
      ClassFormatException thrown = assertThrows(ClassFormatException.class,
          () -> ClassFile.parse(read(e[0])));
      assertEquals(e[1], thrown.getMessage());
      assertTrue(thrown.getMessage().startsWith(
          "Malformed class file at byte " + thrown.offset() + ": "), thrown.getMessage());
    }));
  }

  @Test
  void corpus_everyFileHasAnExpectation() throws IOException, URISyntaxException {
    Path dir = Path.of(Objects.requireNonNull(getClass().getResource(DIR)).toURI());
    Set<String> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> expected = expectations().stream().map(e -> e[0])
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, files);
    assertTrue(files.size() >= 30, "corpus of " + files.size());
  }

  @Test
  void corpus_matchesItsGenerator() {
    for (String[] e : expectations()) {
      assertTrue(java.util.Arrays.equals(BadClassCorpus.corpus().get(e[0]), read(e[0])), e[0]);
    }
  }

  @Test
  void corpus_validTemplateParses() {
    ClassFile tiny = ClassFile.parse(BadClassCorpus.valid());
    assertEquals("Tiny", tiny.thisClass());
    assertEquals(List.of(new Instruction.Plain(Opcodes.ICONST_1),
        new Instruction.Plain(Opcodes.IRETURN)),
        tiny.method("f", "()I").orElseThrow().code().instructions());
  }
}
