package dev.astrocache.spi;

import java.io.IOException;

/**
 * Thrown by {@link Store#put} when the store works but keeps this one entry out because it is
 * too large for it: an HTTP server answering 413, a bucket's object-size limit, a quota per
 * object. Any other {@link IOException} from a store means that the store itself failed.
 *
 * <p>The difference matters to stores that compose others: the {@code tiered} store keeps an
 * entry that its remote refuses this way in the local store only, and goes on using the remote
 * for every other entry, where another failure switches the remote off for the back-off period
 * with a warning. The front treats it like any failed write: the caller gets its value.
 *
 * <p>Throw it only when the same entry would be refused again, never for a failure that a retry
 * could cure (a timeout, a full disk, a server error). Its message should say how large the
 * entry was, what refused it and how to raise the limit, such as {@code "PUT https://cache/x
 * answered HTTP 413: the server refuses an object of 70000000 bytes (for nginx, raise
 * client_max_body_size)"}.
 */
public final class EntryTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An entry refused as too large.
   *
   * @param message how large the entry was, what refused it and how to raise the limit
   */
  public EntryTooLargeException(String message) {
    super(message);
  }

  /**
   * An entry refused as too large, with the exception that reported it.
   *
   * @param message how large the entry was, what refused it and how to raise the limit
   * @param cause what the store's client threw, or {@code null}
   */
  public EntryTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
