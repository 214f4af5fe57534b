package dev.astrocache.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Edits of real class files for tests: finds a class-level attribute by name, walking the
 * structure as JVMS 4.1 lays it out, and spoils its content while keeping its length.
 */
public final class ClassBytes {
  private ClassBytes() {}

  /**
   * A copy of {@code classFile} whose class attribute {@code name} has every content byte set to
   * 0xFF (its length unchanged, so the rest of the file still parses).
   *
   * @throws IllegalArgumentException if the class has no such attribute
   */
  public static byte[] spoilClassAttribute(byte[] classFile, String name) {
    byte[] b = classFile.clone();
    int[] utf8 = new int[u2(b, 8)];
    int pos = 10;
    for (int i = 1; i < utf8.length; i++) {
      int tag = b[pos] & 0xFF;
      utf8[i] = tag == 1 ? pos : -1;
      pos += switch (tag) {
        case 1 -> 3 + u2(b, pos + 1);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> 5;
        case 5, 6 -> 9;
        case 7, 8, 16, 19, 20 -> 3;
        case 15 -> 4;
        default -> throw new IllegalArgumentException("constant pool tag " + tag);
      };
      if (tag == 5 || tag == 6) {
        i++;
      }
    }
    pos += 6;
    pos += 2 + 2 * u2(b, pos);
    for (int members = 0; members < 2; members++) {
      int count = u2(b, pos);
      pos += 2;
      for (int i = 0; i < count; i++) {
        pos = skipAttributes(b, pos + 6);
      }
    }
    int count = u2(b, pos);
    pos += 2;
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < count; i++) {
      int at = utf8[u2(b, pos)];
      int length = u4(b, pos + 2);
      if (u2(b, at + 1) == wanted.length
          && Arrays.equals(b, at + 3, at + 3 + wanted.length, wanted, 0, wanted.length)) {
        Arrays.fill(b, pos + 6, pos + 6 + length, (byte) 0xFF);
        return b;
      }
      pos += 6 + length;
    }
    throw new IllegalArgumentException("the class has no " + name + " attribute");
  }

  private static int skipAttributes(byte[] b, int pos) {
    int count = u2(b, pos);
    pos += 2;
    for (int i = 0; i < count; i++) {
      pos += 6 + u4(b, pos + 2);
    }
    return pos;
  }

  private static int u2(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  private static int u4(byte[] b, int at) {
    return u2(b, at) << 16 | u2(b, at + 2);
  }
}
