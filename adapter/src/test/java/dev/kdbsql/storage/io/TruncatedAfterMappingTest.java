package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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

  /**
   * A fault caught far from the read names no address; the error names the file anyway: the
   * recently mapped file that is now shorter than its mapping, not merely the table directory.
   */
  @Test
  void aFaultCaughtFarFromTheReadNamesTheFileThatShrank() throws IOException {
    Path table = dir.resolve("t");
    java.nio.file.Files.createDirectories(table);
    Path healthy = table.resolve("a");
    Path cut = table.resolve("b");
    for (Path f : new Path[] {healthy, cut}) {
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.setLength(1 << 20);
      }
    }
    try (MappedBytes a = MappedBytes.map(healthy); MappedBytes b = MappedBytes.map(cut)) {
      try (RandomAccessFile raf = new RandomAccessFile(cut.toFile(), "rw")) {
        raf.setLength(4096);
      }
      InternalError fault = new InternalError("a fault occurred in a recent unsafe memory access "
          + "operation in compiled Java code");
      StorageException e = MappingFaults.translate(table, fault);
      assertEquals(cut, e.file());
      assertTrue(e.getMessage().contains("now 4096 bytes, 1048576 when mapped"), e.getMessage());
      assertEquals(java.util.List.of(new MappingFaults.Shrunk(cut, 1 << 20, 4096)),
          MappingFaults.shrunk(table).stream().filter(s -> s.file().startsWith(dir)).toList());
      assertEquals(a.length(), 1 << 20);
    }
  }

  /** Bulk reads copy with one memory copy per chunk: a lost page there is a clear error too. */
  @Test
  void bulkReadsOfALostPageAreAStorageException() throws IOException {
    Path f = dir.resolve("bulk");
    int size = 1 << 20;
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(size);
    }
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
        MappedBytes b = MappedBytes.map(f, ch, 16)) {
      long[] longs = new long[4096];
      int[] ints = new int[4096];
      for (int i = 0; i < 2_000; i++) {
        b.getLongs(0, longs, 0, longs.length);
        b.getInts(8, ints, 0, ints.length);
      }
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.setLength(4096);
      }
      StorageException e = assertThrows(StorageException.class,
          () -> MappingFaults.guard(f, () -> {
            for (long p = 8192; p + 8L * longs.length <= size; p += 8L * longs.length) {
              b.getLongs(p, longs, 0, longs.length);
            }
            return longs;
          }));
      assertTrue(e.getMessage().contains("bulk") && e.getMessage().contains("changed"),
          e.getMessage());
      assertThrows(StorageException.class,
          () -> MappingFaults.guard(f, () -> {
            b.getInts(size - 4L * ints.length - 4, ints, 0, ints.length);
            return ints;
          }));
    }
  }
}
