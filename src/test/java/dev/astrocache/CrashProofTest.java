package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.cli.CommandLine;
import dev.astrocache.store.FileLayout;
import dev.astrocache.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes: child JVMs writing 1 to 4 MiB results through a wrapped impl on the file store (every
 * other one with {@code writes=inline}, the others with their writes behind) are
 * killed with SIGKILL at random moments, {@value #KILLS} times (more with
 * {@code -Dastrocache-tests.soak=N}); afterwards the tree holds only whole entries, manifests
 * and temporary files, the command line's {@code verify} finds every entry sound, and a new JVM
 * gets a hit with the exact value for every entry that is there.
 */
class CrashProofTest {
  static final int KILLS = 50;

  @TempDir Path dir;

  @Test
  void killedWriters_leaveOnlyWholeEntriesThatRoundTrip() throws Exception {
    int kills = Math.max(KILLS, Integer.getInteger("astrocache-tests.soak", 0));
    Path cache = dir.resolve("cache");
    Random random = new Random(20261202L);
    int beforeReady = 0;
    StringBuilder outputs = new StringBuilder();
    for (int i = 0; i < kills; i++) {
      // every other child writes inline (a kill then comes mid-write), the others behind (a kill
      // then comes mid-queue too, and loses what waits): both must leave only whole entries; the
      // index answers (no verifying walk): the kills must come while it writes entries
      Process child = ChildJvm.start(ProofChild.class.getName(), List.of(),
          Map.of("astrocache.writes", i % 2 == 0 ? "inline" : "behind", "astrocache.index", "on"),
          "crash",
          cache.toString(), Long.toString(i));
      CompletableFuture<String> ready = new CompletableFuture<>();
      CompletableFuture<String> called = new CompletableFuture<>();
      StringBuilder output = new StringBuilder();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            synchronized (output) {
              output.append(line).append('\n');
            }
            if (line.equals("ready")) {
              ready.complete(line);
            } else if (line.equals("called")) {
              called.complete(line);
            }
          }
        } catch (java.io.IOException e) {
          // the child was killed: its pipe closed
        }
        ready.complete("gone");
        called.complete("gone");
      });
      reader.start();
      // one kill in eight comes while the JVM starts and fingerprints; the others while it
      // computes, writes, renames, reads and evicts
      if (i == 0) {
        // the first child (writes inline) is killed only after a call has returned, so that
        // however loaded the machine, the tree holds at least one entry to check below
        assertEquals("called", called.get(120, TimeUnit.SECONDS), () -> output.toString());
        Thread.sleep(random.nextInt(900));
      } else if (random.nextInt(8) == 0) {
        Thread.sleep(random.nextInt(400));
        beforeReady += ready.isDone() ? 0 : 1;
      } else {
        assertEquals("ready", ready.get(60, TimeUnit.SECONDS), () -> output.toString());
        Thread.sleep(random.nextInt(900));
      }
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "a killed child did not end");
      reader.join(10_000);
      // 128 + 9: Process.destroyForcibly sends SIGKILL on Linux
      assertEquals(137, child.exitValue(), () -> output.toString());
      synchronized (output) {
        outputs.append(output);
      }
    }
    assertFalse(outputs.toString().contains("WRONG"), outputs::toString);
    assertFalse(outputs.toString().contains("Exception"), outputs::toString);

    // what is in the tree: whole entries, manifests, the states recorded beside them (issue 12's
    // miss reasons) and temporary files; nothing quarantined
    FileLayout layout = FileLayout.of(cache);
    Map<FileLayout.Kind, Integer> kinds = new EnumMap<>(FileLayout.Kind.class);
    List<Path> other = new ArrayList<>();
    try (Stream<Path> files = Files.walk(cache)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (p.startsWith(FileLayout.index(cache))) {
          continue; // the fingerprint's index of walks: a cache of its own, checked when read
        }
        FileLayout.Kind kind = layout.kind(p);
        kinds.merge(kind, 1, Integer::sum);
        if (kind != FileLayout.Kind.ENTRY && kind != FileLayout.Kind.MANIFEST
            && kind != FileLayout.Kind.STATE && kind != FileLayout.Kind.TEMPORARY) {
          other.add(p);
        }
      }
    }
    assertEquals(List.of(), other, "files other than entries, manifests, states and temporary files");
    int entries = kinds.getOrDefault(FileLayout.Kind.ENTRY, 0);
    assertTrue(entries > 0, "no entry was written before the kills: " + kinds);

    // the command line's verify reads every entry whole and checks it as a hit would
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CommandLine.run(new String[] {"verify", "--dir", cache.toString()},
        new Main.Pieces(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String verified = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, verified + err.toString(StandardCharsets.UTF_8));
    assertEquals("checked " + entries + " entr" + (entries == 1 ? "y" : "ies") + ": all sound\n",
        verified);

    // a new JVM: every entry there is a hit, and its value is the exact one
    ChildJvm.Result check = ChildJvm.run(ProofChild.class.getName(), List.of(), Map.of(),
        "check", cache.toString());
    assertEquals(0, check.exitCode(), check.output());
    assertTrue(check.output().contains("entries=" + entries + " wrong=0\nhits=" + entries
        + " misses=0 puts=0 errors=0 rejected=0\n"), check.output());
    System.out.println("astrocache-proof: crashes: " + kills + " SIGKILLs (" + beforeReady
        + " during start-up) of JVMs writing 1-4 MiB results; after them " + entries
        + " entries, " + kinds.getOrDefault(FileLayout.Kind.TEMPORARY, 0)
        + " temporary files left, verify: all sound, " + entries + " of " + entries
        + " hits with the exact value in a new JVM");
  }
}
