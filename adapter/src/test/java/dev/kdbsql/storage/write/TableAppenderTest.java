package dev.kdbsql.storage.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.TableSlice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch-by-batch writer writes the very bytes the whole-table writer writes, for every type,
 * list columns included, and leaves nothing behind when it is not committed.
 */
class TableAppenderTest {
  @TempDir
  Path tmp;

  /** {@code data} split into batches of the given sizes (cycling), in order. */
  static List<TableData> batches(TableData data, int... sizes) {
    List<TableData> out = new ArrayList<>();
    int from = 0;
    for (int k = 0; from < data.rowCount(); k++) {
      int to = Math.min(data.rowCount(), from + sizes[k % sizes.length]);
      out.add(data.select(IntStream.range(from, to).toArray()));
      from = to;
    }
    return out;
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    List<String> names;
    try (Stream<Path> s = Files.list(expected)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    try (Stream<Path> s = Files.list(actual)) {
      assertEquals(names, s.map(p -> p.getFileName().toString()).sorted().toList(),
          "files of " + actual);
    }
    for (String n : names) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(n)),
          Files.readAllBytes(actual.resolve(n)), n);
    }
  }

  private static TableData everything(int rows, long seed) {
    TableData.Builder b = TableData.builder();
    AllTypes.table(rows, seed).columns().forEach(b::add);
    ListTables.lists(rows, seed + 100).columns().forEach(b::add);
    return b.build();
  }

  @Test
  void batchesWriteTheBytesOfTheWholeTable() throws IOException {
    TableData data = everything(1000, 7);
    Path whole = tmp.resolve("whole");
    DatabaseWriter.open(whole).writeSplayed("t", data, WriteOptions.DEFAULT);
    Path batched = tmp.resolve("batched");
    DatabaseWriter w = DatabaseWriter.open(batched);
    List<ColumnType> types = data.columns().values().stream().map(ColumnData::type).toList();
    try (TableAppender a = w.appendSplayed("t", data.columnNames(), types,
        WriteOptions.DEFAULT)) {
      for (TableData batch : batches(data, 1, 0, 333, 17, 64)) {
        a.append(batch);
      }
      assertFalse(Files.exists(batched.resolve("t")), "nothing visible before the commit");
      assertEquals(batched.resolve("t"), a.commit());
    }
    assertSameFiles(whole.resolve("t"), batched.resolve("t"));
    assertArrayEquals(Files.readAllBytes(whole.resolve("sym")),
        Files.readAllBytes(batched.resolve("sym")), "sym");
    try (Database db = Database.open(batched); TableSlice s = db.table("t").slices().get(0)) {
      AllTypes.assertSame(AllTypes.table(1000, 7), s);
    }
  }

  @Test
  void listColumnsReadBackAsWritten() {
    TableData data = ListTables.lists(500, 3);
    Path root = tmp.resolve("db");
    DatabaseWriter w = DatabaseWriter.open(root);
    w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 2)), "t", data,
        WriteOptions.DEFAULT);
    // Elements of different columns differ in number: one table each.
    data.columns().forEach((n, c) -> w.writeSplayed("e" + n, TableData.builder()
        .add("v", c.listElements()).build(), WriteOptions.DEFAULT));
    try (Database db = Database.open(root)) {
      KdbTable t = db.table("t");
      try (TableSlice s = t.slices().get(0)) {
        for (var entry : data.columns().entrySet()) {
          Column col = s.column(t.columnIndex(entry.getKey()));
          assertEquals(entry.getValue().type(), col.type());
          int[] offsets = entry.getValue().listOffsets();
          try (TableSlice es = db.table("e" + entry.getKey()).slices().get(0)) {
            Column elements = es.column(0);
            for (int row = 0; row < data.rowCount(); row++) {
              List<Object> expected = new ArrayList<>();
              for (int e = offsets[row]; e < offsets[row + 1]; e++) {
                expected.add(elements.getObject(e));
              }
              assertEquals(expected, col.getObject(row), col.file() + " row " + row);
            }
          }
        }
      }
    }
  }

  @Test
  void uncommittedLeavesNothingAndKeepsThePreviousTable() throws IOException {
    Path root = tmp.resolve("db");
    DatabaseWriter w = DatabaseWriter.open(root);
    TableData before = AllTypes.table(10, 1);
    w.writeSplayed("t", before, WriteOptions.DEFAULT);
    TableData data = AllTypes.table(100, 2);
    List<ColumnType> types = data.columns().values().stream().map(ColumnData::type).toList();
    try (TableAppender a = w.appendSplayed("t", data.columnNames(), types,
        WriteOptions.DEFAULT)) {
      a.append(data);
      TableData wrong = TableData.builder().add("b", ColumnData.shorts(new short[1])).build();
      assertThrows(IllegalArgumentException.class, () -> a.append(wrong));
    }
    try (Stream<Path> s = Files.list(root)) {
      assertEquals(List.of("sym", "t"), s.map(p -> p.getFileName().toString()).sorted()
          .toList(), "no temporary directory is left");
    }
    try (Database db = Database.open(root); TableSlice s = db.table("t").slices().get(0)) {
      AllTypes.assertSame(before, s);
    }
    try (TableAppender a = w.appendSplayed("t", data.columnNames(), types,
        WriteOptions.DEFAULT)) {
      a.append(data);
      a.commit();
    }
    try (Database db = Database.open(root); TableSlice s = db.table("t").slices().get(0)) {
      AllTypes.assertSame(data, s);
    }
    assertTrue(Files.list(root).noneMatch(p -> p.getFileName().toString().startsWith(".")),
        "the replaced table is deleted");
  }

  @Test
  void refusesWhatNeedsTheWholeColumn() {
    DatabaseWriter w = DatabaseWriter.open(tmp.resolve("db"));
    WriteOptions sorted = WriteOptions.DEFAULT.with("a",
        ColumnOptions.DEFAULT.withAttribute(dev.kdbsql.storage.Attribute.SORTED));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> w.appendSplayed("t", List.of("a"), List.of(ColumnType.of(KdbType.LONG)), sorted));
    assertTrue(e.getMessage().contains("takes no attribute"), e.getMessage());
    assertTrue(Files.notExists(tmp.resolve("db/t")));
  }
}
