package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.Compression.Algorithm;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bulk reads of every {@link Bytes} equal the single reads they replace: at aligned and
 * unaligned positions, across mapping chunks and compressed blocks, with values straddling a
 * boundary; and refuse out-of-range reads before copying anything.
 */
class BulkBytesTest {
  /** Odd-sized, so the last chunk or block is partial and ends mid-value. */
  private static final int SIZE = 70_003;

  @TempDir
  Path dir;

  private Path write(byte[] data) throws IOException {
    Path f = dir.resolve("image");
    Files.write(f, data);
    return f;
  }

  private static MappedBytes mapInChunks(Path f, int chunkPower) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      return MappedBytes.map(f, ch, chunkPower);
    }
  }

  @Test
  void mappedInSmallChunks() throws IOException {
    try (MappedBytes b = mapInChunks(write(KxzipTestData.random(1001, 1)), 3)) {
      assertBulkEqualsSingle(b, 8, 2);
    }
    byte[] data = KxzipTestData.random(SIZE, 1);
    for (int power : new int[] {6, 12}) {
      try (MappedBytes b = mapInChunks(write(data), power)) {
        assertBulkEqualsSingle(b, 1 << power, 2);
      }
    }
  }

  @Test
  void mappedInOneChunk() throws IOException {
    try (MappedBytes b = MappedBytes.map(write(KxzipTestData.random(SIZE, 3)))) {
      assertBulkEqualsSingle(b, SIZE, 4);
    }
  }

  @Test
  void onTheHeap() {
    try (HeapBytes b = new HeapBytes(dir.resolve("heap"), KxzipTestData.random(SIZE, 5), false)) {
      assertBulkEqualsSingle(b, SIZE, 6);
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void kxzipped(Algorithm algorithm) throws IOException {
    byte[] plain = KxzipTestData.compressible(SIZE, 7);
    Path f = dir.resolve("kx");
    KxzipWriter.write(f, plain, new Compression(algorithm, algorithm.defaultLevel(),
        Compression.MIN_BLOCK_SIZE_POWER));
    try (Bytes b = FileImages.open(f)) {
      assertTrue(b.compressed(), b.toString());
      assertBulkEqualsSingle(b, 1 << Compression.MIN_BLOCK_SIZE_POWER, 8);
    }
  }

  /** A long column over 1 GiB (sparse) read in bulk across the production chunk boundary. */
  @Test
  void acrossTheDefaultChunkBoundary() throws IOException {
    long boundary = 1L << MappedBytes.CHUNK_POWER;
    Path f = dir.resolve("big");
    int around = 4096;
    ByteBuffer near = ByteBuffer.allocate(2 * around).order(ByteOrder.LITTLE_ENDIAN);
    new Random(9).longs(around / 4).forEach(near::putLong);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(boundary + around + 3);
      raf.seek(boundary - around);
      raf.write(near.array());
    }
    try (MappedBytes b = MappedBytes.map(f)) {
      for (long pos : new long[] {boundary - around, boundary - around + 1, boundary - 8,
          boundary - 5}) {
        int n = (int) ((boundary + around - pos) / 8);
        long[] bulk = new long[n];
        b.getLongs(pos, bulk, 0, n);
        for (int i = 0; i < n; i++) {
          assertEquals(b.getLong(pos + 8L * i), bulk[i], "value " + i + " from " + pos);
        }
      }
    }
  }

  @Test
  void outOfRangeReadsAreRefused() throws IOException {
    Path f = write(KxzipTestData.random(SIZE, 11));
    try (MappedBytes m = mapInChunks(f, 12);
        HeapBytes h = new HeapBytes(f, KxzipTestData.random(SIZE, 11), false)) {
      for (Bytes b : new Bytes[] {m, h}) {
        long[] dst = new long[16];
        StorageException past = assertThrows(StorageException.class,
            () -> b.getLongs(SIZE - 8 * 15, dst, 0, 16));
        assertTrue(past.getMessage().contains(f.toString()), past.getMessage());
        assertArrayEquals(new long[16], dst, "nothing copied before the check");
        assertThrows(StorageException.class, () -> b.getInts(-4, new int[1], 0, 1));
        assertThrows(StorageException.class,
            () -> b.getShorts(Long.MAX_VALUE - 1, new short[2], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> b.getDoubles(0, new double[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> b.getFloats(0, new float[4], -1, 1));
        b.getLongs(SIZE - 8, dst, 16, 0);
        b.getLongs(SIZE, dst, 0, 0);
      }
      m.close();
      h.close();
      for (Bytes b : new Bytes[] {m, h}) {
        StorageException closed = assertThrows(StorageException.class,
            () -> b.getLongs(0, new long[1], 0, 1));
        assertTrue(closed.getMessage().contains("already closed"), closed.getMessage());
      }
    }
  }

  /**
   * Compares each bulk read with single reads at positions near multiples of {@code boundary}
   * (chunk or block size), aligned and not, and at random positions, with random lengths.
   */
  private static void assertBulkEqualsSingle(Bytes b, int boundary, long seed) {
    Random r = new Random(seed);
    long len = b.length();
    for (long k = 0; k * boundary <= len; k++) {
      for (int d = -9; d <= 9; d++) {
        long pos = k * boundary + d;
        if (pos >= 0 && pos < len) {
          assertRange(b, pos, 1 + r.nextInt(40));
        }
      }
      if (k > 50) {
        k += len / boundary / 20;
      }
    }
    for (int i = 0; i < 200; i++) {
      long pos = r.nextInt((int) len);
      assertRange(b, pos, r.nextInt(3000));
    }
    assertRange(b, 0, (int) (len / 8));
  }

  /** Checks every bulk read of up to {@code n} values at {@code pos} that fits in the image. */
  private static void assertRange(Bytes b, long pos, int n) {
    String at = b + " at " + pos;
    int longs = fit(b, pos, n, 8);
    long[] l = new long[longs + 2];
    b.getLongs(pos, l, 1, longs);
    double[] d = new double[longs];
    b.getDoubles(pos, d, 0, longs);
    for (int i = 0; i < longs; i++) {
      assertEquals(b.getLong(pos + 8L * i), l[1 + i], at);
      assertEquals(Double.doubleToRawLongBits(b.getDouble(pos + 8L * i)),
          Double.doubleToRawLongBits(d[i]), at);
    }
    assertEquals(0, l[0], "no write before the range: " + at);
    assertEquals(0, l[longs + 1], "no write after the range: " + at);
    int ints = fit(b, pos, n, 4);
    int[] in = new int[ints];
    b.getInts(pos, in, 0, ints);
    float[] f = new float[ints];
    b.getFloats(pos, f, 0, ints);
    for (int i = 0; i < ints; i++) {
      assertEquals(b.getInt(pos + 4L * i), in[i], at);
      assertEquals(Float.floatToRawIntBits(b.getFloat(pos + 4L * i)),
          Float.floatToRawIntBits(f[i]), at);
    }
    int shorts = fit(b, pos, n, 2);
    short[] s = new short[shorts];
    b.getShorts(pos, s, 0, shorts);
    for (int i = 0; i < shorts; i++) {
      assertEquals(b.getShort(pos + 2L * i), s[i], at);
    }
  }

  private static int fit(Bytes b, long pos, int n, int width) {
    return (int) Math.min(n, (b.length() - pos) / width);
  }

  /** The defaults in {@link Bytes} (used by any image without its own bulk reads) agree too. */
  @Test
  void defaultsReadValueByValue() {
    HeapBytes heap = new HeapBytes(dir.resolve("heap"), KxzipTestData.random(SIZE, 13), false);
    Bytes plain = delegating(heap);
    assertBulkEqualsSingle(plain, 4096, 14);
    assertThrows(StorageException.class, () -> plain.getLongs(SIZE - 8, new long[2], 0, 2));
  }

  /** An image with only the single reads of {@code b}, so the interface's defaults run. */
  private static Bytes delegating(Bytes b) {
    return new Bytes() {
      @Override
      public Path file() {
        return b.file();
      }

      @Override
      public long length() {
        return b.length();
      }

      @Override
      public byte getByte(long pos) {
        return b.getByte(pos);
      }

      @Override
      public short getShort(long pos) {
        return b.getShort(pos);
      }

      @Override
      public int getInt(long pos) {
        return b.getInt(pos);
      }

      @Override
      public long getLong(long pos) {
        return b.getLong(pos);
      }

      @Override
      public void getBytes(long pos, byte[] dst, int off, int len) {
        b.getBytes(pos, dst, off, len);
      }

      @Override
      public void close() {
        b.close();
      }

      @Override
      public String toString() {
        return "delegating " + b;
      }
    };
  }
}
