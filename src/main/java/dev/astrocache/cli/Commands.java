package dev.astrocache.cli;

import dev.astrocache.cli.CommandLine.Args;
import dev.astrocache.cli.CommandLine.Failure;
import dev.astrocache.cli.Front.BadEntryException;
import dev.astrocache.cli.Front.Changes;
import dev.astrocache.cli.Front.EntryHeader;
import dev.astrocache.cli.Tree.Entry;
import dev.astrocache.cli.Tree.Function;
import dev.astrocache.cli.Tree.Version;
import dev.astrocache.config.OptionParsers;
import dev.astrocache.spi.EntryKey;
import dev.astrocache.spi.ManifestStore;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.store.FileLayout;
import dev.astrocache.store.FileStoreProvider;
import dev.astrocache.store.FileStoreSweeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/** The commands, each printing a table or (with {@code --json}) one JSON document. */
final class Commands {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  private final Front front;
  private final FileLayout layout;
  private final String source;
  private final Args args;
  private final PrintStream out;

  Commands(Front front, FileLayout layout, String source, Args args, PrintStream out) {
    this.front = front;
    this.layout = layout;
    this.source = source;
    this.args = args;
    this.out = out;
  }

  int run(String command) throws IOException {
    return switch (command) {
      case "list" -> args.has("--entries") ? entries(args.value("--entries")) : list();
      case "stats" -> stats();
      case "prune" -> prune();
      case "clear" -> clear();
      case "verify" -> verify();
      case "explain" -> explain();
      default -> throw new IllegalStateException(command);
    };
  }

  // ---- list ----

  private int list() throws IOException {
    List<Function> functions;
    try (Progress p = Progress.start("entries", -1)) {
      functions = Tree.scan(layout, Tree.functionNames(layout), p);
    }
    if (args.json()) {
      List<Object> fs = new ArrayList<>();
      for (Function f : functions) {
        List<Object> vs = new ArrayList<>();
        for (Version v : f.versions) {
          vs.add(map("version", v.id(), "fingerprints", List.copyOf(v.fingerprints),
              "appeared", instant(v.appearedMillis()), "entries", (long) v.entries.size(),
              "bytes", v.bytes, "lastUse", instant(v.lastUseMillis)));
        }
        fs.add(map("function", f.name, "entries", f.entries(), "bytes", f.bytes(), "lastUse",
            instant(f.lastUseMillis()), "versions", vs));
      }
      out.print(Json.write(map("directory", layout.root().toString(), "functions", fs)));
      return CommandLine.OK;
    }
    Table t = new Table("FUNCTION", "VERSIONS>", "ENTRIES>", "BYTES>", "LAST USE");
    for (Function f : functions) {
      t.row(f.name, Integer.toString(f.versions.size()), count(f.entries()), bytes(f.bytes()),
          local(f.lastUseMillis()));
      for (int i = 0; i < f.versions.size(); i++) {
        Version v = f.versions.get(i);
        t.row("  " + v.id().substring(0, 12) + variants(v) + (i + 1 == f.versions.size()
            ? " (newest)" : ""), "", count(v.entries.size()), bytes(v.bytes),
            local(v.lastUseMillis));
      }
    }
    out.print(functions.isEmpty() ? "no cached functions in " + layout.root() + "\n" : t);
    return CommandLine.OK;
  }

