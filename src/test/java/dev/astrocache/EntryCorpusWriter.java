package dev.astrocache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes the entry corpus under {@code src/test/resources/entries/}: the bad inputs replayed by
 * {@link EntryFrameTest} and four good frames that pin the version 1 to 4 layouts. Only the
 * {@code .bin} files are written; the expected messages beside them are written by hand. Run
 * from the project folder with the test class path: {@code java -cp
 * target/classes:target/test-classes dev.astrocache.EntryCorpusWriter}.
 */
public final class EntryCorpusWriter {
  /** The key every corpus entry is read against: bytes 0x00 to 0x1f. */
  static final byte[] KEY = HexFormat.of().parseHex(
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  private EntryCorpusWriter() {}

  /** The good frame: serializer "codec", {@link #KEY}, fixed times, payload "hello, astrocache". */
  static byte[] goodFrame() {
    return EntryFrame.write(new EntryFrame.Header("codec", KEY, 1_764_000_000_000L, 1_500_000L),
        "hello, astrocache".getBytes(StandardCharsets.US_ASCII));
  }

  /** The good version 2 frame: {@link #goodFrame} with the arguments text {@code greet("astrocache", 3)}. */
  static byte[] goodFrameWithArguments() {
    return EntryFrame.write(new EntryFrame.Header("codec", KEY, 1_764_000_000_000L, 1_500_000L,
        "greet(\"astrocache\", 3)"), "hello, astrocache".getBytes(StandardCharsets.US_ASCII));
  }

  /** The good version 3 frame: {@link #goodFrame} with a lifetime of 90 seconds. */
  static byte[] goodFrameWithLifetime() {
    return EntryFrame.write(new EntryFrame.Header("codec", KEY, 1_764_000_000_000L, 1_500_000L,
        null, 90_000L), "hello, astrocache".getBytes(StandardCharsets.US_ASCII));
  }

  /** The good version 4 frame: {@link #goodFrameWithArguments} with a lifetime of 90 seconds. */
  static byte[] goodFrameWithArgumentsAndLifetime() {
    return EntryFrame.write(new EntryFrame.Header("codec", KEY, 1_764_000_000_000L, 1_500_000L,
        "greet(\"astrocache\", 3)", 90_000L),
        "hello, astrocache".getBytes(StandardCharsets.US_ASCII));
  }

  public static void main(String[] args) throws IOException {
    Path folder = Path.of("src/test/resources/entries");
    byte[] good = goodFrame(); // name length 5: key at 12, payload length at 60, checksum at 64
    Files.createDirectories(folder.resolve("good"));
    Files.write(folder.resolve("good/v1-codec-hello.bin"), good);
    byte[] v2 = goodFrameWithArguments(); // arguments length at 68, text at 70, payload at 93
    Files.write(folder.resolve("good/v2-codec-hello-arguments.bin"), v2);
    byte[] v3 = goodFrameWithLifetime(); // lifetime at 68, payload at 76
    Files.write(folder.resolve("good/v3-codec-hello-lifetime.bin"), v3);
    Files.write(folder.resolve("good/v4-codec-hello-arguments-lifetime.bin"),
        goodFrameWithArgumentsAndLifetime()); // lifetime at 68, arguments length at 76

    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("empty", new byte[0]);
    bad.put("three-bytes-of-magic", Arrays.copyOf(good, 3));
    bad.put("magic-and-version-only", Arrays.copyOf(good, 6));
    bad.put("png", HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452"));
    bad.put("text", "hello, world\n".getBytes(StandardCharsets.US_ASCII));
    bad.put("java-serialization", HexFormat.of().parseHex("aced00057372001a"));
    bad.put("version-2", with(good, 5, 2));
    bad.put("version-257", with(good, 4, 1));
    bad.put("name-length-0", with(good, 6, 0));
    bad.put("name-with-space", resum(with(good, 9, ' ')));
    bad.put("name-with-high-byte", resum(with(good, 7, 0xe9)));
    bad.put("cut-in-key", Arrays.copyOf(good, 20));
    bad.put("cut-in-checksum", Arrays.copyOf(good, 66));
    bad.put("payload-cut-by-one", Arrays.copyOf(good, good.length - 1));
    bad.put("trailing-byte", Arrays.copyOf(good, good.length + 1));
    byte[] huge = good.clone();
    Arrays.fill(huge, 60, 64, (byte) 0xff);
    bad.put("payload-length-4294967295", huge);
    bad.put("payload-byte-flipped", with(good, good.length - 1, good[good.length - 1] ^ 0x01));
    bad.put("created-millis-flipped", with(good, 44, good[44] ^ 0x80));
    bad.put("checksum-zeroed", with(with(with(with(good, 64, 0), 65, 0), 66, 0), 67, 0));
    byte[] otherKey = KEY.clone();
    otherKey[31] = (byte) 0xff;
    bad.put("other-key", EntryFrame.write(
        new EntryFrame.Header("codec", otherKey, 1_764_000_000_000L, 1_500_000L),
        "hello, astrocache".getBytes(StandardCharsets.US_ASCII)));
    bad.put("v2-cut-in-arguments-length", Arrays.copyOf(v2, 69));
    bad.put("v2-cut-in-arguments", Arrays.copyOf(v2, 80));
    bad.put("v2-arguments-length-1025", with(with(v2, 68, 0x04), 69, 0x01));
    bad.put("v2-arguments-byte-flipped", with(v2, 75, v2[75] ^ 0x20));
    bad.put("version-5", with(good, 5, 5));
    bad.put("v3-cut-in-lifetime", Arrays.copyOf(v3, 72));
    byte[] noLifetime = v3.clone();
    Arrays.fill(noLifetime, 68, 76, (byte) 0);
    bad.put("v3-lifetime-0", resum(noLifetime));
    bad.put("v3-lifetime-byte-flipped", with(v3, 75, v3[75] ^ 0x01));
    Files.createDirectories(folder.resolve("bad"));
    for (Map.Entry<String, byte[]> e : bad.entrySet()) {
      Files.write(folder.resolve("bad/" + e.getKey() + ".bin"), e.getValue());
    }
  }

  private static byte[] with(byte[] frame, int offset, int value) {
    byte[] copy = frame.clone();
    copy[offset] = (byte) value;
    return copy;
  }

  /** Recomputes the checksum of a frame whose serializer name is 5 bytes. */
  private static byte[] resum(byte[] frame) {
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, 64);
    crc.update(frame, 68, frame.length - 68);
    int sum = (int) crc.getValue();
    for (int i = 0; i < 4; i++) {
      frame[64 + i] = (byte) (sum >>> (24 - 8 * i));
    }
    return frame;
  }
}
