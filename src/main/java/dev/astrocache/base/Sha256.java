package dev.astrocache.base;

import java.security.MessageDigest;

/**
 * SHA-256 (FIPS 180-4) in plain Java, which a fresh JVM can use at once: the JDK's needs the
 * security providers set up first (the {@code SUN} provider registers every service it has),
 * about 15 ms of a program's first call (issue 13, target 4). The JDK's is faster on large
 * inputs (an intrinsic), so {@link Hashes} switches to it once this one has hashed
 * {@value #HANDOVER_BYTES} bytes in the process; both give the same digests (HashesTest).
 */
final class Sha256 extends MessageDigest implements Cloneable {
  /** Bytes hashed here, process-wide, after which {@link Hashes} sets up the JDK's digest. */
  static final long HANDOVER_BYTES = 1 << 20;
  private static long hashed; // racy on purpose: it only decides when to set up the JDK's

  private static final int[] K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  };

  private int[] state = new int[8];
  private byte[] block = new byte[64];
  private int inBlock;
  private long length;
  private int[] w = new int[64];

  Sha256() {
    super("SHA-256");
    engineReset();
  }

  /** Whether the process has hashed enough here for the JDK's digest to be worth setting up. */
  static boolean handOver() {
    return hashed >= HANDOVER_BYTES;
  }

  @Override
  protected int engineGetDigestLength() {
    return 32;
  }

  @Override
  protected void engineReset() {
    state[0] = 0x6a09e667;
    state[1] = 0xbb67ae85;
    state[2] = 0x3c6ef372;
    state[3] = 0xa54ff53a;
    state[4] = 0x510e527f;
    state[5] = 0x9b05688c;
    state[6] = 0x1f83d9ab;
    state[7] = 0x5be0cd19;
    inBlock = 0;
    length = 0;
  }

  @Override
  protected void engineUpdate(byte input) {
    block[inBlock++] = input;
    length++;
    if (inBlock == 64) {
      compress(block, 0);
      inBlock = 0;
    }
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    length += len;
    hashed += len;
    if (inBlock > 0) {
      int n = Math.min(len, 64 - inBlock);
      System.arraycopy(input, offset, block, inBlock, n);
      inBlock += n;
      offset += n;
      len -= n;
      if (inBlock < 64) {
        return;
      }
      compress(block, 0);
      inBlock = 0;
    }
    while (len >= 64) {
      compress(input, offset);
      offset += 64;
      len -= 64;
    }
    System.arraycopy(input, offset, block, 0, len);
    inBlock = len;
  }

  @Override
  protected byte[] engineDigest() {
    long bits = length << 3;
    block[inBlock++] = (byte) 0x80;
    if (inBlock > 56) {
      while (inBlock < 64) {
        block[inBlock++] = 0;
      }
      compress(block, 0);
      inBlock = 0;
    }
    while (inBlock < 56) {
      block[inBlock++] = 0;
    }
    for (int i = 0; i < 8; i++) {
      block[56 + i] = (byte) (bits >>> (56 - 8 * i));
    }
    compress(block, 0);
    byte[] out = new byte[32];
    for (int i = 0; i < 8; i++) {
      int s = state[i];
      out[4 * i] = (byte) (s >>> 24);
      out[4 * i + 1] = (byte) (s >>> 16);
      out[4 * i + 2] = (byte) (s >>> 8);
      out[4 * i + 3] = (byte) s;
    }
    engineReset();
    return out;
  }

  private void compress(byte[] in, int at) {
    int[] w = this.w;
    for (int t = 0; t < 16; t++) {
      int i = at + 4 * t;
      w[t] = (in[i] << 24) | ((in[i + 1] & 0xff) << 16) | ((in[i + 2] & 0xff) << 8)
          | (in[i + 3] & 0xff);
    }
    for (int t = 16; t < 64; t++) {
      int x = w[t - 15];
      int y = w[t - 2];
      int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
      int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    int a = state[0];
    int b = state[1];
    int c = state[2];
    int d = state[3];
    int e = state[4];
    int f = state[5];
    int g = state[6];
    int h = state[7];
    for (int t = 0; t < 64; t++) {
      int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
      int ch = (e & f) ^ (~e & g);
      int t1 = h + s1 + ch + K[t] + w[t];
      int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
      int maj = (a & b) ^ (a & c) ^ (b & c);
      int t2 = s0 + maj;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    Sha256 copy = (Sha256) super.clone();
    copy.state = state.clone();
    copy.block = block.clone();
    copy.w = new int[64];
    return copy;
  }
}
