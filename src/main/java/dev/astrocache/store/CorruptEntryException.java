package dev.astrocache.store;

/** An entry whose bytes are not a valid frame: truncated, altered, foreign or of another key. */
public final class CorruptEntryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /** @param offset the byte offset in the entry where the problem was found */
  public CorruptEntryException(String reason, long offset) {
    super(reason + " (at offset " + offset + ")");
    this.offset = offset;
  }

  /** The byte offset where the problem was found. */
  public long offset() {
    return offset;
  }
}
