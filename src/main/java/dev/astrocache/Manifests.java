package dev.astrocache;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manifests kept beside the entries, {@code <dir>/<function>/<fingerprint>/manifest.txt}:
 * one reached method per line, {@code binary.ClassName#name(descriptor) hash}, sorted. When a
 * call misses while an older fingerprint of the same function has entries, the difference
 * between the two manifests says which methods changed.
 */
final class Manifests {
  static final String FILE = "manifest.txt";
  /** Methods named per section of a miss explanation; a library upgrade can change thousands. */
  static final int LISTED = 20;
  private static final System.Logger LOG = System.getLogger("dev.astrocache");
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path directory;
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final Set<String> explained = ConcurrentHashMap.newKeySet();

  Manifests(Path directory) {
    this.directory = directory;
  }

  static String text(SortedMap<String, String> manifest) {
    StringBuilder b = new StringBuilder();
    manifest.forEach((method, hash) -> b.append(method).append(' ').append(hash).append('\n'));
    return b.toString();
  }

  static SortedMap<String, String> parse(String text) {
    SortedMap<String, String> m = new TreeMap<>();
    for (String line : text.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (space > 0) {
        m.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return m;
  }

  /** Writes the manifest of {@code function} at {@code fingerprint}, once per process. */
  void record(String function, String fingerprint, SortedMap<String, String> manifest) {
    if (!written.add(function + "/" + fingerprint)) {
      return;
    }
    Path dir = directory.resolve(function).resolve(fingerprint);
    Path file = dir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return;
      }
      createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".manifest", ".tmp");
      Files.writeString(tmp, text(manifest), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "astrocache: cannot write " + file + ": " + e);
    }
  }

  private void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (dir.equals(directory)) {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } else if (parent != null) {
      createDirectories(parent);
    }
    try {
      if (POSIX) {
        Files.createDirectory(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // made by another thread or process meanwhile
    }
  }

  /**
   * On the first miss of {@code function} at {@code fingerprint} in this process: if another
   * fingerprint of the function has entries, logs which reached methods changed, appeared or
   * disappeared since the most recent of them. When {@code implementation} (the method that
   * runs, as manifests name it) is in the manifest, only fingerprints that reached it too are
   * compared: another implementation of the same interface is not an edit of this one.
   */
  void explainMiss(String function, String fingerprint, SortedMap<String, String> manifest,
      String implementation) {
    String root = implementation != null && manifest.containsKey(implementation)
        ? implementation : null;
    if (!explained.add(function + "/" + fingerprint)) {
      return;
    }
    Path older = null;
    SortedMap<String, String> before = null;
    FileTime newest = null;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(directory.resolve(function))) {
      for (Path d : dirs) {
        Path m = d.resolve(FILE);
        if (d.getFileName().toString().equals(fingerprint) || !Files.isRegularFile(m)
            || !hasEntries(d)) {
          continue;
        }
        FileTime t = Files.getLastModifiedTime(m);
        if (newest == null || t.compareTo(newest) > 0) {
          SortedMap<String, String> candidate =
              parse(Files.readString(m, StandardCharsets.UTF_8));
          if (root == null || candidate.containsKey(root)) {
            newest = t;
            older = d;
            before = candidate;
          }
        }
      }
      if (older == null) {
        return;
      }
      LOG.log(Level.INFO, describe(function, older.getFileName().toString(), before, manifest));
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "astrocache: cannot compare manifests of " + function + ": " + e);
    }
  }

  private static boolean hasEntries(Path fingerprintDir) throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(fingerprintDir, Files::isDirectory)) {
      return children.iterator().hasNext();
    }
  }

  static String describe(String function, String olderFingerprint,
      Map<String, String> before, Map<String, String> now) {
    List<String> changed = new ArrayList<>();
    List<String> appeared = new ArrayList<>();
    List<String> disappeared = new ArrayList<>();
    now.forEach((m, h) -> {
      String old = before.get(m);
      if (old == null) {
        appeared.add(m);
      } else if (!old.equals(h)) {
        changed.add(m);
      }
    });
    before.keySet().stream().filter(m -> !now.containsKey(m)).forEach(disappeared::add);
    StringBuilder b = new StringBuilder("astrocache: ").append(function)
        .append(" misses: its code changed since fingerprint ")
        .append(olderFingerprint, 0, Math.min(12, olderFingerprint.length())).append(':');
    section(b, "changed", changed);
    section(b, "appeared", appeared);
    section(b, "disappeared", disappeared);
    if (changed.isEmpty() && appeared.isEmpty() && disappeared.isEmpty()) {
      b.append(" no reached method changed (a class's supertypes, the Java version or a type"
          + " seen at run time did)");
    }
    return b.toString();
  }

  private static void section(StringBuilder b, String title, List<String> methods) {
    if (methods.isEmpty()) {
      return;
    }
    b.append("\n  ").append(title).append(": ")
        .append(String.join(", ", methods.subList(0, Math.min(LISTED, methods.size()))));
    if (methods.size() > LISTED) {
      b.append(", and ").append(methods.size() - LISTED)
          .append(" more (the manifest.txt files beside the entries list them all)");
    }
  }
}
