package dev.astrocache;

import dev.astrocache.base.Hashes;
import dev.astrocache.fingerprint.AmbientInput;
import dev.astrocache.fingerprint.MethodFingerprint;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a call reads from outside the program, read at call time for its key (see
 * {@link CallKey}): the default locale of each category, time zone, charset and line separator
 * for every call; the system properties, environment variables, class-path resources and files
 * the reached code reads under a constant name ({@link MethodFingerprint#ambientInputs()}); the
 * files that {@code Path} and {@code File} arguments and state fields name.
 *
 * <p>Values enter keys and manifests as SHA-256 hashes only, never as text (a property or a
 * variable may hold a secret); messages name the input, never its value. The hit path reads
 * each input without hashing when it is unchanged: a property or variable by its string, a
 * resource or a regular file by its size and modification time, the defaults by identity.
 */
final class Ambient {
  /**
   * The most files below a directory that count by name, size and time; a larger directory
   * counts by its name only, with one warning.
   */
  static final int DIRECTORY_LIMIT = 1000;
  /** Manifest lines of ambient inputs start with this, then the input, then its value hash. */
  static final String MANIFEST_PREFIX = "ambient: ";
  /** What {@code explain()} lists for the defaults that count in every key. */
  static final String DEFAULTS = "default locale (each category), time zone, charset and line"
      + " separator";

  private static final byte[] FORMAT = utf8("astrocache.ambient/1");
  private static final byte[][] NONE = {};
  private static final byte[] DEFAULTS_NAME = utf8("defaults");
  /** Resource contents by URL, with the file time they were read at: one read per JVM. */
  private static final ConcurrentHashMap<String, Content> RESOURCES = new ConcurrentHashMap<>();
  private static volatile Defaults defaults;

  private static final ClassValue<Field[]> PATH_FIELDS = new ClassValue<>() {
    @Override
    protected Field[] computeValue(Class<?> type) {
      List<Field> fields = new ArrayList<>();
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          int m = f.getModifiers();
          if (!Modifier.isStatic(m) && !Modifier.isTransient(m)
              && !f.isAnnotationPresent(NotKey.class)
              && (Path.class.isAssignableFrom(f.getType()) || f.getType() == File.class)) {
            try {
              f.setAccessible(true);
              fields.add(f);
            } catch (RuntimeException e) {
              // not opened to us: the state's encoding reports it, by its rules
            }
          }
        }
      }
      return fields.toArray(new Field[0]);
    }
  };

  /** The most regular files whose hash {@link #file} keeps by size and time. */
  private static final int STATS_KEPT = 4096;
  private static final byte[][] ARGUMENT_PLACES = new byte[16][];

  static {
    for (int i = 0; i < ARGUMENT_PLACES.length; i++) {
      ARGUMENT_PLACES[i] = utf8("argument " + i);
    }
  }

  private final boolean content;
  private final FailurePolicy failures;
  private final ConcurrentHashMap<Path, Stat> stats = new ConcurrentHashMap<>();

  private record Stat(long size, FileTime modified, byte[] hash) {}

  /**
   * @param content {@code paths=content}: files count by a hash of their bytes rather than by
   *     size and modification time
   */
  Ambient(boolean content, FailurePolicy failures) {
    this.content = content;
    this.failures = failures;
  }

  /** The values of one fingerprint's inputs as last read, and the code they make. */
  record Values(byte[][] hashes, byte[][] parts, MethodPlan.Code code) {}

  /**
   * The readers of {@code f}'s ambient inputs, for the {@link MethodPlan.Code} that owns them;
   * {@code made} hears of each combination of values not seen before in this process (the
   * manifest to write).
   */
  Memo memo(MethodFingerprint f, Consumer<MethodPlan.Code> made) {
    return new Memo(f, made);
  }

  /**
   * One fingerprint's inputs. Without any, the entry's fingerprint is the code's; with some, it
   * is a hash of the code's and the inputs' values, and its manifest lists each input with the
   * hash of its value, so that a miss after a change can say which input changed.
   */
  final class Memo {
    private final List<AmbientInput> inputs;
    private final Reader[] readers;
    private final byte[][] names;
    private final Consumer<MethodPlan.Code> made;
    private volatile Values last;

    private Memo(MethodFingerprint f, Consumer<MethodPlan.Code> made) {
      this.inputs = f.ambientInputs();
      this.made = made;
      readers = new Reader[inputs.size()];
      names = new byte[inputs.size()][];
      for (int i = 0; i < readers.length; i++) {
        AmbientInput in = inputs.get(i);
        names[i] = utf8(in.describe());
        readers[i] = reader(in);
      }
    }

    /** The inputs, by kind then name. */
    List<AmbientInput> inputs() {
      return inputs;
    }

    /** The values now, for the code {@code base} (the one owning this memo). */
    Values current(MethodPlan.Code base) {
      byte[] d = defaults();
      Values l = last;
      if (l != null && l.hashes[0] == d) {
        boolean same = true;
        for (int i = 0; i < readers.length && same; i++) {
          same = readers[i].current() == l.hashes[i + 1];
        }
        if (same) {
          return l;
        }
      }
      byte[][] hashes = new byte[readers.length + 1][];
      hashes[0] = d;
      for (int i = 0; i < readers.length; i++) {
        hashes[i + 1] = readers[i].current();
      }
      byte[][] parts = new byte[2 * hashes.length][];
      parts[0] = DEFAULTS_NAME;
      parts[1] = d;
      for (int i = 0; i < readers.length; i++) {
        parts[2 * i + 2] = names[i];
        parts[2 * i + 3] = hashes[i + 1];
      }
      MethodPlan.Code code = readers.length == 0 ? base : combined(base, hashes);
      Values v = new Values(hashes, parts, code);
      last = v;
      if (code != base) {
        made.accept(code);
      }
      return v;
    }

    private MethodPlan.Code combined(MethodPlan.Code base, byte[][] hashes) {
      MessageDigest sha = Hashes.sha256();
      sha.update(FORMAT);
      sha.update(base.hash());
      TreeMap<String, String> manifest = new TreeMap<>(base.fingerprint().manifest());
      for (int i = 0; i < readers.length; i++) {
        update(sha, names[i]);
        update(sha, hashes[i + 1]);
        manifest.put(MANIFEST_PREFIX + inputs.get(i).describe(), Hashes.hex(hashes[i + 1]));
      }
      byte[] hash = sha.digest();
      MethodFingerprint f = base.fingerprint();
      MethodFingerprint withValues = new MethodFingerprint(hash, manifest, f.unresolved(),
          f.staticInputs(), f.staticHolders(), f.ambientInputs(), f.ambientUnresolved(),
          f.notCacheable());
      return new MethodPlan.Code(hash, Hashes.hex(hash), withValues, base.ambient());
    }
  }

  /**
   * The key parts of the files that {@code impl}'s {@code Path} and {@code File} fields and the
   * {@code Path} and {@code File} arguments name, each as its place ({@code argument 0}, {@code
   * field p.Impl.data}) then the hash of the file; none when there are none. Fields and the
   * arguments that {@code leftOut} marks ({@code @NotKey}) are left out, as their values are.
   */
  byte[][] paths(Object impl, Object[] args, boolean[] leftOut) {
    List<byte[]> parts = null;
    for (int i = 0; i < args.length; i++) {
      Path p = leftOut[i] ? null : path(args[i]);
      if (p != null) {
        parts = parts == null ? new ArrayList<>() : parts;
        parts.add(i < ARGUMENT_PLACES.length ? ARGUMENT_PLACES[i] : utf8("argument " + i));
        parts.add(file(p));
      }
    }
    for (Field f : PATH_FIELDS.get(impl.getClass())) {
      Object value;
      try {
        value = f.get(impl);
      } catch (IllegalAccessException | RuntimeException e) {
        continue;
      }
      Path p = path(value);
      if (p != null) {
        parts = parts == null ? new ArrayList<>() : parts;
        parts.add(utf8("field " + f.getDeclaringClass().getName() + "." + f.getName()));
        parts.add(file(p));
      }
    }
    return parts == null ? NONE : parts.toArray(new byte[0][]);
  }

  private static Path path(Object value) {
    if (value instanceof Path p) {
      return p;
    }
    if (value instanceof File f) {
      try {
        return f.toPath();
      } catch (RuntimeException e) {
        return null; // not a path of this file system: counts by its name in the arguments
      }
    }
    return null;
  }

  /**
   * The hash of the default locale of each category, time zone, charset and line separator:
   * read per call, hashed again only when one of them is no longer the same object.
   */
  static byte[] defaults() {
    Locale locale = Locale.getDefault();
    Locale display = Locale.getDefault(Locale.Category.DISPLAY);
    Locale format = Locale.getDefault(Locale.Category.FORMAT);
    String zone = TimeZone.getDefault().getID();
    Charset charset = Charset.defaultCharset();
    String separator = System.lineSeparator();
    Defaults d = defaults;
    if (d != null && d.locale == locale && d.display == display && d.format == format
        && d.zone == zone && d.charset == charset && d.separator == separator) {
      return d.hash;
    }
    MessageDigest sha = Hashes.sha256();
    sha.update(FORMAT);
    for (String s : new String[] {locale.toLanguageTag(), display.toLanguageTag(),
        format.toLanguageTag(), zone, charset.name(), separator}) {
      update(sha, utf8(s));
    }
    byte[] hash = sha.digest();
    defaults = new Defaults(locale, display, format, zone, charset, separator, hash);
    return hash;
  }

  private record Defaults(Locale locale, Locale display, Locale format, String zone,
      Charset charset, String separator, byte[] hash) {}

  /** Reads one input's value as a hash: the same array while the value is unchanged. */
  private interface Reader {
    byte[] current();
  }

  private Reader reader(AmbientInput in) {
    switch (in.kind()) {
      case PROPERTY:
        return new TextReader(in, () -> System.getProperty(in.name()));
      case ENV:
        return new TextReader(in, () -> System.getenv(in.name()));
      case RESOURCE:
        return new ResourceReader(in);
      default:
        return new PathReader(in);
    }
  }

  /** A property or variable: hashed again only when its text changes. */
  private static final class TextReader implements Reader {
    private final byte[] name;
    private final Supplier<String> read;
    private volatile Seen seen;

    private record Seen(String value, byte[] hash) {}

    TextReader(AmbientInput in, Supplier<String> read) {
      this.name = utf8(in.describe());
      this.read = read;
    }

    @Override
    public byte[] current() {
      String value = read.get();
      Seen s = seen;
      if (s != null && (s.value == null ? value == null : s.value.equals(value))) {
        return s.hash;
      }
      MessageDigest sha = Hashes.sha256();
      sha.update(FORMAT);
      update(sha, name);
      if (value == null) {
        sha.update((byte) 0);
      } else {
        sha.update((byte) 1);
        sha.update(utf8(value));
      }
      byte[] hash = sha.digest();
      seen = new Seen(value, hash);
      return hash;
    }
  }

  /** A resource's content with the file time and size it was read at. */
  private record Content(long modified, long size, byte[] hash) {}

  /**
   * A class-path resource: found once through its loader (again on each call while it is
   * missing), then counted by its content, read again only when the file that holds it (the
   * resource itself, or its jar) has another time or size.
   */
  private static final class ResourceReader implements Reader {
    private static final byte[] MISSING = Hashes.sha256(utf8("astrocache.ambient/1 missing"));
    private final AmbientInput in;
    private volatile Found found;

    private record Found(URL url, String key, File file, Content content) {}

    ResourceReader(AmbientInput in) {
      this.in = in;
    }

    @Override
    public byte[] current() {
      Found f = found;
      if (f == null) {
        ClassLoader loader = in.loader() != null ? in.loader() : ClassLoader.getSystemClassLoader();
        URL url = loader.getResource(in.name());
        if (url == null) {
          return MISSING;
        }
        f = new Found(url, url.toExternalForm(), holder(url), null);
      } else if (f.file == null) {
        return f.content.hash; // not in a file: its content cannot change in this JVM
      }
      long modified = f.file == null ? 0 : f.file.lastModified();
      long size = f.file == null ? 0 : f.file.length();
      if (f.file != null && modified == 0 && !f.file.exists()) {
        // gone: the loader may find another copy now, so look it up again next time
        found = null;
        return MISSING;
      }
      Content c = f.content;
      if (c != null && c.modified == modified && c.size == size) {
        return c.hash;
      }
      c = RESOURCES.get(f.key);
      if (c == null || c.modified != modified || c.size != size) {
        c = new Content(modified, size, read(f.url));
        RESOURCES.put(f.key, c);
      }
      found = new Found(f.url, f.key, f.file, c);
      return c.hash;
    }

    /** The file that holds the resource: itself, or the jar it is in; else null. */
    private static File holder(URL url) {
      try {
        if (url.getProtocol().equals("file")) {
          return Paths.get(url.toURI()).toFile();
        }
        if (url.getProtocol().equals("jar")) {
          String spec = url.getPath();
          int bang = spec.indexOf("!/");
          URL jar = new URL(bang < 0 ? spec : spec.substring(0, bang));
          return jar.getProtocol().equals("file") ? Paths.get(jar.toURI()).toFile() : null;
        }
      } catch (IOException | URISyntaxException | RuntimeException e) {
        // not a file we can watch: read once
      }
      return null;
    }

    private byte[] read(URL url) {
      MessageDigest sha = Hashes.sha256();
      sha.update(FORMAT);
      update(sha, utf8(in.describe()));
      try {
        URLConnection c = url.openConnection();
        c.setUseCaches(false); // a jar replaced on disk is read again, not from the JDK's cache
        try (InputStream s = c.getInputStream()) {
          byte[] buffer = new byte[8192];
          for (int n; (n = s.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
          }
        }
        return sha.digest();
      } catch (IOException | RuntimeException e) {
        return MISSING;
      }
    }
  }

  /**
   * A file under a constant path (relative to the working directory): a regular file is hashed
   * again only when its size or time changes, unless {@code paths=content}.
   */
  private final class PathReader implements Reader {
    private final Path path;
    private volatile Seen seen;

    private record Seen(long size, FileTime modified, byte[] hash) {}

    PathReader(AmbientInput in) {
      Path p;
      try {
        p = Path.of(in.name());
      } catch (RuntimeException e) {
        p = null;
      }
      this.path = p;
    }

    @Override
    public byte[] current() {
      if (path == null) {
        return ResourceReader.MISSING;
      }
      Seen s = seen;
      if (s != null && !content) {
        try {
          BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
          if (a.isRegularFile() && a.size() == s.size && a.lastModifiedTime().equals(s.modified)) {
            return s.hash;
          }
        } catch (IOException e) {
          // gone: hashed below as missing
        }
      }
      byte[] hash = file(path);
      if (s != null && Arrays.equals(s.hash, hash)) {
        return s.hash;
      }
      long size = -1;
      FileTime modified = null;
      try {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          size = a.size();
          modified = a.lastModifiedTime();
        }
      } catch (IOException e) {
        // missing
      }
      seen = new Seen(size, modified, hash);
      return hash;
    }
  }

  /**
   * The hash of what {@code p} names now: a regular file by its size and modification time (its
   * content with {@code paths=content}), a directory by the relative names, sizes and times of
   * the files below it (up to {@link #DIRECTORY_LIMIT}, else by its name, with one warning), a
   * path that does not exist by its name.
   */
  byte[] file(Path p) {
    if (!content) {
      // the hit path: a regular file whose size and time are as last seen keeps its hash
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          Stat s = stats.get(p);
          if (s != null && s.size == a.size() && s.modified.equals(a.lastModifiedTime())) {
            return s.hash;
          }
          byte[] hash = regular(p, a);
          if (stats.size() >= STATS_KEPT) {
            stats.clear(); // a bound, not a policy: the next calls hash again
          }
          stats.put(p, new Stat(a.size(), a.lastModifiedTime(), hash));
          return hash;
        }
      } catch (IOException | RuntimeException e) {
        // missing or unreadable: hashed below
      }
    }
    return hash(p);
  }

  private byte[] regular(Path p, BasicFileAttributes a) {
    MessageDigest sha = Hashes.sha256();
    sha.update(FORMAT);
    update(sha, utf8(p.toString()));
    sha.update(utf8("stat"));
    stat(sha, a);
    return sha.digest();
  }

  private byte[] hash(Path p) {
    MessageDigest sha = Hashes.sha256();
    sha.update(FORMAT);
    update(sha, utf8(p.toString()));
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class);
    } catch (IOException | RuntimeException e) {
      sha.update(utf8("missing"));
      return sha.digest();
    }
    if (a.isDirectory()) {
      directory(p, sha);
    } else if (content) {
      sha.update(utf8("content"));
      try (InputStream in = Files.newInputStream(p)) {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
      } catch (IOException | RuntimeException e) {
        sha.update(utf8("unreadable"));
      }
    } else {
      sha.update(utf8("stat"));
      stat(sha, a);
    }
    return sha.digest();
  }

  private void directory(Path dir, MessageDigest sha) {
    TreeSet<String> below = new TreeSet<>();
    boolean[] tooMany = {false};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
          if (below.size() >= DIRECTORY_LIMIT) {
            tooMany[0] = true;
            return FileVisitResult.TERMINATE;
          }
          MessageDigest one = Hashes.sha256();
          stat(one, a);
          below.add(dir.relativize(file) + " " + Hashes.hex(one.digest()));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          below.add(dir.relativize(file) + " unreadable");
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | RuntimeException e) {
      below.add("unreadable");
    }
    if (tooMany[0]) {
      failures.warnOnce("directory:" + dir.toAbsolutePath(), "astrocache: directory " + dir
          + " holds more than " + DIRECTORY_LIMIT + " files, so it counts in keys by its name"
          + " only: a change below it does not refresh. Pass the files that matter instead.");
      sha.update(utf8("directory by name"));
      return;
    }
    sha.update(utf8("directory"));
    for (String entry : below) {
      update(sha, utf8(entry));
    }
  }

  private static void stat(MessageDigest sha, BasicFileAttributes a) {
    long size = a.size();
    long nanos = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    for (long v : new long[] {size, nanos}) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        sha.update((byte) (v >>> shift));
      }
    }
  }

  private static void update(MessageDigest sha, byte[] part) {
    int n = part.length;
    sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    sha.update(part);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
