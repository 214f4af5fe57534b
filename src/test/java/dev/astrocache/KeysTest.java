package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {
  interface Api {
    int f(int x);

    int f(long x);

    List<String> names();
  }

  @Test
  void functionName_readableAndTellsOverloadsApart() throws Exception {
    String a = Keys.functionName(Api.class, Api.class.getDeclaredMethod("f", int.class));
    String b = Keys.functionName(Api.class, Api.class.getDeclaredMethod("f", long.class));
    assertTrue(a.matches("dev\\.astrocache\\.KeysTest\\$Api\\.f-[0-9a-f]{8}"), a);
    assertNotEquals(a, b);
  }

  @Test
  void signature_isBinaryNameHashNameDescriptor() throws Exception {
    assertEquals("dev.astrocache.KeysTest$Api#names()Ljava/util/List;",
        Keys.signature(Api.class.getDeclaredMethod("names")));
  }
}
