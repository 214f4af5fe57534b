package dev.astrocache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.cli.CommandLineIT.Run;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.store.FileLayout;
import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar's {@code prune --expired}, {@code prune --max-size} and the code versions that
 * {@code list} and {@code explain} show, on directories filled by a real program (javac-compiled
 * here, run in child JVMs): {@code brief} lives 1 s, {@code hourly} 1 h, {@code forever} has no
 * time to live; {@code slow} takes 200 ms for a short result, {@code bulky} no time for a long
 * one; {@code region} reads the system property {@code ops.region}.
 */
class OperateCommandIT {
  private static final String WORK = "package ops;\nimport dev.astrocache.TimeToLive;\n"
      + "public interface Work {\n"
      + "  @TimeToLive(\"1s\") String brief(int i);\n"
      + "  @TimeToLive(\"1h\") String hourly(int i);\n"
      + "  String forever(int i);\n"
      + "  String slow(int i);\n"
      + "  String bulky(int i);\n"
      + "  String region(int i);\n}\n";
  private static final String IMPL = "package ops;\n"
      + "public final class Impl implements Work {\n"
      + "  public String brief(int i) {\n    return \"b\" + i;\n  }\n"
      + "  public String hourly(int i) {\n    return \"h\" + i;\n  }\n"
      + "  public String forever(int i) {\n    return \"f\" + i;\n  }\n"
      + "  public String slow(int i) {\n"
      + "    try {\n      Thread.sleep(200);\n    } catch (InterruptedException e) {\n"
      + "      throw new IllegalStateException(e);\n    }\n    return \"s\" + i;\n  }\n"
      + "  public String bulky(int i) {\n    return \"x\".repeat(20_000) + i;\n  }\n"
      + "  public String region(int i) {\n    return System.getProperty(\"ops.region\") + i;\n"
      + "  }\n}\n";
  private static final String MAIN = "package ops;\nimport dev.astrocache.Astrocache;\n"
      + "public final class Main {\n  public static void main(String[] args) {\n"
      + "    Work w = Astrocache.wrap(Work.class, new Impl());\n"
      + "    switch (args[0]) {\n"
      + "      case \"ttl\" -> System.out.println(w.brief(1) + w.brief(2) + w.hourly(1)"
      + " + w.forever(1));\n"
      + "      case \"cost\" -> System.out.println(w.slow(1) + w.slow(2) + w.bulky(1).length()"
      + " + w.bulky(2).length());\n"
      + "      default -> System.out.println(w.region(1));\n"
      + "    }\n  }\n}\n";

  @TempDir
  static Path shared;
  static Path classes;

  @TempDir
  Path tmp;

  @BeforeAll
  static void compile() {
    classes = Javac.compile(shared.resolve("classes"), Map.of("ops.Work", WORK, "ops.Impl", IMPL,
        "ops.Main", MAIN));
  }

  private static void runProgram(Path dir, String mode, Map<String, String> properties) {
    Map<String, String> all = new TreeMap<>(properties);
    all.put("astrocache.dir", dir.toString());
    ChildJvm.Result r = ChildJvm.run("ops.Main", List.of(classes), all, mode);
    assertEquals(0, r.exitCode(), r.output());
  }

  // ---- prune --expired ----

  @Test
  void pruneExpired_removesExactlyTheEntriesPastTheirRecordedLifetime() throws Exception {
    Path dir = tmp.resolve("cache");
    runProgram(dir, "ttl", Map.of());
    // every entry was written before the child ended: a second later brief's have expired
    long due = System.currentTimeMillis() + 1_000;
    for (long now; (now = System.currentTimeMillis()) <= due; ) {
      Thread.sleep(due - now + 1);
    }
    Map<String, Object> hourly = onlyEntry(dir, "ops.Work.hourly");
    assertNotNull(hourly.get("expires"), "list --entries shows when an entry expires");
    assertNull(onlyEntry(dir, "ops.Work.forever").get("expires"), "no time to live");

    Run dry = CommandLineIT.cli("prune", "--expired", "--dry-run", "--json", "--dir",
        dir.toString());
    assertEquals(0, dry.code(), dry.err());
    Map<String, Object> doc = JsonReader.object(dry.out());
    assertEquals(true, doc.get("dryRun"));
    assertEquals(2L, doc.get("removedEntries"), dry.out());
    assertEquals(2L, doc.get("keptEntries"), dry.out());
    assertEquals(Map.of("brief", 2, "forever", 1, "hourly", 1), entriesByMethod(dir),
        "a dry run removes nothing");

    Run r = CommandLineIT.cli("prune", "--expired", "--dir", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("removed 2 entries ("), r.out());
    assertEquals(Map.of("forever", 1, "hourly", 1), entriesByMethod(dir));

    Run again = CommandLineIT.cli("prune", "--expired", "--json", "--dir", dir.toString());
    assertEquals(0L, JsonReader.object(again.out()).get("removedEntries"), again.out());
  }

  // ---- prune --max-size ----

