package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.robust.ProcessResources;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mappings kept between opens: reused while the file is unchanged, remapped when it changes,
 * never kept for a file still being written, bounded, and unmapped once their holders have
 * released them and the last image handed out has closed.
 */
class MappedFileCacheTest {
  /** Larger than {@link FileImages#SMALL_FILE}, so it is mapped rather than read. */
  private static final int LONGS = 16_384;

  @TempDir
  Path dir;

  private final Object holder = new Object();

  /** Writes {@code LONGS} longs, each {@code base + i}, and dates the file {@code age} back. */
  private Path write(String name, long base, long ageSeconds) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(LONGS * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < LONGS; i++) {
      b.putLong(base + i);
    }
    Path f = dir.resolve(name);
    Files.write(f, b.array());
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(ageSeconds)));
    return f;
  }

  @Test
  void aSettledFileIsMappedOnceAndSharedByEveryOpen() throws IOException {
    MappedFileCache cache = new MappedFileCache(16, 1L << 30);
    Path f = write("a", 100, 3600);
    try (Bytes first = cache.open(f, holder); Bytes second = cache.open(f, holder)) {
      assertInstanceOf(MappedBytes.class, first);
      assertEquals(1, cache.size());
      assertEquals(LONGS * 8L, cache.mappedBytes());
      assertEquals(100 + 7, second.getLong(7 * 8));
      first.close();
      // One owner's close leaves the other's image readable.
      assertEquals(100 + LONGS - 1, second.getLong((LONGS - 1) * 8L));
    }
    try (Bytes again = cache.open(f, holder)) {
      assertEquals(100, again.getLong(0));
      assertEquals(1, cache.size());
    }
  }

  @Test
  void aFileRewrittenSinceItWasMappedIsMappedAnew() throws IOException {
    MappedFileCache cache = new MappedFileCache(16, 1L << 30);
    Path f = write("a", 100, 3600);
    Bytes old = cache.open(f, holder);
    assertEquals(100, old.getLong(0));
    // Same size, another content and time: q rewrote the column in place.
    write("a", 5_000, 1800);
    try (Bytes fresh = cache.open(f, holder)) {
      assertEquals(5_000, fresh.getLong(0));
      assertEquals(1, cache.size());
    }
    // The replaced mapping served its reader until it closed.
    assertEquals(5_000 + 3, old.getLong(24));
    old.close();
    assertThrows(StorageException.class, () -> old.getLong(0));
  }

  @Test
  void aFileChangedWithinTheLastSecondsIsNotKept() throws IOException {
    MappedFileCache cache = new MappedFileCache(16, 1L << 30);
    Path f = write("a", 1, 0);
    try (Bytes b = cache.open(f, holder)) {
      assertEquals(1, b.getLong(0));
      assertEquals(0, cache.size());
    }
    Path small = dir.resolve("small");
    Files.write(small, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(small, FileTime.from(Instant.now().minusSeconds(3600)));
    try (Bytes b = cache.open(small, holder)) {
      assertInstanceOf(HeapBytes.class, b);
      assertEquals(0, cache.size());
    }
  }

  @Test
  void theLeastRecentlyUsedGoBeyondTheBounds() throws IOException {
    MappedFileCache cache = new MappedFileCache(2, 1L << 30);
    Path a = write("a", 0, 3600);
    Path b = write("b", 1_000, 3600);
    Path c = write("c", 2_000, 3600);
    Bytes keptA = cache.open(a, holder);
    cache.open(b, holder).close();
    cache.open(a, holder).close();
    cache.open(c, holder).close();
    assertEquals(2, cache.size());
    // b was the least recently used: a and c are still kept, so opening them maps nothing.
    assertEquals(2 * LONGS * 8L, cache.mappedBytes());
    assertEquals(3, keptA.getLong(24));
    keptA.close();

    MappedFileCache byBytes = new MappedFileCache(16, LONGS * 8L);
    byBytes.open(a, holder).close();
    byBytes.open(b, holder).close();
    assertEquals(1, byBytes.size());
    assertEquals(LONGS * 8L, byBytes.mappedBytes());
  }

  @Test
  void releasingTheLastHolderUnmapsOnceImagesClose() throws Exception {
    MappedFileCache cache = new MappedFileCache(16, 1L << 30);
    Object other = new Object();
    Path f = write("a", 0, 3600);
    cache.open(f, holder).close();
    Bytes open = cache.open(f, other);
    cache.release(holder);
    assertEquals(1, cache.size(), "still used by the other holder");
    cache.release(other);
    assertEquals(0, cache.size());
    assertEquals(0, cache.mappedBytes());
    // An image handed out before the release keeps the pages until its owner closes it.
    assertEquals(9, open.getLong(72));
    if (ProcessResources.available()) {
      assertEquals(1, ProcessResources.mappingsUnder(dir));
      open.close();
      assertEquals(0, ProcessResources.mappingsUnder(dir));
    } else {
      open.close();
    }
    try (Bytes again = cache.open(f, holder)) {
      assertEquals(1, cache.size(), "kept again for the next open");
      assertEquals(0, again.getLong(0));
    }
    cache.release(holder);
  }

  @Test
  void noFilesMeansNoCache() throws IOException {
    MappedFileCache off = new MappedFileCache(0, 1L << 30);
    Path f = write("a", 0, 3600);
    try (Bytes b = off.open(f, holder)) {
      assertEquals(0, b.getLong(0));
      assertEquals(0, off.size());
    }
  }

  @Test
  void aMissingFileIsTheUsualError() {
    MappedFileCache cache = new MappedFileCache(16, 1L << 30);
    StorageException e = assertThrows(StorageException.class,
        () -> cache.open(dir.resolve("gone"), holder));
    assertTrue(e.getMessage().contains("gone"), e.getMessage());
  }
}
