package dev.kdbsql.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connector over a generated TAQ-like sample (4 dates of trades and quotes, a splayed and a
 * flat table): every row equal to the JDBC driver's, and each pushdown visible in the plan and
 * giving the driver's answer, filters on the p# symbol column included.
 */
class SampleDatabaseSparkTest {
  @TempDir
  static Path dir;
  static Path db;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    db = dir.resolve("hdb");
    SampleDatabase.of(20_000, 4, 42).writeTo(db);
    spark = LocalSpark.start("SampleDatabaseSparkTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> read(String table, String... options) {
    var r = spark.read().format("kdb").option("table", table);
    for (int i = 0; i < options.length; i += 2) {
      r = r.option(options[i], options[i + 1]);
    }
    return r.load(db.toString());
  }

  static String plan(Dataset<Row> df) {
    return df.queryExecution().executedPlan().toString();
  }

  /** The driver's single row for {@code sql}, as longs and doubles. */
  static List<Object> jdbcRow(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      List<Object> out = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        out.add(rs.getObject(i));
      }
      return out;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"trade", "quote", "ref", "daily"})
  void everyRowIsTheDriversRow(String table) throws SQLException {
    KdbOptions options = KdbOptions.parse(Map.of("path", db.toString()));
    Dataset<Row> df = read(table);
    SameAsJdbc.assertSame(df.collectAsList(), df.schema(), db, table, options);
  }

  @Test
  void timespansAsIntervalsAndTimestampOptionsKeepTheRows() throws SQLException {
    Dataset<Row> df = read("trade", "timespanAs", "interval");
    assertEquals("interval day to second", df.schema().apply("time").dataType().typeName());
    SameAsJdbc.assertSame(df.collectAsList(), df.schema(), db, "trade", KdbOptions.parse(
        Map.of("path", db.toString(), "timespanAs", "interval")));
  }

  @Test
  void largePartitionsSplitIntoRowRangesWithTheSameRows() throws SQLException {
    Dataset<Row> df = read("quote", "splitRows", "7000", "batchSize", "1000");
    int tasks = df.rdd().getNumPartitions();
    assertTrue(tasks > 8, "4 dates of 20,000 quotes in ranges of 7,000 rows: " + tasks);
    SameAsJdbc.assertSame(df.collectAsList(), df.schema(), db, "quote",
        KdbOptions.parse(Map.of("path", db.toString())));
  }

  @Test
  void partitionFiltersPruneAndShowInThePlan() throws SQLException {
    Dataset<Row> df = read("trade").filter("date = DATE'2024-01-03'")
        .selectExpr("count(*)", "sum(price)", "sum(size)");
    String plan = plan(df);
    assertTrue(plan.contains("partitions=1/4 [2024.01.03]"), plan);
    assertTrue(plan.contains("EqualTo(date,2024-01-03)"), plan);
    Row r = df.collectAsList().get(0);
    List<Object> want = jdbcRow("select count(*), sum(price), sum(size) from trade "
        + "where date = date '2024-01-03'");
    assertEquals(((Number) want.get(0)).longValue(), r.getLong(0));
    assertEquals(((Number) want.get(1)).doubleValue(), r.getDouble(1), 1e-6);
    assertEquals(((Number) want.get(2)).longValue(), r.getLong(2));

    Dataset<Row> range = read("quote").filter("date > DATE'2024-01-02' and date <= '2024-01-04'"
        + " or date in (DATE'2024-01-05', DATE'2025-01-01')");
    String rangePlan = plan(range);
    assertTrue(rangePlan.contains("partitions=3/4 [2024.01.03, 2024.01.04, 2024.01.05]"),
        rangePlan);
    assertEquals(((Number) jdbcRow("select count(*) from quote where date > date '2024-01-02'")
        .get(0)).longValue(), range.collectAsList().size());
  }

  @Test
  void aJoinOnTheDatePrunesPartitionsAtRunTime() throws SQLException {
    Row bar = read("daily").filter("date = DATE'2024-01-03'").orderBy("sym").first();
    read("trade").createOrReplaceTempView("trade");
    read("daily").createOrReplaceTempView("daily");
    Dataset<Row> df = spark.sql("select t.date, count(*) from trade t join daily d "
        + "on t.date = d.date where d.sym = '" + bar.getString(0) + "' and d.volume = "
        + bar.getLong(6) + " group by t.date");
    List<Row> rows = df.collectAsList();
    String plan = df.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("RuntimeFilters: [dynamicpruningexpression(date"), plan);
    assertTrue(plan.contains("partitions=1/4 [2024.01.03]"), plan);
    assertEquals(1, rows.size());
    assertEquals(LocalDate.of(2024, 1, 3), rows.get(0).get(0));
    assertEquals(((Number) jdbcRow("select count(*) from trade where date = date '2024-01-03'")
        .get(0)).longValue(), rows.get(0).getLong(1));
  }

  @Test
  void sparkSqlTablesAndViewsUseTheSource() throws SQLException {
    spark.sql("create temporary view trade_view using kdb options (path '" + db
        + "', table 'trade')");
    spark.sql("create table if not exists quote_table using kdb options (path '" + db
        + "', table 'quote')");
    assertEquals(((Number) jdbcRow("select count(*) from trade where date = date '2024-01-03'")
        .get(0)).longValue(), spark.sql("select count(*) from trade_view "
        + "where date = DATE'2024-01-03'").collectAsList().get(0).getLong(0));
    Dataset<Row> q = spark.sql("select sym, bid from quote_table where date = DATE'2024-01-05'");
    String plan = plan(q);
    assertTrue(plan.contains("partitions=1/4 [2024.01.05]"), plan);
    assertEquals(((Number) jdbcRow("select count(*) from quote where date = date '2024-01-05'")
        .get(0)).longValue(), q.collectAsList().size());
    spark.sql("drop table quote_table");
  }

  @Test
  void onlyTheNeededColumnsAreRead() {
    Dataset<Row> df = read("quote").select("sym", "bid");
    String plan = plan(df);
    assertTrue(plan.contains("columns=[sym, bid]"), plan);
    assertEquals(2, df.collectAsList().get(0).size());
  }

  @Test
  void columnFiltersRunInTheScanAndPatternsInSpark() throws SQLException {
    Dataset<Row> df = read("trade").filter("price > 100 and date >= DATE'2024-01-04' "
        + "and sym like 'A%'");
    String plan = plan(df);
    assertTrue(plan.contains("partitions=2/4 [2024.01.04, 2024.01.05]"), plan);
    assertTrue(plan.contains("GreaterThanOrEqual(date,2024-01-04)"), plan);
    assertTrue(plan.contains("GreaterThan(price,100.0)"), plan);
    assertTrue(plan.contains("filter=AND(IS NOT NULL(sym), >(price, 100.0))"), plan);
    assertTrue(plan.contains("Filter StartsWith(sym#"), plan);
    long want = ((Number) jdbcRow("select count(*) from trade where price > 100 and "
        + "date >= date '2024-01-04' and sym like 'A%'").get(0)).longValue();
    assertTrue(want > 0);
    assertEquals(want, df.count());
    assertEquals(want, df.collectAsList().size());
  }

  /** The symbol of the {@code n}th most frequent trade, as the driver counts them. */
  static String frequentSymbol(int n) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select sym from trade group by sym "
            + "order by count(*) desc, sym limit 1 offset " + n)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  @Test
  void symbolFiltersOnPartedColumnsRunInTheScan() throws SQLException {
    String a = frequentSymbol(0);
    String b = frequentSymbol(7);
    String c = frequentSymbol(30);
    FilterCheck trade = new FilterCheck(spark, db, "trade", Map.of());
    assertTrue(trade.check(col("sym").equalTo(a), "sym = '" + a + "'", true) > 0);
    trade.check(col("sym").isin(a, b, c).and(col("price").gt(100)),
        "sym in ('" + a + "', '" + b + "', '" + c + "') and price > 100", true);
    trade.check(not(col("sym").equalTo(b)).and(col("size").geq(500)),
        "sym <> '" + b + "' and size >= 500", true);
    trade.check(col("time").between(34_200_000_000_000L, 36_000_000_000_000L)
        .and(col("ex").equalTo("N")), "time between 34200000000000 and 36000000000000 "
        + "and ex = 'N'", true);
    trade.check(col("sym").equalTo(a).or(col("date").equalTo(lit(LocalDate.of(2024, 1, 3)))),
        "sym = '" + a + "' or \"date\" = DATE '2024-01-03'", true);
    trade.check(col("price").gt(col("size")), "price > size", false);
    // Ranges split within partitions, small batches: selections cross both.
    FilterCheck quote = new FilterCheck(spark, db, "quote", Map.of("splitRows", "7000",
        "batchSize", "1000"));
    quote.check(col("sym").isin(a, c).or(col("bsize").lt(150)),
        "sym in ('" + a + "', '" + c + "') or bsize < 150", true);
    String plan = plan(read("quote").filter(col("sym").equalTo(a)));
    assertTrue(plan.contains("pushedFilters=[IsNotNull(sym), EqualTo(sym," + a + ")]"), plan);
    assertTrue(plan.contains("filter==(sym, '" + a + "')"), plan);
  }

  @Test
  void aLimitOrACountAboveAColumnFilterIsSparks() throws SQLException {
    Dataset<Row> limited = read("trade").filter("price > 100").limit(5);
    String plan = plan(limited);
    assertFalse(plan.contains("limit=5"), plan);
    List<Row> rows = limited.collectAsList();
    SameAsJdbc.JdbcRows want = SameAsJdbc.jdbc(db, "trade", "price > 100");
    assertEquals(5, rows.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(want.rows().get(i)[1], rows.get(i).getString(1), "sym of row " + i);
      assertEquals(want.rows().get(i)[2], rows.get(i).getLong(2), "time of row " + i);
    }
    Dataset<Row> counted = read("trade").filter("size > 500").groupBy("date").count();
    String countPlan = plan(counted);
    assertFalse(countPlan.contains("from file headers"), countPlan);
    assertEquals(((Number) jdbcRow("select count(*) from trade where size > 500").get(0))
        .longValue(), counted.collectAsList().stream().mapToLong(r -> r.getLong(1)).sum());
  }

  @Test
  void aLimitReadsOnlyTheRowsItNeeds() throws SQLException {
    Dataset<Row> df = read("trade").limit(7);
    String plan = plan(df);
    assertTrue(plan.contains("limit=7"), plan);
    List<Row> rows = df.collectAsList();
    SameAsJdbc.JdbcRows all = SameAsJdbc.jdbc(db, "trade");
    assertEquals(7, rows.size());
    for (int i = 0; i < 7; i++) {
      assertEquals(all.rows().get(i)[1], rows.get(i).getString(1), "sym of row " + i);
      assertEquals(all.rows().get(i)[2], rows.get(i).getLong(2), "time of row " + i);
    }
  }

  @Test
  void countsComeFromFileHeaders() throws SQLException {
    Dataset<Row> all = read("quote").selectExpr("count(*)", "min(date)", "max(date)",
        "count(distinct date)");
    String plan = plan(all);
    assertTrue(plan.contains("from file headers"), plan);
    assertFalse(plan.contains("HashAggregate"), plan);
    Row r = all.collectAsList().get(0);
    assertEquals(((Number) jdbcRow("select count(*) from quote").get(0)).longValue(),
        r.getLong(0));
    assertEquals(LocalDate.of(2024, 1, 2), r.get(1));
    assertEquals(LocalDate.of(2024, 1, 5), r.get(2));
    assertEquals(4L, r.getLong(3));
    assertEquals(r.getLong(0), read("quote").count());

    Dataset<Row> byDate = read("trade").filter("date <> DATE'2024-01-04'")
        .groupBy("date").count().orderBy("date");
    String byDatePlan = plan(byDate);
    assertTrue(byDatePlan.contains("partitions=3/4"), byDatePlan);
    assertTrue(byDatePlan.contains("from file headers"), byDatePlan);
    List<Row> groups = byDate.collectAsList();
    assertEquals(3, groups.size());
    for (Row g : groups) {
      assertEquals(((Number) jdbcRow("select count(*) from trade where date = date '"
          + g.get(0) + "'").get(0)).longValue(), g.getLong(1), "trades on " + g.get(0));
    }

    assertEquals(((Number) jdbcRow("select count(*) from daily").get(0)).longValue(),
        read("daily").count());
  }

  @Test
  void aggregatesThatNeedValuesAreNotTakenFromHeaders() throws SQLException {
    Dataset<Row> df = read("trade").selectExpr("count(price)", "max(size)");
    String plan = plan(df);
    assertFalse(plan.contains("from file headers"), plan);
    Row r = df.collectAsList().get(0);
    List<Object> want = jdbcRow("select count(price), max(size) from trade");
    assertEquals(((Number) want.get(0)).longValue(), r.getLong(0));
    assertEquals(((Number) want.get(1)).longValue(), ((Number) r.get(1)).longValue());
  }
}
