package dev.astrocache.base;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and lowercase hex: every digest and every hex string astrocache makes. */
public final class Hashes {
  private static final HexFormat HEX = HexFormat.of();
  /** Cloned for each use: {@code MessageDigest.getInstance} looks up providers every time. */
  private static final MessageDigest SHA256 = newSha256();

  private Hashes() {}

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide SHA-256 (MessageDigest's Javadoc)
      throw new IllegalStateException("this JVM has no SHA-256: " + e.getMessage(), e);
    }
  }

  /** A fresh SHA-256 digest, for a caller that updates it in parts. */
  public static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  /** The SHA-256 of {@code bytes}: 32 bytes. */
  public static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  /** Two lowercase hex digits per byte: {@code 0aff}. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** {@link #hex(byte[])} of {@code bytes[from..to)}. */
  public static String hex(byte[] bytes, int from, int to) {
    return HEX.formatHex(bytes, from, to);
  }
}
