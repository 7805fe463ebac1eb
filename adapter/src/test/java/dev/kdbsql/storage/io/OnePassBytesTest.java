package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapped file read once through its channel: the same bytes as the mapping wherever read
 * (across windows, backwards, in bulk or one at a time), only over a mapping whose file is still
 * the one mapped, and the errors of an image past its end or closed.
 */
class OnePassBytesTest {
  /** Three windows and a part of a fourth. */
  private static final int LONGS = (3 * OnePassBytes.WINDOW + 12_345) / 8;

  @TempDir
  Path dir;

  private final Object holder = new Object();

  private Path write(String name, long seed) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(LONGS * 8).order(ByteOrder.LITTLE_ENDIAN);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < LONGS; i++) {
      b.putLong(r.nextLong());
    }
    Path f = dir.resolve(name);
    Files.write(f, b.array());
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(3600)));
    return f;
  }

  @Test
  void readsWhatTheMappingHolds() throws IOException {
    MappedFileCache cache = new MappedFileCache(16, 1L << 30);
    Path f = write("a", 1);
    try (Bytes mapped = cache.open(f, holder); OnePassBytes once = OnePassBytes.of(mapped)) {
      assertInstanceOf(MappedBytes.class, mapped);
      assertNotNull(once);
      assertEquals(mapped.length(), once.length());
      assertEquals(f, once.file());
      // In order, a block at a time, as a pass over a column reads.
      long[] a = new long[4096];
      long[] b = new long[4096];
      for (long pos = 16; pos + a.length * 8L <= mapped.length(); pos += a.length * 8L) {
        mapped.getLongs(pos, a, 0, a.length);
        once.getLongs(pos, b, 0, b.length);
        assertArrayEquals(a, b, "at " + pos);
      }
      // Anywhere, backwards, across window boundaries, in every width.
      SplittableRandom r = new SplittableRandom(7);
      for (int k = 0; k < 200; k++) {
        int n = r.nextInt(1, 3 * OnePassBytes.WINDOW / 8);
        long pos = 8L * r.nextLong((mapped.length() - 8L * n) / 8 + 1);
        long[] x = new long[n];
        long[] y = new long[n];
        mapped.getLongs(pos, x, 0, n);
        once.getLongs(pos, y, 0, n);
        assertArrayEquals(x, y);
        int[] xi = new int[n];
        int[] yi = new int[n];
        mapped.getInts(pos, xi, 0, n);
        once.getInts(pos, yi, 0, n);
        assertArrayEquals(xi, yi);
        double[] xd = new double[n / 2];
        double[] yd = new double[n / 2];
        mapped.getDoubles(pos, xd, 0, n / 2);
        once.getDoubles(pos, yd, 0, n / 2);
        assertArrayEquals(xd, yd);
        byte[] xb = new byte[n];
        byte[] yb = new byte[n];
        mapped.getBytes(pos + 3, xb, 0, n);
        once.getBytes(pos + 3, yb, 0, n);
        assertArrayEquals(xb, yb);
        long at = r.nextLong(mapped.length() - 8);
        assertEquals(mapped.getLong(at), once.getLong(at));
        assertEquals(mapped.getInt(at), once.getInt(at));
        assertEquals(mapped.getShort(at), once.getShort(at));
        assertEquals(mapped.getByte(at), once.getByte(at));
      }
    }
  }

  @Test
  void onlyOverAMappingOfTheFileStillThere() throws IOException {
    MappedFileCache cache = new MappedFileCache(16, 1L << 30);
    Path f = write("a", 1);
    try (Bytes unstamped = MappedBytes.map(f)) {
      assertNull(OnePassBytes.of(unstamped), "no stamp taken when mapped");
    }
    try (Bytes heap = new HeapBytes(f, new byte[64], false)) {
      assertNull(OnePassBytes.of(heap));
    }
    try (Bytes mapped = cache.open(f, holder)) {
      // Replaced by another file of the same size: the mapping holds the old one.
      Path other = write("b", 2);
      Files.move(other, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      assertNull(OnePassBytes.of(mapped));
    }
    Path g = write("c", 3);
    try (Bytes mapped = cache.open(g, holder)) {
      Files.write(g, new byte[8], StandardOpenOption.APPEND);
      assertNull(OnePassBytes.of(mapped), "grown since mapped");
    }
  }

  @Test
  void pastTheEndAndClosedFailNamingTheFile() throws IOException {
    MappedFileCache cache = new MappedFileCache(16, 1L << 30);
    Path f = write("a", 1);
    try (Bytes mapped = cache.open(f, holder)) {
      OnePassBytes once = OnePassBytes.of(mapped);
      assertNotNull(once);
      StorageException past = assertThrows(StorageException.class,
          () -> once.getLongs(mapped.length() - 16, new long[3], 0, 3));
      assertEquals(f, past.file());
      assertTrue(past.getMessage().contains("past the end"), past.getMessage());
      once.close();
      once.close();
      StorageException closed = assertThrows(StorageException.class, () -> once.getLong(0));
      assertTrue(closed.getMessage().contains("already closed"), closed.getMessage());
      // The mapping is unaffected.
      assertEquals(mapped.getLong(8), mapped.getLong(8));
    }
  }
}
