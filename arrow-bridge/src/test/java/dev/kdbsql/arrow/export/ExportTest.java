package dev.kdbsql.arrow.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.arrow.Fixtures;
import dev.kdbsql.arrow.IpcFormat;
import dev.kdbsql.arrow.TransferListener;
import dev.kdbsql.arrow.ingest.ArrowImport;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table export options, the virtual partition column, empty tables and refused values. */
class ExportTest {
  @TempDir
  Path tmp;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  private static TableData trades(int rows) {
    String[] sym = new String[rows];
    double[] price = new double[rows];
    for (int i = 0; i < rows; i++) {
      sym[i] = i % 3 == 0 ? "" : "S" + (i % 4);
      price[i] = i;
    }
    return TableData.builder().add("sym", ColumnData.symbols(sym))
        .add("price", ColumnData.doubles(KdbType.FLOAT, price)).build();
  }

  private Path write(ArrowReader reader, String name) throws IOException {
    Path out = tmp.resolve(name);
    try (reader; FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      ArrowIpcWriter.write(reader, ch, IpcFormat.FILE, TransferListener.NONE);
    }
    return out;
  }

  @Test
  void projectedColumnsOfSelectedPartitionsWithThePartitionColumn() throws IOException {
    Path db = tmp.resolve("db");
    DatabaseWriter w = DatabaseWriter.open(db);
    for (int d = 1; d <= 3; d++) {
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, d)), "trade", trades(5 + d),
          WriteOptions.DEFAULT);
    }
    Path file;
    try (Database d = Database.open(db)) {
      file = write(KdbArrow.tableReader(d.table("trade"), new ExportOptions(
          List.of("date", "price", "sym"), List.of("2024.01.02", "2024.01.03"), 4), allocator),
          "t.arrow");
    }
    try (FileChannel ch = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertEquals("[date, price, sym]", root.getSchema().getFields().stream()
          .map(f -> f.getName()).toList().toString());
      assertEquals("date", root.getSchema().getFields().get(0).getMetadata()
          .get(ArrowTypes.KDB_PARTITION));
      List<String> batches = new ArrayList<>();
      while (reader.loadNextBatch()) {
        DateDayVector date = (DateDayVector) root.getVector(0);
        IntVector sym = (IntVector) root.getVector(2);
        FieldVector dictionary = reader.lookup(sym.getField().getDictionary().getId()).getVector();
        batches.add(LocalDate.ofEpochDay(date.get(0)) + "x" + root.getRowCount() + ":"
            + (sym.isNull(0) ? "null" : dictionary.getObject(sym.get(0))));
      }
      assertEquals(List.of("2024-01-02x4:null", "2024-01-02x3:S0", "2024-01-03x4:null",
          "2024-01-03x4:S0"), batches,
          "batches never span partitions; the null symbol is null");
    }
    Path back = tmp.resolve("back");
    try (FileChannel ch = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
      ArrowImport.importTable(reader, back, "t", "2024.02.01", TransferListener.NONE);
    }
    try (Database d = Database.open(back)) {
      assertEquals("[price f, sym s]", d.table("t").columns().stream()
          .map(c -> c.name() + " " + c.type()).toList().toString(),
          "the virtual partition column is not stored");
      assertEquals(15, d.table("t").rowCount());
    }
  }

  @Test
  void emptyTableKeepsItsTypes() throws IOException {
    Path db = tmp.resolve("db");
    DatabaseWriter.open(db).writeSplayed("e", TableData.builder()
        .add("s", ColumnData.empty(ColumnType.of(KdbType.SYMBOL)))
        .add("p", ColumnData.empty(ColumnType.of(KdbType.TIMESTAMP)))
        .add("str", ColumnData.empty(ColumnType.STRING)).build(), WriteOptions.DEFAULT);
    Path file;
    try (Database d = Database.open(db)) {
      file = write(KdbArrow.tableReader(d.table("e"), ExportOptions.ALL, allocator), "e.arrow");
    }
    Path back = tmp.resolve("back");
    try (FileChannel ch = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
      ArrowImport.importTable(reader, back, "e", null, TransferListener.NONE);
    }
    try (Database d = Database.open(back)) {
      assertEquals("[s s, p p, str C]", d.table("e").columns().stream()
          .map(c -> c.name() + " " + c.type()).toList().toString());
      assertEquals(0, d.table("e").rowCount());
    }
  }

  @Test
  void timestampBeyondArrowsRangeIsRefusedNamingFileAndRow() {
    Path db = tmp.resolve("db");
    DatabaseWriter.open(db).writeSplayed("late", TableData.builder()
        .add("p", ColumnData.longs(KdbType.TIMESTAMP, new long[] {Nulls.LONG_INF, 0,
            Nulls.LONG_INF - 5})).build(), WriteOptions.DEFAULT);
    try (Database d = Database.open(db)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> write(KdbArrow.tableReader(d.table("late"), ExportOptions.ALL, allocator),
              "late.arrow"));
      assertTrue(e.getMessage().contains(db.resolve("late").resolve("p") + ": row 2 of a p "
          + "column does not fit its Arrow type"), e.getMessage());
    }
  }

  @Test
  void unknownColumnAndPartitionAreNamed() {
    try (Database d = Database.open(Fixtures.allDataTypes())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> KdbArrow.tableReader(d.table("splayedTable"),
              ExportOptions.ALL.withColumns(List.of("nope")), allocator));
      assertEquals("table splayedTable has no column nope", e.getMessage());
    }
  }
}
