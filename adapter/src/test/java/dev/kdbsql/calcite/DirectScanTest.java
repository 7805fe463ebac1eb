package dev.kdbsql.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plans the kdb+ scan answers whole run without generated code ({@link DirectScan}), and give
 * exactly what the generated code gives ({@code directScan=false}): the same values of the same
 * Java classes, in the same order, for rows, aggregates and top-N, one column or several,
 * renamed, reordered or repeated. Plans with anything above the scan still generate code.
 */
class DirectScanTest {
  @TempDir
  static Path db;

  private static Connection direct;
  private static Connection generated;

  @BeforeAll
  static void write() throws SQLException {
    SampleDatabase.of(20_000, 5, 11).writeTo(db);
    direct = CalciteSql.connect(db);
    generated = CalciteSql.connect(db, "directScan=false");
  }

  @AfterAll
  static void close() throws SQLException {
    try (Connection d = direct; Connection g = generated) {
      // Closes both.
    }
  }

  /** The rows of {@code sql} on {@code c}, and how many times Java code was generated. */
  private static int generations(Connection c, String sql, List<String> out) {
    AtomicInteger n = new AtomicInteger();
    try (Hook.Closeable ignored = Hook.JAVA_PLAN.addThread((Object o) -> n.incrementAndGet())) {
      out.addAll(CalciteSql.objects(c, sql));
    }
    return n.get();
  }

  private static void sameWithoutCode(String sql) {
    List<String> fast = new java.util.ArrayList<>();
    List<String> slow = new java.util.ArrayList<>();
    assertEquals(0, generations(direct, sql, fast), sql + " generated code");
    assertEquals(1, generations(generated, sql, slow), sql + " with directScan=false");
    assertFalse(fast.isEmpty(), sql + " returns no rows");
    assertFalse(fast.get(0).startsWith("failed"), fast.get(0));
    assertEquals(slow, fast, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // rows: every column, a limit, one column, renames, both table shapes
      "select * from trade",
      "select * from quote limit 200",
      "select * from trade fetch first 7 rows only",
      "select price from trade where date = date '2024-01-03'",
      "select sym as s, price as p, time as t from trade where size > 300",
      "select date, time, bid, ask from quote where date >= date '2024-01-04' and sym <> 'NONE'",
      // the final projection picks, reorders and repeats the scan's columns
      "select price, sym, price from trade where size > 900",
      "select size, size from trade limit 10",
      "select time, date, time as t2 from trade where date > date '2024-01-04' limit 30",
      // aggregates: global, grouped, ordered groups, one column, several, reordered
      "select count(*) from trade",
      "select count(*) as n from quote where date = date '2024-01-03'",
      "select count(*), min(time), max(time), sum(size), min(price) from trade",
      "select sym, count(*), max(price) from trade group by sym",
      "select sym, count(*) as n from trade group by sym order by sym desc",
      "select count(*) as n, sym from trade group by sym",
      "select max(size), max(size) from trade where date = date '2024-01-04'",
      "select date, count(*) from trade group by date order by date",
      // top-N: several columns, one column, a repeated key
      "select * from trade order by size desc, time limit 10",
      "select price from trade order by price desc limit 5",
      // a float filter the scan enforces (100.5 is exactly a double)
      "select size, price from trade where price > 100.5 limit 3",
      "select time, sym, time as t2 from quote order by time desc, sym limit 3",
      // plain expressions over an aggregate's rows (CalcRows): AVG's division, of doubles and
      // integers, globally, by group, over no row (NULL), with arithmetic and comparisons
      "select avg(price) from trade",
      "select sym, avg(price), avg(size), count(*) from trade group by sym",
      "select avg(price) as p, min(price), max(price) from trade where sym = 'NONE'",
      "select avg(price), max(price) - min(price), sum(size) * 1.5e0 from trade"
          + " where date = date '2024-01-04'",
      "select sym, max(ask) / min(bid), count(*) > 10 from quote group by sym order by sym",
      "select avg(bid), avg(ask) from quote where date = date '2024-01-03' and sym = 'NONE'",
      // variances and standard deviations: sums of squares, count - 1, POWER(x, 0.5)
      "select sym, stddev_samp(ask - bid), stddev_pop(bid), var_samp(ask), var_pop(ask - bid)"
          + " from quote group by sym order by sym",
      "select stddev(price), variance(size), count(*) - 1, sum(size) + 2 * count(*) from trade",
      "select stddev_samp(price) from trade where sym = 'NONE'",
      "select power(avg(price), 2), power(max(price), 0.5), power(count(*), 3) from trade",
  })
  void scansAnsweredWholeGiveTheGeneratedCodesRows(String sql) {
    sameWithoutCode(sql);
  }

  @Test
  void plansWithCalciteOperatorsAboveTheScanStillGenerateCode() {
    for (String sql : List.of(
        "select price * 2 from trade limit 3",
        // 100.1 is no double: the scan's comparison is a superset, Calcite's filter re-applies it
        "select size from trade where price > 100.1 limit 3",
        "select upper(sym) from trade limit 2",
        // an expression over rows (not groups) stays generated code
        "select price * 2 + 1 from trade limit 3",
        "select sym, sum(size) / 2 from trade group by sym")) {
      List<String> rows = new java.util.ArrayList<>();
      assertEquals(1, generations(direct, sql, rows), sql);
      List<String> reference = new java.util.ArrayList<>();
      generations(generated, sql, reference);
      assertEquals(reference, rows, sql);
    }
  }

  @Test
  void explainShowsTheSamePlan() throws SQLException {
    String sql = "select sym, count(*) from trade where size > 300 group by sym";
    String plan = CalciteSql.plan(direct, sql);
    assertEquals(CalciteSql.plan(generated, sql), plan);
    assertTrue(plan.startsWith("KdbToEnumerableConverter"), plan);
  }
}
