package dev.kdbsql.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.HeapBytes;
import dev.kdbsql.storage.io.MappedBytes;
import dev.kdbsql.storage.io.MappedFileCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runs {@link SymbolRuns#scan} finds (comparing raw indices, checking the first row of each
 * run) are those of the checked indices row by row, for int64 and int32 indices, with null
 * symbols, runs across block boundaries and a last short block; an index outside the domain,
 * in the middle of a run, fails with the error naming the file and the offset, as a row read
 * does; short runs give none.
 */
class SymbolRunsTest {
  private static final Path FILE = Path.of("db", "2024.01.02", "t", "sym");
  private static final SymbolDomain DOMAIN =
      new SymbolDomain("sym", Path.of("db", "sym"), List.of("a", "b", "c", "d"));

  private static EnumColumn column(long[] raw, int width) {
    ByteBuffer data = ByteBuffer.allocate(16 + width * raw.length).order(ByteOrder.LITTLE_ENDIAN);
    data.position(16);
    for (long v : raw) {
      if (width == 8) {
        data.putLong(v);
      } else {
        data.putInt(v == Long.MIN_VALUE ? Integer.MIN_VALUE : (int) v);
      }
    }
    return new EnumColumn(new HeapBytes(FILE, data.array(), false), 16, raw.length, width,
        DOMAIN, Attribute.NONE);
  }

  /** Runs of {@code rows} rows: index {@code k % 5 - 1} (the null symbol first), sorted-like. */
  private static long[] runs(int rows, int runLength) {
    long[] raw = new long[rows];
    for (int i = 0; i < rows; i++) {
      int k = (i / runLength) % 5;
      raw[i] = k == 0 ? Long.MIN_VALUE : k - 1;
    }
    return raw;
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 4})
  void runsAreThoseOfTheCheckedIndices(int width) {
    long[] raw = runs(3 * Blocks.ROWS + 123, 1000);
    EnumColumn e = column(raw, width);
    SymbolRuns r = SymbolRuns.scan(e);
    List<Long> starts = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      int x = e.index(i);
      if (i == 0 || x != e.index(i - 1)) {
        starts.add((long) i);
        indices.add(x);
      }
    }
    starts.add((long) raw.length);
    assertArrayEquals(starts.stream().mapToLong(Long::longValue).toArray(), r.starts());
    assertArrayEquals(indices.stream().mapToInt(Integer::intValue).toArray(), r.indices());
    // Each symbol has several runs: not grouped.
    assertEquals(false, r.grouped());
    assertEquals(raw.length, r.rows());
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 4})
  void anIndexOutsideTheDomainInARunFails(int width) {
    long[] raw = runs(2 * Blocks.ROWS, 1000);
    int bad = Blocks.ROWS + 500;
    raw[bad] = 7;
    StorageException x = assertThrows(StorageException.class,
        () -> SymbolRuns.scan(column(raw, width)));
    assertEquals(FILE, x.file());
    assertEquals(16 + (long) bad * width, x.offset());
    assertTrue(x.getMessage().contains("enumeration index 7 is outside domain `sym`"),
        x.getMessage());
  }

  /**
   * A mapped column (through the cache, so stamped) is read through its channel
   * ({@link dev.kdbsql.storage.io.OnePassBytes}), over several of its windows: the same runs as
   * over its bytes in memory, and a bad index fails naming the file and offset.
   */
  @ParameterizedTest
  @ValueSource(ints = {8, 4})
  void aMappedColumnGivesTheSameRunsReadThroughItsChannel(int width, @TempDir Path dir)
      throws IOException {
    long[] raw = runs(700_000, 997);
    EnumColumn inMemory = column(raw, width);
    Path file = dir.resolve("sym");
    byte[] image = new byte[(int) inMemory.bytes().length()];
    inMemory.bytes().getBytes(0, image, 0, image.length);
    Files.write(file, image);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
    MappedFileCache cache = MappedFileCache.shared();
    try (Bytes mapped = cache.open(file, this)) {
      assertInstanceOf(MappedBytes.class, mapped);
      EnumColumn e = new EnumColumn(mapped, 16, raw.length, width, DOMAIN, Attribute.NONE);
      SymbolRuns expected = SymbolRuns.scan(inMemory);
      SymbolRuns actual = SymbolRuns.scan(e);
      assertArrayEquals(expected.starts(), actual.starts());
      assertArrayEquals(expected.indices(), actual.indices());
    }
    int bad = 600_001;
    raw[bad] = 9;
    Path broken = dir.resolve("broken");
    EnumColumn brokenInMemory = column(raw, width);
    brokenInMemory.bytes().getBytes(0, image, 0, image.length);
    Files.write(broken, image);
    Files.setLastModifiedTime(broken, FileTime.from(Instant.now().minusSeconds(3600)));
    try (Bytes mapped = cache.open(broken, this)) {
      EnumColumn e = new EnumColumn(mapped, 16, raw.length, width, DOMAIN, Attribute.NONE);
      StorageException x = assertThrows(StorageException.class, () -> SymbolRuns.scan(e));
      assertEquals(broken, x.file());
      assertEquals(16 + (long) bad * width, x.offset());
    } finally {
      cache.release(this);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 4})
  void shortRunsGiveNone(int width) {
    assertNull(SymbolRuns.scan(column(runs(4 * Blocks.ROWS, 3), width)));
  }
}
