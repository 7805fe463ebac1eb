package dev.kdbsql.storage.column;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.column.BulkChecks.Kind;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.Compression;
import dev.kdbsql.storage.io.HeapBytes;
import dev.kdbsql.storage.io.SmallChunks;
import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.ColumnOptions;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bulk column reads equal per-row reads for every fixed-width type, in every kind of file image
 * (mapped in one chunk or in small ones, on the heap, kxzipped with every algorithm, inside a flat
 * table, missing from a partition), and refuse bad ranges and out-of-domain indices as the per-row
 * reads do.
 */
class BulkReadTest {
  /** Enough rows that the long columns are mapped (over 64 KiB) and span many small chunks. */
  private static final int ROWS = 20_000;

  @TempDir
  Path dir;

  private final Random random = new Random(42);

  /** Every column of {@code s} checked; returns the values compared per bulk read kind. */
  private Map<Kind, Long> checkAll(TableSlice s) {
    Map<Kind, Long> compared = new EnumMap<>(Kind.class);
    for (int c = 0; c < s.table().columns().size(); c++) {
      Column col = s.column(c);
      compared.merge(Kind.of(col), BulkChecks.assertBulkEqualsPerRow(col, random, ROWS), Long::sum);
    }
    return compared;
  }

  /** Each bulk read kind was exercised on all {@code rows} of every column of that kind. */
  private static void assertCovered(Map<Kind, Long> compared, long rows) {
    assertEquals(rows, compared.get(Kind.INDICES), compared.toString());
    assertCoveredVectors(compared, rows);
  }

  private static void assertCoveredVectors(Map<Kind, Long> compared, long rows) {
    // h and the six int-like and three long-like columns; e, f and z.
    assertEquals(10 * rows, compared.get(Kind.LONGS), compared.toString());
    assertEquals(3 * rows, compared.get(Kind.DOUBLES), compared.toString());
  }

