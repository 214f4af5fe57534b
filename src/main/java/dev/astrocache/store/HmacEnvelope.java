package dev.astrocache.store;

import dev.astrocache.spi.EntryKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed envelope an entry travels in to and from a remote server:
 *
 * <pre>
 *   "ACH1"  payload length (int, big-endian)  payload  HMAC-SHA-256 (32 bytes)
 * </pre>
 *
 * <p>The MAC covers a domain string, the magic, the whole {@link EntryKey} (function, fingerprint
 * and key, each length-prefixed) and the payload. Binding the key means an object copied on the
 * server from one key to another, or from another function, does not verify; binding the length
 * means a truncated or extended object does not either. Whoever holds the secret can write
 * entries; nobody else can make this process read one.
 */
final class HmacEnvelope {

  static final int MAC_LENGTH = 32;
  static final int HEADER_LENGTH = 8;
  static final int OVERHEAD = HEADER_LENGTH + MAC_LENGTH;

  private static final byte[] MAGIC = {'A', 'C', 'H', '1'};
  private static final byte[] DOMAIN =
      "astrocache remote entry v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec secret;

  HmacEnvelope(byte[] secret) {
    this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** Wraps {@code payload} for {@code key}. */
  byte[] seal(EntryKey key, byte[] payload) {
    ByteBuffer out = ByteBuffer.allocate(Math.addExact(payload.length, OVERHEAD));
    out.put(MAGIC).putInt(payload.length).put(payload);
    out.put(mac(key, payload, 0, payload.length));
    return out.array();
  }

  /** The payload inside {@code object}, if it is a well-formed envelope signed for {@code key}. */
  Result open(EntryKey key, byte[] object) {
    if (object.length < MAGIC.length
        || !Arrays.equals(object, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return Result.rejected("unsigned: the object does not start with the astrocache envelope "
          + "magic; it was not written by an astrocache http store");
    }
    if (object.length < OVERHEAD) {
      return Result.rejected("truncated: " + object.length + " bytes, an envelope has at least "
          + OVERHEAD);
    }
    int length = ByteBuffer.wrap(object, MAGIC.length, 4).getInt();
    if (length < 0 || length != object.length - OVERHEAD) {
      return Result.rejected("truncated or extended: the envelope announces " + length
          + " payload bytes but carries " + (object.length - OVERHEAD));
    }
    byte[] expected = mac(key, object, HEADER_LENGTH, length);
    byte[] actual = Arrays.copyOfRange(object, object.length - MAC_LENGTH, object.length);
    if (!MessageDigest.isEqual(expected, actual)) {
      return new Result(null, "signature mismatch: the object was altered, belongs to another key, "
          + "or was signed with another astrocache.remote.secret", true);
    }
    return new Result(Arrays.copyOfRange(object, HEADER_LENGTH, HEADER_LENGTH + length), null,
        false);
  }

  private byte[] mac(EntryKey key, byte[] payload, int offset, int length) {
    Mac mac;
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // every Java platform must provide HmacSHA256, and any byte string is a valid key for it
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
    mac.update(DOMAIN);
    mac.update(MAGIC);
    field(mac, key.function());
    field(mac, key.fingerprint());
    field(mac, key.key());
    mac.update(ByteBuffer.allocate(8).putLong(length).array());
    mac.update(payload, offset, length);
    return mac.doFinal();
  }

  private static void field(Mac mac, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    mac.update(bytes);
  }

  /**
   * What {@link #open} found: the payload, or why the object was refused.
   *
   * @param payload the verified payload, or {@code null} when rejected
   * @param reason why the object was refused, or {@code null} when accepted
   * @param badSignature whether a well-formed envelope carried a MAC this secret does not make:
   *     what every object looks like to a process with another secret
   */
  record Result(byte[] payload, String reason, boolean badSignature) {
    static Result rejected(String reason) {
      return new Result(null, reason, false);
    }
  }
}
