package dev.kdbsql.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.ListTables;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kdb+ type, with nulls, infinities, non-ASCII text and temporals outside one day (the
 * adapter's {@link AllTypes} table, and {@link ListTables} for lists of each type), read through
 * Spark under each timestamp and timespan option: equal to the JDBC driver's rows, with the
 * documented differences checked against the stored values ({@link SameAsJdbc}).
 */
class AllTypesSparkTest {
  @TempDir
  static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    DatabaseWriter w = DatabaseWriter.open(dir.resolve("db"));
    w.writeSplayed("types", AllTypes.table(3_000, 11), WriteOptions.DEFAULT);
    TableData lists = ListTables.lists(400, 12);
    TableData.Builder b = TableData.builder();
    lists.columns().forEach((name, data) -> {
      if (!name.equals("lz")) {
        b.add(name, data);
      }
    });
    w.writeSplayed("lists", b.build(), WriteOptions.DEFAULT);
    w.writeSplayed("datetimeLists", TableData.builder().add("lz", lists.column("lz")).build(),
        WriteOptions.DEFAULT);
    w.writeFlat("flat", AllTypes.table(500, 13));
    DatabaseWriter m = DatabaseWriter.open(dir.resolve("monthly"));
    for (int i = 0; i < 3; i++) {
      m.writePartition(PartitionValue.month(YearMonth.of(1999, 11).plusMonths(i)), "t",
          AllTypes.table(200 + i, 20 + i), WriteOptions.DEFAULT);
    }
    DatabaseWriter y = DatabaseWriter.open(dir.resolve("yearly"));
    for (int i = 0; i < 3; i++) {
      y.writePartition(PartitionValue.year(1999 + i), "t", AllTypes.table(100 + i, 30 + i),
          WriteOptions.DEFAULT);
    }
    spark = LocalSpark.start("AllTypesSparkTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> read(Path db, String table, Map<String, String> options) {
    return spark.read().format("kdb").option("table", table).options(options)
        .load(db.toString());
  }

  @ParameterizedTest
  @CsvSource({"db,types,,", "db,types,nanos,interval", "db,lists,,", "db,lists,nanos,interval",
      "db,flat,,", "db,flat,nanos,", "monthly,t,,", "monthly,t,nanos,interval", "yearly,t,,"})
  void everyTypeIsTheDriversValue(String db, String table, String timestamps, String timespans)
      throws SQLException {
    Map<String, String> options = new HashMap<>();
    if (timestamps != null) {
      options.put(KdbOptions.TIMESTAMP_AS, timestamps);
    }
    if (timespans != null) {
      options.put(KdbOptions.TIMESPAN_AS, timespans);
    }
    Path root = dir.resolve(db);
    Dataset<Row> df = read(root, table, options);
    Map<String, String> parsed = new HashMap<>(options);
    parsed.put("path", root.toString());
    SameAsJdbc.assertSame(df.collectAsList(), df.schema(), root, table,
        KdbOptions.parse(parsed));
  }

  @Test
  void theSchemaIsTheDocumentedMapping() {
    StructType s = read(dir.resolve("db"), "types", Map.of()).schema();
    assertEquals(List.of("b", "g", "x", "h", "i", "j", "e", "f", "c", "s", "p", "m", "d", "z",
        "n", "u", "v", "t", "str"), List.of(s.fieldNames()));
    assertEquals(List.of(DataTypes.BooleanType, DataTypes.StringType, DataTypes.ShortType,
        DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType, DataTypes.FloatType,
        DataTypes.DoubleType, DataTypes.StringType, DataTypes.StringType,
        DataTypes.TimestampNTZType, DataTypes.DateType, DataTypes.DateType,
        DataTypes.TimestampNTZType, DataTypes.LongType),
        List.of(s.fields()).subList(0, 15).stream().map(f -> f.dataType()).toList());
    assertEquals("interval hour to minute", s.apply("u").dataType().typeName());
    assertEquals("interval hour to second", s.apply("v").dataType().typeName());
    assertEquals("interval hour to second", s.apply("t").dataType().typeName());
    assertEquals(DataTypes.StringType, s.apply("str").dataType());
    assertEquals(false, s.apply("b").nullable());
    assertEquals("p", s.apply("p").metadata().getString(SparkTypes.KDB_TYPE));
    assertEquals(DataTypes.LongType, read(dir.resolve("db"), "types",
        Map.of("timestampAs", "NANOS")).schema().apply("p").dataType());

    StructType lists = read(dir.resolve("db"), "lists", Map.of()).schema();
    assertEquals("array<timestamp_ntz>", lists.apply("lp").dataType().simpleString());
    assertEquals("array<smallint>", lists.apply("lx").dataType().simpleString());

    StructType monthly = read(dir.resolve("monthly"), "t", Map.of()).schema();
    assertEquals("month", monthly.fields()[0].name());
    assertEquals(DataTypes.DateType, monthly.fields()[0].dataType());
    assertEquals(false, monthly.fields()[0].nullable());
    assertEquals(DataTypes.LongType, read(dir.resolve("yearly"), "t", Map.of()).schema()
        .fields()[0].dataType());
  }

  /**
   * Infinite datetimes inside a list read as in a datetime column: 0w and -0w as 0Wp's and
   * -0Wp's wall clocks (as q casts them), never a wrapped value; the other elements keep their
   * place between them.
   */
  @Test
  void infiniteDatetimesInAListReadAsInAColumn() {
    List<Row> rows = read(dir.resolve("db"), "datetimeLists", Map.of()).collectAsList();
    assertEquals(400, rows.size());
    // 0Wp and -0Wp, to the microsecond (TimestampNTZ).
    java.time.LocalDateTime max = java.time.LocalDateTime.of(2292, 4, 10, 23, 47, 16, 854_775_000);
    java.time.LocalDateTime min = java.time.LocalDateTime.of(1707, 9, 22, 0, 12, 43, 145_224_000);
    int saturated = 0;
    for (Row r : rows) {
      if (r.isNullAt(0)) {
        continue;
      }
      for (Object o : r.getList(0)) {
        if (o == null) {
          continue;
        }
        java.time.LocalDateTime t = (java.time.LocalDateTime) o;
        assertEquals(true, !t.isAfter(max) && !t.isBefore(min), t.toString());
        saturated += t.equals(max) || t.equals(min) ? 1 : 0;
      }
    }
    assertEquals(true, saturated > 0, "the lists hold infinities");
  }

  @Test
  void monthAndYearPartitionsPrune() {
    Dataset<Row> m = read(dir.resolve("monthly"), "t", Map.of())
        .filter("month >= DATE'1999-12-15'").select("month");
    String plan = m.queryExecution().executedPlan().toString();
    assertEquals(true, plan.contains("partitions=1/3 [2000.01]"), plan);
    assertEquals(LocalDate.of(2000, 1, 1), m.collectAsList().get(0).get(0));

    Dataset<Row> y = read(dir.resolve("yearly"), "t", Map.of()).filter("year in (1999, 2001)");
    String yplan = y.queryExecution().executedPlan().toString();
    assertEquals(true, yplan.contains("partitions=2/3 [1999, 2001]"), yplan);
    assertEquals(100 + 102, y.count());
  }
}
