package dev.astrocache.fingerprint;

import dev.astrocache.base.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** SHA-256 over a stream of typed, length-prefixed values, so that no two streams collide. */
final class Hasher {
  private final MessageDigest digest;
  private final byte[] buffer = new byte[8];

  Hasher() {
    digest = Hashes.sha256();
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
}
