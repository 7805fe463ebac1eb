package dev.kdbsql.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.arrow.export.ArrowIpcWriter;
import dev.kdbsql.arrow.export.ExportOptions;
import dev.kdbsql.arrow.export.KdbArrow;
import dev.kdbsql.arrow.ingest.ArrowImport;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** kdb+ to Arrow IPC to kdb+ is lossless: every type, nulls, infinities, both IPC formats. */
class RoundTripTest {
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

  /** Exports {@code table} to a file in {@code format}; returns the file. */
  private Path export(KdbTable table, ExportOptions options, IpcFormat format) throws IOException {
    Path out = tmp.resolve(table.name() + "-" + format + ".arrow");
    try (ArrowReader reader = KdbArrow.tableReader(table, options, allocator);
        FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
      ArrowIpcWriter.write(reader, ch, format, TransferListener.NONE);
    }
    return out;
  }

  private ArrowImport.Result importFile(Path file, IpcFormat format, Path db, String table,
      String partition) throws IOException {
    try (FileChannel ch = FileChannel.open(file);
        ArrowReader reader = format == IpcFormat.FILE ? new ArrowFileReader(ch, allocator)
            : new ArrowStreamReader(ch, allocator)) {
      return ArrowImport.importTable(reader, db, table, partition, TransferListener.NONE);
    }
  }

  @ParameterizedTest
  @EnumSource(IpcFormat.class)
  void allTypesFixtureSplayed(IpcFormat format) throws IOException {
    try (Database db = Database.open(Fixtures.allDataTypes())) {
      KdbTable t = db.table("splayedTable");
      Path file = export(t, ExportOptions.ALL.withBatchSize(333), format);
      Path target = tmp.resolve("db");
      ArrowImport.Result r = importFile(file, format, target, "copy", null);
      assertEquals(2000, r.rows());
      try (Database back = Database.open(target)) {
        KdbTable c = back.table("copy");
        Fixtures.assertSameTables(t, t.slices(), c, c.slices());
      }
    }
  }

  @Test
  void allTypesFixtureFlatTableWithPlainSymbols() throws IOException {
    try (Database db = Database.open(Fixtures.allDataTypes())) {
      KdbTable t = db.table("test");
      Path file = export(t, ExportOptions.ALL, IpcFormat.FILE);
      Path target = tmp.resolve("db");
      importFile(file, IpcFormat.FILE, target, "copy", null);
      try (Database back = Database.open(target)) {
        KdbTable c = back.table("copy");
        Fixtures.assertSameTables(t, t.slices(), c, c.slices());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(IpcFormat.class)
  void generatedEveryTypeIntoPartitions(IpcFormat format) throws IOException {
    Path src = tmp.resolve("src");
    DatabaseWriter w = DatabaseWriter.open(src);
    TableData day1 = AllTypes.table(1500, 1);
    TableData day2 = AllTypes.table(700, 2);
    w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 2)), "t", day1, WriteOptions.DEFAULT);
    w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 3)), "t", day2, WriteOptions.DEFAULT);
    Path target = tmp.resolve("dst");
    try (Database db = Database.open(src)) {
      KdbTable t = db.table("t");
      for (String day : List.of("2024.01.02", "2024.01.03")) {
        Path file = export(t, ExportOptions.ALL.withPartitions(List.of(day)).withBatchSize(256),
            format);
        importFile(file, format, target, "t", day);
        Files.delete(file);
      }
      DatabaseWriter.open(target).writePartition(PartitionValue.date(LocalDate.of(2024, 1, 4)),
          "other", AllTypes.table(3, 3), WriteOptions.DEFAULT);
      try (Database back = Database.open(target)) {
        KdbTable c = back.table("t");
        Fixtures.assertSameTables(t, t.slices(), c,
            c.slices(c.partitions().subList(0, 2)));
      }
    }
  }
}
