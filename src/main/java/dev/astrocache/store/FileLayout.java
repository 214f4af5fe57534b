package dev.astrocache.store;

import dev.astrocache.base.Hashes;
import dev.astrocache.base.Maps;
import dev.astrocache.spi.EntryKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every path of a file store's tree, what each name in it is, and how files are written there.
 * The file store, its sweeper, its manifests and the command line all go through this class, so
 * that the tree is described once:
 *
 * <pre>
 * &lt;root&gt;/
 *   &lt;function&gt;/                       a cached method: com.example.Prices.quote-1f3a9c0e
 *     &lt;fingerprint&gt;/                  64 hex digits: the code that method reached
 *       manifest.txt                   the reached methods with their hashes
 *       state-&lt;16 hex&gt;.txt             a state of the impl that has entries here, by field
 *       .manifest.txt.&lt;pid&gt;.&lt;n&gt;.tmp   a manifest being written
 *       &lt;ab&gt;/                         a shard: the first two hex digits of its keys
 *         &lt;key&gt;                      an entry: 64 hex digits starting with ab
 *         .&lt;key&gt;.&lt;pid&gt;.&lt;n&gt;.tmp      an entry being written (or left by a writer that died)
 *         .lock                      locked by range, one key's computation per machine
 *                                    (singleflight=machine); empty
 *   quarantine/
 *     &lt;function&gt;--&lt;fingerprint's first 16 hex&gt;--&lt;key&gt;--&lt;epoch millis&gt;-&lt;pid&gt;-&lt;n&gt;
 *   index/                           the fingerprint's walks, for a fresh JVM to check
 *     &lt;32 hex&gt;.walk                   one wrapped method's walk (impl, method, seeds)
 * </pre>
 *
 * <p>Shards keep any folder to a 256th of a fingerprint's entries. A temporary file is named
 * after the file it becomes, the writing process and a counter ({@code n}, hex), so writers
 * never collide and {@link #kind} tells it from the file it becomes. Folders are created 0700
 * and files 0600 where the file system has POSIX permissions. {@link #write} and {@link
 * #writeTemp} with {@link #moveIntoPlace} write a file whole or not at all.
 *
 * <p>The names {@code quarantine} and {@code index} cannot be a function's: functions end in
 * {@code -} and 8 hex digits.
 */
public final class FileLayout {

  /** The folder under the root that holds quarantined entries. */
  public static final String QUARANTINE = "quarantine";

  /**
   * The folder under the root that holds the fingerprint's index of walks (written and read by
   * the fingerprint package; the file store, its sweeper and the command line leave it alone).
   */
  public static final String INDEX = "index";

  /** A fingerprint folder's manifest. */
  public static final String MANIFEST = "manifest.txt";

  /** How a state file's name starts: {@code state-<16 hex>.txt}. */
  public static final String STATE_PREFIX = "state-";

  /** How a state file's name ends. */
  public static final String STATE_SUFFIX = ".txt";

  /**
   * How a manifest line that names an ambient input (a property, a variable, a file the code
   * reads), not a method, begins: the front's {@code Ambient} writes them. The folders whose
   * manifests differ only in such lines hold one code version.
   */
  public static final String MANIFEST_INPUT_PREFIX = "ambient: ";
  /** A shard's lock file, whose byte ranges lock its keys ({@link #lock}, {@link #lockRange}). */
  public static final String LOCK = ".lock";

  /** How temporary files end. */
  public static final String TEMPORARY_SUFFIX = ".tmp";

  /** How far below the root entries lie: function, fingerprint, shard, entry. */
  public static final int ENTRY_DEPTH = 4;

  /** The most characters of a function that a quarantined file's name keeps. */
  static final int QUARANTINED_FUNCTION_CHARS = 120;

  /** The folder of the fingerprint's index of walks under {@code root}. */
  public static Path index(Path root) {
    return root.resolve(INDEX);
  }

  /** What a path under the root is, by its name and place (see {@link #kind}). */
  public enum Kind {
    /** {@code <function>}, a folder. */
    FUNCTION,
    /** {@code <function>/<fingerprint>}, a folder. */
    FINGERPRINT,
    /** {@code <function>/<fingerprint>/<ab>}, a folder. */
    SHARD,
    /** {@code <function>/<fingerprint>/<ab>/<key>}, a file. */
    ENTRY,
    /** {@code <function>/<fingerprint>/manifest.txt}, a file. */
    MANIFEST,
    /** {@code <function>/<fingerprint>/state-<16 hex>.txt}, a file. */
    STATE,
    /** A temporary file beside an entry or a manifest. */
    TEMPORARY,
    /** {@code <function>/<fingerprint>/<ab>/.lock}, a file. */
    LOCK,
    /** {@code quarantine}, a folder. */
    QUARANTINE,
    /** {@code quarantine/<function>--<16 hex>--<key>--<rest>}, a file. */
    QUARANTINED,
    /** {@code index}, the folder of the fingerprint's index of walks. */
    INDEX,
    /** {@code index/<name>.walk}, one stored walk (or a temporary file being written there). */
    WALK,
    /** Anything else: the root itself, what a person put there, a path outside the root. */
    OTHER
  }

  private static final String PID = Long.toString(ProcessHandle.current().pid());
  /** Numbers temporary and quarantined files; shared by every layout in the process. */
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final Set<OpenOption> CREATE_NEW =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  /** How many fingerprints' shard folders {@link #shards} keeps (a {@code Path[256]} each). */
  static final int MAX_REMEMBERED_FINGERPRINTS = 1024;

  private final Path root;
  private final int rootDepth;
  /** By function, then fingerprint: its shard folders ({@link #shards}). */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Path[]>> shardFolders =
      new ConcurrentHashMap<>();
  private final AtomicInteger rememberedFingerprints = new AtomicInteger();
  private final FileAttribute<?>[] folderAttributes;
  private final FileAttribute<?>[] fileAttributes;

  private FileLayout(Path root) {
    this.root = root;
    this.rootDepth = root.getNameCount();
    boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.folderAttributes = posix
        ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
        : new FileAttribute<?>[0];
    this.fileAttributes = posix
        ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  /** The layout of the tree at {@code root} (made absolute and normalized); touches no file. */
  public static FileLayout of(Path root) {
    Objects.requireNonNull(root, "root == null");
    return new FileLayout(root.toAbsolutePath().normalize());
  }

  /** The folder that holds everything. */
  public Path root() {
    return root;
  }

  // ---- paths ----

  /**
   * The folder of {@code function}'s fingerprints.
   *
   * @throws IllegalArgumentException when {@code function} is not one folder name of the tree
   */
  public Path function(String function) {
    if (!isFunction(function)) {
      throw new IllegalArgumentException("not a function folder name: '" + function + "'");
    }
    return root.resolve(function);
  }

  /**
   * The folder of {@code function}'s entries and manifest at {@code fingerprint}.
   *
   * @throws IllegalArgumentException when {@code fingerprint} is not 64 lower-case hex digits
   */
  public Path fingerprint(String function, String fingerprint) {
    if (!isFingerprint(fingerprint)) {
      throw new IllegalArgumentException(
          "fingerprint must be 64 lower-case hex digits: '" + fingerprint + "'");
    }
    return function(function).resolve(fingerprint);
  }

  /** The manifest of {@code function} at {@code fingerprint}. */
  public Path manifest(String function, String fingerprint) {
    return fingerprint(function, fingerprint).resolve(MANIFEST);
  }

  /**
   * The record of one state ({@code state}, 16 lower-case hex digits) of the impl whose entries
   * are at {@code function} and {@code fingerprint}.
   *
   * @throws IllegalArgumentException when {@code state} is not 16 lower-case hex digits
   */
  public Path state(String function, String fingerprint, String state) {
    if (state == null || !isHex(state, 16)) {
      throw new IllegalArgumentException("state must be 16 lower-case hex digits: '" + state + "'");
    }
    return fingerprint(function, fingerprint).resolve(STATE_PREFIX + state + STATE_SUFFIX);
  }

  /** The states recorded at {@code function} and {@code fingerprint}, sorted. */
  public List<String> states(String function, String fingerprint) throws IOException {
    List<String> states = new ArrayList<>();
    for (String name : children(fingerprint(function, fingerprint), Kind.STATE)) {
      states.add(name.substring(STATE_PREFIX.length(), name.length() - STATE_SUFFIX.length()));
    }
    return states;
  }

  static boolean isState(String name) {
    return name.length() == STATE_PREFIX.length() + 16 + STATE_SUFFIX.length()
        && name.startsWith(STATE_PREFIX) && name.endsWith(STATE_SUFFIX)
        && isHex(name.substring(STATE_PREFIX.length(), STATE_PREFIX.length() + 16), 16);
  }

  /** The shard folder that holds the entry for {@code key}. */
  public Path shard(EntryKey key) {
    return entry(key).getParent();
  }

  /**
   * Where the entry for {@code key} lives. On the hit path: its shard folder comes from {@link
   * #shards}, so that only the key's 64 characters are parsed into a path.
   */
  public Path entry(EntryKey key) {
    String k = key.key();
    Path[] folders = shards(key.function(), key.fingerprint());
    int i = Character.digit(k.charAt(0), 16) << 4 | Character.digit(k.charAt(1), 16);
    Path shard = folders[i];
    if (shard == null) {
      // racy by design: any thread's Path is the same one (its fields are final)
      shard = root.resolve(key.function()).resolve(key.fingerprint()).resolve(k.substring(0, 2));
      folders[i] = shard;
    }
    return shard.resolve(k);
  }

  /**
   * The 256 shard folders of {@code function} at {@code fingerprint}, each made when first
   * asked for. A path is a function of the names alone, so this memo cannot go stale, whatever
   * happens on disk; past {@value #MAX_REMEMBERED_FINGERPRINTS} fingerprints it starts over.
   * The names come from an {@link EntryKey}, which checked them (the same strings on every
   * call of a method, whose hashes their {@code String}s keep).
   */
  private Path[] shards(String function, String fingerprint) {
    ConcurrentHashMap<String, Path[]> byFingerprint = shardFolders.get(function);
    if (byFingerprint != null) {
      Path[] folders = byFingerprint.get(fingerprint);
      if (folders != null) {
        return folders;
      }
    }
    if (rememberedFingerprints.incrementAndGet() > MAX_REMEMBERED_FINGERPRINTS) {
      shardFolders.clear();
      rememberedFingerprints.set(1);
    }
    // get and putIfAbsent, not computeIfAbsent with lambdas: a fresh JVM's first hit comes here
    ConcurrentHashMap<String, Path[]> byFunction = shardFolders.get(function);
    if (byFunction == null) {
      byFunction = Maps.putIfAbsent(shardFolders, function, new ConcurrentHashMap<>());
    }
    Path[] folders = byFunction.get(fingerprint);
    return folders != null ? folders : Maps.putIfAbsent(byFunction, fingerprint, new Path[256]);
  }

  /**
   * The file whose byte range {@link #lockRange}{@code (key)} a process locks while it computes
   * {@code key}'s entry: one per shard, beside the entries, never deleted (a lock file deleted
   * while another process waits on it would let a third lock a new one).
   */
  public Path lock(EntryKey key) {
    return shard(key).resolve(LOCK);
  }

  /** The offset of {@code key}'s one-byte range in its {@link #lock} file: 60 bits of the key. */
  public static long lockRange(EntryKey key) {
    return Long.parseLong(key.key().substring(0, 15), 16);
  }

  /** The folder of quarantined entries. */
  public Path quarantine() {
    return root.resolve(QUARANTINE);
  }

  /**
   * A new name in the quarantine for the entry of {@code key}: {@code <function, cut to 120
   * characters>--<fingerprint's first 16 hex>--<key>--<epoch millis>-<pid>-<counter>}, which
   * stays within file name limits and differs for two quarantines of one key in one millisecond.
   */
  Path newQuarantined(EntryKey key) {
    String function = key.function();
    String name = function.substring(0, Math.min(QUARANTINED_FUNCTION_CHARS, function.length()))
        + "--" + key.fingerprint().substring(0, 16) + "--" + key.key() + "--"
        + System.currentTimeMillis() + "-" + PID + "-" + Long.toHexString(COUNTER.incrementAndGet());
    return quarantine().resolve(name);
  }

  /** A new temporary file name beside {@code target}: {@code .<target's name>.<pid>.<n>.tmp}. */
  Path newTemporary(Path target) {
    return target.resolveSibling("." + target.getFileName() + "." + PID + "."
        + Long.toHexString(COUNTER.incrementAndGet()) + TEMPORARY_SUFFIX);
  }

  // ---- names ----

  /**
   * What {@code path} is, from its place under the root and its name alone: it reads no file,
   * so whether it exists, and is a file or a folder, is the caller's to check. A path that is
   * not under the root is {@link Kind#OTHER}.
   */
  public Kind kind(Path path) {
    int depth = path.getNameCount() - rootDepth;
    if (depth < 1 || depth > ENTRY_DEPTH || !path.startsWith(root)) {
      return Kind.OTHER;
    }
    String first = path.getName(rootDepth).toString();
    if (first.equals(QUARANTINE)) {
      return depth == 1 ? Kind.QUARANTINE
          : depth == 2 && isQuarantined(path.getFileName().toString()) ? Kind.QUARANTINED
          : Kind.OTHER;
    }
    if (first.equals(INDEX)) {
      return depth == 1 ? Kind.INDEX
          : depth == 2 && path.getFileName().toString().endsWith(".walk") ? Kind.WALK
          : depth == 2 && path.getFileName().toString().endsWith(".tmp") ? Kind.TEMPORARY
          : Kind.OTHER;
    }
    if (!isFunction(first)) {
      return Kind.OTHER;
    }
    if (depth == 1) {
      return Kind.FUNCTION;
    }
    if (!isFingerprint(path.getName(rootDepth + 1).toString())) {
      return Kind.OTHER;
    }
    if (depth == 2) {
      return Kind.FINGERPRINT;
    }
    String third = path.getName(rootDepth + 2).toString();
    if (depth == 3) {
      if (isShard(third)) {
        return Kind.SHARD;
      }
      if (third.equals(MANIFEST)) {
        return Kind.MANIFEST;
      }
      if (isState(third)) {
        return Kind.STATE;
      }
      String target = temporaryTarget(third);
      return target != null && (target.equals(MANIFEST) || isState(target))
          ? Kind.TEMPORARY : Kind.OTHER;
    }
    if (!isShard(third)) {
      return Kind.OTHER;
    }
    String name = path.getFileName().toString();
    if (isEntry(third, name)) {
      return Kind.ENTRY;
    }
    if (name.equals(LOCK)) {
      return Kind.LOCK;
    }
    String target = temporaryTarget(name);
    return target != null && isHex(target, 64) ? Kind.TEMPORARY : Kind.OTHER;
  }

  /**
   * Whether {@code name} can be a function folder: one non-empty name that does not start with a
   * dot and is not {@value #QUARANTINE} or {@value #INDEX}. Function names follow
   * {@link EntryKey}'s stricter rule.
   */
  static boolean isFunction(String name) {
    if (name == null || name.isEmpty() || name.charAt(0) == '.' || name.equals(QUARANTINE)
        || name.equals(INDEX)) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || c == ':' || c < ' ') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code name} is a fingerprint folder's: 64 lower-case hex digits. */
  static boolean isFingerprint(String name) {
    return name != null && isHex(name, 64);
  }

  /** Whether {@code name} is a shard folder's: 2 lower-case hex digits. */
  static boolean isShard(String name) {
    return isHex(name, 2);
  }

  /** Whether {@code name} is an entry's in shard {@code shard}: 64 hex digits starting with it. */
  static boolean isEntry(String shard, String name) {
    return isHex(name, 64) && name.startsWith(shard);
  }

  /**
   * The name of the file that the temporary file {@code name} becomes, {@code target} in {@code
   * .<target>.<pid>.<n>.tmp}; null when {@code name} is not shaped like a temporary file.
   */
  static String temporaryTarget(String name) {
    if (name.length() <= 1 + TEMPORARY_SUFFIX.length() || !name.startsWith(".")
        || !name.endsWith(TEMPORARY_SUFFIX)) {
      return null;
    }
    String body = name.substring(1, name.length() - TEMPORARY_SUFFIX.length());
    int counter = body.lastIndexOf('.');
    int pid = counter <= 0 ? -1 : body.lastIndexOf('.', counter - 1);
    if (pid <= 0 || counter == body.length() - 1 || pid == counter - 1
        || !isHex(body.substring(counter + 1), body.length() - counter - 1)
        || !body.substring(pid + 1, counter).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return body.substring(0, pid);
  }

  /**
   * Whether {@code name} is shaped like a quarantined file's: {@code <function>--<16 hex>--<64
   * hex>--<rest>}.
   */
  static boolean isQuarantined(String name) {
    int rest = name.lastIndexOf("--");
    int key = rest < 0 ? -1 : name.lastIndexOf("--", rest - 1);
    int fingerprint = key < 0 ? -1 : name.lastIndexOf("--", key - 1);
    return fingerprint > 0 && key - fingerprint == 2 + 16 && rest - key == 2 + 64
        && isHex(name.substring(fingerprint + 2, key), 16)
        && isHex(name.substring(key + 2, rest), 64);
  }

  // ---- listings (for the command line, the manifests and tests) ----

  /** The function folders under the root, sorted; empty when the root does not exist. */
  public List<String> functions() throws IOException {
    return children(root, Kind.FUNCTION);
  }

  /** The fingerprint folders of {@code function}, sorted; empty when it has none. */
  public List<String> fingerprints(String function) throws IOException {
    return children(function(function), Kind.FINGERPRINT);
  }

  /**
   * Whether {@code function} has entries at {@code fingerprint}: whether it has a shard folder,
   * which the sweeper removes once eviction has emptied it (after a minute, as a writer may be
   * about to use it). Cheap: it stops at the first shard.
   */
  public boolean hasEntries(String function, String fingerprint) throws IOException {
    Path folder = fingerprint(function, fingerprint);
    try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
      for (Path child : children) {
        if (isShard(child.getFileName().toString()) && Files.isDirectory(child)) {
          return true;
        }
      }
      return false;
    } catch (NoSuchFileException | NotDirectoryException e) {
      return false;
    }
  }

  /** The keys of the entries of {@code function} at {@code fingerprint}, sorted. */
  public List<EntryKey> entries(String function, String fingerprint) throws IOException {
    Path folder = fingerprint(function, fingerprint);
    List<EntryKey> keys = new ArrayList<>();
    for (String shard : children(folder, Kind.SHARD)) {
      for (String key : children(folder.resolve(shard), Kind.ENTRY)) {
        keys.add(new EntryKey(function, fingerprint, key));
      }
    }
    return keys;
  }

  /**
   * The code version of {@code function}'s entries at {@code fingerprint}: the fingerprint
   * itself, unless its manifest has {@linkplain #MANIFEST_INPUT_PREFIX input lines},
   * then {@code "code:"} and the SHA-256 of its other lines (the methods and their hashes). A
   * folder without a manifest is a version of its own. The file store's {@code max.versions}
   * and the command line's {@code prune --stale-versions} count versions so.
   */
  public String codeVersion(String function, String fingerprint) throws IOException {
    String text;
    try {
      text = Files.readString(manifest(function, fingerprint), StandardCharsets.UTF_8);
    } catch (NoSuchFileException | MalformedInputException e) {
      return fingerprint;
    }
    if (!text.startsWith(MANIFEST_INPUT_PREFIX)
        && !text.contains("\n" + MANIFEST_INPUT_PREFIX)) {
      return fingerprint;
    }
    MessageDigest sha = Hashes.sha256();
    for (String line : text.split("\n")) {
      if (!line.startsWith(MANIFEST_INPUT_PREFIX)) {
        sha.update(line.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
    }
    return "code:" + Hashes.hex(sha.digest());
  }

  /** The files in the quarantine, sorted by name; empty when there is none. */
  public List<Path> quarantined() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String name : children(quarantine(), Kind.QUARANTINED)) {
      files.add(quarantine().resolve(name));
    }
    return files;
  }

  /** The names of {@code folder}'s children of kind {@code kind}, sorted. */
  private List<String> children(Path folder, Kind kind) throws IOException {
    boolean folders = kind == Kind.FUNCTION || kind == Kind.FINGERPRINT || kind == Kind.SHARD;
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
      for (Path child : children) {
        if (kind(child) == kind
            && (folders ? Files.isDirectory(child) : Files.isRegularFile(child))) {
          names.add(child.getFileName().toString());
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    names.sort(null);
    return names;
  }

  // ---- writing ----

  /** Creates {@code folder} and its missing parents, 0700 on POSIX file systems. */
  public void createDirectories(Path folder) throws IOException {
    Files.createDirectories(folder, folderAttributes);
  }

  /**
   * Writes {@code bytes} to {@code target} whole or not at all: to a temporary file beside it,
   * forced to disk, then moved over it. Creates the folders that are missing.
   */
  public void write(Path target, byte[] bytes) throws IOException {
    Path temp = writeTemp(target, bytes);
    try {
      moveIntoPlace(temp, target);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  /**
   * Writes {@code bytes} to a new temporary file beside {@code target} (0600), forces it to disk
   * and returns it, for {@link #moveIntoPlace}. A sweep may remove an empty folder meanwhile, so
   * the folders are made again when they are missing.
   */
  Path writeTemp(Path target, byte[] bytes) throws IOException {
    return writeTemp(target, bytes, true);
  }

  /**
   * Writes {@code bytes} to a new temporary file beside {@code target} (0600), forced to disk
   * when {@code force} is true, and returns it, for {@link #moveIntoPlace}. Unforced, the rename
   * still shows other processes the whole file or nothing (the kernel holds the written bytes);
   * only a power loss can lose or tear it, and a torn entry fails its checksum.
   */
  Path writeTemp(Path target, byte[] bytes, boolean force) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temp = newTemporary(target);
      FileChannel channel;
      try {
        channel = FileChannel.open(temp, CREATE_NEW, fileAttributes);
      } catch (NoSuchFileException e) {
        if (attempt >= 3) {
          throw e;
        }
        createDirectories(target.getParent());
        continue;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 3) {
          throw e;
        }
        continue;
      }
      // a FileChannel closes itself when its thread is interrupted: a caller whose interrupt
      // flag is set (a task being cancelled) would never get its result cached. The flag is
      // set aside for the write and restored after it
      boolean interrupted = Thread.interrupted();
      try (channel) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (force) {
          channel.force(true);
        }
      } catch (IOException | RuntimeException e) {
        deleteQuietly(temp);
        throw e;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      return temp;
    }
  }

  /**
   * Moves {@code source} over {@code target}, atomically where the file system can, so that a
   * reader in any process sees the old file, the new one or none.
   */
  static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left for the sweeper, which removes old temporary files
    }
  }

  private static boolean isHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "FileLayout[" + root + "]";
  }
}
