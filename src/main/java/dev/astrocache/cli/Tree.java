package dev.astrocache.cli;

import dev.astrocache.spi.EntryKey;
import dev.astrocache.store.FileLayout;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cache directory holds, as {@link FileLayout} lists it: the functions, each one's code
 * versions and their entries with size and times. A code version is what {@link
 * FileLayout#codeVersion} says, as the file store's {@code max.versions} counts them: one
 * fingerprint folder, or several when the code reads ambient inputs (a folder per combination of
 * their values, whose manifests differ only in their input lines). A folder counts as a function
 * only when it has at least one fingerprint folder, so that a wrong directory does not show its
 * folders as functions.
 */
final class Tree {
  /**
   * One entry file. {@code lastUseMillis} is its last recorded use: its modification time, which
   * {@code modified} gives whole (the library counts uses in its nanoseconds).
   */
  record Entry(EntryKey key, Path path, long bytes, FileTime modified, long lastUseMillis) {}

  /** One code version of a function: one fingerprint folder, or one per ambient variant. */
  static final class Version {
    /** The code version, {@link FileLayout#codeVersion}. */
    final String code;
    /** Its fingerprint folders, the first appeared first: more than one with ambient inputs. */
    final List<String> fingerprints = new ArrayList<>();
    /** When its first manifest was written (its first computed call), or -1 without one. */
    long manifestMillis = -1;
    final List<Entry> entries = new ArrayList<>();
    long bytes;
    long lastUseMillis = -1;
    long firstModifiedMillis = Long.MAX_VALUE;

    Version(String code) {
      this.code = code;
    }

    /**
     * What names the version: its fingerprint when it has one folder, else the hash of its code
     * that {@link FileLayout#codeVersion} gives.
     */
    String id() {
      return code.startsWith(CODE_PREFIX) ? code.substring(CODE_PREFIX.length()) : code;
    }

    /** The fingerprint folders of the version: its ambient variants, 1 without ambient inputs. */
    int variants() {
      return fingerprints.size();
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

  private static final String CODE_PREFIX = "code:";

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
    Map<String, Version> byCode = new LinkedHashMap<>();
    Map<String, Long> folderAppeared = new HashMap<>();
    for (String fingerprint : layout.fingerprints(name)) {
      Version version = byCode.computeIfAbsent(layout.codeVersion(name, fingerprint),
          Version::new);
      long manifest = modifiedOrMinusOne(layout.manifest(name, fingerprint));
      if (manifest >= 0 && (version.manifestMillis < 0 || manifest < version.manifestMillis)) {
        version.manifestMillis = manifest;
      }
      version.fingerprints.add(fingerprint);
      long folderFirst = Long.MAX_VALUE;
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
        version.entries.add(new Entry(key, path, a.size(), a.lastModifiedTime(), use));
        version.bytes += a.size();
        version.lastUseMillis = Math.max(version.lastUseMillis, use);
        version.firstModifiedMillis = Math.min(version.firstModifiedMillis, modified);
        folderFirst = Math.min(folderFirst, modified);
        progress.step();
      }
      folderAppeared.put(fingerprint, manifest >= 0 ? manifest : folderFirst);
    }
    for (Version version : byCode.values()) {
      version.fingerprints.sort(Comparator.comparingLong((String f) -> folderAppeared.get(f))
          .thenComparing(Comparator.naturalOrder()));
      function.versions.add(version);
    }
    function.versions.sort(Comparator.comparingLong(Version::appearedMillis)
        .thenComparing(v -> v.code));
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
   * Removes the shard folders of {@code function} at {@code fingerprint} (a folder of a code
   * version) that are empty; a writer that was about to use one makes it again ({@link
   * FileLayout} writes do).
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
