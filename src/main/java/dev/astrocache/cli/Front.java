package dev.astrocache.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the command line needs of the front's package-private pieces, so that it reads the cache
 * exactly as the library writes it: the directory as {@code Settings} resolves it, entries as
 * {@code EntryFrame} frames them, manifests as {@code Manifests} writes and compares them. The
 * front's entry point ({@code dev.astrocache.Main}) implements it and hands it to {@link
 * CommandLine#run}; this package is not exported, so the interface is no public API.
 */
public interface Front {

  /**
   * The cache directory: {@code dirOption} (the {@code --dir} option, as the builder's value)
   * when not null, else {@code astrocache.dir}, else {@code ASTROCACHE_DIR}, else {@code
   * ~/.astrocache}; null when there is none (no usable home).
   *
   * @throws IllegalArgumentException when a value is malformed, with the setting's message
   */
  Path directory(String dirOption);

  /** Why {@link #directory} is null, and the fix: the library's own message. */
  String noDirectory();

  /**
   * The header of an entry from its first bytes ({@link #maxHeaderLength()} hold any header),
   * without checking its payload.
   *
   * @throws BadEntryException saying what is wrong and at which offset
   */
  EntryHeader readHeader(byte[] start, byte[] key) throws BadEntryException;

  /**
   * Checks a whole entry as a hit would (magic, version, lengths, checksum, key) and returns its
   * header.
   *
   * @throws BadEntryException saying what is wrong and at which offset
   */
  EntryHeader verify(byte[] entry, byte[] key) throws BadEntryException;

  /** The most bytes an entry header takes. */
  int maxHeaderLength();

  /** A manifest's text as the cache writes it, as method to hash. */
  SortedMap<String, String> parseManifest(String text);

  /** Which methods changed, appeared and disappeared from {@code before} to {@code now}. */
  Changes changes(Map<String, String> before, Map<String, String> now);

  /**
   * What an entry header says.
   *
   * @param arguments the rendering of the call's arguments, or null when the entry has none
   * @param lifetimeMillis the time to live in force when the entry was written, or 0 when none
   *     was or the entry does not say (written before entries recorded it)
   */
  record EntryHeader(String serializer, long createdMillis, long computeNanos, String arguments,
      long lifetimeMillis) {

    /** Whether the entry's recorded lifetime has passed at {@code nowMillis}. */
    boolean expiredAt(long nowMillis) {
      return lifetimeMillis > 0 && nowMillis - createdMillis >= lifetimeMillis;
    }
  }

  /** The methods that differ between two manifests, each list sorted. */
  record Changes(List<String> changed, List<String> appeared, List<String> disappeared) {}

  /** An entry that is not a sound frame. */
  final class BadEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and at which offset */
    public BadEntryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
