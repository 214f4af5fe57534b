package dev.astrocache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.store.FileLayout;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a person runs it: {@code java -jar} on the packaged jar (this test runs
 * after {@code package}, under failsafe), on a directory filled by a real program. The program
 * (javac-compiled here) wraps an impl and calls it in three child JVMs, editing {@code Tax}
 * between them: {@code quote} reaches {@code Tax} and gets three code versions of two entries
 * each; {@code label} does not, and keeps one version with one entry. The first run has {@code
 * describe.arguments} off, so its entries are version 1 frames without arguments text, as an
 * older astrocache wrote them.
 */
class CommandLineIT {
  private static final String PRICES = "package demo;\npublic interface Prices {\n"
      + "  double quote(String item, int quantity);\n  String label(Size size);\n}\n";
  private static final String SIZE = "package demo;\npublic enum Size { SMALL, LARGE }\n";
  private static final String SLOW = "package demo;\n"
      + "public final class SlowPrices implements Prices {\n"
      + "  public double quote(String item, int quantity) {\n"
      + "    return Tax.gross(item.length() * quantity);\n  }\n"
      + "  public String label(Size size) {\n"
      + "    return size.name().toLowerCase(java.util.Locale.ROOT);\n  }\n}\n";
  private static final String RUN = "package demo;\nimport dev.astrocache.Astrocache;\n"
      + "public final class Run {\n  public static void main(String[] args) {\n"
      + "    Prices p = Astrocache.wrap(Prices.class, new SlowPrices());\n"
      + "    System.out.println(p.quote(\"widget\", 3) + \" \" + p.quote(\"gadget\", 5) + \" \"\n"
      + "        + p.label(Size.LARGE));\n  }\n}\n";
  /** Tax in its three versions: a rate changed, then a helper added. */
  private static final List<String> TAX = List.of(
      "package demo;\nfinal class Tax {\n  static double gross(double net) {\n"
          + "    return net * 1.20;\n  }\n}\n",
      "package demo;\nfinal class Tax {\n  static double gross(double net) {\n"
          + "    return net * 1.25;\n  }\n}\n",
      "package demo;\nfinal class Tax {\n  static double gross(double net) {\n"
          + "    return round(net * 1.25);\n  }\n"
          + "  static double round(double d) {\n    return Math.rint(d * 100) / 100;\n  }\n}\n");

  @TempDir
  static Path shared;
  static Path filled;

  @TempDir
  Path tmp;

  @BeforeAll
  static void fill() {
    filled = shared.resolve("cache");
    for (int version = 0; version < TAX.size(); version++) {
      Path classes = Javac.compile(shared.resolve("v" + (version + 1)), Map.of(
          "demo.Prices", PRICES, "demo.Size", SIZE, "demo.SlowPrices", SLOW, "demo.Tax",
          TAX.get(version), "demo.Run", RUN));
      ChildJvm.Result r = ChildJvm.run("demo.Run", List.of(classes), Map.of("astrocache.dir",
          filled.toString(), "astrocache.describe.arguments", version == 0 ? "false" : "true"));
      assertEquals(0, r.exitCode(), r.output());
    }
  }

  // ---- list ----

  @Test
  void list_table_showsEachFunctionAndItsVersions() {
    Run r = cli("list", "--dir", filled.toString());
    assertEquals(0, r.code, r.err);
    List<String> lines = r.out.lines().toList();
    assertTrue(lines.get(0).matches("FUNCTION +VERSIONS  ENTRIES  BYTES  LAST USE"), lines.get(0));
    assertTrue(lines.get(1).matches("demo\\.Prices\\.label-[0-9a-f]{8} +1 +1 +\\d+ B  \\d{4}-.*"),
        r.out);
    assertTrue(lines.get(2).matches("  [0-9a-f]{12} \\(newest\\) +1 +\\d+ B  \\d{4}-.*"), r.out);
    assertTrue(lines.get(3).matches("demo\\.Prices\\.quote-[0-9a-f]{8} +3 +6 +\\d+ B  \\d{4}-.*"),
        r.out);
    assertEquals(7, lines.size(), r.out);
  }

