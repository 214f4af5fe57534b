package dev.astrocache;

/** An entry whose bytes are not a valid frame: truncated, altered, foreign or of another key. */
final class CorruptEntryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /** @param offset the byte offset in the entry where the problem was found */
  CorruptEntryException(String reason, long offset) {
    super(reason + " (at offset " + offset + ")");
    this.offset = offset;
  }

  /** The byte offset where the problem was found. */
  long offset() {
    return offset;
  }
}
