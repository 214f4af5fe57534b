package dev.astrocache;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What checking a frame costs on the hit path: {@link EntryFrame#read} (magic, version, lengths,
 * CRC32C, key, payload copy) against copying the payload alone, by payload size.
 *
 * <p>Run: {@code mvn -B -q -o test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test} then {@code java -cp
 * target/classes:target/test-classes:$(cat target/cp.txt) org.openjdk.jmh.Main
 * EntryFrameBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EntryFrameBenchmark {
  @Param({"64", "4096", "262144"})
  public int payloadBytes;

  private byte[] key;
  private byte[] payload;
  private byte[] frame;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    key = new byte[32];
    random.nextBytes(key);
    payload = new byte[payloadBytes];
    random.nextBytes(payload);
    frame = EntryFrame.write(new EntryFrame.Header("codec", key, 1L, 2L), payload);
  }

  @Benchmark
  public Object read() throws Exception {
    return EntryFrame.read(frame, key);
  }

  @Benchmark
  public byte[] copyPayloadOnly() {
    return payload.clone();
  }

  @Benchmark
  public byte[] write() {
    return EntryFrame.write(new EntryFrame.Header("codec", key, 1L, 2L), payload);
  }
}
