package dev.astrocache.fingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Where a class's bytes are read from, and whether they are known to be the bytes that run.
 *
 * <p>A class is read from where it was defined: the class is looked up through the referring
 * class's loader without initializing it, and its bytes are read from its defining loader's
 * code source (a class directory or a jar), so that a child-first loader's own copy is read,
 * not the parent's. A class without a file code source (JShell's snippets, a class defined from
 * memory) is read through its defining loader's resources, which is what JShell updates when it
 * redefines a class.
 *
 * <p>The bytes on disk can differ from the code that runs: a class file or jar rewritten after
 * the class was loaded. A file's stamp (modification and change times, size, file key) and the
 * digest of each class at its first read in this JVM are kept; a read is <em>stale</em> when the
 * class's bytes differ from that first read, when its jar changed since it was first opened, or,
 * for classes of the system class loader (which loads from its class path since the JVM
 * started), when the file was written after the JVM started. Nothing may be cached under a
 * fingerprint made of stale bytes.
 */
final class ClassSources {
  /**
   * When this process started, as the OS tells it (java.base): on Linux from the boot time in
   * whole seconds, so up to a second off. Files older than this by a margin need no more.
   */
  private static final long PROCESS_START = processStart();
  private static final long MARGIN_MILLIS = 5_000;

  private static long processStart() {
    Optional<Instant> start = ProcessHandle.current().info().startInstant();
    return start.isPresent() ? start.get().toEpochMilli() : Long.MIN_VALUE;
  }

  /**
   * When this JVM started, to the millisecond (the runtime MXBean reads the time the VM recorded
   * at its creation): a file written later may hold other bytes than the loaded class. Asked
   * only for files written near or after the process's start.
   */
  private static final class JvmStart {
    static final long MILLIS = millis();

    private static long millis() {
      try {
        return ManagementFactory.getRuntimeMXBean().getStartTime();
      } catch (LinkageError | RuntimeException e) {
        // without java.management: the process's start, a second early at worst on Linux
        return PROCESS_START == Long.MIN_VALUE ? Long.MIN_VALUE : PROCESS_START - MARGIN_MILLIS;
      }
    }
  }

  /** Whether a file with this stamp may have been written after this JVM started. */
  static boolean writtenSinceJvmStart(Stamp stamp) {
    if (PROCESS_START != Long.MIN_VALUE && stamp.latestMillis() < PROCESS_START - MARGIN_MILLIS) {
      return false;
    }
    return stamp.latestMillis() >= JvmStart.MILLIS;
  }

  /**
   * Per defining loader (weakly held), the digest of each class file or jar entry at its first
   * read in this JVM and each jar's stamp when first read from: a new loader defines its
   * classes from the bytes it finds, so it starts afresh.
   */
  private static final Map<ClassLoader, Firsts> FIRSTS = new WeakHashMap<>();
  /** Open jars by path, reopened when the file's stamp changes. */
  private static final ConcurrentHashMap<Path, OpenJar> JARS = new ConcurrentHashMap<>();

  private ClassSources() {}

  /** What one loader's classes read at first. */
  private record Firsts(ConcurrentHashMap<String, String> digests,
      ConcurrentHashMap<Path, Stamp> jars) {}

