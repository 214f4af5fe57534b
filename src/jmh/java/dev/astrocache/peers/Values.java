package dev.astrocache.peers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** The values and keys of the suite, the same for every peer. */
final class Values {
  private Values() {}

  /** The value named {@code name}: {@code bytes100}, {@code bytes10k}, ..., {@code list100}. */
  static Object of(String name) {
    Random random = new Random(name.hashCode());
    switch (name) {
      case "bytes100":
        return bytes(random, 100);
      case "bytes10k":
        return bytes(random, 10 << 10);
      case "bytes1m":
        return bytes(random, 1 << 20);
      case "bytes10m":
        return bytes(random, 10 << 20);
      case "string100k": {
        // 100 KiB of UTF-8, non-ASCII: accented Latin, Greek, CJK and an emoji
        String[] words = {"été ", "Ωμέγα ", "中文字 ", "naïve ", "😀 ", "plain "};
        StringBuilder b = new StringBuilder();
        while (b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 100 << 10) {
          for (int i = 0; i < 256; i++) {
            b.append(words[random.nextInt(words.length)]);
          }
        }
        return b.toString();
      }
      case "list100": {
        List<Integer> out = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
          out.add(1_000_000 + i * 7919);
        }
        return out;
      }
      default:
        throw new IllegalArgumentException("no value " + name);
    }
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static byte[] javaSerialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Object javaDeserialize(byte[] bytes) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