  @Test
  void list_json_parsesBackWithTheSizesOnDisk() throws IOException {
    Run r = cli("list", "--dir", filled.toString(), "--json");
    assertEquals(0, r.code, r.err);
    Map<String, Object> doc = JsonReader.object(r.out);
    assertEquals(filled.toString(), doc.get("directory"));
    List<Map<String, Object>> functions = list(doc.get("functions"));
    assertEquals(2, functions.size());
    Map<String, Object> quote = functions.get(1);
    assertTrue(((String) quote.get("function")).startsWith("demo.Prices.quote-"));
    assertEquals(6L, quote.get("entries"));
    List<Map<String, Object>> versions = list(quote.get("versions"));
    assertEquals(3, versions.size());
    long bytes = 0;
    for (Map<String, Object> v : versions) {
      assertEquals(2L, v.get("entries"));
      bytes += (Long) v.get("bytes");
      assertNotNull(v.get("lastUse"));
    }
    assertEquals(bytes, quote.get("bytes"));
    assertEquals(sizeOfEntries(filled, (String) quote.get("function")), bytes);
  }

  @Test
  void listEntries_showsCreatedSizeComputeAndArguments_oldEntriesWithout() {
    Run r = cli("list", "--entries", "demo.Prices.quote", "--dir", filled.toString());
    assertEquals(0, r.code, r.err);
    List<String> lines = r.out.lines().toList();
    assertTrue(lines.get(0).matches("CREATED +BYTES +COMPUTE +VERSION +KEY +ARGUMENTS"),
        lines.get(0));
    assertEquals(7, lines.size(), r.out);
    // oldest first: the first run wrote version 1 frames, without arguments text
    assertTrue(lines.get(1).endsWith(" -"), r.out);
    assertTrue(lines.get(2).endsWith(" -"), r.out);
    assertTrue(lines.get(3).endsWith(" quote(\"widget\", 3)"), r.out);
    assertTrue(lines.get(4).endsWith(" quote(\"gadget\", 5)"), r.out);

    Map<String, Object> doc = JsonReader.object(cli("list", "--entries", "demo.Prices.label",
        "--json", "--dir", filled.toString()).out);
    List<Map<String, Object>> entries = list(doc.get("entries"));
    assertEquals(1, entries.size());
    assertNull(entries.get(0).get("arguments"), "written by the first run, describe off");
    assertEquals("astrocache", entries.get(0).get("serializer"));
    assertTrue((Long) entries.get(0).get("computeNanos") >= 0);
    assertNotNull(entries.get(0).get("created"));

    List<Map<String, Object>> quotes = list(JsonReader.object(cli("list", "--entries",
        "demo.Prices.quote", "--json", "--dir", filled.toString()).out).get("entries"));
    assertEquals(List.of("null", "null", "quote(\"widget\", 3)", "quote(\"gadget\", 5)",
        "quote(\"widget\", 3)", "quote(\"gadget\", 5)"),
        quotes.stream().map(e -> String.valueOf(e.get("arguments"))).toList());
  }

  // ---- stats ----

  @Test
  void stats_countsStaleEntriesAndTotals() {
    Run r = cli("stats", "--json", "--dir", filled.toString());
    assertEquals(0, r.code, r.err);
    Map<String, Object> doc = JsonReader.object(r.out);
    Map<String, Object> total = map(doc.get("total"));
    assertEquals(2L, total.get("functions"));
    assertEquals(4L, total.get("versions"));
    assertEquals(7L, total.get("entries"));
    assertEquals(4L, total.get("staleEntries"), "quote's two older versions");
    assertEquals(0L, total.get("unreadableEntries"));
    assertEquals(Map.of("files", 0L, "bytes", 0L), doc.get("quarantine"));

    Run table = cli("stats", "--dir", filled.toString());
    assertTrue(table.out.lines().anyMatch(l -> l.matches("total \\(2 functions\\) +4 +7 .*")),
        table.out);
    assertTrue(table.out.contains("quarantine: 0 files, 0 B"), table.out);
  }

  // ---- prune ----

