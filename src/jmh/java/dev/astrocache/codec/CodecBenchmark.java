package dev.astrocache.codec;

import dev.astrocache.codec.CanonicalEncoder.Mode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The codec on the hit path: decoding a cached {@code List<Integer>} of 100 elements (against
 * {@code java.io} serialization of the same list), and encoding typical arguments into key
 * bytes. Run with:
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.openjdk.jmh.Main CodecBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  public record Query(String city, int days, List<Integer> stations, DayOfWeek from) {}

  private final ValueCodec codec = new ValueCodec();
  private final CanonicalEncoder keys = new CanonicalEncoder(type -> new byte[32]);
  private final ClassLoader loader = CodecBenchmark.class.getClassLoader();
  private List<Integer> ints;
  private byte[] intsPayload;
  private byte[] intsJavaIo;
  private Query query;
  private Map<String, Object> config;

  @Setup
  public void setUp() throws IOException {
    ints = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ints.add(i * 37 - 1000);
    }
    intsPayload = codec.serialize(ints);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(ints);
    }
    intsJavaIo = bytes.toByteArray();
    query = new Query("Z\u00fcrich", 7, List.of(1, 2, 3), DayOfWeek.MONDAY);
    config = Map.of("units", "metric", "retries", 3, "tags", List.of("a", "b"));
  }

  @Benchmark
  public Object decodeIntList100() throws IOException {
    return codec.deserialize(intsPayload, loader);
  }

  @Benchmark
  public Object decodeIntList100JavaIo() throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(intsJavaIo))) {
      return in.readObject();
    }
  }

  @Benchmark
  public byte[] encodeIntList100() throws IOException {
    return codec.serialize(ints);
  }

  @Benchmark
  public byte[] keyOfRecordArgument() throws UnencodableValueException {
    return keys.encode(query, Mode.ARGUMENT, new HashSet<>());
  }

  @Benchmark
  public byte[] keyOfSmallMap() throws UnencodableValueException {
    return keys.encode(config, Mode.ARGUMENT, new HashSet<>());
  }

  @Benchmark
  public byte[] keyOfIntList100() throws UnencodableValueException {
    return keys.encode(ints, Mode.ARGUMENT, new HashSet<>());
  }
}
