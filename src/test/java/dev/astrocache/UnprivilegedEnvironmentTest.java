package dev.astrocache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.astrocache.testing.ChildJvm;
import dev.astrocache.testing.Javac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 4: the environment as an unprivileged user. Each case runs a small
 * javac-compiled program in a child JVM, as uid 65534 ({@code setpriv --reuid=65534
 * --regid=65534 --clear-groups}) when the tests run as root, where permissions never bite, and as
 * the test's own user otherwise; the program's java, the library's classes and its own classes
 * are copied to a 0755 folder it can read. In each case every call returns the right value, with
 * at most one warning (the count of {@code WARNING: astrocache:} lines is asserted), and the test
 * prints what it saw for the note.
 *
 * <p>The cases: a read-only cache directory, permission denied on a function folder, a full disk
 * (a 256 KiB tmpfs mounted by the test; when mount fails, a store failing as on ENOSPC, and the
 * output says so), the directory deleted while running, a cache path that is a regular file, a
 * world-writable root, a root owned by another user.
 */
class UnprivilegedEnvironmentTest {
  private static final String PROGRAM = """
      package prog;

      import dev.astrocache.Astrocache;
      import dev.astrocache.Cache;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.Comparator;
      import java.util.stream.Stream;

      public class Main {
        public interface Work {
          String line(int n);
          byte[] blob(int n, int size);
        }

        public static final class Impl implements Work {
          public transient int calls;

          public String line(int n) {
            calls++;
            return "line-" + n * n;
          }

          public byte[] blob(int n, int size) {
            calls++;
            byte[] b = new byte[size];
            java.util.Arrays.fill(b, (byte) n);
            return b;
          }
        }

        static int ok, total;

        static void check(boolean right) {
          total++;
          if (right) {
            ok++;
          }
        }

        public static void main(String[] a) throws Exception {
          String mode = a[0];
          Path dir = Path.of(a[1]);
          Astrocache.Builder b = Astrocache.builder().directory(dir);
          if (a.length > 2) {
            b.store(a[2]);
          }
          if (mode.equals("delete")) {
            // the first entry must be on disk before the folder is deleted: written behind, it
            // may land after the deletion (or be answered from the queue), a right hit that
            // would make the count below depend on the writer thread's timing
            b.setting("writes", "inline");
          }
          Impl impl = new Impl();
          try (Cache cache = b.build()) {
            Work w = cache.wrap(Work.class, impl);
            switch (mode) {
              case "lines" -> {
                for (int round = 0; round < 2; round++) {
                  for (int n = 1; n <= 3; n++) {
                    check(w.line(n).equals("line-" + n * n));
                  }
                }
              }
              case "delete" -> {
                check(w.line(1).equals("line-1"));
                try (Stream<Path> all = Files.walk(dir)) {
                  all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                System.out.println("deleted " + dir + ": " + !Files.exists(dir));
                for (int round = 0; round < 2; round++) {
                  check(w.line(1).equals("line-1"));
                  check(w.line(2).equals("line-4"));
                }
              }
              case "blobs" -> {
                for (int round = 0; round < 2; round++) {
                  for (int n = 1; n <= 6; n++) {
                    byte[] got = w.blob(n, 100_000);
                    boolean right = got.length == 100_000;
                    for (byte x : got) {
                      right &= x == n;
                    }
                    check(right);
                  }
                }
              }
              default -> throw new IllegalArgumentException(mode);
            }
            System.out.println("uid " + Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            System.out.println("values " + ok + "/" + total);
            System.out.println("computed " + impl.calls);
            System.out.println("hits " + cache.stats().hits() + " errors " + cache.stats().errors());
          }
        }
      }
      """;

  /** 0755, root's (or the user's) own: everything the child reads or writes is below it. */
  private static Path stage;
  private static String classPath;
  private static boolean root;
  private static String javaBin;
  private static final List<String> REPORT = new ArrayList<>();

