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
      StorageException e = assertThrows(StorageException.class, () -> {
        for (long p = 8192; p < size; p += 4096) {
          b.getLong(p);
        }
      });
      assertTrue(e.getMessage().contains("col") && e.getMessage().contains("changed"), e.getMessage());
      byte[] dst = new byte[64];
      assertThrows(StorageException.class, () -> b.getBytes(size - 64, dst, 0, 64));
    }
  }
}