  @Test
  void prune_staleVersions_keepsTheNewestVersionsEntriesAndTheManifests() throws IOException {
    Path dir = copy();
    Run dry = cli("prune", "--stale-versions", "1", "--dry-run", "--json", "--dir",
        dir.toString());
    assertEquals(4L, JsonReader.object(dry.out).get("removedEntries"), dry.out);
    assertEquals(7, entries(dir).size(), "a dry run removes nothing");

    Run r = cli("prune", "--stale-versions", "1", "--json", "--dir", dir.toString());
    assertEquals(0, r.code, r.err);
    Map<String, Object> doc = JsonReader.object(r.out);
    assertEquals(false, doc.get("dryRun"));
    assertEquals(4L, doc.get("removedEntries"));
    assertEquals(3L, doc.get("keptEntries"));
    assertEquals(3, entries(dir).size());
    String quote = quoteFunction(dir);
    assertEquals(3, FileLayout.of(dir).fingerprints(quote).stream()
        .filter(f -> Files.exists(FileLayout.of(dir).manifest(quote, f))).count(),
        "explain still has every manifest");
  }

  @Test
  void prune_staleVersions_countsOnlyVersionsThatHaveEntries() throws IOException {
    Path dir = copy();
    List<EntryKey> all = entries(dir); // the newest two are quote's newest version and nothing else
    EntryKey newest = all.get(all.size() - 1);
    for (EntryKey k : all) {
      if (k.fingerprint().equals(newest.fingerprint())) {
        Files.delete(FileLayout.of(dir).entry(k)); // evicted: only its manifest is left
      }
    }
    Run r = cli("prune", "--stale-versions", "1", "--json", "--dir", dir.toString());
    assertEquals(0, r.code, r.err);
    assertEquals(2L, JsonReader.object(r.out).get("removedEntries"), r.out);
    assertEquals(all.subList(2, 5), entries(dir), "the middle version stays, and label's entry");
  }