  private static Firsts firsts(ClassLoader loader) {
    synchronized (FIRSTS) {
      // not computeIfAbsent with a lambda: a fresh JVM's first hit comes here (issue 13)
      Firsts f = FIRSTS.get(loader);
      if (f == null) {
        f = new Firsts(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        FIRSTS.put(loader, f);
      }
      return f;
    }
  }

  /** What identifies a file's content without reading it. */
  record Stamp(Object fileKey, FileTime modified, FileTime changed, long size) {
    long latestMillis() {
      return Math.max(modified.toMillis(), changed.toMillis());
    }
  }

  /** The kinds of place bytes come from. */
  enum Kind {
    /** A class file in a directory: stamped. */
    FILE,
    /** An entry of a jar file: the jar is stamped. */
    JAR,
    /** The defining loader's resources (no file): re-read to check. */
    MEMORY,
    /** Not loadable through the referring loader: read through its resources, never runs. */
    UNLOADED
  }

  /**
   * One read: the loader that defined the class (weakly held: no memo keeps a loader alive),
   * where the bytes came from, their digest (null if none), and why they may not be what runs
   * (null if they are).
   */
  static final class Read {
    private final Reference<ClassLoader> loader;
    private final boolean boot;
    final Kind kind;
    final Path file;
    final String entry;
    final Stamp stamp;
    final String digest;
    final String stale;
    /** Whether the class is defined in this JVM but its bytes cannot be read. */
    final boolean unreadable;

    Read(ClassLoader loader, Kind kind, Path file, String entry, Stamp stamp, String digest,
        String stale, boolean unreadable) {
      this.loader = new WeakReference<>(loader);
      this.boot = loader == null;
      this.kind = kind;
      this.file = file;
      this.entry = entry;
      this.stamp = stamp;
      this.digest = digest;
      this.stale = stale;
      this.unreadable = unreadable;
    }

    /** The defining loader, or null for the boot loader or once the loader is gone. */
    ClassLoader loader() {
      return loader.get();
    }

    /** Whether the loader is gone (the class with it): a memo of it is useless. */
    boolean loaderGone() {
      return !boot && loader.get() == null;
    }

    /**
     * Whether a read now would find the same bytes: a file's or jar's stamp is unchanged, a
     * class from memory still reads the same (it is re-read, so this costs a read and a hash).
     */
    boolean unchanged(String internalName) {
      if (loaderGone()) {
        return false;
      }
      switch (kind) {
        case FILE:
        case JAR:
          return Objects.equals(stamp(file), stamp);
        default:
          byte[] bytes = resource(loader(), internalName);
          return Objects.equals(bytes == null ? null : ClassGraph.digest(bytes), digest);
      }
    }
  }

  /** The bytes and the read that found them. */
  record Found(byte[] bytes, Read read) {}

  /**
   * Reads {@code internalName} as {@code initiating} resolves it. The class is loaded (not
   * initialized) if it was not yet.
   */
  static Found read(ClassLoader initiating, String internalName) {
    Class<?> type = load(initiating, internalName);
    if (type == null) {
      byte[] bytes = resource(initiating, internalName);
      String digest = bytes == null ? null : ClassGraph.digest(bytes);
      return new Found(bytes, new Read(initiating, Kind.UNLOADED, null, null, null, digest, null,
          false));
    }
    ClassLoader defining = type.getClassLoader();
    Path location = location(type);
    try {
      if (location != null && Files.isDirectory(location)) {
        Path file = location.resolve(internalName + ".class");
        Stamp stamp = stamp(file);
        byte[] bytes = stamp == null ? null : Files.readAllBytes(file);
        if (bytes != null) {
          String digest = ClassGraph.digest(bytes);
          String stale = stale(defining, file.toString(), digest, stamp, null);
          return new Found(bytes, new Read(defining, Kind.FILE, file, null, stamp, digest, stale,
              false));
        }
      } else if (location != null && Files.isRegularFile(location)) {
        String entry = internalName + ".class";
        Stamp stamp = stamp(location);
        byte[] bytes = stamp == null ? null : jarEntry(location, stamp, entry);
        if (bytes != null) {
          String digest = ClassGraph.digest(bytes);
          Stamp first = firsts(defining).jars().computeIfAbsent(location, p -> stamp);
          String stale = stale(defining, location + "!/" + entry, digest, stamp, first);
          return new Found(bytes, new Read(defining, Kind.JAR, location, entry, stamp, digest,
              stale, false));
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable at its code source: try its loader's resources
    }
    byte[] bytes = shadowed(defining, internalName) ? null : resource(defining, internalName);
    String digest = bytes == null ? null : ClassGraph.digest(bytes);
    return new Found(bytes, new Read(defining, Kind.MEMORY, null, null, null, digest, null,
        bytes == null));
  }

  /**
   * Notes a jar's stamp as this JVM's first for the loader, as a read from it would: for a walk
   * answered from the index ({@link WalkIndex}), which reads no bytes.
   */
  static void noteJar(ClassLoader defining, Path jar, Stamp stamp) {
    firsts(defining).jars().putIfAbsent(jar, stamp);
  }

  /**
   * Notes a class file's digest as this JVM's first read of it, as a read would; false if this
   * JVM first read other bytes there (the file changed since: stale).
   */
  static boolean noteFile(ClassLoader defining, Path file, String digest) {
    String first = firsts(defining).digests().putIfAbsent(file.toString(), digest);
    return first == null || first.equals(digest);
  }

  private static String stale(ClassLoader defining, String where, String digest, Stamp stamp,
      Stamp firstJarStamp) {
    String first = firsts(defining).digests().putIfAbsent(where, digest);
    if (first != null && !first.equals(digest)) {
      return where + " changed on disk after this JVM first read it";
    }
    if (first == null && firstJarStamp != null && !firstJarStamp.equals(stamp)) {
      return where + ": its jar changed on disk after this JVM first read from it";
    }
    if (defining == ClassLoader.getSystemClassLoader() && writtenSinceJvmStart(stamp)) {
      // the system loader may have loaded the class from the older file before it was written
      return where + " was written after this JVM started";
    }
    return null;
  }

  private static Class<?> load(ClassLoader initiating, String internalName) {
    try {
      return Class.forName(Names.binary(internalName), false, initiating);
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** The file or directory a class was defined from, or null (no code source, not a file). */
  private static Path location(Class<?> type) {
    try {
      CodeSource cs = type.getProtectionDomain().getCodeSource();
      URL url = cs == null ? null : cs.getLocation();
      if (url == null || !url.getProtocol().equals("file")) {
        return null;
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether the resource the defining loader serves for a class is its parent's, although the
   * class was defined by the child (a child-first loader without a code source): those bytes
   * are not the class's.
   */
  private static boolean shadowed(ClassLoader defining, String internalName) {
    if (defining == null || defining.getParent() == null) {
      return false;
    }
    String resource = internalName + ".class";
    URL own = defining.getResource(resource);
    return own != null && own.equals(defining.getParent().getResource(resource));
  }

  static byte[] resource(ClassLoader loader, String internalName) {
    String resource = internalName + ".class";
    try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
        : loader.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The file's stamp, or null if it cannot be read. */
  static Stamp stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      FileTime changed = a.lastModifiedTime();
      try {
        // a file moved into place keeps its modification time; its change time moves
        Object ctime = Files.getAttribute(file, "unix:ctime");
        if (ctime instanceof FileTime t) {
          changed = t;
        }
      } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
        // no change time here: the modification time stands in
      }
      return new Stamp(a.fileKey(), a.lastModifiedTime(), changed, a.size());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private record OpenJar(Stamp stamp, JarFile zip) {}

  private static byte[] jarEntry(Path jar, Stamp stamp, String entry) throws IOException {
    OpenJar open = JARS.get(jar);
    if (open == null || !open.stamp().equals(stamp)) {
      synchronized (JARS) {
        open = JARS.get(jar);
        if (open == null || !open.stamp().equals(stamp)) {
          if (open != null) {
            open.zip().close();
          }
          // versioned entries as the JVM reads a multi-release jar
          open = new OpenJar(stamp, new JarFile(jar.toFile(), true, ZipFile.OPEN_READ,
              Runtime.version()));
          JARS.put(jar, open);
        }
      }
    }
    synchronized (open) {
      JarEntry e = open.zip().getJarEntry(entry);
      if (e == null) {
        return null;
      }
      try (InputStream in = open.zip().getInputStream(e)) {
        return in.readAllBytes();
      }
    }
  }
}
