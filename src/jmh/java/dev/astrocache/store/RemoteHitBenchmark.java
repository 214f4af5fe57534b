package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A hit in the {@code http} store (signed envelope, GET from a real nginx with WebDAV on
 * loopback, HMAC check) next to a hit in the local {@code file} store and in the {@code tiered}
 * store (file in front of http: its hits are local), for entries of 1 KiB and 64 KiB.
 *
 * <p>Needs nginx ({@code apt-get install nginx-light}). Run from the project folder:
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.openjdk.jmh.Main RemoteHitBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RemoteHitBenchmark {

  @Param({"file", "tiered", "http"})
  public String store;

  @Param({"1024", "65536"})
  public int entryBytes;

  private Path dir;
  private NginxServer nginx;
  private Store opened;
  private EntryKey key;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("astrocache-bench");
    TestStoreContext context = new TestStoreContext(dir.resolve("local"));
    if (!store.equals("file")) {
      nginx = NginxServer.start(dir);
      context.set("remote.url", nginx.url().toString())
          .set("remote.secret", "benchmark-secret-0123456789");
    }
    opened = context.open(store);
    key = StoreContract.key("bench-" + entryBytes);
    byte[] entry = new byte[entryBytes];
    new Random(entryBytes).nextBytes(entry);
    opened.put(key, entry);
    if (opened.get(key) == null) {
      throw new IllegalStateException("the " + store + " store lost the benchmark entry");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    opened.close();
    if (nginx != null) {
      nginx.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public byte[] hit() throws IOException {
    return opened.get(key);
  }
}