  @BeforeAll
  static void stage() throws IOException {
    root = "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
    stage = Files.createTempDirectory("astrocache-unprivileged");
    open(stage);
    Path library = stage.resolve("library");
    copyTree(Path.of("target/classes"), library);
    // the store that fails as a full disk does, for when tmpfs cannot be mounted
    Path plugin = stage.resolve("full-disk-store");
    Files.createDirectories(plugin.resolve("dev/astrocache"));
    try (Stream<Path> classes = Files.list(Path.of("target/test-classes/dev/astrocache"))) {
      for (Path c : classes.filter(p -> p.getFileName().toString()
          .matches("FullDiskStoreProvider(\\$.*)?\\.class")).toList()) {
        Files.copy(c, plugin.resolve("dev/astrocache").resolve(c.getFileName().toString()));
      }
    }
    Files.createDirectories(plugin.resolve("META-INF/services"));
    Files.writeString(plugin.resolve("META-INF/services/dev.astrocache.spi.StoreProvider"),
        "dev.astrocache.FullDiskStoreProvider\n");
    Path program = Javac.compile(stage.resolve("program"), Map.of("prog.Main", PROGRAM), library);
    classPath = program + ":" + library + ":" + plugin;
    javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    openTree(stage);
    if (root) {
      // the JDK must be readable by uid 65534; if it is not (a JDK under /root), use a copy
      ChildJvm.Result probe = ChildJvm.exec(asUser(List.of(javaBin, "-version")));
      if (probe.exitCode() != 0) {
        Path jdk = stage.resolve("jdk");
        copyTree(Path.of(System.getProperty("java.home")), jdk);
        openTree(jdk);
        javaBin = jdk.resolve("bin/java").toString();
        System.out.println("unprivileged: the JDK is not readable by uid 65534 ("
            + probe.output().strip() + "): using a copy in " + jdk);
      }
    }
  }

  private static String classPath() {
    return classPath;
  }

