package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.astrocache.EntryFrame.Decoded;
import dev.astrocache.EntryFrame.Header;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class EntryFrameTest {
  private static final byte[] KEY = EntryCorpusWriter.KEY;
  private static final long SEED = 0x5eedL;

  private static final Gen<byte[]> KEYS = Generate.byteArrays(Generate.constant(32),
      Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  private static final Gen<byte[]> PAYLOADS = Generate.byteArrays(integers().between(0, 2000),
      Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  private static final Gen<Header> HEADERS = strings().betweenCodePoints(0x21, 0x7e)
      .ofLengthBetween(1, 255)
      .zip(KEYS, longs().all(), longs().all(), Header::new);
  /** Headers with an arguments text (version 2), any text of up to 300 code points below the surrogates. */
  private static final Gen<Header> HEADERS_WITH_ARGUMENTS = HEADERS.zip(
      strings().betweenCodePoints(0x20, 0xd7ff).ofLengthBetween(0, 300),
      (h, a) -> new Header(h.serializer(), h.key(), h.createdMillis(), h.computeNanos(), a));
  /** Headers with a lifetime (version 3), and some with arguments text too (version 4). */
  private static final Gen<Header> HEADERS_WITH_LIFETIME = HEADERS.zip(HEADERS_WITH_ARGUMENTS,
      longs().between(1, Long.MAX_VALUE), (h, a, t) -> new Header(h.serializer(), h.key(),
          h.createdMillis(), h.computeNanos(), t % 2 == 0 ? null : a.arguments(), t));
  private static final Gen<byte[]> FRAMES = HEADERS.zip(PAYLOADS, EntryFrame::write);

  private static byte[] frame(String payload) {
    return EntryFrame.write(new Header("codec", KEY, 1_764_000_000_000L, 42L),
        payload.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] keyOf(byte[] frame) {
    int n = frame[6] & 0xff;
    return Arrays.copyOfRange(frame, 7 + n, 7 + n + 32);
  }

  @Test
  void read_written_givesHeaderAndPayloadBack() throws CorruptEntryException {
    Header header = new Header("codec", KEY, 1_764_000_000_000L, 42L);
    Decoded decoded = EntryFrame.read(EntryFrame.write(header, new byte[] {1, 2, 3}), KEY);
    assertEquals(header, decoded.header());
    assertArrayEquals(new byte[] {1, 2, 3}, decoded.payload());
  }

  @Test
  void read_anyWrittenFrame_roundTrips() {
    qt().withFixedSeed(SEED).withExamples(300).forAll(HEADERS, PAYLOADS).checkAssert((h, p) -> {
      try {
        assertEquals(new Decoded(h, p), EntryFrame.read(EntryFrame.write(h, p), h.key()));
      } catch (CorruptEntryException e) {
        fail(e);
      }
    });
  }

  @Test
  void read_anyWrittenFrameWithArguments_roundTrips() {
    qt().withFixedSeed(SEED).withExamples(300).forAll(HEADERS_WITH_ARGUMENTS, PAYLOADS)
        .checkAssert((h, p) -> {
          try {
            assertEquals(new Decoded(h, p), EntryFrame.read(EntryFrame.write(h, p), h.key()));
            assertEquals(h, EntryFrame.readHeader(EntryFrame.write(h, p), h.key()));
          } catch (CorruptEntryException e) {
            fail(e);
          }
        });
  }

  @Test
  void read_anyWrittenFrameWithLifetime_roundTrips() {
    qt().withFixedSeed(SEED).withExamples(300).forAll(HEADERS_WITH_LIFETIME, PAYLOADS)
        .checkAssert((h, p) -> {
          try {
            byte[] frame = EntryFrame.write(h, p);
            assertEquals(new Decoded(h, p), EntryFrame.read(frame, h.key()));
            assertEquals(h, EntryFrame.readBuffer(ByteBuffer.wrap(frame), h.key()).header());
            assertEquals(h, EntryFrame.readHeader(frame, h.key()));
          } catch (CorruptEntryException e) {
            fail(e);
          }
        });
  }

  @Test
  void write_versionSaysWhichOptionalFieldsTheHeaderHas() {
    assertEquals(1, frame("x")[5]);
    assertEquals(2, EntryCorpusWriter.goodFrameWithArguments()[5]);
    assertEquals(3, EntryCorpusWriter.goodFrameWithLifetime()[5]);
    assertEquals(4, EntryCorpusWriter.goodFrameWithArgumentsAndLifetime()[5]);
  }

  @Test
  void header_negativeLifetime_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Header("codec", KEY, 0, 0, null, -1));
    assertEquals("lifetimeMillis must be positive, or 0 for none, not -1", e.getMessage());
  }

  @Test
  void read_everySingleByteChangeOfAVersion4Frame_throws() {
    byte[] frame = EntryCorpusWriter.goodFrameWithArgumentsAndLifetime();
    for (int offset = 0; offset < frame.length; offset++) {
      for (int mask = 1; mask < 256; mask++) {
        byte[] changed = frame.clone();
        changed[offset] ^= (byte) mask;
        int at = offset;
        int by = mask;
        assertThrows(CorruptEntryException.class, () -> EntryFrame.read(changed, KEY),
            () -> "byte " + at + " xor " + by);
      }
    }
  }

  @Test
  void readHeader_ofTheFirstBytesOnly_givesTheHeaderWithoutReadingThePayload()
      throws CorruptEntryException {
    byte[] frame = EntryFrame.write(new Header("codec", KEY, 7L, 8L, "f(1)"), new byte[5000]);
    byte[] start = Arrays.copyOf(frame, EntryFrame.MAX_HEADER_LENGTH);
    assertEquals(new Header("codec", KEY, 7L, 8L, "f(1)"), EntryFrame.readHeader(start, KEY));
    byte[] justTheHeader = Arrays.copyOf(frame, 68 + 2 + 4);
    assertEquals("f(1)", EntryFrame.readHeader(justTheHeader, KEY).arguments());
    CorruptEntryException e = assertThrows(CorruptEntryException.class,
        () -> EntryFrame.readHeader(Arrays.copyOf(frame, 72), KEY));
    assertEquals("entry is 72 bytes, shorter than its header (74 bytes): truncated or not an"
        + " astrocache entry (at offset 72)", e.getMessage());
  }

  @Test
  void readHeader_version1_hasNoArguments() throws Exception {
    byte[] good = Files.readAllBytes(corpus("good").resolve("v1-codec-hello.bin"));
    assertEquals(null, EntryFrame.readHeader(good, KEY).arguments());
  }

  @Test
  void read_everySingleByteChangeOfAVersion2Frame_throws() {
    byte[] frame = EntryCorpusWriter.goodFrameWithArguments();
    for (int offset = 0; offset < frame.length; offset++) {
      for (int mask = 1; mask < 256; mask++) {
        byte[] changed = frame.clone();
        changed[offset] ^= (byte) mask;
        int at = offset;
        int by = mask;
        assertThrows(CorruptEntryException.class, () -> EntryFrame.read(changed, KEY),
            () -> "byte " + at + " xor " + by);
      }
    }
  }

  @Test
  void header_argumentsOver1024Bytes_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Header("codec", KEY, 0, 0, "\u00e9".repeat(513)));
    assertEquals("arguments text must be at most 1024 bytes in UTF-8, not 1026", e.getMessage());
  }

  @Test
  void read_emptyPayload_roundTrips() throws CorruptEntryException {
    byte[] frame = frame("");
    assertEquals(EntryFrame.MIN_LENGTH + 4, frame.length);
    assertArrayEquals(new byte[0], EntryFrame.read(frame, KEY).payload());
  }

  @Test
  void read_everyTruncationOfARealFrame_throws() {
    byte[] frame = frame("a real payload of some length");
    for (int length = 0; length < frame.length; length++) {
      byte[] cut = Arrays.copyOf(frame, length);
      assertThrows(CorruptEntryException.class, () -> EntryFrame.read(cut, KEY), "cut to " + length);
    }
  }

  @Test
  void read_everySingleByteChangeOfARealFrame_throws() {
    byte[] frame = frame("a real payload of some length");
    for (int offset = 0; offset < frame.length; offset++) {
      for (int mask = 1; mask < 256; mask++) {
        byte[] changed = frame.clone();
        changed[offset] ^= (byte) mask;
        int at = offset;
        int by = mask;
        assertThrows(CorruptEntryException.class, () -> EntryFrame.read(changed, KEY),
            () -> "byte " + at + " xor " + by);
      }
    }
  }

  /** What a direct buffer holding {@code bytes} gives: the result, or the failure's message. */
  private static String readBuffer(byte[] bytes, byte[] key) {
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length + 7);
    b.put(bytes).flip();
    try {
      EntryFrame.InBuffer r = EntryFrame.readBuffer(b, key);
      byte[] payload = new byte[r.payloadLength()];
      b.get(r.payloadOffset(), payload);
      return new Decoded(r.header(), payload).toString() + Arrays.toString(payload);
    } catch (CorruptEntryException e) {
      return e.getMessage() + " @" + e.offset();
    }
  }

  /**
   * What a hit of a mapped entry gives: the header read, the payload copied out of the buffer
   * and given to the checksum afterwards, a few bytes from the buffer and the rest from the copy.
   */
  private static String readUnchecked(byte[] bytes, byte[] key) {
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length + 7);
    b.put(bytes).flip();
    try {
      EntryFrame.Unchecked u = EntryFrame.readUnchecked(b, key);
      EntryFrame.InBuffer r = u.entry();
      int fromBuffer = Math.min(3, r.payloadLength());
      u.update(b, r.payloadOffset(), r.payloadOffset() + fromBuffer);
      byte[] rest = new byte[r.payloadLength() - fromBuffer];
      b.get(r.payloadOffset() + fromBuffer, rest);
      u.update(rest, 0, rest.length);
      u.check();
      byte[] payload = new byte[r.payloadLength()];
      b.get(r.payloadOffset(), payload);
      return new Decoded(r.header(), payload).toString() + Arrays.toString(payload);
    } catch (CorruptEntryException e) {
      return e.getMessage() + " @" + e.offset();
    }
  }

  private static String readArray(byte[] bytes, byte[] key) {
    try {
      Decoded d = EntryFrame.read(bytes, key);
      return d.toString() + Arrays.toString(d.payload());
    } catch (CorruptEntryException e) {
      return e.getMessage() + " @" + e.offset();
    }
  }

  /**
   * A hit of the file store checks the frame in its buffer: every cut and every single altered
   * byte of real frames (with and without arguments text) gives what the array's check gives,
   * the same message at the same offset, or the same header and payload.
   */
  @Test
  void readUnchecked_everyCutAndChangedByte_asReadArray() {
    assertEveryCutAndChangedByte(EntryFrameTest::readUnchecked);
  }

  @Test
  void readUnchecked_payloadNotAllGiven_isMisuse() throws CorruptEntryException {
    byte[] frame = frame("a real payload of some length");
    ByteBuffer b = ByteBuffer.wrap(frame);
    EntryFrame.Unchecked u = EntryFrame.readUnchecked(b, KEY);
    u.update(b, u.entry().payloadOffset(), frame.length - 1);
    IllegalStateException e = assertThrows(IllegalStateException.class, u::check);
    assertEquals("given 28 bytes of a payload of 29", e.getMessage());
  }

  @Test
  void readBuffer_everyCutAndChangedByte_asReadArray() {
    assertEveryCutAndChangedByte(EntryFrameTest::readBuffer);
  }

  private static void assertEveryCutAndChangedByte(
      java.util.function.BiFunction<byte[], byte[], String> readBuffer) {
    for (byte[] frame : List.of(frame("a real payload of some length"),
        EntryFrame.write(new Header("astrocache", KEY, 1L, 2L, "quote(\"widget\", 3)"),
            new byte[300]))) {
      assertEquals(readArray(frame, KEY), readBuffer.apply(frame, KEY));
      for (int length = 0; length < frame.length; length++) {
        byte[] cut = Arrays.copyOf(frame, length);
        assertEquals(readArray(cut, KEY), readBuffer.apply(cut, KEY), "cut to " + length);
      }
      for (int offset = 0; offset < frame.length; offset++) {
        for (int mask : new int[] {1, 0x80, 0xff}) {
          byte[] changed = frame.clone();
          changed[offset] ^= (byte) mask;
          assertEquals(readArray(changed, KEY), readBuffer.apply(changed, KEY), offset + " ^ " + mask);
        }
      }
      byte[] longer = Arrays.copyOf(frame, frame.length + 1);
      assertEquals(readArray(longer, KEY), readBuffer.apply(longer, KEY));
    }
    qt().withFixedSeed(SEED).withExamples(200).forAll(HEADERS_WITH_ARGUMENTS, PAYLOADS)
        .checkAssert((h, p) -> {
          byte[] frame = EntryFrame.write(h, p);
          assertEquals(readArray(frame, h.key()), readBuffer.apply(frame, h.key()));
        });
  }

  @Test
  void read_anyTruncation_throws() {
    qt().withFixedSeed(SEED).withExamples(300).forAll(FRAMES, integers().allPositive())
        .checkAssert((frame, cut) -> {
          byte[] truncated = Arrays.copyOf(frame, cut % frame.length);
          assertThrows(CorruptEntryException.class,
              () -> EntryFrame.read(truncated, keyOf(frame)));
        });
  }

  @Test
  void read_anySingleByteChange_throws() {
    qt().withFixedSeed(SEED).withExamples(500)
        .forAll(FRAMES, integers().allPositive(), integers().between(1, 255))
        .checkAssert((frame, offset, mask) -> {
          byte[] key = keyOf(frame);
          byte[] changed = frame.clone();
          changed[offset % frame.length] ^= (byte) (int) mask;
          assertThrows(CorruptEntryException.class, () -> EntryFrame.read(changed, key));
        });
  }

  @Test
  void read_anyForeignBytes_throwsCorruptEntryOnly() {
    qt().withFixedSeed(SEED).withExamples(1000).forAll(PAYLOADS).checkAssert(bytes ->
        assertThrows(CorruptEntryException.class, () -> EntryFrame.read(bytes, KEY)));
  }

  @Test
  void read_foreignBytesBehindOurMagic_throwsCorruptEntryOnly() {
    qt().withFixedSeed(SEED).withExamples(1000).forAll(PAYLOADS).checkAssert(tail -> {
      byte[] bytes = new byte[6 + tail.length];
      System.arraycopy(new byte[] {'A', 'S', 'T', 'C', 0, 1}, 0, bytes, 0, 6);
      System.arraycopy(tail, 0, bytes, 6, tail.length);
      assertThrows(CorruptEntryException.class, () -> EntryFrame.read(bytes, KEY));
    });
  }

  @Test
  void read_otherKey_saysWhichKeys() {
    byte[] expected = KEY.clone();
    expected[0] = (byte) 0xab;
    CorruptEntryException e = assertThrows(CorruptEntryException.class,
        () -> EntryFrame.read(frame("x"), expected));
    assertEquals("entry is for key 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f,"
        + " expected ab0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        + " (at offset 12)", e.getMessage());
    assertEquals(12, e.offset());
  }

  @Test
  void read_expectedKeyOfWrongLength_isMisuse() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EntryFrame.read(frame("x"), new byte[31]));
    assertEquals("expectedKey must be 32 bytes, not 31", e.getMessage());
  }

  @Test
  void read_null_isMisuse() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> EntryFrame.read(null, KEY));
    assertEquals("entry == null", e.getMessage());
  }

  @Test
  void header_badSerializerName_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Header("my codec", KEY, 0, 0));
    assertEquals("serializer name must be 1 to 255 printable ASCII characters without spaces:"
        + " my codec", e.getMessage());
  }

  @Test
  void header_shortKey_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Header("codec", new byte[16], 0, 0));
    assertEquals("key must be 32 bytes, not 16", e.getMessage());
  }

  @Test
  void read_pinnedVersion1Frame_readsAsWritten() throws Exception {
    byte[] good = Files.readAllBytes(corpus("good").resolve("v1-codec-hello.bin"));
    Decoded decoded = EntryFrame.read(good, KEY);
    assertEquals(new Header("codec", KEY, 1_764_000_000_000L, 1_500_000L), decoded.header());
    assertEquals("hello, astrocache", new String(decoded.payload(), StandardCharsets.US_ASCII));
    assertArrayEquals(good, EntryCorpusWriter.goodFrame(), "the version 1 layout changed");
  }

  @Test
  void read_pinnedVersion2Frame_readsAsWritten() throws Exception {
    byte[] good = Files.readAllBytes(corpus("good").resolve("v2-codec-hello-arguments.bin"));
    Decoded decoded = EntryFrame.read(good, KEY);
    assertEquals(new Header("codec", KEY, 1_764_000_000_000L, 1_500_000L,
        "greet(\"astrocache\", 3)"), decoded.header());
    assertEquals("hello, astrocache", new String(decoded.payload(), StandardCharsets.US_ASCII));
    assertArrayEquals(good, EntryCorpusWriter.goodFrameWithArguments(),
        "the version 2 layout changed");
  }

  @Test
  void read_pinnedVersion3And4Frames_readAsWritten() throws Exception {
    byte[] v3 = Files.readAllBytes(corpus("good").resolve("v3-codec-hello-lifetime.bin"));
    assertEquals(new Header("codec", KEY, 1_764_000_000_000L, 1_500_000L, null, 90_000L),
        EntryFrame.read(v3, KEY).header());
    assertArrayEquals(v3, EntryCorpusWriter.goodFrameWithLifetime(), "the version 3 layout");
    byte[] v4 = Files.readAllBytes(corpus("good").resolve(
        "v4-codec-hello-arguments-lifetime.bin"));
    Decoded decoded = EntryFrame.read(v4, KEY);
    assertEquals(new Header("codec", KEY, 1_764_000_000_000L, 1_500_000L,
        "greet(\"astrocache\", 3)", 90_000L), decoded.header());
    assertEquals("hello, astrocache", new String(decoded.payload(), StandardCharsets.US_ASCII));
    assertArrayEquals(v4, EntryCorpusWriter.goodFrameWithArgumentsAndLifetime(),
        "the version 4 layout");
  }

  @Test
  void read_badCorpus_givesTheExactMessages() throws Exception {
    Path bad = corpus("bad");
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(bad.resolve("messages.txt"))) {
      int colon = line.indexOf(": ");
      expected.put(line.substring(0, colon), line.substring(colon + 2));
    }
    List<String> files;
    try (Stream<Path> list = Files.list(bad)) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin")).sorted()
          .toList();
    }
    assertEquals(List.copyOf(expected.keySet()).stream().sorted().toList(), files,
        "every .bin file needs a line in messages.txt and every line a file");
    for (String file : files) {
      byte[] bytes = Files.readAllBytes(bad.resolve(file));
      CorruptEntryException e = assertThrows(CorruptEntryException.class,
          () -> EntryFrame.read(bytes, KEY), file);
      assertEquals(expected.get(file), e.getMessage(), file);
    }
  }

  @Test
  void write_layout_isAsDocumented() {
    byte[] frame = frame("hi");
    assertEquals("4153544300010563" + "6f646563", HexFormat.of().formatHex(frame, 0, 12));
    assertEquals(68 + 2, frame.length);
    assertEquals("000000000000002a" + "00000002", HexFormat.of().formatHex(frame, 52, 64));
  }

  private static Path corpus(String folder) throws URISyntaxException {
    return Path.of(EntryFrameTest.class.getResource("/entries/" + folder).toURI());
  }
}
