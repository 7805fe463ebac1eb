package dev.kdbsql.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableLayout;
import dev.kdbsql.storage.TableSlice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample database is deterministic, readable and shaped like {@code .Q.dpft} output. */
class SampleDatabaseTest {
  @TempDir
  Path dir;

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    SampleDatabase.of(3_000, 3, 7).writeTo(dir.resolve("a"));
    SampleDatabase.of(3_000, 3, 7).writeTo(dir.resolve("b"));
    SampleDatabase.of(3_000, 3, 8).writeTo(dir.resolve("c"));
    Map<Path, byte[]> a = files(dir.resolve("a"));
    Map<Path, byte[]> b = files(dir.resolve("b"));
    assertEquals(a.keySet(), b.keySet());
    a.forEach((f, bytes) -> assertArrayEquals(bytes, b.get(f), f.toString()));
    byte[] pa = a.get(Path.of("2024.01.02/trade/price"));
    byte[] pc = files(dir.resolve("c")).get(Path.of("2024.01.02/trade/price"));
    assertFalse(java.util.Arrays.equals(pa, pc));
  }

  @Test
  void tablesReadBackWithTheirLayoutAndOrder() {
    SampleDatabase sample = SampleDatabase.of(4_000, 4, 1);
    SampleDatabase.Summary s = sample.writeTo(dir);
    assertEquals(4_000, s.tradeRows());
    assertEquals(16_000, s.quoteRows());
    try (Database db = Database.open(dir)) {
      assertEquals(PartitionKind.DATE, db.partitionKind());
      assertEquals(List.of(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3),
          LocalDate.of(2024, 1, 4), LocalDate.of(2024, 1, 5)),
          db.partitions().stream().map(p -> p.date()).toList());
      assertEquals(4_000, db.table("trade").rowCount());
      assertEquals(16_000, db.table("quote").rowCount());
      for (String t : List.of("trade", "quote")) {
        KdbTable table = db.table(t);
        assertEquals("sym", table.columns().get(0).name());
        assertEquals(Attribute.PARTED, table.columns().get(0).attribute());
        for (TableSlice slice : table.slices()) {
          try (slice) {
            assertSortedBySymThenTime(slice.column(0), slice.column(1));
          }
        }
      }
      KdbTable ref = db.table("ref");
      assertEquals(TableLayout.SPLAYED, ref.layout());
      assertEquals(50, ref.rowCount());
      KdbTable daily = db.table("daily");
      assertEquals(TableLayout.FLAT, daily.layout());
      try (TableSlice d = daily.slices().get(0); TableSlice r = ref.slices().get(0)) {
        assertTrue(d.rowCount() > 4 * 10, "daily bars " + d.rowCount());
        assertEquals(LocalDate.of(2024, 1, 2), d.column(1).getObject(0));
        assertTrue(r.column(1).getString(0).startsWith(r.column(0).getSymbol(0) + " "));
      }
    }
  }

  @Test
  void sizesParse() {
    assertEquals(2_000, SampleDatabase.parseSize("tiny"));
    assertEquals(100_000_000, SampleDatabase.parseSize("large"));
    assertEquals(10_000_000, SampleDatabase.parseSize("10m"));
    assertEquals(1_500, SampleDatabase.parseSize("1500"));
  }

  private static void assertSortedBySymThenTime(Column sym, Column time) {
    for (long i = 1; i < sym.size(); i++) {
      int c = sym.getSymbol(i - 1).compareTo(sym.getSymbol(i));
      assertTrue(c < 0 || c == 0 && time.getLong(i - 1) <= time.getLong(i), sym.file() + " row " + i);
    }
  }

  private static Map<Path, byte[]> files(Path root) throws IOException {
    Map<Path, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
