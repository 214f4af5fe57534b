package dev.astrocache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import dev.astrocache.Astrocache;
import dev.astrocache.testing.LogCapture;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store refuses a root other users can write, or that another user owns, and a root
 * below a folder others can write without the sticky bit; it accepts one below {@code /tmp}.
 * The process's own uid is whatever the test runs as; a foreign owner needs root to make (chown),
 * and is tested for real as uid 65534 by UnprivilegedEnvironmentTest otherwise.
 */
class SafeRootTest {
  @TempDir Path dir;

  private static void mode(Path p, String mode) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  private static String owner(Path p) throws IOException {
    return Files.getOwner(p).getName();
  }

  @Test
  void open_worldWritableRoot_refusedNamingModeOwnerAndFix() throws IOException {
    Path root = Files.createDirectory(dir.resolve("cache"));
    mode(root, "rwxrwxrwx");
    UnsafeDirectoryException e = assertThrows(UnsafeDirectoryException.class,
        () -> FileStore.open(root, 1 << 20));
    assertEquals("astrocache: refusing the cache directory " + root + ": it is writable by"
        + " other users (mode rwxrwxrwx, owner " + owner(root) + "), who could plant entries"
        + " there. Calls are computed and not cached. Fix: chmod 700 " + root + ", or set"
        + " astrocache.dir to a folder of your own.", e.getMessage());
    try (var children = Files.list(root)) {
      assertEquals(0, children.count(), "nothing is written to a refused root");
    }
  }

  public interface Squares {
    long square(long n);
  }

  @Test
  void cache_worldWritableRoot_computesEveryCallWithOneWarningAndTouchesNothing()
      throws IOException {
    Path root = Files.createDirectory(dir.resolve("cache"));
    mode(root, "rwxrwxrwx");
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    try (LogCapture log = new LogCapture("dev.astrocache")) {
      Squares s = Astrocache.builder().directory(root).build().wrap(Squares.class, n -> {
        calls.incrementAndGet();
        return n * n;
      });
      assertEquals(49, s.square(7));
      assertEquals(49, s.square(7));
      assertEquals(List.of("astrocache: refusing the cache directory " + root + ": it is"
          + " writable by other users (mode rwxrwxrwx, owner " + owner(root) + "), who could"
          + " plant entries there. Calls are computed and not cached. Fix: chmod 700 " + root
          + ", or set astrocache.dir to a folder of your own."), log.messages(Level.WARNING));
    }
    assertEquals(2, calls.get());
    try (var children = Files.list(root)) {
      assertEquals(0, children.count());
    }
  }

  @Test
  void open_groupWritableOrStickyRoot_refused() throws IOException {
    Path root = Files.createDirectory(dir.resolve("cache"));
    mode(root, "rwxrwx---");
    assertThrows(UnsafeDirectoryException.class, () -> FileStore.open(root, 1 << 20));
    mode(root, "rwxrwxrwx");
    Files.setAttribute(root, "unix:mode", 01777);
    assertThrows(UnsafeDirectoryException.class, () -> FileStore.open(root, 1 << 20),
        "the sticky bit does not make the root itself safe");
  }

  @Test
  void open_rootBelowLooseParent_refusedAndNotCreated() throws IOException {
    Path parent = Files.createDirectory(dir.resolve("shared"));
    mode(parent, "rwxrwxrwx");
    Path root = parent.resolve("cache");
    UnsafeDirectoryException e = assertThrows(UnsafeDirectoryException.class,
        () -> FileStore.open(root, 1 << 20));
    assertEquals("astrocache: refusing the cache directory " + root + ": the folder above it, "
        + parent + ", is writable by other users (mode rwxrwxrwx, owner " + owner(parent)
        + ", no sticky bit), who could replace it. Calls are computed and not cached. Fix: chmod"
        + " go-w " + parent + ", or set astrocache.dir to a folder of your own.", e.getMessage());
    assertFalse(Files.exists(root), "the root is not created in a folder others control");
  }

  @Test
  void open_rootBelowStickyParentLikeTmp_accepted() throws IOException {
    Path parent = Files.createDirectory(dir.resolve("tmp-like"));
    Files.setAttribute(parent, "unix:mode", 01777);
    Path root = parent.resolve("cache");
    FileStore.open(root, 1 << 20).close();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    // and the real /tmp (1777) as a parent
    Path inTmp = Files.createTempDirectory(Path.of("/tmp"), "astrocache-safe-root");
    try {
      FileStore.open(inTmp.resolve("cache"), 1 << 20).close();
    } finally {
      Files.delete(inTmp.resolve("cache"));
      Files.delete(inTmp);
    }
  }

  /** A root made safe with chmod 700 keeps what others planted while it was open. */
  @Test
  void open_functionOrVersionFolderPlantedByAnotherUserOrOpen_refused() throws IOException {
    Path root = Files.createDirectory(dir.resolve("cache"));
    mode(root, "rwx------");
    Path function = Files.createDirectory(root.resolve("com.example.Prices.quote-1f3a9c0e"));
    mode(function, "rwx------");
    Path version = Files.createDirectory(function.resolve("ab".repeat(32)));
    mode(version, "rwxrwxrwx");
    UnsafeDirectoryException open = assertThrows(UnsafeDirectoryException.class,
        () -> FileStore.open(root, 1 << 20));
    String uid = String.valueOf(Files.getAttribute(root, "unix:uid"));
    assertEquals("astrocache: refusing the cache directory " + root + ": " + version
        + " belongs to uid " + uid + " (mode 777; this process runs as uid " + uid + "), so"
        + " another user may have planted entries there. Calls are computed and not cached."
        + " Fix: remove it, or set astrocache.dir to a folder of your own.", open.getMessage());
    mode(version, "rwx------");
    FileStore.open(root, 1 << 20).close();
    try {
      Files.setOwner(function, root.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("65534"));
    } catch (IOException e) {
      return; // not root: cannot give it away (the mode case above ran)
    }
    UnsafeDirectoryException owned = assertThrows(UnsafeDirectoryException.class,
        () -> FileStore.open(root, 1 << 20));
    assertTrue(owned.getMessage().startsWith("astrocache: refusing the cache directory " + root
        + ": " + function + " belongs to uid 65534 (mode 700; "), owned.getMessage());
  }

  @Test
  void open_rootOwnedByAnotherUser_refused() throws IOException {
    Path root = Files.createDirectory(dir.resolve("cache"));
    mode(root, "rwx------");
    UserPrincipal nobody;
    try {
      nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("65534");
      Files.setOwner(root, nobody);
    } catch (IOException e) {
      // not root: the test's own user cannot give a folder away; the child JVM test as 65534
      // (UnprivilegedEnvironmentTest) covers a root owned by someone else from the other side
      assertTrue(!"0".equals(String.valueOf(Files.getAttribute(dir, "unix:uid"))), e.toString());
      return;
    }
    UnsafeDirectoryException e = assertThrows(UnsafeDirectoryException.class,
        () -> FileStore.open(root, 1 << 20));
    assertTrue(e.getMessage().startsWith("astrocache: refusing the cache directory " + root
        + ": it belongs to "), e.getMessage());
    assertTrue(e.getMessage().contains("(uid 65534), not to this process's user (uid "),
        e.getMessage());
  }
}
