package dev.kdbsql.arrow.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.arrow.IpcFormat;
import dev.kdbsql.arrow.TransferListener;
import dev.kdbsql.arrow.ingest.ArrowImport;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.ListTables;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrow List columns import into kdb+ list columns: for every fixed-width kdb+ type, lists holding
 * nulls and infinities, empty lists and null lists (which become empty) come out as the files the
 * storage writer writes for the same lists; and kdb+ to Arrow to kdb+ keeps the lists the export
 * supports (every fixed-width type but datetime) byte for byte.
 */
class ListRoundTripTest {
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

  @Test
  void arrowListsOfEveryFixedWidthTypeImport() throws IOException {
    TableData lists = ListTables.lists(400, 11);
    Path expected = tmp.resolve("expected");
    DatabaseWriter.open(expected).writeSplayed("t", lists, WriteOptions.DEFAULT);
    byte[] stream = arrowLists(lists, 150);
    Path db = tmp.resolve("db");
    try (ArrowReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream),
        allocator)) {
      ArrowImport.importTable(reader, db, "t", null, TransferListener.NONE);
    }
    assertSameFiles(expected.resolve("t"), db.resolve("t"));
  }

  @Test
  void listsImportIntoAPartitionAndFillTheOthersWithEmptyLists() throws IOException {
    TableData lists = ListTables.lists(50, 12);
    Path db = tmp.resolve("db");
    DatabaseWriter.open(db).writePartition(PartitionValue.date(LocalDate.of(2024, 1, 1)), "o",
        TableData.builder().add("a", ColumnData.longs(KdbType.LONG, new long[] {1})).build(),
        WriteOptions.DEFAULT);
    try (ArrowReader reader = new ArrowStreamReader(new ByteArrayInputStream(
        arrowLists(lists, 20)), allocator)) {
      ArrowImport.importTable(reader, db, "t", "2024.01.02", TransferListener.NONE);
    }
    try (Database d = Database.open(db)) {
      KdbTable t = d.table("t");
      assertEquals(50, t.rowCount());
      List<TableSlice> slices = t.slices();
      try (TableSlice empty = slices.get(0); TableSlice full = slices.get(1)) {
        assertEquals(0, empty.rowCount(), "the table added to the older partition is empty");
        for (int c = 0; c < t.columns().size(); c++) {
          assertEquals(lists.columns().values().stream().toList().get(c).type(),
              t.columns().get(c).type());
          assertEquals(0, empty.column(c).size());
          assertEquals(50, full.column(c).size());
        }
      }
    }
  }

  @Test
  void kdbListsRoundTripThroughArrow() throws IOException {
    TableData all = ListTables.lists(300, 5);
    TableData.Builder b = TableData.builder();
    for (KdbType t : ListExporter.ELEMENTS) {
      String name = "l" + t.letter();
      b.add(name, all.column(name));
    }
    Path src = tmp.resolve("src");
    DatabaseWriter.open(src).writeSplayed("t", b.build(), WriteOptions.DEFAULT);
    Path back = tmp.resolve("back");
    for (IpcFormat format : IpcFormat.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (Database d = Database.open(src); ArrowReader r = KdbArrow.tableReader(d.table("t"),
          ExportOptions.ALL.withBatchSize(77), allocator)) {
        ArrowIpcWriter.write(r, Channels.newChannel(out), format, TransferListener.NONE);
      }
      byte[] bytes = out.toByteArray();
      try (ArrowReader reader = format == IpcFormat.FILE
          ? new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(bytes), allocator)
          : new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
        ArrowImport.importTable(reader, back, "t", null, TransferListener.NONE);
      }
      assertSameFiles(src.resolve("t"), back.resolve("t"));
    }
  }

  /**
   * {@code lists} as an Arrow stream in batches of {@code batch} rows: each column a List whose
   * items are the elements exported by the table export (so in their exact Arrow encoding),
   * every tenth row (an empty list) a null list, {@code kdb.type} the list's type letter.
   */
  private byte[] arrowLists(TableData lists, int batch) throws IOException {
    Path flat = tmp.resolve("flat");
    DatabaseWriter w = DatabaseWriter.open(flat);
    List<Field> fields = new ArrayList<>();
    List<FieldVector> items = new ArrayList<>();
    List<int[]> offsets = new ArrayList<>();
    for (Map.Entry<String, ColumnData> e : lists.columns().entrySet()) {
      ColumnData elements = ListTables.elements(e.getValue());
      w.writeSplayed("e", TableData.builder().add("v", elements).build(), WriteOptions.DEFAULT);
      try (Database d = Database.open(flat); ArrowReader r = KdbArrow.tableReader(d.table("e"),
          ExportOptions.ALL.withBatchSize(Math.max(1, elements.length())), allocator)) {
        FieldVector v = r.getVectorSchemaRoot().getVector(0);
        if (r.loadNextBatch()) {
          FieldVector copy = v.getField().createVector(allocator);
          copy.allocateNew();
          for (int i = 0; i < v.getValueCount(); i++) {
            copy.copyFromSafe(i, i, v);
          }
          copy.setValueCount(v.getValueCount());
          items.add(copy);
        } else {
          items.add(v.getField().createVector(allocator));
        }
      }
      ColumnType type = e.getValue().type();
      Field item = new Field("item", FieldType.nullable(
          ArrowTypes.arrowType(type.element())), null);
      fields.add(new Field(e.getKey(), new FieldType(true, ArrowType.List.INSTANCE, null,
          Map.of(ArrowTypes.KDB_TYPE, String.valueOf(type.metaChar()))), List.of(item)));
      offsets.add(ListTables.offsets(e.getValue()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(
        new org.apache.arrow.vector.types.pojo.Schema(fields), allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      for (int from = 0; from < lists.rowCount(); from += batch) {
        int n = Math.min(batch, lists.rowCount() - from);
        for (int c = 0; c < fields.size(); c++) {
          ListVector v = (ListVector) root.getVector(c);
          v.clear();
          v.allocateNew();
          int[] off = offsets.get(c);
          FieldVector child = v.getDataVector();
          for (int i = 0; i < n; i++) {
            int row = from + i;
            if (row % 10 == 0) {
              v.setNull(i);
              continue;
            }
            int start = v.startNewValue(i);
            for (int k = off[row]; k < off[row + 1]; k++) {
              child.copyFromSafe(k, start + k - off[row], items.get(c));
            }
            v.endValue(i, off[row + 1] - off[row]);
          }
          v.setValueCount(n);
        }
        root.setRowCount(n);
        writer.writeBatch();
      }
      writer.end();
    } finally {
      items.forEach(FieldVector::close);
    }
    return out.toByteArray();
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    List<String> names;
    try (Stream<Path> s = Files.list(expected)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    try (Stream<Path> s = Files.list(actual)) {
      assertEquals(names, s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    for (String n : names) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(n)),
          Files.readAllBytes(actual.resolve(n)), actual.resolve(n).toString());
    }
  }
}
