package dev.astrocache.store;

import dev.astrocache.spi.Store;
import dev.astrocache.spi.StoreContext;
import dev.astrocache.spi.StoreProvider;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code file} store: one file per entry under the cache directory, at
 * {@code <dir>/<function>/<fingerprint>/<first two hex digits of key>/<key>}.
 *
 * <p>Each entry is written to a temporary file in its folder, forced to disk, then moved into
 * place atomically, so that readers in this or another process never see half an entry.
 * Directories are created 0700 and files 0600 on POSIX file systems. Entries the cache finds
 * corrupt are moved to {@code <dir>/quarantine/}.
 *
 * <p>Setting {@code max.bytes} ({@code astrocache.max.bytes}, such as {@code 500m}, {@code 2g}
 * or a plain number of bytes; default {@value #DEFAULT_MAX_BYTES}) caps the size of the entries:
 * past it, a background thread removes the least recently written entries until about 90% of
 * the cap is left. Reads never evict. The cap is approximate: the store keeps a running estimate
 * of its size (its own writes on top of the last scan of the tree), sees other processes' writes
 * at its next scan, and is over the cap until the background thread has caught up.
 */
public final class FileStoreProvider implements StoreProvider {

  /** The cap when {@code max.bytes} is not set. */
  public static final String DEFAULT_MAX_BYTES = "1g";

  @Override
  public String name() {
    return "file";
  }

  @Override
  public Store open(StoreContext context) throws IOException {
    Objects.requireNonNull(context, "context == null");
    Objects.requireNonNull(context.directory(), "context.directory() == null");
    long maxBytes = parseBytes("max.bytes", context.setting("max.bytes").orElse(DEFAULT_MAX_BYTES));
    return FileStore.open(context.directory(), maxBytes);
  }

  /**
   * Parses a size: digits, optionally followed by {@code k}, {@code m}, {@code g} or {@code t}
   * (powers of 1024, either case).
   *
   * @throws IllegalArgumentException naming {@code astrocache.<setting>} and the value when it
   *     is not a positive size
   */
  static long parseBytes(String setting, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    int shift = 0;
    if (!v.isEmpty()) {
      int unit = "kmgt".indexOf(v.charAt(v.length() - 1));
      if (unit >= 0) {
        shift = 10 * (unit + 1);
        v = v.substring(0, v.length() - 1);
      }
    }
    if (v.isEmpty() || v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw badSize(setting, value);
    }
    long number = Long.parseLong(v.length() == 19 && v.compareTo("9223372036854775807") > 0
        ? "-1" : v);
    if (number <= 0 || number > (Long.MAX_VALUE >> shift)) {
      throw badSize(setting, value);
    }
    return number << shift;
  }

  private static IllegalArgumentException badSize(String setting, String value) {
    return new IllegalArgumentException("astrocache." + setting + " must be a positive size such"
        + " as 500m, 2g or 1048576 (bytes; k, m, g, t are powers of 1024), not '" + value + "'");
  }
}
