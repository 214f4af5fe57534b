package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A hit and a miss in the {@code file} store against the {@code memory} store, and a plain
 * {@code Files.readAllBytes} of the same file as the floor a file store can reach.
 *
 * <p>Run: {@code mvn -B -q -o test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test} then {@code java -cp
 * target/classes:target/test-classes:$(cat target/cp.txt) org.openjdk.jmh.Main
 * FileStoreBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FileStoreBenchmark {
  @Param({"file", "memory"})
  public String store;

  @Param({"1024", "65536"})
  public int entryBytes;

  private Path directory;
  private Store opened;
  private EntryKey hit;
  private EntryKey miss;
  private Path hitFile;

  @Setup
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("astrocache-bench");
    opened = new TestStoreContext(directory).open(store);
    hit = StoreContract.key("hit");
    miss = StoreContract.key("miss");
    opened.put(hit, StoreContract.bytes(1, entryBytes));
    try (FileStore paths = FileStore.open(directory, Long.MAX_VALUE)) {
      hitFile = paths.path(hit);
    }
    if (!Files.exists(hitFile)) { // the memory store wrote no file: give the floor one to read
      Files.createDirectories(hitFile.getParent());
      Files.write(hitFile, StoreContract.bytes(1, entryBytes));
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    opened.close();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public byte[] getHit() throws IOException {
    return opened.get(hit);
  }

  @Benchmark
  public byte[] getMiss() throws IOException {
    return opened.get(miss);
  }

  @Benchmark
  public byte[] readAllBytesFloor() throws IOException {
    return Files.readAllBytes(hitFile);
  }
}
