package dev.kdbsql.arrow.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.arrow.IpcFormat;
import dev.kdbsql.arrow.TransferListener;
import dev.kdbsql.arrow.Fixtures;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SQL exports: a query that plans to a pure scan takes the direct path, any other the JDBC path,
 * and both write the same schema and the same values, row for row, on a table of every type
 * (nulls and infinities included) in three date partitions.
 */
class SqlExportTest {
  private static Path db;
  private static Database hints;
  private static Connection connection;
  private static BufferAllocator allocator;

  @BeforeAll
  static void setUp(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    db = tmp.resolve("db");
    DatabaseWriter w = DatabaseWriter.open(db);
    w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 2)), "t", table(1500, 1, false),
        WriteOptions.DEFAULT);
    w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 3)), "t", table(0, 2, false),
        WriteOptions.DEFAULT);
    w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 4)), "t", table(900, 3, false),
        WriteOptions.DEFAULT);
    w.writeSplayed("u", table(300, 4, true), WriteOptions.DEFAULT);
    hints = Database.open(db);
    connection = DriverManager.getConnection("jdbc:kdb:" + db);
    allocator = new RootAllocator();
  }

  /**
   * {@code rows} rows of every type the generic path maps exactly (a timespan column too when
   * {@code timespan}: read as an exact TIME, it is Duration(ns) on both paths, NULL outside one
   * day), every seventh row null; temporal values stay finite and times within a day, which is
   * what JDBC can carry.
   */
  private static TableData table(int rows, long seed, boolean timespan) {
    Random r = new Random(seed);
    boolean[] b = new boolean[rows];
    long[] gh = new long[rows];
    long[] gl = new long[rows];
    byte[] x = new byte[rows];
    short[] h = new short[rows];
    int[] i = new int[rows];
    long[] j = new long[rows];
    float[] e = new float[rows];
    double[] f = new double[rows];
    byte[] c = new byte[rows];
    String[] sym = new String[rows];
    long[] p = new long[rows];
    int[] d = new int[rows];
    double[] z = new double[rows];
    long[] n = new long[rows];
    int[] v = new int[rows];
    int[] t = new int[rows];
    String[] str = new String[rows];
    for (int k = 0; k < rows; k++) {
      boolean nul = k % 7 == 0;
      b[k] = r.nextBoolean();
      gh[k] = nul ? 0 : r.nextLong();
      gl[k] = nul ? 0 : r.nextLong();
      x[k] = (byte) r.nextInt(256);
      h[k] = nul ? Nulls.SHORT_NULL : (short) (r.nextInt(2000) - 1000);
      i[k] = nul ? Nulls.INT_NULL : r.nextInt();
      j[k] = nul ? Nulls.LONG_NULL : r.nextLong();
      e[k] = nul ? Float.NaN : r.nextFloat() * 1000 - 500;
      f[k] = nul ? Double.NaN : r.nextGaussian() * 1e6;
      c[k] = nul ? Nulls.CHAR_NULL : (byte) ('a' + r.nextInt(26));
      sym[k] = nul ? "" : "s" + r.nextInt(20) + (k % 11 == 5 ? "\u00e9t\u00e9" : "");
      p[k] = nul ? Nulls.LONG_NULL : (r.nextLong() >> 4);
      d[k] = nul ? Nulls.INT_NULL : r.nextInt(40000) - 20000;
      z[k] = nul ? Double.NaN : Math.round(r.nextDouble() * 1e4 * 86400000) / 86400000.0;
      // timespans: half durations beyond one day (NULL through SQL's TIME), half times of day
      n[k] = nul ? Nulls.LONG_NULL : k % 2 == 0 ? r.nextLong() >> 20
          : Math.floorMod(r.nextLong(), 86_400_000_000_000L);
      v[k] = nul ? Nulls.INT_NULL : r.nextInt(86400);
      t[k] = nul ? Nulls.INT_NULL : r.nextInt(86400000);
      str[k] = nul ? "" : "str" + k + (k % 3 == 0 ? " \u00fcber \u65e5\u672c" : "");
    }
    TableData.Builder builder = TableData.builder()
        .add("b", ColumnData.booleans(b))
        .add("g", ColumnData.guids(gh, gl))
        .add("x", ColumnData.bytes(KdbType.BYTE, x))
        .add("h", ColumnData.shorts(h))
        .add("i", ColumnData.ints(KdbType.INT, i))
        .add("j", ColumnData.longs(KdbType.LONG, j))
        .add("e", ColumnData.reals(e))
        .add("f", ColumnData.doubles(KdbType.FLOAT, f))
        .add("c", ColumnData.bytes(KdbType.CHAR, c))
        .add("s", ColumnData.symbols(sym))
        .add("p", ColumnData.longs(KdbType.TIMESTAMP, p))
        .add("d", ColumnData.ints(KdbType.DATE, d))
        .add("z", ColumnData.doubles(KdbType.DATETIME, z))
        .add("v", ColumnData.ints(KdbType.SECOND, v))
        .add("t", ColumnData.ints(KdbType.TIME, t))
        .add("str", ColumnData.strings(str));
    if (timespan) {
      builder.add("n", ColumnData.longs(KdbType.TIMESPAN, n));
    }
    return builder.build();
  }

  @AfterAll
  static void tearDown() throws Exception {
    connection.close();
    hints.close();
    allocator.close();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "DIRECT_SCAN | select * from \"t\"",
      "DIRECT_SCAN | select * from \"t\" where \"j\" > 0",
      "DIRECT_SCAN | select \"s\" as \"sym\", \"f\", \"p\" as \"ts\", \"date\" from \"t\" "
          + "where \"s\" = 's3'",
      "DIRECT_SCAN | select * from \"t\" where \"date\" = date '2024-01-04' and \"i\" < 0",
      "DIRECT_SCAN | select \"str\", \"g\", \"c\", \"date\" from \"t\" "
          + "where \"date\" >= date '2024-01-03'",
      "DIRECT_SCAN | select \"j\", \"i\" as \"small\" from \"t\" where \"i\" > 0 limit 70",
      "DIRECT_SCAN | select \"z\", \"v\", \"t\", \"d\", \"e\", \"x\", \"b\" from \"u\" "
          + "where \"i\" is not null limit 200",
      "DIRECT_SCAN | select \"j\", \"j\" as \"j2\", \"s\" from \"t\" where \"s\" in ('s1', 's2')",
      "DIRECT_SCAN | select \"p\", \"date\" from \"t\" where \"i\" is null or \"i\" < -1500000000",
      "DIRECT_SCAN | select \"j\", \"h\" from \"t\" where \"h\" > 0",
      "JDBC_ROWS | select * from \"t\" limit 0",
      "DIRECT_SCAN | select * from \"u\"",
      "JDBC_ROWS | select \"n\", \"p\" from \"u\" order by \"n\", \"p\"",
      "JDBC_ROWS | select * from \"t\" where \"f\" >= 0",
      "JDBC_ROWS | select * from \"t\" order by \"j\"",
      "JDBC_ROWS | select \"j\" + 1 as \"j1\", \"s\" from \"t\"",
      "JDBC_ROWS | select \"s\", count(*) as \"n\", max(\"f\") as \"top\" from \"t\" group by \"s\"",
      "JDBC_ROWS | select count(*) from \"t\"",
      "JDBC_ROWS | select a.\"j\", b.\"s\" from \"u\" a join \"u\" b on a.\"i\" = b.\"i\"",
      "JDBC_ROWS | select * from \"t\" limit 10 offset 5",
  })
  void bothPathsWriteTheSameArrow(ExportPath expected, String sql) throws Exception {
    byte[] direct;
    try (SqlExport e = SqlExport.open(connection, sql, List.of(), hints, 256, allocator)) {
      assertEquals(expected, e.path(), () -> e.reason() + "\n" + explain(sql));
      direct = write(e);
    }
    byte[] generic;
    try (SqlExport e = SqlExport.open(connection, sql, List.of(), hints, 256, allocator, false)) {
      assertEquals(ExportPath.JDBC_ROWS, e.path());
      generic = write(e);
    }
    Table d = read(direct);
    Table g = read(generic);
    assertEquals(g.schema(), d.schema(), "schema");
    assertEquals(g.rows().size(), d.rows().size(), "row count");
    for (int r = 0; r < g.rows().size(); r++) {
      assertEquals(g.rows().get(r), d.rows().get(r), "row " + r);
    }
  }

  /**
   * A SQL export of the all-types fixture writes what the table export writes, value for value:
   * by the direct path and by JDBC rows (timespans exact, as Duration(ns), on both).
   */
  @org.junit.jupiter.api.Test
  void sqlExportOfEveryTypeEqualsTheTableExport() throws Exception {
    Path src = Fixtures.allDataTypes();
    byte[] table;
    try (Database d = Database.open(src);
        org.apache.arrow.vector.ipc.ArrowReader r = KdbArrow.tableReader(
            d.table("splayedTable"), ExportOptions.ALL, allocator)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ArrowIpcWriter.write(r, Channels.newChannel(out), IpcFormat.STREAM, TransferListener.NONE);
      table = out.toByteArray();
    }
    Table expected = read(table);
    assertEquals(2000, expected.rows().size());
    try (Database d = Database.open(src);
        Connection all = DriverManager.getConnection("jdbc:kdb:" + src)) {
      for (boolean direct : new boolean[] {true, false}) {
        byte[] sql;
        try (SqlExport e = SqlExport.open(all, "select * from \"splayedTable\"", List.of(), d,
            512, allocator, direct)) {
          assertEquals(direct ? ExportPath.DIRECT_SCAN : ExportPath.JDBC_ROWS, e.path(),
              e::reason);
          sql = write(e);
        }
        Table actual = read(sql);
        assertEquals(expected.schema(), actual.schema(), "schema, direct " + direct);
        for (int r = 0; r < expected.rows().size(); r++) {
          assertEquals(expected.rows().get(r), actual.rows().get(r), "row " + r + ", direct "
              + direct);
        }
      }
    }
  }

  private static String explain(String sql) {
    try (java.sql.Statement st = connection.createStatement();
        java.sql.ResultSet rs = st.executeQuery("explain plan for " + sql)) {
      StringBuilder b = new StringBuilder();
      while (rs.next()) {
        b.append(rs.getString(1));
      }
      return b.toString();
    } catch (java.sql.SQLException e) {
      return e.toString();
    }
  }

  private static byte[] write(SqlExport e) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArrowIpcWriter.write(e.reader(), Channels.newChannel(out), IpcFormat.STREAM,
        TransferListener.NONE);
    return out.toByteArray();
  }

  private record Table(Schema schema, List<List<String>> rows) {
  }

  /** The schema and every row, values rendered as text, dictionary codes decoded. */
  private static Table read(byte[] stream) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream),
        allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      Schema schema = root.getSchema();
      while (reader.loadNextBatch()) {
        for (int r = 0; r < root.getRowCount(); r++) {
          List<String> row = new ArrayList<>();
          for (int c = 0; c < schema.getFields().size(); c++) {
            Field f = schema.getFields().get(c);
            FieldVector v = root.getVector(c);
            Object o = v.getObject(r);
            if (o != null && f.getDictionary() != null) {
              Dictionary dict = reader.getDictionaryVectors().get(f.getDictionary().getId());
              o = "dict:" + dict.getVector().getObject(((Number) o).intValue());
            }
            row.add(o instanceof byte[] b ? Arrays.toString(b) : String.valueOf(o));
          }
          rows.add(row);
        }
      }
      return new Table(schema, rows);
    }
  }
}
