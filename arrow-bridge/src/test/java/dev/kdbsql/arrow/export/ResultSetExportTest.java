package dev.kdbsql.arrow.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.arrow.Fixtures;
import dev.kdbsql.arrow.IpcFormat;
import dev.kdbsql.arrow.TransferListener;
import dev.kdbsql.arrow.ingest.ArrowImport;
import dev.kdbsql.storage.Database;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic path: any SQL result through the jdbc:kdb: driver to Arrow. */
class ResultSetExportTest {
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

  private Path export(Path db, String sql, int batchSize) throws SQLException, IOException {
    Path out = tmp.resolve("q.arrow");
    try (Database hints = Database.open(db);
        Connection c = DriverManager.getConnection("jdbc:kdb:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql);
        var reader = KdbArrow.resultSetReader(rs, hints, batchSize, allocator);
        FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      ArrowIpcWriter.write(reader, ch, IpcFormat.FILE, TransferListener.NONE);
    }
    return out;
  }

  @Test
  void queryResultKeepsExactTypesAndValues() throws Exception {
    Path db = Fixtures.allDataTypes();
    Path file = export(db, "select \"str\", \"nanostamp\", \"short\", \"double\", \"date\" "
        + "from \"splayedTable\" where \"short\" is null or \"short\" > 0", 7);
    try (FileChannel ch = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      Map<String, String> types = new LinkedHashMap<>();
      for (Field f : root.getSchema().getFields()) {
        types.put(f.getName(), f.getType() + "/" + f.getMetadata().get(ArrowTypes.KDB_TYPE)
            + (f.getDictionary() == null ? "" : "/dict"));
      }
      assertEquals("{str=Int(32, true)/s/dict, nanostamp=Timestamp(NANOSECOND, null)/p, "
          + "short=Int(16, true)/h, double=FloatingPoint(DOUBLE)/f, date=Date(DAY)/d}",
          types.toString());
      long rows = 0;
      boolean first = true;
      while (reader.loadNextBatch()) {
        if (first) {
          var dict = reader.getDictionaryVectors().values().iterator().next().getVector();
          assertEquals("ww", dict.getObject(
              ((IntVector) root.getVector("str")).get(0)).toString());
          assertEquals(867283200100000003L, ((TimeStampNanoVector)
              root.getVector("nanostamp")).get(0));
          first = false;
        }
        rows += root.getRowCount();
      }
      assertEquals(1200, rows, "rows with short 34, 100 or null");
    }
    Path back = tmp.resolve("back");
    try (FileChannel ch = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
      ArrowImport.importTable(reader, back, "q", null, TransferListener.NONE);
    }
    try (Database d = Database.open(back)) {
      assertEquals("[str s, nanostamp p, short h, double f, date d]", d.table("q").columns()
          .stream().map(c -> c.name() + " " + c.type()).toList().toString());
    }
  }
}