  @Test
  void prune_olderThan_removesEntriesUnusedForThatLong() throws IOException {
    Path dir = copy();
    List<EntryKey> all = entries(dir);
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3 * 3_600_000L);
    for (EntryKey k : all.subList(0, 3)) {
      Files.getFileAttributeView(FileLayout.of(dir).entry(k), BasicFileAttributeView.class)
          .setTimes(old, old, null);
    }
    Run r = cli("prune", "--older-than", "2h", "--dir", dir.toString());
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.endsWith("removed 3 entries (" + r.out.split("removed 3 entries \\(")[1]),
        r.out);
    assertEquals(all.subList(3, 7), entries(dir));
  }

  @Test
  void prune_maxSize_entriesOfSimilarCostAndSize_theLongestUnusedGoFirst() throws IOException {
    Path dir = copy();
    List<EntryKey> all = entries(dir);
    FileLayout layout = FileLayout.of(dir);
    long now = System.currentTimeMillis();
    long total = 0;
    for (int i = 0; i < all.size(); i++) {
      // entry i last used 5 days after entry i - 1: worth halves per day unused, which outweighs
      // the few bytes and the fraction of a millisecond that tell these entries' worth apart
      // (OperateCommandIT shows cost and size winning over recency)
      FileTime t = FileTime.fromMillis(now - (all.size() - i) * 5 * 86_400_000L);
      Path p = layout.entry(all.get(i));
      Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(t, t, null);
      total += Files.size(p);
    }
    long lastTwo = Files.size(layout.entry(all.get(5))) + Files.size(layout.entry(all.get(6)));
    Run r = cli("prune", "--max-size", Long.toString(lastTwo), "--json", "--dir", dir.toString());
    assertEquals(0, r.code, r.err);
    assertEquals(total - lastTwo, JsonReader.object(r.out).get("removedBytes"));
    assertEquals(all.subList(5, 7), entries(dir));
  }

  @Test
  void prune_wrongOrMissingValues_areUsageErrors() {
    String d = filled.toString();
    assertError(2, "astrocache: --max-size must be a positive size such as 500m, 2g or 1048576"
        + " (bytes; k, m, g, t are powers of 1024), not '5x'", "prune", "--max-size", "5x",
        "--dir", d);
    assertError(2, "astrocache: --older-than must be a positive duration such as 500ms, 2s, 5m or"
        + " 1h, not 'soon'", "prune", "--older-than", "soon", "--dir", d);
    assertError(2, "astrocache: --stale-versions must be a positive whole number such as 3, not"
        + " '0'", "prune", "--stale-versions", "0", "--dir", d);
    assertError(2, "astrocache: --max-size needs a value, such as --max-size 500m (astrocache"
        + " prune --help)", "prune", "--dir", d, "--max-size");
    assertError(2, "astrocache: prune needs --max-size, --older-than, --stale-versions or"
        + " --expired, such as prune --stale-versions 3 (astrocache prune --help)", "prune",
        "--dir", d);
  }

  // ---- clear ----

  @Test
  void clear_oneFunction_removesItsEntriesAndManifestsOnly() throws IOException {
    Path dir = copy();
    String quote = quoteFunction(dir);
    Path foreign = FileLayout.of(dir).function(quote).resolve("notes.txt");
    Files.writeString(foreign, "a person's file");
    Run r = cli("clear", "demo.Prices.quote", "--dir", dir.toString());
    assertEquals(0, r.code, r.err);
    assertEquals("cleared " + quote + ": removed 6 entries (" + r.out.split("\\(")[1].split("\\)")[0]
        + ") and 6 other files (manifests, states, temporary, quarantined); left 1 file that are not"
        + " astrocache's\n", r.out);
    assertEquals(1, entries(dir).size(), "label's entry stays");
    assertTrue(Files.exists(foreign));
  }

  @Test
  void clear_all_removesEverything_andBareClearIsRefused() throws IOException {
    Path dir = copy();
    assertError(2, "astrocache: clear needs --all (every function) or a FUNCTION (`astrocache"
        + " list` shows them)", "clear", "--dir", dir.toString());
    // a lock file left beside an entry by singleflight=machine is astrocache's too
    Files.createFile(FileLayout.of(dir).lock(entries(dir).get(0)));
    Run r = cli("clear", "--all", "--json", "--dir", dir.toString());
    assertEquals(0, r.code, r.err);
    Map<String, Object> doc = JsonReader.object(r.out);
    assertEquals(7L, doc.get("removedEntries"));
    assertEquals(9L, doc.get("removedOtherFiles"),
        "four manifests, the state beside each and a lock file");
    assertEquals(0L, doc.get("leftForeignFiles"));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList());
    }
  }

  // ---- verify ----

  @Test
  void verify_badEntry_isQuarantinedAndExitsOne_thenAllSound() throws IOException {
    Path dir = copy();
    Run sound = cli("verify", "--dir", dir.toString());
    assertEquals(0, sound.code, sound.err);
    assertEquals("checked 7 entries: all sound\n", sound.out);

    EntryKey victim = entries(dir).get(2);
    Path file = FileLayout.of(dir).entry(victim);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(file, bytes);

    Run r = cli("verify", "--json", "--dir", dir.toString());
    assertEquals(1, r.code, r.out + r.err);
    Map<String, Object> doc = JsonReader.object(r.out);
    assertEquals(7L, doc.get("checkedEntries"));
    assertEquals(1L, doc.get("badEntries"));
    Map<String, Object> bad = list(doc.get("bad")).get(0);
    assertEquals(victim.key(), bad.get("key"));
    assertTrue(((String) bad.get("problem")).startsWith("checksum mismatch: header says 0x"),
        (String) bad.get("problem"));
    assertFalse(Files.exists(file));
    List<Path> quarantined = FileLayout.of(dir).quarantined();
    assertEquals(1, quarantined.size());
    assertTrue(quarantined.get(0).getFileName().toString().contains(victim.key()));

    Run again = cli("verify", "--dir", dir.toString());
    assertEquals(0, again.code, again.out);
    assertEquals("checked 6 entries: all sound\n", again.out);
  }

  // ---- explain ----

  @Test
  void explain_listsVersionsOldestFirstWithTheMethodsThatChanged() {
    Run r = cli("explain", "demo.Prices.quote", "--json", "--dir", filled.toString());
    assertEquals(0, r.code, r.err);
    List<Map<String, Object>> versions = list(JsonReader.object(r.out).get("versions"));
    assertEquals(3, versions.size());
    assertNull(versions.get(0).get("changes"));
    assertEquals(Map.of("changed", List.of("demo.Tax#gross(D)D"), "appeared", List.of(),
        "disappeared", List.of()), versions.get(1).get("changes"));
    assertEquals(Map.of("changed", List.of("demo.Tax#gross(D)D"), "appeared",
        List.of("demo.Tax#round(D)D"), "disappeared", List.of()), versions.get(2).get("changes"));

    Run table = cli("explain", "demo.Prices.quote", "--dir", filled.toString());
    List<String> lines = table.out.lines().toList();
    assertTrue(lines.get(0).matches("demo\\.Prices\\.quote-[0-9a-f]{8}: 3 code versions, oldest"
        + " first"), table.out);
    assertTrue(lines.get(1).matches("  1  [0-9a-f]{12}  appeared .*  2 entries, \\d+ B, \\d+"
        + " methods reached"), table.out);
    assertEquals("       changed: demo.Tax#gross(D)D", lines.get(3), table.out);
    assertEquals("       changed: demo.Tax#gross(D)D", lines.get(5), table.out);
    assertEquals("       appeared: demo.Tax#round(D)D", lines.get(6), table.out);
  }

  @Test
  void explain_unknownOrAmbiguousFunction_saysWhichThereAre() {
    String d = filled.toString();
    assertError(2, "astrocache: no function 'demo.Nope' in " + d + " (from --dir): `astrocache"
        + " list` shows the 2 there.", "explain", "demo.Nope", "--dir", d);
    Run r = cli("explain", "demo.Prices", "--dir", d);
    assertEquals(2, r.code);
    assertTrue(r.err.matches("astrocache: 'demo\\.Prices' names 2 functions in .* \\(demo\\.Prices"
        + "\\.label-[0-9a-f]{8}, demo\\.Prices\\.quote-[0-9a-f]{8}\\): give the whole name\\.\n"),
        r.err);
  }

  // ---- directory, options, help ----

  @Test
  void directory_fromTheSettingsAsTheLibraryReadsThem() {
    Run byVariable = run(Map.of("ASTROCACHE_DIR", filled.toString()), List.of(), "stats",
        "--json");
    assertEquals(0, byVariable.code, byVariable.err);
    assertEquals(7L, map(JsonReader.object(byVariable.out).get("total")).get("entries"));

    Path missing = tmp.resolve("missing");
    Run byProperty = run(Map.of("ASTROCACHE_DIR", filled.toString()),
        List.of("-Dastrocache.dir=" + missing), "list");
    assertEquals(3, byProperty.code, "the property wins over the variable");
    assertEquals("astrocache: no cache directory at " + missing + " (from -Dastrocache.dir):"
        + " nothing was cached there, or the path is wrong. Name the folder the program caches in"
        + " with --dir, -Dastrocache.dir or ASTROCACHE_DIR.\n", byProperty.err);

    Run home = run(Map.of(), List.of("-Duser.home=" + tmp), "list");
    assertEquals(3, home.code);
    assertTrue(home.err.startsWith("astrocache: no cache directory at "
        + tmp.resolve(".astrocache") + " (from the default, ~/.astrocache)"), home.err);
  }

  @Test
  void directory_notACache_isRefused() throws IOException {
    Path other = tmp.resolve("other");
    Files.createDirectories(other.resolve("Documents"));
    Files.writeString(other.resolve("notes.txt"), "x");
    assertError(3, "astrocache: " + other + " (from --dir) holds 2 files or folders, none of them"
        + " astrocache's: not a cache directory. Name the folder the program caches in with"
        + " --dir, -Dastrocache.dir or ASTROCACHE_DIR.", "verify", "--dir", other.toString());
    assertError(3, "astrocache: " + other.resolve("notes.txt") + " (from --dir) is a file, not a"
        + " cache directory. Name the folder the program caches in with --dir, -Dastrocache.dir"
        + " or ASTROCACHE_DIR.", "list", "--dir", other.resolve("notes.txt").toString());
  }

  @Test
  void options_wrongOnes_sayTheFix() {
    String d = filled.toString();
    assertError(2, "astrocache: prune does not take --max-sise: did you mean --max-size?"
        + " `astrocache prune --help` lists its options.", "prune", "--max-sise", "1m", "--dir",
        d);
    assertError(2, "astrocache: unknown command 'lsit': did you mean 'list'? Commands: list,"
        + " stats, prune, clear, verify, explain (astrocache --help)", "lsit");
    assertError(2, "astrocache: no command given. Commands: list, stats, prune, clear, verify,"
        + " explain (astrocache --help says more)");
    assertError(2, "astrocache: list takes no argument, not 'extra' (astrocache list --help)",
        "list", "extra", "--dir", d);
    assertError(2, "astrocache: --json takes no value, not 'yes' (astrocache stats --help)",
        "stats", "--json=yes", "--dir", d);
    assertError(2, "astrocache: --dir is given twice: 'a', then 'b'. Give it once.", "list",
        "--dir", "a", "--dir", "b");
    for (String line : List.of("--help", "list --help", "stats --help", "prune --help",
        "clear --help", "verify --help", "explain --help")) {
      String[] a = line.split(" ");
      Run r = cli(a);
      assertEquals(0, r.code, line + ": " + r.err);
      String command = a[0].equals("--help") ? "<command>" : a[0];
      assertTrue(r.out.startsWith("usage: java -jar astrocache.jar " + command), r.out);
      assertTrue(r.out.contains("Exit codes: 0 done; 1 verify found bad entries; 2 wrong"
          + " command, option or value;"), r.out);
    }
  }

  // ---- progress ----

  @Test
  void progress_isDrawnOnATerminal_andNotOnAPipe() throws Exception {
    List<String> command = javaJar(List.of("-D" + Progress.DELAY_PROPERTY + "=0"), "verify",
        "--dir", filled.toString());
    Run piped = exec(command, Map.of());
    assertEquals(0, piped.code, piped.err);
    assertEquals("checked 7 entries: all sound\n", piped.out, "no bar, no carriage return");

    // script(1) from util-linux runs the command on a pseudo-terminal and copies what it drew
    StringBuilder line = new StringBuilder();
    for (String word : command) {
      line.append('\'').append(word.replace("'", "'\\''")).append("' ");
    }
    Run onTerminal = exec(List.of("script", "-qfec", line.toString(), "/dev/null"), Map.of());
    assertEquals(0, onTerminal.code, onTerminal.out + onTerminal.err);
    String drawn = onTerminal.out.replace("\r\n", "\n");
    assertTrue(drawn.contains("\r[" + "#".repeat(30) + "] 100% 7/7 entries checked"), drawn);
    assertTrue(drawn.endsWith("\rchecked 7 entries: all sound\n"), drawn);
  }

  // ---- helpers ----

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    return run(Map.of(), List.of(), args);
  }

  private static void assertError(int code, String message, String... args) {
    Run r = cli(args);
    assertEquals(code, r.code, r.out + r.err);
    assertEquals(message + "\n", r.err);
    assertEquals("", r.out);
    assertTrue(message.length() < 300 + "astrocache: ".length() + 100, message);
  }

  private static List<String> javaJar(List<String> jvmOptions, String... args) {
    String jar = System.getProperty("astrocache-tests.jar");
    assertNotNull(jar, "astrocache-tests.jar is set by failsafe (mvn verify)");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar);
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static Run run(Map<String, String> env, List<String> jvmOptions, String... args) {
    return exec(javaJar(jvmOptions, args), env);
  }

  private static Run exec(List<String> command, Map<String, String> env) {
    try {
      Path err = Files.createTempFile("astrocache-cli", ".err");
      try {
        ProcessBuilder b = new ProcessBuilder(command).redirectError(err.toFile());
        b.environment().remove("ASTROCACHE_DIR");
        b.environment().putAll(env);
        Process p = b.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("did not finish in 120 s: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
            Files.readString(err));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A copy of the filled directory, for a test that changes it. */
  private Path copy() throws IOException {
    Path target = tmp.resolve("copy");
    try (Stream<Path> all = Files.walk(filled)) {
      for (Path p : all.sorted().toList()) {
        Path to = target.resolve(filled.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return target;
  }

  /** Every entry, oldest first by modification time. */
  private static List<EntryKey> entries(Path dir) throws IOException {
    FileLayout layout = FileLayout.of(dir);
    List<EntryKey> keys = new ArrayList<>();
    for (String f : layout.functions()) {
      for (String fp : layout.fingerprints(f)) {
        keys.addAll(layout.entries(f, fp));
      }
    }
    keys.sort(Comparator.comparing((EntryKey k) -> {
      try {
        return Files.getLastModifiedTime(layout.entry(k));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).thenComparing(EntryKey::key));
    return keys;
  }

  private static String quoteFunction(Path dir) throws IOException {
    return FileLayout.of(dir).functions().stream().filter(f -> f.startsWith("demo.Prices.quote-"))
        .findFirst().orElseThrow();
  }

  private static long sizeOfEntries(Path dir, String function) throws IOException {
    FileLayout layout = FileLayout.of(dir);
    long size = 0;
    for (String fp : layout.fingerprints(function)) {
      for (EntryKey k : layout.entries(function, fp)) {
        size += Files.size(layout.entry(k));
      }
    }
    return size;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