  @Test
  void pruneMaxSize_removesTheEntriesWorthLeast_notTheLeastRecentlyUsed() throws Exception {
    Path dir = tmp.resolve("cache");
    runProgram(dir, "cost", Map.of());
    FileLayout layout = FileLayout.of(dir);
    long now = System.currentTimeMillis();
    long slowBytes = 0;
    long total = 0;
    for (EntryKey k : entries(dir)) {
      Path p = layout.entry(k);
      long size = Files.size(p);
      total += size;
      if (method(k).equals("slow")) {
        slowBytes += size;
        // the slow entries are the least recently used: a cap by recency would take them first
        FileTime old = FileTime.fromMillis(now - 3 * 3_600_000L);
        Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(old, old, null);
      }
    }
    assertTrue(total - slowBytes > 40_000, "the two bulky entries: " + (total - slowBytes));

    Run dry = CommandLineIT.cli("prune", "--max-size", Long.toString(slowBytes + 1000),
        "--dry-run", "--json", "--dir", dir.toString());
    assertEquals(0, dry.code(), dry.err());
    assertEquals(total - slowBytes, JsonReader.object(dry.out()).get("removedBytes"), dry.out());
    assertEquals(Map.of("bulky", 2, "slow", 2), entriesByMethod(dir));

    Run r = CommandLineIT.cli("prune", "--max-size", Long.toString(slowBytes + 1000), "--json",
        "--dir", dir.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, Object> doc = JsonReader.object(r.out());
    assertEquals(2L, doc.get("removedEntries"), r.out());
    assertEquals(slowBytes, doc.get("keptBytes"), r.out());
    assertEquals(Map.of("slow", 2), entriesByMethod(dir),
        "the expensive, small, older entries stay; the cheap, large, recent ones go");

    Run help = CommandLineIT.cli("prune", "--help");
    assertTrue(help.out().contains("remove the entries worth least"), help.out());
  }

  // ---- code versions with ambient inputs ----

  @Test
  void listAndExplain_showAFunctionWithAmbientInputsAsOneCodeVersion() throws Exception {
    Path dir = tmp.resolve("cache");
    runProgram(dir, "region", Map.of("ops.region", "eu"));
    runProgram(dir, "region", Map.of("ops.region", "us"));
    FileLayout layout = FileLayout.of(dir);
    String function = layout.functions().stream().filter(f -> f.startsWith("ops.Work.region-"))
        .findFirst().orElseThrow();
    assertEquals(2, layout.fingerprints(function).size(), "a folder per value of ops.region");

    Map<String, Object> list = JsonReader.object(CommandLineIT.cli("list", "--json", "--dir",
        dir.toString()).out());
    Map<String, Object> f = CommandLineIT.list(list.get("functions")).get(0);
    List<Map<String, Object>> versions = CommandLineIT.list(f.get("versions"));
    assertEquals(1, versions.size(), list.toString());
    assertEquals(2L, versions.get(0).get("entries"));
    assertEquals(layout.fingerprints(function).stream().sorted().toList(),
        ((List<?>) versions.get(0).get("fingerprints")).stream().sorted().toList());

    Run table = CommandLineIT.cli("list", "--dir", dir.toString());
    List<String> lines = table.out().lines().toList();
    assertTrue(lines.get(1).matches("ops\\.Work\\.region-[0-9a-f]{8} +1 +2 .*"), table.out());
    assertTrue(lines.get(2).matches("  [0-9a-f]{12} \\(2 ambient variants\\) \\(newest\\) +2 .*"),
        table.out());

    Run explain = CommandLineIT.cli("explain", "ops.Work.region", "--dir", dir.toString());
    assertEquals(0, explain.code(), explain.err());
    List<String> said = explain.out().lines().toList();
    assertTrue(said.get(0).matches("ops\\.Work\\.region-[0-9a-f]{8}: 1 code version, oldest"
        + " first"), explain.out());
    assertTrue(said.get(1).matches("  1  [0-9a-f]{12} \\(2 ambient variants\\)  appeared .*  2"
        + " entries, \\d+ B, \\d+ methods reached"), explain.out());
    assertEquals(2, said.size(), explain.out());

    Run stats = CommandLineIT.cli("stats", "--json", "--dir", dir.toString());
    assertEquals(0L, CommandLineIT.map(JsonReader.object(stats.out()).get("total"))
        .get("staleEntries"), "neither variant is stale");
  }

  // ---- helpers ----

  private static Map<String, Object> onlyEntry(Path dir, String function) {
    Run r = CommandLineIT.cli("list", "--entries", function, "--json", "--dir", dir.toString());
    assertEquals(0, r.code(), r.err());
    List<Map<String, Object>> entries = CommandLineIT.list(JsonReader.object(r.out())
        .get("entries"));
    assertEquals(1, entries.size(), r.out());
    return entries.get(0);
  }

  private static List<EntryKey> entries(Path dir) throws IOException {
    FileLayout layout = FileLayout.of(dir);
    List<EntryKey> keys = new ArrayList<>();
    for (String f : layout.functions()) {
      for (String fp : layout.fingerprints(f)) {
        keys.addAll(layout.entries(f, fp));
      }
    }
    return keys;
  }

  /** {@code brief} for an entry of {@code ops.Work.brief-1a2b3c4d}. */
  private static String method(EntryKey k) {
    String f = k.function();
    return f.substring("ops.Work.".length(), f.lastIndexOf('-'));
  }

  private static Map<String, Integer> entriesByMethod(Path dir) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    for (EntryKey k : entries(dir)) {
      out.merge(method(k), 1, Integer::sum);
    }
    return out;
  }
}