  private int entries(String name) throws IOException {
    Function f;
    try (Progress p = Progress.start("entries", -1)) {
      f = Tree.scan(layout, function(name), p);
    }
    List<Object[]> rows = new ArrayList<>(); // entry, version, header or error
    try (Progress p = Progress.start("entries", f.entries())) {
      for (Version v : f.versions) {
        for (Entry e : v.entries) {
          Object header;
          try {
            header = front.readHeader(start(e.path()), key(e.key()));
          } catch (BadEntryException ex) {
            header = ex.getMessage();
          } catch (NoSuchFileException ex) {
            continue;
          }
          rows.add(new Object[] {e, v, header});
          p.step();
        }
      }
    }
    rows.sort(Comparator.comparingLong(r -> r[2] instanceof EntryHeader h ? h.createdMillis()
        : Long.MAX_VALUE));
    if (args.json()) {
      List<Object> es = new ArrayList<>();
      for (Object[] r : rows) {
        Entry e = (Entry) r[0];
        Map<String, Object> m = map("version", ((Version) r[1]).id(), "fingerprint",
            e.key().fingerprint(), "key", e.key().key(), "bytes", e.bytes(), "lastUse",
            instant(e.lastUseMillis()));
        if (r[2] instanceof EntryHeader h) {
          m.putAll(map("created", instant(h.createdMillis()), "computeNanos", h.computeNanos(),
              "serializer", h.serializer(), "arguments", h.arguments(), "expires",
              h.lifetimeMillis() == 0 ? null : instant(h.createdMillis() + h.lifetimeMillis())));
        } else {
          m.put("error", r[2]);
        }
        es.add(m);
      }
      out.print(Json.write(map("function", f.name, "entries", es)));
      return CommandLine.OK;
    }
    Table t = new Table("CREATED", "BYTES>", "COMPUTE>", "VERSION", "KEY", "ARGUMENTS");
    for (Object[] r : rows) {
      Entry e = (Entry) r[0];
      String version = ((Version) r[1]).id().substring(0, 12);
      if (r[2] instanceof EntryHeader h) {
        t.row(local(h.createdMillis()), bytes(e.bytes()), nanos(h.computeNanos()), version,
            e.key().key().substring(0, 12), h.arguments() == null ? "-" : h.arguments());
      } else {
        t.row("-", bytes(e.bytes()), "-", version, e.key().key().substring(0, 12),
            "(unreadable: " + r[2] + ")");
      }
    }
    out.print(rows.isEmpty() ? f.name + " has no entries\n" : t);
    return CommandLine.OK;
  }

  // ---- stats ----

  private int stats() throws IOException {
    List<Function> functions;
    try (Progress p = Progress.start("entries", -1)) {
      functions = Tree.scan(layout, Tree.functionNames(layout), p);
    }
    long total = functions.stream().mapToLong(Function::entries).sum();
    List<Map<String, Object>> rows = new ArrayList<>();
    long[] sums = new long[6]; // versions, entries, bytes, stale entries, stale bytes, nanos
    long unreadable = 0;
    try (Progress p = Progress.start("entries", total)) {
      for (Function f : functions) {
        long nanos = 0;
        long staleEntries = 0;
        long staleBytes = 0;
        for (int i = 0; i < f.versions.size(); i++) {
          Version v = f.versions.get(i);
          if (i + 1 < f.versions.size()) {
            staleEntries += v.entries.size();
            staleBytes += v.bytes;
          }
          for (Entry e : v.entries) {
            try {
              nanos += front.readHeader(start(e.path()), key(e.key())).computeNanos();
            } catch (BadEntryException | NoSuchFileException ex) {
              unreadable++;
            }
            p.step();
          }
        }
        long[] row = {f.versions.size(), f.entries(), f.bytes(), staleEntries, staleBytes, nanos};
        for (int i = 0; i < row.length; i++) {
          sums[i] += row[i];
        }
        rows.add(statsRow(f.name, row));
      }
    }
    long[] quarantine = files(layout.quarantined());
    if (args.json()) {
      Map<String, Object> totals = statsRow(null, sums);
      totals.remove("function");
      totals.put("functions", (long) functions.size());
      totals.put("unreadableEntries", unreadable);
      out.print(Json.write(map("directory", layout.root().toString(), "functions", rows,
          "total", totals, "quarantine", map("files", quarantine[0], "bytes", quarantine[1]))));
      return CommandLine.OK;
    }
    Table t = new Table("FUNCTION", "VERSIONS>", "ENTRIES>", "BYTES>", "STALE ENTRIES>",
        "STALE BYTES>", "COMPUTE TIME>");
    for (Map<String, Object> r : rows) {
      t.row((String) r.get("function"), r.get("versions").toString(),
          count((Long) r.get("entries")), bytes((Long) r.get("bytes")),
          count((Long) r.get("staleEntries")), bytes((Long) r.get("staleBytes")),
          nanos((Long) r.get("computeNanos")));
    }
    t.row("total (" + functions.size() + " function" + (functions.size() == 1 ? "" : "s") + ")",
        Long.toString(sums[0]), count(sums[1]), bytes(sums[2]), count(sums[3]), bytes(sums[4]),
        nanos(sums[5]));
    out.print(t);
    out.println("quarantine: " + count(quarantine[0]) + " file" + (quarantine[0] == 1 ? "" : "s")
        + ", " + bytes(quarantine[1]) + (unreadable == 0 ? ""
            : "; " + count(unreadable) + " entries with an unreadable header (run verify)"));
    out.println("stale: entries of a function's older code versions; compute time: what a hit"
        + " on every entry saves");
    return CommandLine.OK;
  }

