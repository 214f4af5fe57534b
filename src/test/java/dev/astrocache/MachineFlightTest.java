package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.store.FileLayout;
import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import dev.astrocache.testing.LogCapture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code singleflight=machine}: child JVMs sharing one directory compute a missing key once. The
 * impl appends its process id to a counter file, then waits until the test creates a release
 * file, so the second JVM asks for the key while the first is still computing it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a child that hangs fails the test, not the build
class MachineFlightTest {
  @TempDir Path work;
  private Path classes;
  private Path counter;
  private Path release;
  private final List<Process> started = new CopyOnWriteArrayList<>();

  private static final String PROGRAM = """
      package machine;

      import dev.astrocache.Astrocache;
      import java.io.IOException;
      import java.io.UncheckedIOException;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.nio.file.StandardOpenOption;

      public final class Main {
        public interface Paid {
          String price(String item);
        }

        static final class Impl implements Paid {
          @Override
          public String price(String item) {
            try {
              Files.writeString(Path.of(System.getProperty("counter")),
                  ProcessHandle.current().pid() + "\\n", StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND);
              System.out.println("computing");
              while (!Files.exists(Path.of(System.getProperty("release")))) {
                Thread.sleep(20);
              }
              return item + "=42";
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }
        }

        public static void main(String[] args) {
          // the line that says this process waits for the lock, for the test to see
          java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.astrocache");
          log.setLevel(java.util.logging.Level.FINE);
          java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
          console.setLevel(java.util.logging.Level.FINE);
          log.addHandler(console);
          Paid paid = Astrocache.wrap(Paid.class, new Impl());
          System.out.println("calling");
          System.out.println("result " + paid.price("widget"));
          System.out.println("hits=" + Astrocache.defaultCache().stats().hits());
        }
      }
      """;

  @BeforeEach
  void compile() {
    classes = Javac.compile(work.resolve("classes"), Map.of("machine.Main", PROGRAM));
    counter = work.resolve("counter.txt");
    release = work.resolve("release");
  }

  @AfterEach
  void stop() {
    for (Process p : started) {
      p.destroyForcibly();
    }
  }

  /** A started child and the lines it printed so far. */
  private record Child(Process process, List<String> lines) {
    void awaitLine(String line) throws InterruptedException {
      while (!lines.contains(line)) {
        if (!process.isAlive() && !lines.contains(line)) {
          Thread.sleep(100); // the reader may still be draining the last lines
          if (!lines.contains(line)) {
            throw new AssertionError("child ended without printing '" + line + "': " + lines);
          }
        }
        Thread.sleep(10);
      }
    }

    String finish() throws InterruptedException {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child did not finish: " + lines);
      Thread.sleep(100);
      assertEquals(0, process.exitValue(), String.join("\n", lines));
      return String.join("\n", lines);
    }
  }

  private Child start(String mode) throws IOException {
    Process p = ChildJvm.start("machine.Main", List.of(classes),
        Map.of("astrocache.dir", work.resolve("cache").toString(),
            "astrocache.singleflight", mode, "astrocache.singleflight.wait", "10m",
            "counter", counter.toString(), "release", release.toString()));
    started.add(p);
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    return new Child(p, lines);
  }

  private List<String> computations() throws IOException {
    return Files.exists(counter) ? Files.readAllLines(counter) : List.of();
  }

  private static final String WAITING = "astrocache: waiting for another process computing";

  /** Waits until one child computes and the other waits for its lock; returns the holder. */
  private static Child oneComputesTheOtherWaits(Child a, Child b) throws InterruptedException {
    while (true) {
      for (Child[] pair : new Child[][] {{a, b}, {b, a}}) {
        if (pair[0].lines().contains("computing")
            && pair[1].lines().stream().anyMatch(l -> l.contains(WAITING))) {
          return pair[0];
        }
      }
      assertTrue(a.process().isAlive() && b.process().isAlive(), a.lines() + "\n--\n" + b.lines());
      Thread.sleep(10);
    }
  }

