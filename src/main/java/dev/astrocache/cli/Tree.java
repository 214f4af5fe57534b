package dev.astrocache.cli;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.store.FileLayout;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a cache directory holds, as {@link FileLayout} lists it: the functions, each one's code
 * versions (fingerprints) and their entries with size and times. A folder counts as a function
 * only when it has at least one fingerprint folder, so that a wrong directory does not show its
 * folders as functions.
 */
final class Tree {
  /** One entry file. {@code lastUseMillis} is its last recorded use: its modification time. */
  record Entry(EntryKey key, Path path, long bytes, long modifiedMillis, long lastUseMillis) {}

  /** One code version of a function: a fingerprint folder. */
  static final class Version {
    final String fingerprint;
    /** When its manifest was written (the version's first computed call), or -1 without one. */
    final long manifestMillis;
    final List<Entry> entries = new ArrayList<>();
    long bytes;
    long lastUseMillis = -1;
    long firstModifiedMillis = Long.MAX_VALUE;

    Version(String fingerprint, long manifestMillis) {
      this.fingerprint = fingerprint;
      this.manifestMillis = manifestMillis;
    }

    /** When the version appeared: its manifest's time, else its oldest entry's. */
    long appearedMillis() {
      return manifestMillis >= 0 ? manifestMillis
          : firstModifiedMillis == Long.MAX_VALUE ? -1 : firstModifiedMillis;
    }
  }

  /** One function: its versions, oldest first (by {@link Version#appearedMillis}). */
  static final class Function {
    final String name;
    final List<Version> versions = new ArrayList<>();

    Function(String name) {
      this.name = name;
    }

    long entries() {
      return versions.stream().mapToLong(v -> v.entries.size()).sum();
    }

    long bytes() {
      return versions.stream().mapToLong(v -> v.bytes).sum();
    }

    long lastUseMillis() {
      return versions.stream().mapToLong(v -> v.lastUseMillis).max().orElse(-1);
    }
  }

  private Tree() {}

  /** The names of the functions, sorted. */
  static List<String> functionNames(FileLayout layout) throws IOException {
    List<String> names = new ArrayList<>();
    for (String f : layout.functions()) {
      if (!layout.fingerprints(f).isEmpty()) {
        names.add(f);
      }
    }
    return names;
  }

  /** Scans {@code names}, one step of {@code progress} per entry. */
  static List<Function> scan(FileLayout layout, List<String> names, Progress progress)
      throws IOException {
    List<Function> functions = new ArrayList<>();
    for (String name : names) {
      functions.add(scan(layout, name, progress));
    }
    return functions;
  }

  static Function scan(FileLayout layout, String name, Progress progress) throws IOException {
    Function function = new Function(name);
    for (String fingerprint : layout.fingerprints(name)) {
      Version version = new Version(fingerprint,
          modifiedOrMinusOne(layout.manifest(name, fingerprint)));
      for (EntryKey key : layout.entries(name, fingerprint)) {
        Path path = layout.entry(key);
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // evicted or replaced meanwhile by a running program
        }
        long modified = a.lastModifiedTime().toMillis();
        // the library records hits in the modification time (store.EntryUses); an access time
        // may be nothing but a sweep reading the entry's header
        long use = modified;
        version.entries.add(new Entry(key, path, a.size(), modified, use));
        version.bytes += a.size();
        version.lastUseMillis = Math.max(version.lastUseMillis, use);
        version.firstModifiedMillis = Math.min(version.firstModifiedMillis, modified);
        progress.step();
      }
      function.versions.add(version);
    }
    function.versions.sort(Comparator.comparingLong(Version::appearedMillis)
        .thenComparing(v -> v.fingerprint));
    return function;
  }

  private static long modifiedOrMinusOne(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Deletes one entry; false when it was gone already. */
  static boolean deleteEntry(Entry e) throws IOException {
    return Files.deleteIfExists(e.path());
  }

  /**
   * Removes the shard folders of {@code function} at {@code fingerprint} that are empty; a
   * writer that was about to use one makes it again ({@link FileLayout} writes do).
   */
  static void removeEmptyShards(FileLayout layout, String function, String fingerprint)
      throws IOException {
    Path folder = layout.fingerprint(function, fingerprint);
    List<Path> shards = new ArrayList<>();
    try (var children = Files.newDirectoryStream(folder)) {
      for (Path child : children) {
        if (layout.kind(child) == FileLayout.Kind.SHARD) {
          shards.add(child);
        }
      }
    } catch (NoSuchFileException e) {
      return;
    }
    for (Path shard : shards) {
      removeIfEmpty(shard);
    }
  }

  static void removeIfEmpty(Path folder) throws IOException {
    try {
      Files.deleteIfExists(folder);
    } catch (DirectoryNotEmptyException e) {
      // something is still there (an entry written meanwhile, a file a person put there)
    }
  }
}
