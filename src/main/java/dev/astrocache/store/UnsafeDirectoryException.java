package dev.astrocache.store;

import java.io.IOException;

/**
 * The cache directory, or a folder above it, lets another user plant or replace entries: the
 * store refuses it as {@code ssh} refuses a key file others can write. The message is the whole
 * warning (what, where, the fix), meant to be shown as is.
 */
public final class UnsafeDirectoryException extends IOException {
  private static final long serialVersionUID = 1L;

  UnsafeDirectoryException(String message) {
    super(message);
  }
}
