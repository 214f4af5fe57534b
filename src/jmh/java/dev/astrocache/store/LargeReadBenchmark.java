package dev.astrocache.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ways to read a large entry's payload from its file into the value's own array with its CRC32C
 * checked, side by side: what the file store's hit path chooses from. {@code header}: the first
 * 64 bytes stand for the frame's header; the rest is the payload, copied into a new array.
 *
 * <ul>
 *   <li>{@code kept}: the file into a direct buffer kept per thread, checksum over the buffer,
 *       copy into the array; a file above 1 MiB into a heap buffer of its own (the JDK reads it
 *       through a temporary direct buffer), as before;
 *   <li>{@code direct}: the kept direct buffer at any size;
 *   <li>{@code map}: {@code FileChannel.map}, checksum over the mapping, copy into the array;
 *       the mapping is unmapped when the GC finds it unreachable;
 *   <li>{@code mapThenCrc}: the same, but the checksum over the array once copied;
 *   <li>{@code wrap}: the payload read straight into the array through {@code
 *       ByteBuffer.wrap} (the JDK copies through its temporary direct buffer), checksum over the
 *       array;
 *   <li>{@code raf}: {@code RandomAccessFile.readFully} into the array, checksum over it.
 * </ul>
 *
 * <p>Run: {@code benchmarks/run.sh LargeReadBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LargeReadBenchmark {
  private static final int HEADER = 64;

  @Param({"1048576", "10485760"})
  public int size;

  @Param({"kept", "direct", "map", "mapThenCrc", "wrap", "raf"})
  public String how;

  private Path dir;
  private Path file;
  private ByteBuffer kept;
  private int expected;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("astrocache-large");
    file = dir.resolve("entry");
    byte[] b = new byte[HEADER + size];
    new Random(1).nextBytes(b);
    Files.write(file, b);
    CRC32C crc = new CRC32C();
    crc.update(b, HEADER, size);
    expected = (int) crc.getValue();
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.delete(file);
    Files.delete(dir);
  }

  @Benchmark
  public byte[] read() throws IOException {
    byte[] value;
    CRC32C crc = new CRC32C();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int n = (int) ch.size();
      switch (how) {
        case "kept":
        case "direct": {
          ByteBuffer buffer = kept;
          if (buffer == null || buffer.capacity() < n) {
            if (how.equals("direct") || n <= 1 << 20) {
              buffer = ByteBuffer.allocateDirect(n);
              kept = buffer;
            } else {
              buffer = ByteBuffer.allocate(n);
            }
          }
          buffer.clear().limit(n);
          while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
            // all of it
          }
          buffer.flip();
          crc.update(buffer.duplicate().position(HEADER));
          value = new byte[n - HEADER];
          buffer.get(HEADER, value);
          break;
        }
        case "map": {
          MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, n);
          crc.update(m.duplicate().position(HEADER));
          value = new byte[n - HEADER];
          m.get(HEADER, value);
          break;
        }
        case "mapThenCrc": {
          MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, n);
          value = new byte[n - HEADER];
          m.get(HEADER, value);
          crc.update(value, 0, value.length);
          break;
        }
        case "wrap": {
          ByteBuffer head = ByteBuffer.allocate(HEADER);
          ch.read(head, 0);
          value = new byte[n - HEADER];
          ByteBuffer into = ByteBuffer.wrap(value);
          long at = HEADER;
          while (into.hasRemaining()) {
            int r = ch.read(into, at);
            if (r < 0) {
              break;
            }
            at += r;
          }
          crc.update(value, 0, value.length);
          break;
        }
        case "raf": {
          try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] head = new byte[HEADER];
            raf.readFully(head);
            value = new byte[n - HEADER];
            raf.readFully(value);
          }
          crc.update(value, 0, value.length);
          break;
        }
        default:
          throw new IllegalArgumentException(how);
      }
    }
    if ((int) crc.getValue() != expected) {
      throw new IllegalStateException(how + ": checksum mismatch");
    }
    return value;
  }
}
