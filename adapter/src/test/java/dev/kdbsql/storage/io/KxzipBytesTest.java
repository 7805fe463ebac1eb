package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.Compression.Algorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Laziness, caching, bounds, closing and concurrent reads of {@link KxzipBytes}. */
class KxzipBytesTest {
  @TempDir Path dir;

  private KxzipBytes open(byte[] plain, Compression c) throws IOException {
    Path f = dir.resolve("col");
    KxzipWriter.write(f, plain, c);
    return (KxzipBytes) FileImages.open(f);
  }

  @Test
  void readingTheLastValueInflatesOnlyTheLastBlock() throws IOException {
    byte[] plain = KxzipTestData.compressible(64 * 4096, 1);
    try (KxzipBytes b = open(plain, new Compression(Algorithm.GZIP, 6, 12))) {
      assertEquals(0, b.blocksInflated(), "opening reads the trailer only");
      long last = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN).getLong(plain.length - 8);
      assertEquals(last, b.getLong(b.length() - 8));
      assertEquals(1, b.blocksInflated());
      b.getInt(b.length() - 4096);
      assertEquals(1, b.blocksInflated(), "same block, served from memory");
      b.getByte(0);
      assertEquals(2, b.blocksInflated());
    }
  }

  @Test
  void aScanInflatesEachBlockOnce() throws IOException {
    byte[] plain = KxzipTestData.compressible(20 * 65536 + 100, 2);
    try (KxzipBytes b = open(plain, new Compression(Algorithm.LZ4, 0, 16))) {
      for (long p = 0; p + 8 <= b.length(); p += 8) {
        b.getLong(p);
      }
      assertEquals(21, b.blocksInflated());
      b.getLong(20 * 65536);
      b.getLong(19 * 65536);
      assertEquals(21, b.blocksInflated(), "the last blocks are still cached");
    }
  }

  @Test
  void readsOutsideTheImageAreRefused() throws IOException {
    try (KxzipBytes b = open(KxzipTestData.compressible(5000, 3), Compression.of(Algorithm.ZSTD))) {
      for (Runnable read : List.<Runnable>of(
          () -> b.getLong(4993), () -> b.getByte(-1), () -> b.getByte(5000), () -> b.getShort(4999),
          () -> b.getBytes(4999, new byte[2], 0, 2), () -> b.getInt(Long.MAX_VALUE))) {
        StorageException e = assertThrows(StorageException.class, read::run);
        assertTrue(e.getMessage().contains(b.file().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("past the end"), e.getMessage());
      }
    }
  }

  @Test
  void aClosedImageRefusesReads() throws IOException {
    KxzipBytes b = open(KxzipTestData.compressible(5000, 4), Compression.of(Algorithm.SNAPPY));
    b.getByte(0);
    b.close();
    b.close();
    StorageException e = assertThrows(StorageException.class, () -> b.getByte(0));
    assertTrue(e.getMessage().contains("already closed"), e.getMessage());
    assertTrue(e.getMessage().contains(b.file().toString()), e.getMessage());
  }

  @Test
  void concurrentReadersSeeTheRightBytes() throws Exception {
    byte[] plain = KxzipTestData.compressible(40 * 65536, 5);
    ByteBuffer expected = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (KxzipBytes b = open(plain, new Compression(Algorithm.QIPC, 0, 16))) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long seed = t;
        done.add(pool.submit(() -> {
          Random r = new Random(seed);
          for (int i = 0; i < 5000; i++) {
            int p = r.nextInt(plain.length - 7);
            assertEquals(expected.getLong(p), b.getLong(p), "long at " + p);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void describesItself() throws IOException {
    try (KxzipBytes b = open(KxzipTestData.compressible(70_000, 6), Compression.of(Algorithm.GZIP))) {
      assertTrue(b.compressed());
      assertEquals(
          "KxzipBytes(" + b.file() + ", 70000 bytes in 1 blocks of 131072, algorithm 2 level 6)",
          b.toString());
    }
  }
}
