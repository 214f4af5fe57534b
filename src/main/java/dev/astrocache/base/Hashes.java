package dev.astrocache.base;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and lowercase hex: every digest and every hex string astrocache makes. */
public final class Hashes {
  private static final HexFormat HEX = HexFormat.of();
  /**
   * The JDK's SHA-256, cloned for each use ({@code MessageDigest.getInstance} looks up
   * providers every time); null until {@link Sha256} has hashed enough to hand over to it.
   */
  private static volatile MessageDigest jdk;

  private Hashes() {}

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide SHA-256 (MessageDigest's Javadoc)
      throw new IllegalStateException("this JVM has no SHA-256: " + e.getMessage(), e);
    }
  }

  /**
   * A fresh SHA-256 digest, for a caller that updates it in parts: astrocache's own until the
   * process has hashed {@value Sha256#HANDOVER_BYTES} bytes with it (a fresh JVM's first call
   * then sets up no security providers, issue 13 target 4), then the JDK's, which is faster on
   * large inputs. Both give the same digests.
   */
  public static MessageDigest sha256() {
    MessageDigest d = jdk;
    if (d == null) {
      if (!Sha256.handOver()) {
        return new Sha256();
      }
      d = handOver();
    }
    try {
      return (MessageDigest) d.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  /**
   * This thread's SHA-256, reset, for a caller that runs no other code while it hashes (a call's
   * key: {@code CallKey}), so that a call does not copy a digest (its state, buffer and provider
   * object) to hash a few hundred bytes. It becomes the JDK's once the process hands over.
   */
  public static MessageDigest perThread() {
    MessageDigest kept = THREAD.get();
    MessageDigest d = current(kept);
    if (d != kept) {
      THREAD.set(d);
    }
    d.reset(); // in case an error (out of memory, of stack) left it part way through
    return d;
  }

  /** Each thread's digest for {@link #perThread}: a class, not a method reference (first hit). */
  private static final ThreadLocal<MessageDigest> THREAD = new ThreadLocal<MessageDigest>() {
    @Override
    protected MessageDigest initialValue() {
      return sha256();
    }
  };

  /**
   * {@code kept}, a digest its caller keeps and resets between uses, unless it is astrocache's
   * own and the process has handed over to the JDK's: then a fresh one of {@link #sha256()}, to
   * keep in its place.
   */
  static MessageDigest current(MessageDigest kept) {
    return kept instanceof Sha256 && Sha256.handOver() ? sha256() : kept;
  }

  private static synchronized MessageDigest handOver() {
    if (jdk == null) {
      jdk = newSha256();
    }
    return jdk;
  }

  /** The JDK's SHA-256 at once, for tests that compare the two. */
  static MessageDigest jdkSha256() {
    return newSha256();
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
