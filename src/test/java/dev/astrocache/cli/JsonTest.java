package dev.astrocache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void write_nestedValues_isIndentedJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", "quote");
    doc.put("entries", 3L);
    doc.put("none", null);
    doc.put("ok", true);
    doc.put("list", List.of(1L, "a"));
    doc.put("empty", List.of());
    doc.put("inner", Map.of());
    assertEquals("{\n  \"name\": \"quote\",\n  \"entries\": 3,\n  \"none\": null,\n"
        + "  \"ok\": true,\n  \"list\": [\n    1,\n    \"a\"\n  ],\n  \"empty\": [],\n"
        + "  \"inner\": {}\n}\n", Json.write(doc));
  }

  @Test
  void write_strings_escapeWhatJsonNeeds() {
    assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\ud800 😀 é\"\n",
        Json.write("a\"b\\c\nd\re\tf\u0001\ud800 😀 é"));
  }

  @Test
  void write_anyStringsAndNumbers_readBackEqual() {
    qt().withExamples(500).forAll(strings().allPossible().ofLengthBetween(0, 40),
        longs().all()).checkAssert((s, n) -> {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put(s, n);
          doc.put("list", new ArrayList<>(Arrays.asList(s, null, false)));
          Object back = JsonReader.read(Json.write(doc));
          if (wellFormed(s)) {
            assertEquals(doc, back);
          }
        });
  }

  @Test
  void write_otherObjects_isABug() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Json.write(List.of(1.5)));
    assertEquals("not a JSON value: java.lang.Double", e.getMessage());
  }

  /** Lone surrogates are escaped, and so read back as themselves too, unless a pair forms. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
