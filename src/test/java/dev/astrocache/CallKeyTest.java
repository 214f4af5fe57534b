package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CallKeyTest {
  interface Api {
    int f(int x);
  }

  static final class Impl implements Api {
    @Override
    public int f(int x) {
      return x;
    }
  }

  private static final byte[] SIGNATURE = "a.Api#f(I)I@a.Impl".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FINGERPRINT = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      FINGERPRINT[i] = (byte) i;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The framing of the class comment, pinned: these hex values were computed outside Java from
   * the formula (Python's hashlib and struct.pack(">i")), so a change to the framing, or to
   * {@link CallKey#FORMAT}, fails here before existing entries silently stop hitting.
   */
  @Test
  void digest_isTheDocumentedFraming() {
    byte[] key = CallKey.digest(SIGNATURE, FINGERPRINT, utf8("state"),
        new byte[][] {utf8("a.Config.rate"), new byte[] {1, 2}},
        new byte[][] {new byte[0], utf8("arg1")});
    assertEquals("e7af40a8f4b9d0a0ea193f23d9836309ffa72bab52a4beda63ab8d2c2527c32a",
        HexFormat.of().formatHex(key));
    byte[] noStaticsNoArgs =
        CallKey.digest(SIGNATURE, FINGERPRINT, utf8("state"), new byte[0][], new byte[0][]);
    assertEquals("0f4902bb48f7ad8cd15ab029a60c27b5470dd5b9dfa8a01400a8d7fc4a4f67c9",
        HexFormat.of().formatHex(noStaticsNoArgs));
  }

  @Test
  void digest_ambientAndPathParts_followTheStaticsFramedAlike() {
    byte[][] statics = {utf8("a.Config.rate"), new byte[] {1}};
    byte[][] ambient = {utf8("defaults"), new byte[] {2}, utf8("env HOME"), new byte[] {3}};
    byte[][] paths = {utf8("argument 0"), new byte[] {4}};
    byte[][] args = {utf8("arg0")};
    byte[][] all = {statics[0], statics[1], ambient[0], ambient[1], ambient[2], ambient[3],
        paths[0], paths[1]};
    assertArrayEquals(CallKey.digest(SIGNATURE, FINGERPRINT, utf8("s"), all, args),
        CallKey.digest(SIGNATURE, FINGERPRINT, utf8("s"), statics, ambient, paths, args));
    assertNotEquals(HexFormat.of().formatHex(CallKey.digest(SIGNATURE, FINGERPRINT, utf8("s"),
        statics, args)), HexFormat.of().formatHex(CallKey.digest(SIGNATURE, FINGERPRINT,
        utf8("s"), statics, ambient, paths, args)));
  }

  @Test
  void digest_partsAreFramedSoThatBoundariesCount() {
    byte[] ab = CallKey.digest(SIGNATURE, FINGERPRINT, utf8("s"), new byte[0][],
        new byte[][] {utf8("a"), utf8("b")});
    byte[] a_b = CallKey.digest(SIGNATURE, FINGERPRINT, utf8("s"), new byte[0][],
        new byte[][] {utf8("ab"), new byte[0]});
    assertNotEquals(HexFormat.of().formatHex(ab), HexFormat.of().formatHex(a_b));
  }

  @Test
  void signature_isMethodSignatureAtTheImplsStableName() throws Exception {
    assertArrayEquals(utf8("dev.astrocache.CallKeyTest$Api#f(I)I@dev.astrocache.CallKeyTest$Impl"),
        CallKey.signature(Api.class.getMethod("f", int.class), Impl.class));
  }

  @Test
  void format_isTwo() {
    // 2 since linked sets and maps count in their order (issue 9)
    assertEquals(2, CallKey.FORMAT, "bumping the format makes every existing entry a miss");
  }
}
