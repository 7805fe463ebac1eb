package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.io.Compression.Algorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Writes images with {@link KxzipWriter} and reads them back through {@link FileImages}. */
class KxzipRoundTripTest {
  @TempDir Path dir;

  static Stream<Arguments> edgeSizes() {
    List<Arguments> cases = new ArrayList<>();
    for (Algorithm a : Algorithm.values()) {
      for (int power : new int[] {12, 16, 20}) {
        int bs = 1 << power;
        for (int size : new int[] {0, 1, bs - 1, bs, bs + 1, 3 * bs + 17}) {
          cases.add(Arguments.of(a, power, size));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} 2^{1} {2} bytes")
  @MethodSource("edgeSizes")
  void edgeSizesRoundTrip(Algorithm algorithm, int power, int size) throws IOException {
    Compression c = new Compression(algorithm, algorithm.defaultLevel(), power);
    byte[] plain = KxzipTestData.compressible(size, size);
    assertRoundTrip(plain, c);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void multiMegabyteCompressible(Algorithm algorithm) throws IOException {
    byte[] plain = KxzipTestData.compressible(3 * (1 << 20) + 5, 42);
    Path f = assertRoundTrip(plain, Compression.of(algorithm));
    int[] used = blockAlgorithms(f);
    for (int k = 0; k < used.length - 1; k++) {
      assertEquals(algorithm.code(), used[k], "every full block of column-like data shrinks");
    }
    assertEquals(0, used[used.length - 1], "the last block, 5 bytes, is stored");
    assertTrue(Files.size(f) < plain.length / 2 || algorithm == Algorithm.STORED,
        algorithm + " compressed " + plain.length + " bytes to " + Files.size(f));
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void multiMegabyteRandomIsStored(Algorithm algorithm) throws IOException {
    byte[] plain = KxzipTestData.random(2 * (1 << 20) + 3, 7);
    Path f = assertRoundTrip(plain, new Compression(algorithm, algorithm.defaultLevel(), 18));
    for (int a : blockAlgorithms(f)) {
      assertEquals(0, a, "random blocks do not shrink and are stored");
    }
  }

  @Test
  void everyGzipLevelRoundTrips() throws IOException {
    byte[] plain = KxzipTestData.compressible(100_000, 3);
    for (int level = 0; level <= 9; level++) {
      assertRoundTrip(plain, new Compression(Algorithm.GZIP, level, 14));
    }
  }

  @Test
  void streamingWritesEqualOneShotWrite() throws IOException {
    byte[] plain = KxzipTestData.compressible(70_001, 11);
    Compression c = new Compression(Algorithm.GZIP, 6, 12);
    Path whole = dir.resolve("whole");
    KxzipWriter.write(whole, plain, c);
    Path streamed = dir.resolve("streamed");
    Random r = new Random(5);
    try (KxzipWriter w = KxzipWriter.open(streamed, c)) {
      int pos = 0;
      while (pos < plain.length) {
        if (r.nextInt(4) == 0) {
          w.write(plain[pos++]);
        } else {
          int n = Math.min(plain.length - pos, r.nextInt(9000));
          w.write(plain, pos, n);
          pos += n;
        }
      }
    }
    assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(streamed));
  }

  @Test
  void trailerRecordsTheRequest() throws IOException {
    Path f = dir.resolve("f");
    KxzipWriter.write(f, KxzipTestData.compressible(10_000, 1),
        new Compression(Algorithm.ZSTD, -7, 13));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong(b.capacity() - 8);
    int t = (int) (b.capacity() - 8 - 8 * n - 32);
    assertEquals(2, n);
    assertEquals(KxzipWriter.VERSION, b.getInt(t));
    assertEquals(5, b.get(t + 4));
    assertEquals(-7, b.get(t + 5));
    assertEquals(0, b.getShort(t + 6));
    assertEquals(10_000, b.getLong(t + 8));
    assertEquals(t, b.getLong(t + 16));
    assertEquals(8192, b.getLong(t + 24));
  }

  /** Writes, reads back whole and by random typed reads, and returns the file. */
  private Path assertRoundTrip(byte[] plain, Compression c) throws IOException {
    Path f = dir.resolve(c.algorithm() + "-" + c.blockSizePower() + "-" + plain.length);
    KxzipWriter.write(f, plain, c);
    try (Bytes image = FileImages.open(f)) {
      assertTrue(image.compressed());
      assertEquals(plain.length, image.length());
      byte[] back = new byte[plain.length];
      image.getBytes(0, back, 0, back.length);
      assertArrayEquals(plain, back);
      assertRandomReads(plain, image, c.blockSize());
    }
    return f;
  }

  /** Typed reads at random positions and around every block boundary agree with a ByteBuffer. */
  static void assertRandomReads(byte[] plain, Bytes image, int blockSize) {
    ByteBuffer expected = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
    List<Integer> positions = new ArrayList<>();
    Random r = new Random(plain.length);
    for (int i = 0; i < 200 && plain.length > 0; i++) {
      positions.add(r.nextInt(plain.length));
    }
    for (int boundary = blockSize; boundary < plain.length; boundary += blockSize) {
      for (int d = -8; d <= 1; d++) {
        positions.add(boundary + d);
      }
    }
    for (int p : positions) {
      if (p < 0 || p >= plain.length) {
        continue;
      }
      assertEquals(expected.get(p), image.getByte(p), "byte at " + p);
      if (p <= plain.length - 2) {
        assertEquals(expected.getShort(p), image.getShort(p), "short at " + p);
      }
      if (p <= plain.length - 4) {
        assertEquals(expected.getInt(p), image.getInt(p), "int at " + p);
        assertEquals(expected.getFloat(p), image.getFloat(p), "float at " + p);
      }
      if (p <= plain.length - 8) {
        assertEquals(expected.getLong(p), image.getLong(p), "long at " + p);
      }
    }
  }

  /** The algorithm each block of {@code f} was stored with. */
  static int[] blockAlgorithms(Path f) {
    try (MappedBytes m = MappedBytes.map(f)) {
      KxzipTrailer t = KxzipTrailer.read(m);
      int[] a = new int[t.blocks()];
      for (int k = 0; k < a.length; k++) {
        a[k] = t.algorithm(k);
      }
      return a;
    }
  }
}
