package dev.astrocache.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a cache root is the process's own, as {@code ssh} checks a key file before it trusts
 * it. What counts:
 *
 * <ul>
 *   <li>the root itself must belong to the process's user and be writable by nobody else (no
 *       group or other write bit, sticky or not): whoever can write there can plant an entry,
 *       which the checksum does not detect, since anyone can compute it;
 *   <li>each folder above it must not be writable by group or others unless its sticky bit is
 *       set ({@code /tmp}, 1777, is fine as a parent): otherwise another user could move the
 *       root away and put their own in its place. Who owns a folder above is not checked (they
 *       belong to root or to the user on any sane system, and their owner can always replace
 *       what lies below).
 * </ul>
 *
 * <p>The folders inside the root are created 0700 by the store, and nobody else can add one to a
 * root that passes; what another user put there while it was open to them is looked for two
 * levels down ({@link #checkTree}). Where the file system has no POSIX permissions (Windows),
 * nothing is checked.
 */
final class SafeRoot {
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private SafeRoot() {}

  /**
   * Checks the folders above {@code root} that exist; call it before creating {@code root}, so
   * that nothing is made in a folder another user controls.
   */
  static void checkParents(Path root) throws IOException {
    if (!posix(root)) {
      return;
    }
    for (Path p = root.getParent(); p != null; p = p.getParent()) {
      PosixFileAttributes a;
      try {
        a = Files.readAttributes(p, PosixFileAttributes.class);
      } catch (NoSuchFileException e) {
        continue; // created below, 0700, by the store
      }
      Set<PosixFilePermission> perms = a.permissions();
      if (!java.util.Collections.disjoint(perms, OTHERS_WRITE) && !sticky(p)) {
        throw new UnsafeDirectoryException("astrocache: refusing the cache directory " + root
            + ": the folder above it, " + p + ", is writable by other users (mode "
            + PosixFilePermissions.toString(perms) + ", owner " + a.owner().getName()
            + ", no sticky bit), who could replace it. Calls are computed and not cached. Fix:"
            + " chmod go-w " + p + ", or set astrocache.dir to a folder of your own.");
      }
    }
  }

  /** Checks {@code root} itself, which exists. */
  static void checkRoot(Path root) throws IOException {
    if (!posix(root)) {
      return;
    }
    PosixFileAttributes a = Files.readAttributes(root, PosixFileAttributes.class);
    Set<PosixFilePermission> perms = a.permissions();
    String mode = PosixFilePermissions.toString(perms);
    Object owner = Files.getAttribute(root, "unix:uid");
    long processUid = processUid();
    boolean ours = processUid >= 0
        ? owner instanceof Integer uid && uid == processUid
        : a.owner().getName().equals(System.getProperty("user.name"));
    if (!ours) {
      throw new UnsafeDirectoryException("astrocache: refusing the cache directory " + root
          + ": it belongs to " + a.owner().getName() + " (uid " + owner + "), not to this"
          + " process's user" + (processUid >= 0 ? " (uid " + processUid + ")" : "") + ", who"
          + " could plant entries there (mode " + mode + "). Calls are computed and not cached."
          + " Fix: set astrocache.dir to a folder of your own.");
    }
    if (!java.util.Collections.disjoint(perms, OTHERS_WRITE)) {
      throw new UnsafeDirectoryException("astrocache: refusing the cache directory " + root
          + ": it is writable by other users (mode " + mode + ", owner " + a.owner().getName()
          + "), who could plant entries there. Calls are computed and not cached. Fix: chmod 700 "
          + root + ", or set astrocache.dir to a folder of your own.");
    }
  }

  /**
   * Checks the folders of the two levels below {@code root} (functions and their code
   * versions): one that another user made, or that others can write, was planted while the root
   * was open to them (a root made safe with {@code chmod 700} keeps what they put there). Deeper
   * folders are made 0700 by the store inside these; they are not read here, as there are
   * hundreds per version.
   */
  static void checkTree(Path root) throws IOException {
    if (!posix(root)) {
      return;
    }
    long processUid = processUid();
    if (processUid < 0) {
      return; // no uid to compare with: the root's own check compared names
    }
    checkChildren(root, root, processUid, 2);
  }

  private static void checkChildren(Path root, Path folder, long processUid, int levels)
      throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
      for (Path child : stream) {
        children.add(child);
      }
    } catch (NoSuchFileException | NotDirectoryException | AccessDeniedException e) {
      return; // gone, or not ours to read: the store's own reads report it
    }
    for (Path child : children) {
      Map<String, Object> a;
      try {
        a = Files.readAttributes(child, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        continue;
      }
      int uid = (Integer) a.get("uid");
      int mode = (Integer) a.get("mode");
      boolean isFolder = (mode & 0170000) == 0040000;
      // root's own (a run with sudo) is not another user's
      if (uid != processUid && uid != 0 || isFolder && (mode & 022) != 0) {
        throw new UnsafeDirectoryException("astrocache: refusing the cache directory " + root
            + ": " + child + " belongs to uid " + uid + " (mode "
            + String.format("%o", mode & 07777) + "; this process runs as uid " + processUid
            + "), so another user may have planted entries there. Calls are computed and not"
            + " cached. Fix: remove it, or set astrocache.dir to a folder of your own.");
      }
      if (isFolder && levels > 1) {
        checkChildren(root, child, processUid, levels - 1);
      }
    }
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("unix");
  }

  private static boolean sticky(Path p) throws IOException {
    return (((Integer) Files.getAttribute(p, "unix:mode")) & 01000) != 0;
  }

  /**
   * The process's effective uid: the owner of {@code /proc/self} on Linux; -1 where there is no
   * such folder (the owner's name is then compared with {@code user.name}).
   */
  private static long processUid() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