  @AfterAll
  static void printAndClean() throws IOException {
    for (String line : REPORT) {
      System.out.println(line);
    }
    try (Stream<Path> all = Files.walk(stage)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
          // gone
        }
      }
    }
    try (Stream<Path> all = Files.walk(stage)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static List<String> asUser(List<String> command) {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(command);
    return cmd;
  }

  /** What one run of the program printed, its warnings counted. */
  private record Run(String output, int warnings) {
    String line(String prefix) {
      return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }

    List<String> warningLines() {
      return output.lines().filter(l -> l.startsWith("WARNING: astrocache:")).toList();
    }
  }

  private static Run run(String caseName, String mode, Path dir, String... store) {
    // no hsperfdata folder left in /tmp by uid 65534
    List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xshare:auto", "-XX:-UsePerfData",
        "-Djava.util.logging.SimpleFormatter.format=%4$s: %5$s%n", "-cp", classPath(),
        "prog.Main", mode, dir.toString()));
    cmd.addAll(List.of(store));
    ChildJvm.Result r = ChildJvm.exec(asUser(cmd));
    assertEquals(0, r.exitCode(), caseName + ":\n" + r.output());
    String out = r.output();
    int warnings = (int) out.lines().filter(l -> l.startsWith("WARNING: astrocache:")).count();
    Run run = new Run(out, warnings);
    REPORT.add("unprivileged: " + caseName + ": " + run.line("uid") + ", " + run.line("values")
        + ", " + run.line("computed") + ", " + run.line("hits") + ", warnings " + warnings);
    return run;
  }

  private static void assertAllRight(Run run, int expectedWarnings) {
    String values = run.line("values ");
    String[] v = values.substring("values ".length()).split("/");
    assertEquals(v[1], v[0], run.output());
    assertTrue(Integer.parseInt(v[1]) > 0, run.output());
    assertEquals(expectedWarnings, run.warnings(), run.output());
    assertEquals("uid " + (root ? "65534" : selfUid()), run.line("uid"), run.output());
  }

  private static String selfUid() {
    try {
      return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new folder below the stage that the child's user owns, mode 0700. */
  private static Path ownedByChild(String name) throws IOException {
    Path dir = Files.createDirectory(stage.resolve(name));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    if (root) {
      chownTree(dir);
    }
    return dir;
  }

  private static void chownTree(Path dir) throws IOException {
    var lookup = dir.getFileSystem().getUserPrincipalLookupService();
    var user = lookup.lookupPrincipalByName("65534");
    var group = lookup.lookupPrincipalByGroupName("65534");
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        Files.setOwner(p, user);
        Files.getFileAttributeView(p, PosixFileAttributeView.class)
            .setGroup(group);
      }
    }
  }

  @Test
  void readOnlyCacheDirectory_hitsWhatIsThereAndComputesTheRestWithOneWarning()
      throws IOException {
    Path dir = ownedByChild("read-only").resolve("cache");
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    if (root) {
      chownTree(dir);
    }
    Run fill = run("read-only (filling it first)", "lines", dir);
    assertAllRight(fill, 0);
    assertEquals("hits 3 errors 0", fill.line("hits"), fill.output());
    setTree(dir, "r-x------", "r--------");
    // another method: its function folder cannot be made, so nothing is written
    Run ro = run("read-only cache directory", "blobs", dir);
    assertAllRight(ro, 1);
    assertTrue(ro.warningLines().get(0).startsWith("WARNING: astrocache: cannot write entry "),
        ro.output());
    assertTrue(ro.warningLines().get(0).contains("AccessDeniedException"), ro.output());
    Run hits = run("read-only cache directory, the entries there", "lines", dir);
    assertAllRight(hits, 0);
    assertEquals("hits 6 errors 0", hits.line("hits"), hits.output());
  }

  @Test
  void permissionDeniedOnAFunctionFolder_computesWithOneWarning() throws IOException {
    Path dir = ownedByChild("denied").resolve("cache");
    Files.createDirectory(dir);
    if (root) {
      chownTree(dir);
    }
    assertAllRight(run("function folder (filling it first)", "lines", dir), 0);
    List<Path> functions;
    try (Stream<Path> children = Files.list(dir)) {
      functions = children.filter(p -> p.getFileName().toString().startsWith("prog.")).toList();
    }
    assertEquals(1, functions.size(), functions.toString());
    Files.setPosixFilePermissions(functions.get(0), PosixFilePermissions.fromString("---------"));
    Run denied = run("permission denied on a function folder", "lines", dir);
    assertAllRight(denied, 1);
    // each value is computed; its second call may hit the entry still waiting in this process
    // (writes=behind) before its write fails, never a file
    int computed = Integer.parseInt(denied.line("computed").substring("computed ".length()));
    int hits = Integer.parseInt(denied.line("hits").split(" ")[1]);
    assertTrue(computed >= 3 && computed + hits == 6, denied.output());
    assertTrue(denied.warningLines().get(0).contains("AccessDeniedException"), denied.output());
    assertTrue(denied.warningLines().get(0).endsWith(". Fix: give this user ("
        + (root ? "nobody" : System.getProperty("user.name")) + ") read and write access to the"
        + " folder, or set astrocache.dir to a folder of its own."), denied.output());
  }

  @Test
  void fullDisk_returnsEveryValueWithOneWarning() throws IOException {
    Path mountPoint = ownedByChild("full-disk");
    Run run;
    ChildJvm.Result mount = ChildJvm.exec(List.of("mount", "-t", "tmpfs", "-o",
        "size=256k,mode=0700" + (root ? ",uid=65534,gid=65534" : ""), "tmpfs",
        mountPoint.toString()));
    if (mount.exitCode() == 0) {
      try {
        Path dir = mountPoint.resolve("cache");
        System.out.println("unprivileged: full disk: a 256 KiB tmpfs at " + mountPoint);
        run = run("full disk (tmpfs 256k)", "blobs", dir);
        assertTrue(run.warningLines().get(0).contains("No space left on device"), run.output());
        assertTrue(Integer.parseInt(run.line("hits ").split(" ")[1]) > 0,
            "what fitted hits: " + run.output());
      } finally {
        ChildJvm.Result umount = ChildJvm.exec(List.of("umount", mountPoint.toString()));
        assertEquals(0, umount.exitCode(), umount.output());
      }
    } else {
      System.out.println("unprivileged: full disk: mount -t tmpfs failed (" + mount.output().strip()
          + "): using the test-full-disk store, whose writes fail as on ENOSPC, instead");
      run = run("full disk (a store failing with ENOSPC: mount failed)", "blobs",
          mountPoint.resolve("cache"), "test-full-disk");
      assertTrue(run.warningLines().get(0).contains("No space left on device"), run.output());
    }
    assertAllRight(run, 1);
  }

  @Test
  void directoryDeletedWhileRunning_recreatesItWithoutAWarning() throws IOException {
    Path dir = ownedByChild("deleted").resolve("cache");
    Run run = run("directory deleted while running", "delete", dir);
    assertTrue(run.output().contains("deleted " + dir + ": true"), run.output());
    assertAllRight(run, 0);
    assertEquals("computed 3", run.line("computed"), run.output());
    assertTrue(Files.isDirectory(dir), "made again by the next write");
  }

  @Test
  void cachePathIsARegularFile_computesWithOneWarning() throws IOException {
    Path file = ownedByChild("regular-file").resolve("cache");
    Files.writeString(file, "not a folder\n");
    if (root) {
      chownTree(file);
    }
    Run run = run("cache path is a regular file", "lines", file);
    assertAllRight(run, 1);
    assertTrue(run.warningLines().get(0).startsWith("WARNING: astrocache: cannot open the 'file'"
        + " store in " + file + ": java.nio.file.FileAlreadyExistsException: " + file),
        run.output());
    assertEquals("not a folder\n", Files.readString(file));
  }

  @Test
  void worldWritableRoot_isRefusedWithOneWarning() throws IOException {
    Path dir = ownedByChild("world-writable").resolve("cache");
    Files.createDirectory(dir);
    if (root) {
      chownTree(dir);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Run run = run("world-writable root", "lines", dir);
    assertAllRight(run, 1);
    assertEquals("computed 6", run.line("computed"), run.output());
    assertTrue(run.warningLines().get(0).startsWith("WARNING: astrocache: refusing the cache"
        + " directory " + dir + ": it is writable by other users (mode rwxrwxrwx, owner "),
        run.output());
    try (Stream<Path> children = Files.list(dir)) {
      assertEquals(0, children.count(), "nothing written there");
    }
  }

  @Test
  void rootOwnedByAnotherUser_isRefusedWithOneWarning() throws IOException {
    // as root: a folder of root's, 0755, that uid 65534 can read but does not own; as a user:
    // the file system's root, which belongs to root
    Path dir = root ? Files.createDirectory(stage.resolve("someone-elses")) : Path.of("/");
    Run run = run("root owned by another user", "lines", dir);
    assertAllRight(run, 1);
    assertEquals("computed 6", run.line("computed"), run.output());
    assertTrue(run.warningLines().get(0).startsWith("WARNING: astrocache: refusing the cache"
        + " directory " + dir + ": it belongs to root (uid 0), not to this process's user"),
        run.output());
    if (root) {
      try (Stream<Path> children = Files.list(dir)) {
        assertFalse(children.findAny().isPresent(), "nothing written there");
      }
    }
  }

  // ---- files ----

  private static void open(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Every folder 0755, every file readable (executables stay executable). */
  private static void openTree(Path top) throws IOException {
    try (Stream<Path> all = Files.walk(top)) {
      for (Path p : all.toList()) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        if (Files.isDirectory(p)) {
          open(p);
        } else {
          boolean exec = Files.isExecutable(p)
              && Files.getPosixFilePermissions(p).contains(
                  PosixFilePermission.OWNER_EXECUTE);
          Files.setPosixFilePermissions(p,
              PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
  }

  private static void setTree(Path top, String folders, String files) throws IOException {
    try (Stream<Path> all = Files.walk(top)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.setPosixFilePermissions(p,
            PosixFilePermissions.fromString(Files.isDirectory(p) ? folders : files));
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
