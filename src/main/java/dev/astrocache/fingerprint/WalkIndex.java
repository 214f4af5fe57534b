package dev.astrocache.fingerprint;

import dev.astrocache.base.Classes;
import dev.astrocache.base.Descriptors;
import dev.astrocache.base.Hashes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The walks of earlier JVMs, one small file per root (impl class, API method, seeds), so that a
 * fresh JVM checks a stored walk instead of walking: it re-resolves every class the walk read
 * through the system class loader, as the walk would now, and compares where it comes from (a
 * jar by its stamp, a class file by the SHA-256 of its bytes) and that the classes the walk
 * did not find are still not found. Any difference, a corrupt or foreign file, or anything the
 * walk knew only from memory, and the root is walked again and its file rewritten.
 *
 * <p>Only walks made wholly through the system class loader are stored: its class path cannot
 * change in a running JVM, and {@link ClassLoader#getResource} asks it where it would load a
 * class from without loading it. Other loaders (plug-ins, child-first, JShell) and JVMs with
 * agents always walk. Live parts of a result (static input fields, static holders, resource
 * inputs' loader) are resolved again by name; one that does not resolve makes the root walk.
 *
 * <p>File layout: magic, format, the environment (Java version and home, the build of
 * astrocache), the root's key text, the class path's jars with their stamps, the reads, the
 * result, then the CRC-32C of all before it.
 */
final class WalkIndex {
  private static final byte[] MAGIC = "astrocache walk index\n".getBytes(
      java.nio.charset.StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;
  private static final String SUFFIX = ".walk";
  private static final AtomicLong COUNTER = new AtomicLong();

  /** What a stored walk is valid for beyond its reads: this JVM and this astrocache build. */
  private static final class Environment {
    static final String TEXT = "fingerprint " + Fingerprinter.FORMAT + "; java "
        + Runtime.version() + " at " + System.getProperty("java.home") + "; astrocache "
        + build();
  }

  private static final byte READ_JAR = 'J';
  private static final byte READ_FILE = 'F';
  private static final byte READ_ABSENT = 'A';

  private final Path folder;
  private final boolean verify;

  /**
   * @param folder where the files live (created when first written)
   * @param verify whether each answer is compared with a fresh walk (a test mode)
   */
  WalkIndex(Path folder, boolean verify) {
    this.folder = folder;
    this.verify = verify;
  }

  boolean verify() {
    return verify;
  }

  /** A stored walk's answer: the result and the reads the in-memory memo re-checks. */
  record Answer(MethodFingerprint result, Map<String, ClassSources.Read> reads) {}

  /** Whether a walk of this root may be stored or answered from a file at all. */
  static boolean eligible(Method api, Class<?> impl, Set<Class<?>> seeds) {
    if (Agents.TOKEN != null) {
      return false; // agents may transform what runs: the walk sees it, a file cannot
    }
    ClassLoader app = ClassLoader.getSystemClassLoader();
    if (!ordinary(impl) || impl.getClassLoader() != app || Classes.isJdk(impl)) {
      return false;
    }
    Class<?> declaring = api.getDeclaringClass();
    if (!ordinary(declaring) || !(declaring.getClassLoader() == app || Classes.isJdk(declaring))) {
      return false;
    }
    for (Class<?> s : seeds) {
      while (s.isArray()) {
        s = s.getComponentType();
      }
      if (!ordinary(s) || !(s.getClassLoader() == app || Classes.isJdk(s))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the walk of the code of {@code type} ({@link Fingerprinter#currentCodeOf}) may be
   * stored or answered from a file: a class of the system class loader, outside the JDK.
   */
  static boolean eligible(Class<?> type) {
    while (type.isArray()) {
      type = type.getComponentType();
    }
    return Agents.TOKEN == null && ordinary(type) && !Classes.isJdk(type)
        && type.getClassLoader() == ClassLoader.getSystemClassLoader();
  }

  /** The text the code of a class is known by. */
  static String keyText(Class<?> type) {
    return "code of " + type.getName();
  }

  private static boolean ordinary(Class<?> c) {
    return !c.isHidden() && !Proxy.isProxyClass(c) && !Classes.isGeneratedSubclass(c);
  }

  /** The text a root is known by: impl, API method and seeds, one a line, seeds sorted. */
  static String keyText(Method api, Class<?> impl, Set<Class<?>> seeds) {
    TreeSet<String> names = new TreeSet<>();
    for (Class<?> s : seeds) {
      names.add(s.getName());
    }
    return impl.getName() + "\n" + api.getDeclaringClass().getName() + "#" + api.getName()
        + Descriptors.of(api) + "\n" + String.join("\n", names);
  }

  private Path file(String keyText) {
    byte[] h = Hashes.sha256(keyText.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return folder.resolve(Hashes.hex(h, 0, 16) + SUFFIX);
  }

  /**
   * The stored walk of the root if its file is intact, made in this environment, and every
   * read still resolves to the same; otherwise null (walk).
   */
  Answer lookup(String keyText) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file(keyText));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable: walk, and the walk's store replaces it
    }
    try {
      return parse(bytes, keyText);
    } catch (IOException | RuntimeException | LinkageError e) {
      return null; // corrupt or foreign in a way the checksum did not catch: walk
    }
  }

  private static Answer parse(byte[] bytes, String keyText) throws IOException {
    int body = bytes.length - 8;
    if (body < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || checksum(bytes, body) != ByteBuffer.wrap(bytes, body, 8).getLong()) {
      return null;
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length,
        body - MAGIC.length));
    if (in.readInt() != FORMAT || !in.readUTF().equals(Environment.TEXT)
        || !in.readUTF().equals(keyText)) {
      return null;
    }
    ClassLoader app = ClassLoader.getSystemClassLoader();
    int jarCount = in.readInt();
    Path[] jars = new Path[jarCount];
    ClassSources.Stamp[] stamps = new ClassSources.Stamp[jarCount];
    for (int i = 0; i < jarCount; i++) {
      jars[i] = Path.of(in.readUTF());
      String stamp = in.readUTF();
      stamps[i] = ClassSources.stamp(jars[i]);
      if (stamps[i] == null || !stamp.equals(text(stamps[i]))
          || ClassSources.writtenSinceJvmStart(stamps[i])) {
        return null; // replaced, touched, or written after this JVM started
      }
    }
    int n = in.readInt();
    Map<String, ClassSources.Read> reads = new LinkedHashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      byte kind = in.readByte();
      ClassSources.Read read;
      switch (kind) {
        case READ_JAR -> {
          int jar = in.readInt();
          if (jar < 0 || jar >= jarCount || !jars[jar].equals(resolve(app, name))) {
            return null; // now found elsewhere (a shadowing class earlier on the class path)
          }
          ClassSources.noteJar(app, jars[jar], stamps[jar]);
          read = new ClassSources.Read(app, ClassSources.Kind.JAR, jars[jar], name + ".class",
              stamps[jar], null, null, false);
        }
        case READ_FILE -> {
          Path file = Path.of(in.readUTF());
          String digest = in.readUTF();
          if (!file.equals(resolve(app, name))) {
            return null;
          }
          ClassSources.Stamp now = ClassSources.stamp(file);
          if (now == null || ClassSources.writtenSinceJvmStart(now)) {
            return null;
          }
          String current = ClassGraph.digest(Files.readAllBytes(file));
          if (!current.equals(digest) || !ClassSources.noteFile(app, file, current)) {
            return null;
          }
          read = new ClassSources.Read(app, ClassSources.Kind.FILE, file, null, now, digest,
              null, false);
        }
        case READ_ABSENT -> {
          if (resolve(app, name) != ABSENT) {
            return null; // added since, or defined in this JVM
          }
          read = new ClassSources.Read(app, ClassSources.Kind.UNLOADED, null, null, null, null,
              null, false);
        }
        default -> {
          return null;
        }
      }
      reads.put(name, read);
    }
    MethodFingerprint result = readResult(in, app);
    return result == null ? null : new Answer(result, reads);
  }

  /** What {@link #resolve} answers for a class the system loader does not find. */
  private static final Path ABSENT = Path.of("/");
  /** How long a resolution is reused: as long as a proxy reuses its fingerprint by default. */
  private static final long RESOLVED_NANOS = 1_000_000_000L;
  private static final ConcurrentHashMap<String, Path> RESOLVED = new ConcurrentHashMap<>();
  private static volatile long resolvedSince = System.nanoTime();

  /**
   * Where the system class loader finds {@code internalName} now: the jar or the class file,
   * {@link #ABSENT} if it finds none and cannot load it, or null (somewhere else: the runtime
   * image, a URL that is not a file). The roots of a call share most classes, so an answer is
   * reused for a second: the reuse a proxy makes of its fingerprint by default ({@code recheck}).
   */
  private static Path resolve(ClassLoader app, String internalName) {
    long now = System.nanoTime();
    if (now - resolvedSince > RESOLVED_NANOS) {
      RESOLVED.clear();
      SystemClassPath.STAMPS.clear();
      resolvedSince = now;
    }
    Path known = RESOLVED.get(internalName);
    if (known != null) {
      return known;
    }
    Path where;
    if (SystemClassPath.ENTRIES != null) {
      where = SystemClassPath.find(internalName + ".class");
      if (where == null) {
        where = loadable(app, internalName) ? null : ABSENT;
      }
    } else {
      URL url = app.getResource(internalName + ".class");
      if (url == null) {
        where = loadable(app, internalName) ? null : ABSENT;
      } else if (url.getProtocol().equals("file")) {
        try {
          where = Path.of(url.toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
          where = null;
        }
      } else {
        where = jarOf(url);
      }
    }
    if (where != null) {
      RESOLVED.put(internalName, where);
    }
    return where;
  }

  /**
   * The system class loader's class path, when it is the JDK's own loader reading only
   * {@code java.class.path} (no module path, no boot class path append, no {@code Class-Path}
   * in a jar's manifest, every entry an existing folder or jar): then where it would load a
   * class from is found as it does, entry by entry, faster than asking it for the resource
   * (which builds a URL per class). Otherwise null, and the loader is asked.
   */
  private static final class SystemClassPath {
    static final Path[] ENTRIES = entries();
    private static final boolean[] FOLDER = folders();
    /** Each jar's stamp, taken once per {@link #RESOLVED_NANOS} with the resolutions. */
    static final ConcurrentHashMap<Path, String> STAMPS = new ConcurrentHashMap<>();

    private static boolean[] folders() {
      if (ENTRIES == null) {
        return null;
      }
      boolean[] folder = new boolean[ENTRIES.length];
      for (int i = 0; i < folder.length; i++) {
        folder[i] = Files.isDirectory(ENTRIES[i]);
      }
      return folder;
    }
    private static final ConcurrentHashMap<Path, OpenJar> JARS = new ConcurrentHashMap<>();

    private record OpenJar(String stamp, java.util.jar.JarFile jar) {}

    private static Path[] entries() {
      if (System.getProperty("java.system.class.loader") != null
          || System.getProperty("jdk.module.path") != null
          || System.getProperty("jdk.boot.class.path.append") != null
          || !ClassLoader.getSystemClassLoader().getClass().getName()
              .equals("jdk.internal.loader.ClassLoaders$AppClassLoader")) {
        return null;
      }
      String cp = System.getProperty("java.class.path");
      if (cp == null || cp.isEmpty()) {
        return null;
      }
      List<Path> entries = new ArrayList<>();
      try {
        for (String e : cp.split(java.io.File.pathSeparator, -1)) {
          if (e.isEmpty()) {
            return null;
          }
          Path p = Path.of(e).toRealPath();
          if (Files.isRegularFile(p)) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(p.toFile())) {
              java.util.jar.Manifest m = jar.getManifest();
              if (m != null && m.getMainAttributes().getValue("Class-Path") != null) {
                return null;
              }
            }
          } else if (!Files.isDirectory(p)) {
            return null;
          }
          entries.add(p);
        }
      } catch (IOException | RuntimeException e) {
        return null;
      }
      return entries.toArray(new Path[0]);
    }

    /** The class file or the jar that holds {@code resource} first, or null if none. */
    static Path find(String resource) {
      for (int i = 0; i < ENTRIES.length; i++) {
        Path e = ENTRIES[i];
        if (FOLDER[i]) {
          Path f = e.resolve(resource);
          if (Files.exists(f)) {
            return f;
          }
        } else if (holds(e, resource)) {
          return e;
        }
      }
      return null;
    }

    private static boolean holds(Path jar, String resource) {
      String text = STAMPS.computeIfAbsent(jar, j -> {
        ClassSources.Stamp stamp = ClassSources.stamp(j);
        return stamp == null ? "" : text(stamp);
      });
      if (text.isEmpty()) {
        return true; // gone: count it as found there, so nothing stored matches
      }
      OpenJar open = JARS.get(jar);
      try {
        if (open == null || !open.stamp().equals(text)) {
          synchronized (JARS) {
            open = JARS.get(jar);
            if (open == null || !open.stamp().equals(text)) {
              if (open != null) {
                open.jar().close();
              }
              // versioned entries as the JVM reads a multi-release jar
              open = new OpenJar(text, new java.util.jar.JarFile(jar.toFile(), true,
                  java.util.zip.ZipFile.OPEN_READ, Runtime.version()));
              JARS.put(jar, open);
            }
          }
        }
        synchronized (open) {
          return open.jar().getJarEntry(resource) != null;
        }
      } catch (IOException | RuntimeException e) {
        return true; // unreadable now: count it as found there, so nothing stored matches
      }
    }
  }

  /**
   * The CRC-32C of the first {@code length} bytes: it finds a torn or damaged file (the folder is
   * the user's own, as the entries' is; this is no defence against someone who may write there).
   */
  private static long checksum(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return crc.getValue();
  }

  private static boolean loadable(ClassLoader loader, String internalName) {
    try {
      Class.forName(Names.binary(internalName), false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The jar a {@code jar:file:...!/entry} URL points into, or null. */
  private static Path jarOf(URL url) {
    if (!url.getProtocol().equals("jar")) {
      return null;
    }
    String s = url.getPath(); // file:/path/to.jar!/entry
    int bang = s.indexOf("!/");
    if (bang < 0 || !s.startsWith("file:")) {
      return null;
    }
    try {
      return Path.of(URI.create(s.substring(0, bang)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String text(ClassSources.Stamp s) {
    return s.fileKey() + " " + s.modified().to(TimeUnit.NANOSECONDS) + " "
        + s.changed().to(TimeUnit.NANOSECONDS) + " " + s.size();
  }

  private static MethodFingerprint readResult(DataInputStream in, ClassLoader app)
      throws IOException {
    byte[] hash = new byte[in.readInt()];
    in.readFully(hash);
    int m = in.readInt();
    TreeMap<String, String> manifest = new TreeMap<>();
    for (int i = 0; i < m; i++) {
      manifest.put(in.readUTF(), in.readUTF());
    }
    Set<String> unresolved = readSet(in);
    int fields = in.readInt();
    List<Field> staticInputs = new ArrayList<>(fields);
    for (int i = 0; i < fields; i++) {
      Field f = field(app, in.readUTF(), in.readUTF());
      if (f == null) {
        return null;
      }
      staticInputs.add(f);
    }
    int holders = in.readInt();
    List<StaticHolder> staticHolders = new ArrayList<>(holders);
    // one immutable copy that every holder shares (StaticHolder's Set.copyOf returns it as is)
    Set<String> changed = holders == 0 ? Set.of() : Set.copyOf(readSet(in));
    for (int i = 0; i < holders; i++) {
      Field f = field(app, in.readUTF(), in.readUTF());
      boolean filledByCode = in.readBoolean();
      if (f == null) {
        return null;
      }
      staticHolders.add(new StaticHolder(f, changed, filledByCode));
    }
    int ambient = in.readInt();
    List<AmbientInput> inputs = new ArrayList<>(ambient);
    for (int i = 0; i < ambient; i++) {
      AmbientInput.Kind kind = AmbientInput.Kind.valueOf(in.readUTF());
      String name = in.readUTF();
      byte loader = in.readByte();
      inputs.add(new AmbientInput(kind, name, loader == 0 ? null : app));
    }
    Set<String> ambientUnresolved = readSet(in);
    return new MethodFingerprint(hash, Collections.unmodifiableSortedMap(manifest),
        unresolved, List.copyOf(staticInputs), List.copyOf(staticHolders), List.copyOf(inputs),
        ambientUnresolved);
  }

  private static Set<String> readSet(DataInputStream in) throws IOException {
    int n = in.readInt();
    TreeSet<String> set = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      set.add(in.readUTF());
    }
    return Collections.unmodifiableSet(set);
  }

  private static Field field(ClassLoader app, String owner, String name) {
    try {
      Field f = Class.forName(owner, false, app).getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  /**
   * Stores a walk of the root ({@code withManifest}: with its manifest, else its hash stands for
   * it) if everything it read came through the system class loader from
   * a jar or a class file, or was not found, and its code is cacheable; otherwise removes the
   * root's file. Failures to write are ignored: the index is only a cache.
   */
  void store(String keyText, MethodFingerprint result, Map<String, ClassSources.Read> reads,
      boolean withManifest) {
    Path file = file(keyText);
    byte[] bytes = result.notCacheable().isEmpty()
        ? encode(keyText, result, reads, withManifest) : null;
    try {
      if (bytes == null) {
        Files.deleteIfExists(file);
        return;
      }
      write(file, bytes);
    } catch (IOException | RuntimeException e) {
      // not written: the next JVM walks
    }
  }

  private static byte[] encode(String keyText, MethodFingerprint result,
      Map<String, ClassSources.Read> reads, boolean withManifest) {
    ClassLoader app = ClassLoader.getSystemClassLoader();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(FORMAT);
      out.writeUTF(Environment.TEXT);
      out.writeUTF(keyText);
      Map<Path, Integer> jars = new LinkedHashMap<>();
      Map<Path, ClassSources.Stamp> stamps = new HashMap<>();
      for (ClassSources.Read r : reads.values()) {
        if (r.kind == ClassSources.Kind.JAR) {
          jars.putIfAbsent(r.file, jars.size());
          ClassSources.Stamp first = stamps.putIfAbsent(r.file, r.stamp);
          if (first != null && !first.equals(r.stamp)) {
            return null; // the jar changed during the walk
          }
        }
      }
      out.writeInt(jars.size());
      for (Path jar : jars.keySet()) {
        out.writeUTF(jar.toString());
        out.writeUTF(text(stamps.get(jar)));
      }
      out.writeInt(reads.size());
      for (Map.Entry<String, ClassSources.Read> e : reads.entrySet()) {
        ClassSources.Read r = e.getValue();
        if (r.loaderGone() || r.loader() != app || r.stale != null || r.unreadable) {
          return null;
        }
        out.writeUTF(e.getKey());
        switch (r.kind) {
          case JAR -> {
            out.writeByte(READ_JAR);
            out.writeInt(jars.get(r.file));
          }
          case FILE -> {
            out.writeByte(READ_FILE);
            out.writeUTF(r.file.toString());
            out.writeUTF(r.digest);
          }
          case UNLOADED -> {
            if (r.digest != null) {
              return null; // bytes found but not loadable: not a state a file can check
            }
            out.writeByte(READ_ABSENT);
          }
          default -> {
            return null; // known only from memory
          }
        }
      }
      out.writeInt(result.hash().length);
      out.write(result.hash());
      // the code of a class counts by its hash alone: its manifest is not kept
      out.writeInt(withManifest ? result.manifest().size() : 0);
      for (Map.Entry<String, String> e : withManifest ? result.manifest().entrySet()
          : Map.<String, String>of().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      writeSet(out, result.unresolved());
      out.writeInt(result.staticInputs().size());
      for (Field f : result.staticInputs()) {
        out.writeUTF(f.getDeclaringClass().getName());
        out.writeUTF(f.getName());
      }
      out.writeInt(result.staticHolders().size());
      if (!result.staticHolders().isEmpty()) {
        writeSet(out, result.staticHolders().get(0).changedByCode());
      }
      for (StaticHolder h : result.staticHolders()) {
        out.writeUTF(h.field().getDeclaringClass().getName());
        out.writeUTF(h.field().getName());
        out.writeBoolean(h.filledByCode());
      }
      out.writeInt(result.ambientInputs().size());
      for (AmbientInput a : result.ambientInputs()) {
        if (a.loader() != null && a.loader() != app) {
          return null;
        }
        out.writeUTF(a.kind().name());
        out.writeUTF(a.name());
        out.writeByte(a.loader() == null ? 0 : 1);
      }
      writeSet(out, result.ambientUnresolved());
      out.flush();
      byte[] body = bytes.toByteArray();
      byte[] all = Arrays.copyOf(body, body.length + 8);
      ByteBuffer.wrap(all, body.length, 8).putLong(checksum(body, body.length));
      return all;
    } catch (IOException | RuntimeException e) {
      return null; // a string too long for the format, say: not stored
    }
  }

  private static void writeSet(DataOutputStream out, Set<String> set) throws IOException {
    out.writeInt(set.size());
    for (String s : new TreeSet<>(set)) {
      out.writeUTF(s);
    }
  }

  /** Writes the file whole or not at all: a temporary file beside it, then a rename. */
  private void write(Path file, byte[] bytes) throws IOException {
    if (!Files.isDirectory(folder)) {
      try {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(folder);
      }
    }
    Path temp = folder.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid()
        + "." + Long.toHexString(COUNTER.incrementAndGet()) + ".tmp");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The build of astrocache that runs: its jar's stamp, or for a class folder the latest
   * modification among the class files of the packages that make a fingerprint, so that a
   * rebuilt astrocache never trusts an older one's walks.
   */
  private static String build() {
    try {
      String version = WalkIndex.class.getPackage().getImplementationVersion();
      CodeSource cs = WalkIndex.class.getProtectionDomain().getCodeSource();
      Path location = Path.of(cs.getLocation().toURI());
      if (Files.isRegularFile(location)) {
        ClassSources.Stamp s = ClassSources.stamp(location);
        return version + " " + location + " " + (s == null ? "?" : text(s));
      }
      long latest = 0;
      int count = 0;
      for (String pkg : List.of("dev/astrocache/fingerprint", "dev/astrocache/classfile",
          "dev/astrocache/base")) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(location.resolve(pkg))) {
          for (Path f : files) {
            FileTime t = Files.getLastModifiedTime(f);
            latest = Math.max(latest, t.to(TimeUnit.NANOSECONDS));
            count++;
          }
        }
      }
      return version + " " + location + " " + count + " files, latest " + latest;
    } catch (Exception e) {
      // unknown build: a value no other JVM shares, so nothing stored is trusted
      return "unknown " + System.nanoTime() + " " + ProcessHandle.current().pid();
    }
  }
}
