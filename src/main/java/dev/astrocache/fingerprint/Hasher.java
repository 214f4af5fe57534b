package dev.astrocache.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over a stream of typed, length-prefixed values, so that no two streams collide. */
final class Hasher {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final MessageDigest digest;
  private final byte[] buffer = new byte[8];

  Hasher() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide SHA-256 (MessageDigest's Javadoc)
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  static byte[] sha256(byte[] bytes) {
    return new Hasher().putBytes(bytes).finish();
  }

  Hasher putByte(int b) {
    digest.update((byte) b);
    return this;
  }

  Hasher putInt(int v) {
    buffer[0] = (byte) (v >>> 24);
    buffer[1] = (byte) (v >>> 16);
    buffer[2] = (byte) (v >>> 8);
    buffer[3] = (byte) v;
    digest.update(buffer, 0, 4);
    return this;
  }

  Hasher putLong(long v) {
    putInt((int) (v >>> 32));
    return putInt((int) v);
  }

  Hasher putString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    putInt(b.length);
    digest.update(b);
    return this;
  }

  Hasher putBytes(byte[] b) {
    putInt(b.length);
    digest.update(b);
    return this;
  }

  byte[] finish() {
    return digest.digest();
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }
}