  @Test
  void twoJvmsStartedTogether_computeTheKeyOnce() throws Exception {
    Child a = start("machine");
    Child b = start("machine");
    oneComputesTheOtherWaits(a, b);
    assertEquals(1, computations().size(), "the lock let both compute: " + computations());
    Files.createFile(release);
    String outA = a.finish();
    String outB = b.finish();
    assertEquals(1, computations().size(), computations().toString());
    assertTrue(outA.contains("result widget=42") && outB.contains("result widget=42"),
        outA + "\n--\n" + outB);
    // the one that waited found the other's entry once it held the lock
    assertTrue(outA.contains("hits=1") != outB.contains("hits=1"), outA + "\n--\n" + outB);
  }

  @Test
  void jvm_keepsOneComputationPerProcess() throws Exception {
    Child a = start("jvm");
    Child b = start("jvm");
    a.awaitLine("computing");
    b.awaitLine("computing");
    assertEquals(2, computations().size(), computations().toString());
    Files.createFile(release);
    a.finish();
    b.finish();
  }

  @Test
  void holderKilled_theOtherProceeds() throws Exception {
    Child holder = start("machine");
    holder.awaitLine("computing");
    Child waiter = start("machine");
    oneComputesTheOtherWaits(holder, waiter);
    assertEquals(1, computations().size(), computations().toString());

    holder.process().destroyForcibly(); // SIGKILL: the OS releases its lock
    assertTrue(holder.process().waitFor(60, TimeUnit.SECONDS));
    waiter.awaitLine("computing");
    assertEquals(List.of(holder.process().pid() + "", waiter.process().pid() + ""),
        computations());
    Files.createFile(release);
    String out = waiter.finish();
    assertTrue(out.contains("result widget=42") && out.contains("hits=0"), out);
  }

  public interface Squares {
    long square(long n);
  }

  static final class Counted implements Squares {
    transient int calls;

    @Override
    public long square(long n) {
      calls++;
      return n * n;
    }
  }

  /** Locks every shard's lock file of the fingerprint folder, as another process computing. */
  private static List<FileLock> lockEveryShard(Path fingerprint) throws IOException {
    List<FileLock> locks = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      Path shard = fingerprint.resolve(String.format("%02x", i));
      Files.createDirectories(shard);
      FileChannel c = FileChannel.open(shard.resolve(FileLayout.LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      locks.add(c.lock(0, Long.MAX_VALUE, false));
    }
    return locks;
  }

  @Test
  void hit_takesNoLock_andAMissWaitsAtMostTheBound() throws Exception {
    Path dir = work.resolve("local");
    try (Cache cache = Astrocache.builder().directory(dir).setting("singleflight", "machine")
        .setting("singleflight.wait", "1s").build();
        LogCapture log = new LogCapture("dev.astrocache")) {
      Counted impl = new Counted();
      Squares p = cache.wrap(Squares.class, impl);
      assertEquals(49, p.square(7));
      Path function;
      try (Stream<Path> s = Files.list(dir)) {
        function = s.filter(f -> f.getFileName().toString().contains("Squares.square"))
            .findFirst().orElseThrow();
      }
      Path fingerprint;
      try (Stream<Path> s = Files.list(function)) {
        fingerprint = s.filter(Files::isDirectory).findFirst().orElseThrow();
      }
      List<FileLock> locks = lockEveryShard(fingerprint);
      try {
        // a hit does not look at the lock: it would wait a second, then compute
        assertEquals(49, p.square(7));
        assertEquals(1, cache.stats().hits());
        assertEquals(1, impl.calls);
        assertEquals(List.of(), log.messages(Level.WARNING));
        // a miss waits for the lock at most singleflight.wait, then computes anyway
        assertEquals(64, p.square(8));
        assertEquals(2, impl.calls);
        List<String> warnings = log.messages(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        String prefix = "astrocache: waited 1 s for another process computing "
            + function.getFileName() + " (lock " + fingerprint + "/";
        String suffix = "/.lock): computing it here too. Raise singleflight.wait if its"
            + " computations take longer.";
        assertTrue(warnings.get(0).startsWith(prefix) && warnings.get(0).endsWith(suffix)
            && warnings.get(0).length() == prefix.length() + 2 + suffix.length(), warnings.get(0));
      } finally {
        for (FileLock l : locks) {
          l.channel().close();
        }
      }
    }
  }
}