  @Test
  void splayedFilesMappedOrOnTheHeap() {
    TableData t = AllTypes.table(ROWS, 1);
    DatabaseWriter.open(dir).writeSplayed("t", t, WriteOptions.DEFAULT);
    try (Database db = Database.open(dir); TableSlice s = db.table("t").slices().get(0)) {
      assertCovered(checkAll(s), ROWS);
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.Algorithm.class)
  void kxzippedFiles(Compression.Algorithm algorithm) {
    TableData t = AllTypes.table(ROWS, 2);
    Compression c = new Compression(algorithm, algorithm.defaultLevel(),
        Compression.MIN_BLOCK_SIZE_POWER);
    DatabaseWriter.open(dir).writeSplayed("t", t,
        WriteOptions.DEFAULT.withDefaults(ColumnOptions.DEFAULT.withCompression(c)));
    try (Database db = Database.open(dir); TableSlice s = db.table("t").slices().get(0)) {
      assertTrue(((VectorColumn) s.column(s.table().columnIndex("j"))).bytes().compressed());
      assertCovered(checkAll(s), ROWS);
    }
  }

  /** A flat table's vectors follow each other unpadded, so most start off their alignment. */
  @Test
  void flatTableWithUnalignedVectors() {
    TableData t = AllTypes.table(3_001, 3);
    DatabaseWriter.open(dir).writeFlat("t", t);
    try (Database db = Database.open(dir); TableSlice s = db.table("t").slices().get(0)) {
      VectorColumn j = (VectorColumn) s.column(s.table().columnIndex("j"));
      assertTrue(j.dataOffset() % 8 != 0, j + " at " + j.dataOffset());
      assertCoveredVectors(checkAll(s), 3_001);
    }
  }

  /** The same files mapped in 4 KiB and 64-byte chunks, so blocks cross many chunk boundaries. */
  @Test
  void acrossSmallMappingChunks() {
    TableData t = AllTypes.table(ROWS, 4);
    DatabaseWriter.open(dir).writeSplayed("t", t, WriteOptions.DEFAULT);
    List<Bytes> open = new ArrayList<>();
    try (Database db = Database.open(dir); TableSlice s = db.table("t").slices().get(0)) {
      for (int power : new int[] {12, 6}) {
        Map<Kind, Long> compared = new EnumMap<>(Kind.class);
        for (int c = 0; c < s.table().columns().size(); c++) {
          Column col = remapped(s.column(c), power, open);
          if (col != null) {
            compared.merge(Kind.of(col), BulkChecks.assertBulkEqualsPerRow(col, random, ROWS),
                Long::sum);
          }
        }
        assertCovered(compared, ROWS);
      }
    } finally {
      open.forEach(Bytes::close);
    }
  }

  /**
   * {@code c} read from its file mapped in chunks of {@code 2^power} bytes, or null if it is not a
   * fixed-width or enumerated column. The writer puts the data at the end of the file, so an
   * enumeration's data offset is the file length less its indices.
   */
  private static Column remapped(Column c, int power, List<Bytes> open) {
    if (!(c instanceof VectorColumn) && !(c instanceof EnumColumn)) {
      return null;
    }
    Bytes b = SmallChunks.map(c.file(), power);
    open.add(b);
    if (c instanceof VectorColumn v) {
      return VectorColumn.of(b, v.dataOffset(), v.size(), v.kdbType(), v.attribute());
    }
    EnumColumn e = (EnumColumn) c;
    EnumColumn r = new EnumColumn(b, b.length() - 8 * e.size(), e.size(), 8, e.domain(),
        e.attribute());
    for (long row = 0; row < e.size(); row += 997) {
      assertEquals(e.index(row), r.index(row), "remapped " + c + " row " + row);
    }
    return r;
  }

  @Test
  void missingColumnsAreNullsOfTheirWidth() {
    Path where = dir.resolve("2024.01.02/t");
    Map<KdbType, Long> nulls = Map.of(KdbType.SHORT, (long) Nulls.SHORT_NULL, KdbType.DATE,
        (long) Nulls.INT_NULL, KdbType.TIMESTAMP, Nulls.LONG_NULL);
    nulls.forEach((type, nul) -> {
      NullColumn c = new NullColumn(where, ColumnType.of(type), 9_000);
      assertEquals(9_000, BulkChecks.assertBulkEqualsPerRow(c, random, Long.MAX_VALUE));
      long[] dst = new long[3];
      c.getLongs(8_998, dst, 1, 2);
      assertArrayEquals(new long[] {0, nul, nul}, dst, type.toString());
    });
    NullColumn f = new NullColumn(where, ColumnType.of(KdbType.REAL), 100);
    assertEquals(100, BulkChecks.assertBulkEqualsPerRow(f, random, Long.MAX_VALUE));
    double[] d = new double[2];
    f.getDoubles(0, d, 0, 2);
    assertTrue(Double.isNaN(d[0]) && Double.isNaN(d[1]));
  }

  @Test
  void outOfDomainIndexIsTheSameErrorAsPerRow() {
    SymbolDomain domain = new SymbolDomain("sym", dir.resolve("sym"), List.of("a", "b", "c"));
    long[] raw = {0, 2, Long.MIN_VALUE, 1, 3, 0};
    for (int width : new int[] {8, 4}) {
      ByteBuffer data = ByteBuffer.allocate(16 + width * raw.length)
          .order(ByteOrder.LITTLE_ENDIAN);
      data.position(16);
      for (long v : raw) {
        if (width == 8) {
          data.putLong(v);
        } else {
          data.putInt(v == Long.MIN_VALUE ? Integer.MIN_VALUE : (int) v);
        }
      }
      Path file = dir.resolve("t" + width + "/sym");
      EnumColumn c = new EnumColumn(new HeapBytes(file, data.array(), false), 16, raw.length,
          width, domain, Attribute.NONE);
      int[] dst = new int[4];
      c.indices(0, dst, 0, 4);
      assertArrayEquals(new int[] {0, 2, -1, 1}, dst);
      StorageException perRow = assertThrows(StorageException.class, () -> c.index(4));
      StorageException bulk = assertThrows(StorageException.class,
          () -> c.indices(1, new int[5], 0, 5));
      assertEquals(perRow.getMessage(), bulk.getMessage());
      assertEquals(16 + 4L * width, bulk.offset());
      assertEquals(file, bulk.file());
      assertTrue(bulk.getMessage().contains("enumeration index 3 is outside domain `sym`"),
          bulk.getMessage());
    }
  }

  @Test
  void badRangesAreCallerBugs() {
    TableData t = AllTypes.table(100, 5);
    DatabaseWriter.open(dir).writeSplayed("t", t, WriteOptions.DEFAULT);
    try (Database db = Database.open(dir); TableSlice s = db.table("t").slices().get(0)) {
      Column j = s.column(s.table().columnIndex("j"));
      Column h = s.column(s.table().columnIndex("h"));
      Column e = s.column(s.table().columnIndex("e"));
      EnumColumn sym = (EnumColumn) s.column(s.table().columnIndex("s"));
      for (Column c : List.of(j, h)) {
        assertThrows(IndexOutOfBoundsException.class, () -> c.getLongs(-1, new long[4], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> c.getLongs(99, new long[4], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> c.getLongs(0, new long[4], 3, 2));
        c.getLongs(100, new long[0], 0, 0);
      }
      assertThrows(IndexOutOfBoundsException.class, () -> e.getDoubles(98, new double[4], 0, 3));
      assertThrows(IndexOutOfBoundsException.class, () -> e.getDoubles(0, new double[4], -1, 3));
      assertThrows(IndexOutOfBoundsException.class, () -> sym.indices(98, new int[4], 0, 3));
      assertThrows(IndexOutOfBoundsException.class, () -> sym.indices(0, new int[4], 2, 3));
      assertThrows(UnsupportedOperationException.class, () -> e.getLongs(0, new long[1], 0, 1));
      assertThrows(UnsupportedOperationException.class, () -> j.getDoubles(0, new double[1], 0, 1));
    }
  }
}
