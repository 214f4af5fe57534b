package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.cli.CommandLine;
import dev.astrocache.testing.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes: four child JVMs make {@value #CALLS} calls each, at the same time, on 64 keys they
 * share, of three methods, against one directory: every value right, no exception, no entry
 * rejected, and the directory verifies sound afterwards.
 */
class ProcessesProofTest {
  static final int PROCESSES = 4;
  static final int CALLS = 2_000;

  @TempDir Path dir;

  private static final Pattern REPORT = Pattern.compile(
      "worker \\d: calls=(\\d+) wrong=0 exceptions=0 hits=(\\d+) misses=(\\d+) puts=(\\d+)"
          + " errors=0 rejected=0\n");

  @Test
  void fourProcessesOnOverlappingKeys_getEveryValueRight() throws Exception {
    Path cache = dir.resolve("cache");
    Path sync = Files.createDirectory(dir.resolve("sync"));
    ExecutorService threads = Executors.newFixedThreadPool(PROCESSES);
    List<ChildJvm.Result> results = new ArrayList<>();
    try {
      List<Future<ChildJvm.Result>> children = new ArrayList<>();
      for (int id = 0; id < PROCESSES; id++) {
        String[] args = {"worker", cache.toString(), sync.toString(), Integer.toString(id),
            Integer.toString(PROCESSES), Integer.toString(CALLS)};
        children.add(threads.submit(() -> ChildJvm.run(
            ProofChild.class.getName(), List.of(), Map.of(), args)));
      }
      for (Future<ChildJvm.Result> child : children) {
        results.add(child.get(150, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
    long calls = 0;
    long hits = 0;
    long misses = 0;
    long puts = 0;
    for (ChildJvm.Result r : results) {
      assertEquals(0, r.exitCode(), r.output());
      Matcher m = REPORT.matcher(r.output());
      assertTrue(m.find(), r.output());
      calls += Long.parseLong(m.group(1));
      hits += Long.parseLong(m.group(2));
      misses += Long.parseLong(m.group(3));
      puts += Long.parseLong(m.group(4));
    }
    assertEquals(PROCESSES * CALLS, calls);
    assertEquals(calls, hits + misses);
    // 3 methods x 64 keys: each computed at least once by some process, and the rest were hits
    assertTrue(misses >= 3 * ProofChild.SHARED_KEYS && hits > calls / 2,
        "hits=" + hits + " misses=" + misses);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = CommandLine.run(new String[] {"verify", "--dir", cache.toString()},
        new Main.Pieces(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(0, rc, out.toString(StandardCharsets.UTF_8));
    assertEquals("checked 192 entries: all sound\n", out.toString(StandardCharsets.UTF_8));
    System.out.println("astrocache-proof: processes: " + PROCESSES + " JVMs x " + CALLS
        + " calls on " + 3 * ProofChild.SHARED_KEYS + " shared keys: " + calls
        + " values right, 0 exceptions, 0 rejected; hits=" + hits + " misses=" + misses
        + " puts=" + puts + " (keys computed by two processes at once are computed twice);"
        + " verify: 192 entries, all sound");
  }
}
