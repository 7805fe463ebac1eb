package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file truncated after it was mapped gives a clear error, not a JVM crash. */
class TruncatedAfterMappingTest {
  private static long sumPages(MappedBytes b, long from, long to) {
    long sum = 0;
    for (long p = from; p < to; p += 4096) {
      sum += b.getLong(p);
    }
    return sum;
  }

  @TempDir
  Path dir;

  @Test
  void readingALostPageIsAStorageException() throws IOException {
    Path f = dir.resolve("col");
    int size = 1 << 20;
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(size);
      raf.seek(size - 8);
      raf.writeLong(0x0102030405060708L);
    }
    try (MappedBytes b = MappedBytes.map(f)) {
      assertEquals(0x0807060504030201L, b.getLong(size - 8));
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.setLength(4096);
      }
      // Warm the loop up so that it is compiled, where the fault arrives asynchronously.
      for (int i = 0; i < 20_000; i++) {
        sumPages(b, 0, 4096);
      }
      StorageException e = assertThrows(StorageException.class,
          () -> MappingFaults.guard(f, () -> sumPages(b, 8192, size)));
      assertTrue(e.getMessage().contains("col") && e.getMessage().contains("changed"), e.getMessage());
      byte[] dst = new byte[64];
      assertThrows(StorageException.class,
          () -> MappingFaults.guard(f, () -> {
            b.getBytes(size - 64, dst, 0, 64);
            return dst;
          }));
    }
  }
}
