package dev.kdbsql.storage.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.DatabaseOptions;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableLayout;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.format.SymbolLists;
import dev.kdbsql.storage.io.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writes every type in every layout and reads it back with {@link Database}. */
class DatabaseWriterTest {
  private static final int ROWS = 300;

  @TempDir
  Path dir;

  @Test
  void splayedTableRoundTripsEveryType() {
    TableData t = AllTypes.table(ROWS, 1);
    DatabaseWriter.open(dir).writeSplayed("t", t, WriteOptions.DEFAULT);
    try (Database db = Database.open(dir)) {
      KdbTable table = db.table("t");
      assertEquals(TableLayout.SPLAYED, table.layout());
      try (TableSlice s = table.slices().get(0)) {
        AllTypes.assertSame(t, s);
      }
    }
  }

  @Test
  void emptyTableRoundTripsEveryType() {
    TableData full = AllTypes.table(1, 2);
    TableData.Builder b = TableData.builder();
    full.columns().forEach((n, c) -> b.add(n, ColumnData.empty(c.type())));
    TableData t = b.build();
    DatabaseWriter.open(dir).writeSplayed("t", t, WriteOptions.DEFAULT);
    try (Database db = Database.open(dir); TableSlice s = db.table("t").slices().get(0)) {
      AllTypes.assertSame(t, s);
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.Algorithm.class)
  void compressedColumnsRoundTrip(Compression.Algorithm algorithm) throws IOException {
    TableData t = AllTypes.table(ROWS * 20, 5);
    Compression c = new Compression(algorithm, algorithm.defaultLevel(),
        Compression.MIN_BLOCK_SIZE_POWER);
    WriteOptions o = WriteOptions.DEFAULT.withDefaults(ColumnOptions.DEFAULT.withCompression(c));
    DatabaseWriter w = DatabaseWriter.open(dir);
    w.writeSplayed("t", t, o);
    w.writePartitionParted(partition(PartitionKind.DATE, 0), "q", "s", t, o);
    for (String f : List.of("t/f", "t/s", "t/str", "t/str#", "2024.01.02/q/s")) {
      byte[] magic = new byte[8];
      try (var in = Files.newInputStream(dir.resolve(f))) {
        assertEquals(8, in.read(magic));
      }
      assertEquals("kxzipped", new String(magic, StandardCharsets.US_ASCII), f);
    }
    try (Database db = Database.open(dir)) {
      try (TableSlice s = db.table("t").slices().get(0)) {
        AllTypes.assertSame(t, s);
      }
      try (TableSlice s = db.table("q").slices().get(0)) {
        assertEquals(Attribute.PARTED, s.column(0).attribute());
        AllTypes.assertSame(t.select(RowOrder.ascending(t.column("s"))).withFirst("s"), s);
      }
    }
  }

  static PartitionValue partition(PartitionKind kind, int k) {
    return switch (kind) {
      case DATE -> PartitionValue.date(LocalDate.of(2024, 1, 2).plusDays(k));
      case MONTH -> PartitionValue.month(YearMonth.of(2023, 11).plusMonths(k));
      case YEAR -> PartitionValue.year(2020 + k);
      case INT -> PartitionValue.ofInt(100 + k);
    };
  }

  @ParameterizedTest
  @EnumSource(PartitionKind.class)
  void partitionedTableRoundTrips(PartitionKind kind) {
    DatabaseWriter w = DatabaseWriter.open(dir);
    List<TableData> parts = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      TableData t = AllTypes.table(ROWS / 3 + k, 10 + k);
      parts.add(t);
      w.writePartition(partition(kind, k), "t", t, WriteOptions.DEFAULT);
    }
    try (Database db = Database.open(dir)) {
      assertEquals(kind, db.partitionKind());
      assertEquals(3, db.partitions().size());
      List<TableSlice> slices = db.table("t").slices();
      for (int k = 0; k < 3; k++) {
        assertEquals(partition(kind, k).value(), db.partitions().get(k).value());
        try (TableSlice s = slices.get(k)) {
          AllTypes.assertSame(parts.get(k), s);
        }
      }
    }
  }