  private static Map<String, Object> statsRow(String function, long[] r) {
    return map("function", function, "versions", r[0], "entries", r[1], "bytes", r[2],
        "staleEntries", r[3], "staleBytes", r[4], "computeNanos", r[5]);
  }

  // ---- prune ----

  private int prune() throws IOException {
    boolean expired = args.has("--expired");
    Long maxSize = args.has("--max-size")
        ? parse(() -> OptionParsers.size("--max-size", args.value("--max-size"))) : null;
    Long olderThan = args.has("--older-than") ? parse(() -> OptionParsers.duration(
        "--older-than", args.value("--older-than")).toMillis()) : null;
    Integer stale = args.has("--stale-versions") ? positive("--stale-versions") : null;
    if (maxSize == null && olderThan == null && stale == null && !expired) {
      throw new Failure(CommandLine.USAGE, "prune needs --max-size, --older-than,"
          + " --stale-versions or --expired, such as prune --stale-versions 3 (astrocache prune"
          + " --help)");
    }
    boolean dryRun = args.has("--dry-run");
    List<Function> functions;
    try (Progress p = Progress.start("entries", -1)) {
      functions = Tree.scan(layout, Tree.functionNames(layout), p);
    }
    Map<Entry, String> doomed = new LinkedHashMap<>(); // entry -> reason
    Map<Entry, String> owner = new LinkedHashMap<>();
    List<Entry> kept = new ArrayList<>();
    long now = System.currentTimeMillis();
    try (Progress p = Progress.start("entries", expired
        ? functions.stream().mapToLong(Function::entries).sum() : -1)) {
      for (Function f : functions) {
        // as the file store's own pruning counts them: code versions with entries (the folders
        // of one code under several values of its ambient inputs are one), by their last use
        List<Version> byActivity = new ArrayList<>(f.versions);
        byActivity.removeIf(v -> v.entries.isEmpty());
        byActivity.sort(Comparator.comparingLong((Version v) -> v.lastUseMillis).reversed()
            .thenComparing(v -> v.code));
        for (int i = 0; i < byActivity.size(); i++) {
          for (Entry e : byActivity.get(i).entries) {
            owner.put(e, f.name);
            if (stale != null && i >= stale) {
              doomed.put(e, "stale version");
            } else if (olderThan != null && now - e.lastUseMillis() > olderThan) {
              doomed.put(e, "unused for longer");
            } else if (expired && expired(e, now)) {
              doomed.put(e, "expired");
            } else {
              kept.add(e);
            }
            if (expired) {
              p.step();
            }
          }
        }
      }
    }
    if (maxSize != null) {
      overTheSize(kept, maxSize, now).forEach(e -> doomed.put(e, "over the size"));
    }
    Map<String, long[]> removed = new LinkedHashMap<>(); // function -> entries, bytes
    for (Function f : functions) {
      removed.put(f.name, new long[2]);
    }
    try (Progress p = Progress.start("entries removed", doomed.size())) {
      for (Entry e : doomed.keySet()) {
        if (dryRun || Tree.deleteEntry(e)) {
          long[] r = removed.get(owner.get(e));
          r[0]++;
          r[1] += e.bytes();
        }
        p.step();
      }
    }
    if (!dryRun) {
      for (Function f : functions) {
        for (Version v : f.versions) {
          for (String fingerprint : v.fingerprints) {
            Tree.removeEmptyShards(layout, f.name, fingerprint);
          }
        }
      }
    }
    long[] sum = new long[2];
    removed.values().forEach(r -> {
      sum[0] += r[0];
      sum[1] += r[1];
    });
    long allEntries = functions.stream().mapToLong(Function::entries).sum();
    long allBytes = functions.stream().mapToLong(Function::bytes).sum();
    if (args.json()) {
      List<Object> fs = new ArrayList<>();
      removed.forEach((name, r) -> fs.add(map("function", name, "removedEntries", r[0],
          "removedBytes", r[1])));
      out.print(Json.write(map("dryRun", dryRun, "removedEntries", sum[0], "removedBytes",
          sum[1], "keptEntries", allEntries - sum[0], "keptBytes", allBytes - sum[1],
          "functions", fs)));
      return CommandLine.OK;
    }
    Table t = new Table("FUNCTION", dryRun ? "WOULD REMOVE>" : "REMOVED>", "BYTES>");
    removed.forEach((name, r) -> t.row(name, count(r[0]), bytes(r[1])));
    out.print(t);
    out.println((dryRun ? "would remove " : "removed ") + count(sum[0]) + " entr"
        + (sum[0] == 1 ? "y" : "ies") + " (" + bytes(sum[1]) + "); " + count(allEntries - sum[0])
        + " left (" + bytes(allBytes - sum[1]) + ")");
    return CommandLine.OK;
  }

