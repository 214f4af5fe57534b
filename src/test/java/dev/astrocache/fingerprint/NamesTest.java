package dev.astrocache.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class NamesTest {
  private static final Gen<String> FIELD_TYPES = integers().between(0, 3).zip(
      arbitrary().pick(List.of("I", "J", "Z", "D", "Ljava/lang/String;", "Lp/Impl$1;",
          "Lp/Outer$Inner;", "L$default;")),
      (dims, type) -> "[".repeat(dims) + type);

  @Test
  void parameterDescriptors_anyParameterList_isSplitBack() {
    qt().withFixedSeed(17).forAll(lists().of(FIELD_TYPES).ofSizeBetween(0, 6), FIELD_TYPES)
        .check((params, result) -> Names.parameterDescriptors(
            "(" + String.join("", params) + ")" + result).equals(params));
  }

  @Test
  void referenceTypes_anyDescriptor_namesEachClassInOrder() {
    qt().withFixedSeed(17).forAll(lists().of(FIELD_TYPES).ofSizeBetween(0, 6)).check(params -> {
      List<String> expected = new ArrayList<>();
      for (String p : params) {
        String t = p.replace("[", "");
        if (t.startsWith("L")) {
          expected.add(t.substring(1, t.length() - 1));
        }
      }
      return Names.referenceTypes("(" + String.join("", params) + ")V").equals(expected);
    });
  }

  @Test
  void isInventedClass_numberedSegments() {
    assertTrue(Names.isInventedClass("p/Impl$1"));
    assertTrue(Names.isInventedClass("p/Impl$1Local"));
    assertTrue(Names.isInventedClass("p/Impl$Inner$2"));
    assertTrue(Names.isInventedClass("REPL/$JShell$12$Impl"));
    assertFalse(Names.isInventedClass("p/Impl"));
    assertFalse(Names.isInventedClass("p/Impl$Inner"));
    assertFalse(Names.isInventedClass("p/$Proxy"));
    assertFalse(Names.isInventedClass("p1/Impl"));
    assertFalse(Names.isInventedClass("[Lp/Impl$1;"));
  }

  @Test
  void isInventedMethod_lambdasAndAccessors() {
    assertTrue(Names.isInventedMethod("lambda$run$0"));
    assertTrue(Names.isInventedMethod("lambda$static$12"));
    assertTrue(Names.isInventedMethod("access$000"));
    assertFalse(Names.isInventedMethod("run"));
    assertFalse(Names.isInventedMethod("$values"));
  }

  @Test
  void display_replacesNumbersByContent() {
    byte[] content = new byte[32];
    content[0] = (byte) 0xAB;

    assertEquals("lambda$run$~ab000000", Names.displayMethod("lambda$run$17", content));
    assertEquals("access$~ab000000", Names.displayMethod("access$000", content));
    assertEquals("p/Impl$~ab000000", Names.replaceNumber("p/Impl$1", content));
    assertEquals("p/Impl$~ab000000Local", Names.replaceNumber("p/Impl$12Local", content));
    assertEquals(List.of("p/Impl$1", "p/Impl$1$Inner$2Local"),
        Names.inventedPrefixes("p/Impl$1$Inner$2Local"));
  }
}