  @Test
  void segmentedDatabaseDealsPartitionsLikeQPar() throws IOException {
    DatabaseWriter w = DatabaseWriter.open(dir.resolve("db"));
    w.defineSegments(List.of(Path.of("../seg0"), dir.resolve("seg1")));
    List<TableData> parts = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      TableData t = AllTypes.table(50, 20 + k);
      parts.add(t);
      w.writePartition(partition(PartitionKind.DATE, k), "t", t, WriteOptions.DEFAULT);
    }
    assertEquals("../seg0\n" + dir.resolve("seg1") + "\n",
        Files.readString(dir.resolve("db/par.txt")));
    for (int k = 0; k < 4; k++) {
      PartitionValue p = partition(PartitionKind.DATE, k);
      Path seg = dir.resolve(p.value() % 2 == 0 ? "seg0" : "seg1");
      assertTrue(Files.isRegularFile(seg.resolve(p.dirName()).resolve("t/.d")), p.dirName());
    }
    assertTrue(Files.isRegularFile(dir.resolve("db/sym")));
    try (Database db = Database.open(dir.resolve("db"))) {
      List<TableSlice> slices = db.table("t").slices();
      for (int k = 0; k < 4; k++) {
        try (TableSlice s = slices.get(k)) {
          AllTypes.assertSame(parts.get(k), s);
        }
      }
    }
  }

  @Test
  void partedWriteSortsBySymbolAndPutsItFirst() {
    TableData t = AllTypes.table(ROWS, 3);
    DatabaseWriter.open(dir).writePartitionParted(partition(PartitionKind.DATE, 0), "t", "s", t,
        WriteOptions.DEFAULT);
    TableData expected = t.select(RowOrder.ascending(t.column("s"))).withFirst("s");
    try (Database db = Database.open(dir)) {
      KdbTable table = db.table("t");
      assertEquals("s", table.columns().get(0).name());
      assertEquals(Attribute.PARTED, table.columns().get(0).attribute());
      try (TableSlice s = table.slices().get(0)) {
        AllTypes.assertSame(expected, s);
      }
    }
    String[] syms = expected.column("s").stringValues();
    for (int k = 1; k < syms.length; k++) {
      assertTrue(syms[k - 1].compareTo(syms[k]) <= 0, "sorted at " + k);
    }
  }

  @Test
  void newDayExtendsSymAndLeavesOldPartitionsAlone() throws IOException {
    DatabaseWriter w = DatabaseWriter.open(dir);
    TableData day1 = trades(new String[] {"IBM", "MSFT", "IBM"});
    w.writePartitionParted(partition(PartitionKind.DATE, 0), "trade", "sym", day1,
        WriteOptions.DEFAULT);
    Map<Path, byte[]> before = snapshot(dir.resolve(partition(PartitionKind.DATE, 0).dirName()));
    List<String> symBefore = SymbolLists.read(dir.resolve("sym"));

    TableData day2 = trades(new String[] {"AAPL", "IBM", "", "ZZZ"});
    DatabaseWriter.open(dir).writePartitionParted(partition(PartitionKind.DATE, 1), "trade", "sym",
        day2, WriteOptions.DEFAULT);

    Map<Path, byte[]> after = snapshot(dir.resolve(partition(PartitionKind.DATE, 0).dirName()));
    assertEquals(before.keySet(), after.keySet());
    before.forEach((f, bytes) -> assertArrayEquals(bytes, after.get(f), f.toString()));
    List<String> symAfter = SymbolLists.read(dir.resolve("sym"));
    assertEquals(symBefore, symAfter.subList(0, symBefore.size()));
    assertEquals(List.of("AAPL", "", "ZZZ"), symAfter.subList(symBefore.size(), symAfter.size()));
    try (Database db = Database.open(dir)) {
      assertEquals(2, db.partitions().size());
      List<TableSlice> slices = db.table("trade").slices();
      try (TableSlice s = slices.get(1)) {
        assertEquals(4, s.rowCount());
        assertEquals("", s.column(0).getSymbol(0));
        assertEquals("AAPL", s.column(0).getSymbol(1));
        assertEquals("ZZZ", s.column(0).getSymbol(3));
      }
      try (TableSlice s = slices.get(0)) {
        assertEquals("MSFT", s.column(0).getSymbol(2));
      }
    }
  }

  @Test
  void chkFillsMissingTablesWithEmptyOnesOfTheSameSchema() {
    DatabaseWriter w = DatabaseWriter.open(dir);
    TableData full = AllTypes.table(20, 4);
    w.writePartitionParted(partition(PartitionKind.DATE, 0), "quote", "s", full,
        WriteOptions.DEFAULT.with("i", ColumnOptions.DEFAULT));
    w.writePartition(partition(PartitionKind.DATE, 0), "trade", trades(new String[] {"A"}),
        WriteOptions.DEFAULT);
    w.writePartition(partition(PartitionKind.DATE, 1), "trade", trades(new String[] {"B"}),
        WriteOptions.DEFAULT);
    w.writePartition(partition(PartitionKind.DATE, 2), "trade", trades(new String[] {"C"}),
        WriteOptions.DEFAULT);
    List<Path> written = w.fillMissingTables();
    assertEquals(List.of(dir.resolve("2024.01.03/quote"), dir.resolve("2024.01.04/quote")),
        written);
    assertEquals(List.of(), w.fillMissingTables());
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      KdbTable quote = db.table("quote");
      List<ColumnInfo> schema = quote.columns();
      assertEquals(Attribute.PARTED, schema.get(0).attribute());
      List<TableSlice> slices = quote.slices();
      try (TableSlice s = slices.get(2)) {
        assertEquals(dir.resolve("2024.01.04/quote"), s.location());
        assertEquals(0, s.rowCount());
        for (int c = 0; c < schema.size(); c++) {
          assertEquals(schema.get(c).type(), s.column(c).type(), schema.get(c).name());
          assertEquals(0, s.column(c).size());
        }
        assertEquals(ColumnType.STRING, s.column(quote.columnIndex("str")).type());
      }
    }
  }

  @Test
  void flatTableRoundTrips() {
    TableData t = TableData.builder()
        .add("sym", ColumnData.symbols(new String[] {"IBM", "", "MSFT"}))
        .add("date", ColumnData.ints(KdbType.DATE, new int[] {8766, Integer.MIN_VALUE, 8768}))
        .add("close", ColumnData.doubles(KdbType.FLOAT, new double[] {1.5, Double.NaN, 3}))
        .add("volume", ColumnData.longs(KdbType.LONG, new long[] {1, Long.MIN_VALUE, 3}))
        .add("note", ColumnData.strings(new String[] {"a", "", "ccc"}))
        .build();
    DatabaseWriter.open(dir).writeFlat("daily", t);
    try (Database db = Database.open(dir)) {
      KdbTable daily = db.table("daily");
      assertEquals(TableLayout.FLAT, daily.layout());
      try (TableSlice s = daily.slices().get(0)) {
        AllTypes.assertSame(t, s);
      }
    }
  }

  @Test
  void attributesAreChecked() {
    DatabaseWriter w = DatabaseWriter.open(dir);
    TableData unsorted = TableData.builder()
        .add("a", ColumnData.ints(KdbType.INT, new int[] {1, 3, 2}))
        .add("s", ColumnData.symbols(new String[] {"a", "b", "a"}))
        .build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.writeSplayed(
        "t", unsorted, WriteOptions.DEFAULT.with("a", ColumnOptions.DEFAULT.withAttribute(
            Attribute.SORTED))));
    assertTrue(e.getMessage().contains("row 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> w.writeSplayed("t", unsorted,
        WriteOptions.DEFAULT.with("s", ColumnOptions.DEFAULT.withAttribute(Attribute.PARTED))));
    assertTrue(e.getMessage().contains("contiguous"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> w.writeSplayed("t", unsorted,
        WriteOptions.DEFAULT.with("a", ColumnOptions.DEFAULT.withAttribute(Attribute.GROUPED))));
    assertTrue(Files.notExists(dir.resolve("t/.d")), "no table after failed writes");
  }

  private static TableData trades(String[] syms) {
    double[] price = new double[syms.length];
    long[] time = new long[syms.length];
    for (int k = 0; k < syms.length; k++) {
      price[k] = 100 + k;
      time[k] = 1_000_000_000L * k;
    }
    return TableData.builder()
        .add("sym", ColumnData.symbols(syms))
        .add("time", ColumnData.longs(KdbType.TIMESPAN, time))
        .add("price", ColumnData.doubles(KdbType.FLOAT, price))
        .build();
  }

  private static Map<Path, byte[]> snapshot(Path root) throws IOException {
    Map<Path, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(p, Files.readAllBytes(p));
      }
    }
    return out;
  }
}