  /**
   * Whether the header of {@code e} records a lifetime that has passed at {@code now}; an entry
   * written without one (by an older astrocache, or with no time to live) never has, nor has one
   * whose header cannot be read (verify finds those).
   */
  private boolean expired(Entry e, long now) throws IOException {
    try {
      return front.readHeader(start(e.path()), key(e.key())).expiredAt(now);
    } catch (BadEntryException | NoSuchFileException ex) {
      return false;
    }
  }

  /**
   * The entries of {@code kept} that the file store's size cap would evict first to bring them
   * to {@code maxSize}: those ranked lowest by its worth ({@link FileStoreSweeper#worth}: compute
   * time, size, uses, time since last use), entries of equal worth together.
   */
  private static List<Entry> overTheSize(List<Entry> kept, long maxSize, long now) {
    long size = kept.stream().mapToLong(Entry::bytes).sum();
    if (size <= maxSize) {
      return List.of();
    }
    long[] worths = new long[kept.size()];
    long[] sizes = new long[kept.size()];
    try (Progress p = Progress.start("entries weighed", kept.size())) {
      for (int i = 0; i < kept.size(); i++) {
        Entry e = kept.get(i);
        worths[i] = weigh(e, now);
        sizes[i] = e.bytes();
        p.step();
      }
    }
    long below = FileStoreSweeper.threshold(worths, sizes, size - maxSize);
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < worths.length; i++) {
      if (worths[i] < below) {
        out.add(kept.get(i));
      }
    }
    return out;
  }

  /** The entry's worth to the size cap; its access time is put back, as {@link #untouched}. */
  private static long weigh(Entry e, long now) {
    BasicFileAttributeView view = Files.getFileAttributeView(e.path(),
        BasicFileAttributeView.class);
    FileTime accessed = null;
    try {
      accessed = view.readAttributes().lastAccessTime();
    } catch (IOException ex) {
      // gone meanwhile: weighed as unreadable, and its deletion finds it gone
    }
    long worth = FileStoreSweeper.worth(e.path(), e.bytes(), e.modified(), now);
    if (accessed != null) {
      try {
        view.setTimes(null, accessed, null);
      } catch (IOException ex) {
        // replaced or evicted meanwhile, or not this user's to touch
      }
    }
    return worth;
  }

  private int positive(String option) {
    String text = args.value(option).strip();
    try {
      int n = Integer.parseInt(text);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new Failure(CommandLine.USAGE, option + " must be a positive whole number such as 3,"
        + " not '" + text + "'");
  }

  private interface Parse<T> {
    T get();
  }

  private static <T> T parse(Parse<T> p) {
    try {
      return p.get();
    } catch (IllegalArgumentException e) {
      throw new Failure(CommandLine.USAGE, e.getMessage());
    }
  }

  // ---- clear ----

  private int clear() throws IOException {
    boolean all = args.has("--all");
    if (all == !args.arguments.isEmpty()) {
      throw new Failure(CommandLine.USAGE, all ? "clear takes --all or a FUNCTION, not both"
          : "clear needs --all (every function) or a FUNCTION (`astrocache list` shows them)");
    }
    List<String> names = all ? layout.functions() : List.of(function(args.arguments.get(0)));
    long[] removed = new long[3]; // entries, bytes, other files of ours
    long[] left = new long[1];
    long walks = 0;
    try (Progress p = Progress.start("files removed", -1)) {
      for (String name : names) {
        removeTree(layout.function(name), removed, left, p);
      }
      if (all) {
        for (Path q : layout.quarantined()) {
          removed[2] += Files.deleteIfExists(q) ? 1 : 0;
          p.step();
        }
        Tree.removeIfEmpty(layout.quarantine());
        // the fingerprint's stored walks (a cache of its own, rebuilt by the next run)
        Path index = FileLayout.index(layout.root());
        if (Files.isDirectory(index)) {
          try (var files = Files.list(index)) {
            for (Path f : (Iterable<Path>) files::iterator) {
              FileLayout.Kind kind = layout.kind(f);
              if (kind == FileLayout.Kind.WALK || kind == FileLayout.Kind.TEMPORARY) {
                walks += Files.deleteIfExists(f) ? 1 : 0;
                p.step();
              } else {
                left[0]++;
              }
            }
          }
          Tree.removeIfEmpty(index);
        }
      }
    }
    if (args.json()) {
      out.print(Json.write(map("functions", (long) names.size(), "removedEntries", removed[0],
          "removedBytes", removed[1], "removedOtherFiles", removed[2], "removedWalks", walks,
          "leftForeignFiles", left[0])));
      return CommandLine.OK;
    }
    out.println("cleared " + (all ? "every function (" + names.size() + "), the quarantine and"
        + " the index of walks (" + walks + ")" : names.get(0)) + ": removed " + count(removed[0]) + " entr"
        + (removed[0] == 1 ? "y" : "ies") + " (" + bytes(removed[1]) + ") and " + removed[2]
        + " other file" + (removed[2] == 1 ? "" : "s") + " (manifests, states, temporary, quarantined)"
        + (left[0] == 0 ? "" : "; left " + left[0] + " file" + (left[0] == 1 ? "" : "s")
            + " that are not astrocache's"));
    return CommandLine.OK;
  }

  /** Removes what is astrocache's under {@code folder}, then the folders that are left empty. */
  private void removeTree(Path folder, long[] removed, long[] left, Progress p)
      throws IOException {
    List<Path> children;
    try (var stream = Files.list(folder)) {
      children = stream.toList();
    } catch (NoSuchFileException e) {
      return;
    }
    for (Path child : children) {
      FileLayout.Kind kind = layout.kind(child);
      if (Files.isDirectory(child) && (kind == FileLayout.Kind.FINGERPRINT
          || kind == FileLayout.Kind.SHARD)) {
        removeTree(child, removed, left, p);
      } else if (Files.isRegularFile(child) && (kind == FileLayout.Kind.ENTRY
          || kind == FileLayout.Kind.MANIFEST || kind == FileLayout.Kind.STATE
          || kind == FileLayout.Kind.TEMPORARY || kind == FileLayout.Kind.LOCK)) {
        long size = Files.size(child);
        if (Files.deleteIfExists(child)) {
          if (kind == FileLayout.Kind.ENTRY) {
            removed[0]++;
            removed[1] += size;
          } else {
            removed[2]++;
          }
        }
        p.step();
      } else {
        left[0]++;
      }
    }
    Tree.removeIfEmpty(folder);
  }

  // ---- verify ----

  private int verify() throws IOException {
    List<Function> functions;
    try (Progress p = Progress.start("entries", -1)) {
      functions = Tree.scan(layout, Tree.functionNames(layout), p);
    }
    long total = functions.stream().mapToLong(Function::entries).sum();
    List<Map<String, Object>> bad = new ArrayList<>();
    long checked = 0;
    try (Store store = fileStore(); Progress p = Progress.start("entries checked", total)) {
      for (Function f : functions) {
        for (Version v : f.versions) {
          for (Entry e : v.entries) {
            byte[] bytes;
            try {
              bytes = untouched(e.path(), () -> Files.readAllBytes(e.path()));
            } catch (NoSuchFileException ex) {
              continue; // evicted or replaced meanwhile
            }
            checked++;
            try {
              front.verify(bytes, key(e.key()));
            } catch (BadEntryException ex) {
              store.quarantine(e.key(), bytes);
              bad.add(map("function", f.name, "fingerprint", e.key().fingerprint(), "key",
                  e.key().key(),
                  "problem", ex.getMessage()));
            }
            p.step();
          }
        }
      }
    }
    if (args.json()) {
      out.print(Json.write(map("checkedEntries", checked, "badEntries", (long) bad.size(),
          "quarantine", layout.quarantine().toString(), "bad", bad)));
    } else {
      if (!bad.isEmpty()) {
        Table t = new Table("FUNCTION", "VERSION", "KEY", "PROBLEM");
        for (Map<String, Object> b : bad) {
          t.row((String) b.get("function"), ((String) b.get("fingerprint")).substring(0, 12),
              ((String) b.get("key")).substring(0, 12), (String) b.get("problem"));
        }
        out.print(t);
      }
      out.println("checked " + count(checked) + " entr" + (checked == 1 ? "y" : "ies") + ": "
          + (bad.isEmpty() ? "all sound" : bad.size() + " bad, moved to " + layout.quarantine()));
    }
    return bad.isEmpty() ? CommandLine.OK : CommandLine.BAD_ENTRIES;
  }

  /** The library's file store on the directory: it quarantines as a hit that finds one bad. */
  private Store fileStore() throws IOException {
    Path root = layout.root();
    return new FileStoreProvider().open(new StoreContext() {
      @Override
      public Path directory() {
        return root;
      }

      @Override
      public Optional<String> setting(String name) {
        return Optional.empty();
      }

      @Override
      public Store open(String storeName) {
        throw new IllegalArgumentException("the command line opens the file store only");
      }

      @Override
      public void rejected(EntryKey key, String reason) {}
    });
  }

  // ---- explain ----

  private int explain() throws IOException {
    if (args.arguments.isEmpty()) {
      throw new Failure(CommandLine.USAGE, "explain needs a FUNCTION, such as explain "
          + "com.example.Prices.quote (`astrocache list` shows them)");
    }
    Function f;
    try (Progress p = Progress.start("entries", -1)) {
      f = Tree.scan(layout, function(args.arguments.get(0)), p);
    }
    List<Map<String, Object>> versions = new ArrayList<>();
    SortedMap<String, String> previous = null;
    try (Store store = fileStore()) {
      ManifestStore manifests = store.manifests().orElseThrow();
      for (Version v : f.versions) {
        // the folders of one code version differ only in their ambient inputs' values: the
        // first manifest found says which methods the version reached
        SortedMap<String, String> manifest = null;
        for (String fingerprint : v.fingerprints) {
          Optional<String> text = manifests.read(f.name, fingerprint);
          if (text.isPresent()) {
            manifest = front.parseManifest(text.get());
            break;
          }
        }
        long methods = manifest == null ? -1 : manifest.keySet().stream()
            .filter(k -> !k.startsWith(FileLayout.MANIFEST_INPUT_PREFIX)).count();
        Map<String, Object> m = map("version", v.id(), "fingerprints",
            List.copyOf(v.fingerprints), "appeared", instant(v.appearedMillis()), "entries",
            (long) v.entries.size(), "bytes", v.bytes, "methods",
            manifest == null ? null : methods);
        if (previous != null && manifest != null) {
          Changes c = front.changes(previous, manifest);
          m.put("changes", map("changed", c.changed(), "appeared", c.appeared(), "disappeared",
              c.disappeared()));
        } else {
          m.put("changes", null);
        }
        versions.add(m);
        previous = manifest;
      }
    }
    if (args.json()) {
      out.print(Json.write(map("function", f.name, "versions", versions)));
      return CommandLine.OK;
    }
    out.println(f.name + ": " + versions.size() + " code version" + (versions.size() == 1 ? ""
        : "s") + ", oldest first");
    for (int i = 0; i < versions.size(); i++) {
      Map<String, Object> v = versions.get(i);
      long entries = (Long) v.get("entries");
      @SuppressWarnings("unchecked")
      int variants = ((List<String>) v.get("fingerprints")).size();
      out.println(String.format(Locale.ROOT, "%3d  %s  appeared %s  %s entr%s, %s, %s", i + 1,
          ((String) v.get("version")).substring(0, 12) + (variants == 1 ? ""
              : " (" + variants + " ambient variants)"), local(millis(v.get("appeared"))),
          count(entries), entries == 1 ? "y" : "ies", bytes((Long) v.get("bytes")),
          v.get("methods") == null ? "no manifest" : v.get("methods") + " methods reached"));
      @SuppressWarnings("unchecked")
      Map<String, List<String>> c = (Map<String, List<String>>) v.get("changes");
      if (c == null) {
        if (i > 0) {
          out.println("       (no manifest to compare with)");
        }
        continue;
      }
      boolean any = false;
      for (String kind : List.of("changed", "appeared", "disappeared")) {
        for (String method : c.get(kind)) {
          out.println("       " + kind + ": " + method);
          any = true;
        }
      }
      if (!any) {
        out.println("       no reached method changed (a supertype, the Java version or a type"
            + " seen at run time did)");
      }
    }
    return CommandLine.OK;
  }

  // ---- helpers ----

  /**
   * The function folder {@code name} names: the folder itself, else the one whose name starts
   * with it.
   */
  private String function(String name) throws IOException {
    List<String> names = Tree.functionNames(layout);
    if (names.contains(name)) {
      return name;
    }
    List<String> matches = names.stream().filter(n -> n.startsWith(name)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new Failure(CommandLine.USAGE, "no function '" + name + "' in " + layout.root()
          + " (from " + source + "): `astrocache list` shows the " + names.size() + " there.");
    }
    String shown = String.join(", ", matches.subList(0, Math.min(3, matches.size())));
    throw new Failure(CommandLine.USAGE, "'" + name + "' names " + matches.size()
        + " functions in " + layout.root() + " (" + shown + (matches.size() > 3 ? ", ..." : "")
        + "): give the whole name.");
  }

  private byte[] start(Path entry) throws IOException {
    return untouched(entry, () -> {
      try (InputStream in = Files.newInputStream(entry)) {
        return in.readNBytes(front.maxHeaderLength());
      }
    });
  }

  private interface Read {
    byte[] read() throws IOException;
  }

  /**
   * Reads {@code entry} and puts its access time back: last use is the later of an entry's
   * modification and access times, and a person listing or verifying entries does not use them.
   */
  private static byte[] untouched(Path entry, Read read) throws IOException {
    BasicFileAttributeView view = Files.getFileAttributeView(entry, BasicFileAttributeView.class);
    FileTime accessed = view.readAttributes().lastAccessTime();
    byte[] bytes = read.read();
    try {
      view.setTimes(null, accessed, null);
    } catch (IOException e) {
      // an entry replaced or evicted meanwhile, or one this user may not touch: read anyway
    }
    return bytes;
  }

  /** What the list says after a version with ambient inputs: how many folders it has. */
  private static String variants(Version v) {
    return v.variants() == 1 ? "" : " (" + v.variants() + " ambient variants)";
  }

  private static byte[] key(EntryKey key) {
    return HexFormat.of().parseHex(key.key());
  }

  private static long[] files(List<Path> paths) {
    long[] r = new long[2];
    for (Path p : paths) {
      try {
        r[1] += Files.size(p);
        r[0]++;
      } catch (IOException e) {
        // gone meanwhile
      }
    }
    return r;
  }

  /** A map of the given keys and values, in order; null values are kept (JSON null). */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static String instant(long millis) {
    return millis < 0 ? null : Instant.ofEpochMilli(millis).toString();
  }

  private static long millis(Object instant) {
    return instant == null ? -1 : Instant.parse((String) instant).toEpochMilli();
  }

  static String local(long millis) {
    return millis < 0 ? "-" : LOCAL.format(Instant.ofEpochMilli(millis));
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 812 B}, {@code 1.2 KiB}, {@code 3.4 MiB}: powers of 1024, as sizes are set. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u + 1 < units.length) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code 850 us}, {@code 1.5 ms}, {@code 2.3 s}, {@code 4.0 min}. */
  static String nanos(long n) {
    if (n < 1_000_000) {
      return (n / 1000) + " us";
    }
    if (n < 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.1f ms", n / 1e6);
    }
    if (n < 60_000_000_000L) {
      return String.format(Locale.ROOT, "%.1f s", n / 1e9);
    }
    return String.format(Locale.ROOT, "%.1f min", n / 6e10);
  }
}
