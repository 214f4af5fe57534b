package dev.astrocache.store;

import dev.astrocache.config.Setting;
import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code file} store: one file per entry under the cache directory, at
 * {@code <dir>/<function>/<fingerprint>/<first two hex digits of key>/<key>}.
 *
 * <p>Each entry is written to a temporary file in its folder, then moved into place atomically,
 * so that readers in this or another process never see half an entry. Setting {@code durability}
 * ({@code none}, the default, or {@code force}) says whether the file is forced to disk before
 * the move: unforced, a power loss may lose or tear the last entries, which then fail their
 * checksum and are misses; a crash of the process loses nothing.
 * Setting {@code writes} ({@code behind}, the default, or {@code inline}) says who writes: a
 * background thread, so that a miss does not wait on the disk ({@code WriteBehindStore}: this
 * process reads the entry at once, and pending entries are written on close and at exit; a
 * process killed outright loses those still waiting, which are misses later), or the caller.
 * With the writer's queue full, setting {@code writes.full} ({@code drop}, the default, or
 * {@code inline}) says whether the front's new entry is dropped (a later miss) or written by its
 * caller.
 * With {@code strict=true} writes are inline, so that a failed write is thrown at its caller.
 * Directories are created 0700 and files 0600 on POSIX file systems. Entries the cache finds
 * corrupt are moved to {@code <dir>/quarantine/}.
 *
 * <p>Setting {@code max.bytes} ({@code astrocache.max.bytes}, such as {@code 500m}, {@code 2g}
 * or a plain number of bytes; default {@code 1g}) caps the size of the entries:
 * past it, a background thread removes the entries worth least ({@code FileStoreSweeper}: compute
 * time, uses, size, time since the last use) until about 90% of the cap is left. Reads never
 * evict. Setting {@code max.versions} (default {@code 3}) keeps
 * the entries of each function's newest code versions only: when a new fingerprint of a function
 * gets its first entry from this process, a background thread removes the entries of the older
 * code versions beyond that many (their manifests stay; the folders of one code version under
 * several values of its ambient inputs count once). The cap is approximate: the store keeps a running estimate
 * of its size (its own writes on top of the last scan of the tree), sees other processes' writes
 * at its next scan, and is over the cap until the background thread has caught up.
 */
public final class FileStoreProvider implements StoreProvider {

  @Override
  public String name() {
    return "file";
  }

  @Override
  public Store open(StoreContext context) throws IOException {
    Objects.requireNonNull(context, "context == null");
    Objects.requireNonNull(context.directory(), "context.directory() == null");
    long maxBytes = Setting.MAX_BYTES.parseOrDefault(context.setting(Setting.MAX_BYTES.name()));
    int maxVersions =
        Setting.MAX_VERSIONS.parseOrDefault(context.setting(Setting.MAX_VERSIONS.name()));
    boolean force = "force".equals(
        Setting.DURABILITY.parseOrDefault(context.setting(Setting.DURABILITY.name())));
    // strict mode throws a failed write at its caller, which a background write cannot do
    boolean behind = "behind".equals(
        Setting.WRITES.parseOrDefault(context.setting(Setting.WRITES.name())))
        && !Setting.STRICT.parseOrDefault(context.setting(Setting.STRICT.name()));
    FileStore files = FileStore.open(context.directory(), maxBytes, maxVersions, force);
    boolean drop = "drop".equals(
        Setting.WRITES_FULL.parseOrDefault(context.setting(Setting.WRITES_FULL.name())));
    return behind ? new WriteBehindStore(files, drop) : files;
  }

  @Override
  public Set<String> settings() {
    return Set.of(Setting.MAX_BYTES.name(), Setting.MAX_VERSIONS.name(),
        Setting.DURABILITY.name(), Setting.WRITES.name(), Setting.WRITES_FULL.name());
  }
}
