package dev.kdbsql.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.arrow.export.ArrowIpcWriter;
import dev.kdbsql.arrow.export.ExportOptions;
import dev.kdbsql.arrow.export.KdbArrow;
import dev.kdbsql.arrow.ingest.ArrowImport;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.TableSlice;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every table of every q-written fixture database (compressed files, old enumerations, anymap
 * strings, flat tables, partitions, segments) goes to an Arrow stream and back into a splayed
 * table unchanged. Columns that have no Arrow type (general lists) are left out, as a user
 * would leave them out. Tables the storage layer itself refuses (the fixtures include stale sym
 * files and damaged columns on purpose) are reported, not failed: the export passes the storage
 * error, which names the file, through.
 */
class FixtureSweepTest {
  @TempDir
  Path tmp;

  @Test
  void everyFixtureTableRoundTrips() throws IOException {
    Path root = Fixtures.fixture("");
    List<Path> databases;
    try (Stream<Path> s = Files.walk(root, 8)) {
      databases = s.filter(p -> Files.isRegularFile(p.resolve("sym"))
          || Files.isRegularFile(p.resolve("par.txt"))).sorted().toList();
    }
    int tables = 0;
    List<String> skipped = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      for (Path dbPath : databases) {
        Database db;
        try {
          db = Database.open(dbPath);
        } catch (RuntimeException e) {
          skipped.add(dbPath + ": " + e.getMessage());
          continue;
        }
        try (db) {
          for (KdbTable t : db.tables().values()) {
            try {
              List<String> columns = exportable(t);
              if (columns.isEmpty()) {
                skipped.add(t + ": no exportable column");
                continue;
              }
              roundTrip(t, columns, allocator, tmp.resolve("db" + tables));
              tables++;
            } catch (StorageException e) {
              refused.add(e.getMessage());
            }
          }
        }
      }
    }
    System.out.println("fixture sweep: " + tables + " tables round-tripped; skipped " + skipped
        + "; refused by the storage layer (damaged fixtures) " + refused);
    assertEquals(true, tables > 40, "tables swept: " + tables);
  }

  private static List<String> exportable(KdbTable t) {
    List<String> out = new ArrayList<>();
    for (ColumnInfo c : t.columns()) {
      if (c.type().element() != null && (!c.type().nested() || c.type().isString())) {
        out.add(c.name());
      }
    }
    return out;
  }

  private static void roundTrip(KdbTable t, List<String> columns, BufferAllocator allocator,
      Path target) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArrowReader reader = KdbArrow.tableReader(t, ExportOptions.ALL.withColumns(columns)
        .withBatchSize(1000), allocator)) {
      ArrowIpcWriter.write(reader, Channels.newChannel(bytes), IpcFormat.STREAM,
          TransferListener.NONE);
    }
    try (ArrowReader reader = new ArrowStreamReader(
        new ByteArrayInputStream(bytes.toByteArray()), allocator)) {
      ArrowImport.importTable(reader, target, "copy", null, TransferListener.NONE);
    }
    try (Database back = Database.open(target)) {
      KdbTable copy = back.table("copy");
      assertEquals(columns.size(), copy.columns().size(), t.toString());
      try (TableSlice actual = copy.slices().get(0)) {
        long offset = 0;
        for (TableSlice s : t.slices()) {
          try (s) {
            for (int c = 0; c < columns.size(); c++) {
              Column e = s.column(t.columnIndex(columns.get(c)));
              assertSameRange(e, actual.column(c), offset, t + "." + columns.get(c));
            }
            offset += s.rowCount();
          }
        }
        assertEquals(offset, actual.rowCount(), t.toString());
      }
    }
  }

  private static void assertSameRange(Column e, Column a, long offset, String where) {
    for (long r = 0; r < e.size(); r++) {
      assertEquals(e.getObject(r), a.getObject(offset + r), where + " row " + r);
    }
  }
}
