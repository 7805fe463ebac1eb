package dev.kdbsql.storage.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Seeded plain images for the kxzipped tests: incompressible noise and column-like data. */
final class KxzipTestData {
  private KxzipTestData() {}

  /** {@code n} random bytes; no codec shrinks them, so every block is stored. */
  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * {@code n} bytes that look like a kdb+ column: an {@code fe 20} header then slowly rising
   * longs with a little noise, which every codec shrinks.
   */
  static byte[] compressible(int n, long seed) {
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    Random r = new Random(seed);
    byte[] header = {(byte) 0xfe, 0x20, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    b.put(header, 0, Math.min(n, header.length));
    long v = 1_000_000;
    while (b.remaining() >= 8) {
      v += r.nextInt(4);
      b.putLong(v);
    }
    while (b.hasRemaining()) {
      b.put((byte) 'x');
    }
    return b.array();
  }
}
