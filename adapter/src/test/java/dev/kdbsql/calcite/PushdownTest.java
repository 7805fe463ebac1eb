package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.Fixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the kdb+ scan does itself, over a generated sample (5 dates, trades and quotes): each case
 * pins the plan with EXPLAIN and checks that the rows equal those of the same query without
 * pushdown, which Calcite evaluates row by row; floating sums within {@link CloseRows#TOLERANCE}
 * (the scan sums per partition).
 */
class PushdownTest {
  @TempDir
  static Path db;

  private static CalciteSql.Twin db2;
  private static Connection c;
  /** Values from the data, for the placeholders S1, S2 (symbols), P (a price), PLO and PHI. */
  private static String s1;
  private static String s2;
  private static String price;

  @BeforeAll
  static void write() throws SQLException {
    SampleDatabase.of(20_000, 5, 7).writeTo(db);
    db2 = CalciteSql.Twin.open(db);
    c = db2.pushed();
    s1 = rows(c, "select sym from trade limit 1").get(0);
    s2 = rows(c, "select sym from trade where date = date '2024-01-05' limit 1 offset 2000").get(0);
    price = rows(c, "select price from trade limit 1 offset 777").get(0);
  }

  private static String fill(String sql) {
    double p = Double.parseDouble(price);
    return sql.replace("S1", s1).replace("S2", s2).replace("PLO", (long) p - 1 + ".1")
        .replace("PHI", (long) p + 1 + ".7").replace("P", price);
  }

  @AfterAll
  static void close() throws SQLException {
    db2.close();
  }

  static String plan(String sql) throws SQLException {
    return CalciteSql.plan(c, sql);
  }

  /** {@code sql} gives the rows it gives without pushdown, where Calcite filters every row. */
  private static void sameRows(String sql) throws SQLException {
    String reference = CalciteSql.plan(db2.reference(), sql);
    assertFalse(reference.contains("filter=") || reference.contains("aggregate="), reference);
    List<String> expected = rows(db2.reference(), sql);
    assertFalse(expected.isEmpty() && !sql.contains("count("), sql + " selects nothing");
    assertEquals(expected, rows(c, sql), sql);
  }

  @Test
  void countStarComesFromRowCounts() throws SQLException {
    String p = plan("select count(*) from quote");
    assertTrue(p.contains("KdbTableScan(table=[[kdb, quote]], partitions=[all 5], "
        + "aggregate=[COUNT(*)])"), p);
    assertFalse(p.contains("EnumerableAggregate"), p);
    assertEquals(List.of("80000"), rows(c, "select count(*) from quote"));
    assertEquals(List.of("20000|20000"), rows(c, "select count(*), count(*) from trade"));
  }

  @Test
  void partitionPredicatesArePrunedAndEnforced() throws SQLException {
    String p = plan("select count(*) from trade where date = date '2024-01-03'");
    assertTrue(p.contains("partitions=[1 of 5: [2024.01.03]], aggregate"), p);
    sameRows("select count(*) from trade where date = date '2024-01-03'");
    sameRows("select date, count(*) from trade where date between date '2024-01-03' "
        + "and date '2024-01-05' or date in (date '2024-01-08') group by date order by date");
    p = plan("select price from trade where date > date '2024-01-04' and size > 100");
    assertTrue(p.contains("partitions=[2 of 5: [2024.01.05, 2024.01.08]], "
        + "fields=[price], filter=[>(size, 100)])"), p);
    assertFalse(p.contains("EnumerableCalc"), p);
  }

  /**
   * {@code IN (VALUES ...)} with dates gives what the same list gives (Calcite 1.42's validator
   * failed on it with a NullPointerException), NOT IN too, with and without pushdown.
   */
  @Test
  void inValuesOfDatesIsTheList() throws SQLException {
    String rows = "(date '2024-01-03', 'S1'), (date '2024-01-05', 'S2')";
    for (Connection conn : List.of(c, db2.reference())) {
      List<String> expected = rows(conn, fill("select count(*) from trade where (date = date"
          + " '2024-01-03' and sym = 'S1') or (date = date '2024-01-05' and sym = 'S2')"));
      assertFalse(expected.get(0).equals("0"), "no rows");
      assertEquals(expected, rows(conn, fill("select count(*) from trade where (date, sym) in"
          + " (values " + rows + ")")));
      assertEquals(List.of(String.valueOf(20_000 - Long.parseLong(expected.get(0)))),
          rows(conn, fill("select count(*) from trade where (date, sym) not in (values " + rows
              + ")")));
      assertEquals(rows(conn, "select count(*) from trade where date in (date '2024-01-03',"
          + " date '2024-01-08')"), rows(conn, "select count(*) from trade where date in"
          + " (values (date '2024-01-03'), (date '2024-01-08'))"));
    }
  }

  @Test
  void anOrOfConditionsPerDatePrunesToThoseDatesAndStaysAFilter() throws SQLException {
    String sql = "select date, count(*), sum(size) from trade where (date = date '2024-01-03'"
        + " and size > 300) or (date >= date '2024-01-08' and sym = 'S1') group by date"
        + " order by date";
    String p = plan(fill(sql));
    assertTrue(p.contains("partitions=[2 of 5: [2024.01.03, 2024.01.08]]"), p);
    sameRows(fill(sql));
    // NOT of a condition that only implies a test of the date prunes nothing.
    sql = "select count(*) from trade where not (date = date '2024-01-03' and size > 300)";
    assertTrue(plan(sql).contains("partitions=[all 5]"), plan(sql));
    sameRows(sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "size > 300",
      "size <= 200 and sym = 'S1'",
      "size between 300 and 500 or size in (1000, 1100, 1200)",
      "sym in ('S1', 'S2', 'NOPE') and size <> 100",
      "sym <> 'S1' and size < 300",
      "cond is null and size > 900",
      "cond is not null and size > 900",
      "price > PLO and price < PHI",
      "price = P or price >= PHI",
  })
  void columnFiltersGiveTheRowsCalciteGives(String template) throws SQLException {
    String where = fill(template);
    String cols = "select date, sym, time, price, size, ex, cond from trade where ";
    String p = plan(cols + where);
    assertTrue(p.contains("filter=") || p.contains("remaining="), p);
    sameRows(cols + where);
    sameRows("select count(*) from trade where " + where);
  }

  /** A float compared with a literal that is no double is evaluated, and re-applied above. */
  @Test
  void inexactFloatComparisonsAreEvaluatedButReapplied() throws SQLException {
    String p = plan("select size from trade where price > 100.1 and size > 10");
    assertTrue(p.contains("EnumerableCalc"), p);
    assertTrue(p.contains("filter=[>(size, 10)], remaining=[>(price, 100.1)]"), p);
    p = plan("select size from trade where price > 100.5 and size > 10");
    assertFalse(p.contains("EnumerableCalc") || p.contains("remaining="), p);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "count(*), avg(bid), sum(ask), min(bid), max(ask), count(bsize), min(bsize), max(asize)",
      "count(sym), count(*)",
  })
  void globalAggregatesGiveWhatCalciteGives(String calls) throws SQLException {
    for (String where : List.of("", " where date = date '2024-01-04'",
        " where date > date '2024-01-03' and bsize > 1000", " where bsize < 0")) {
      String q = "select " + calls + " from quote" + where;
      String p = plan(q);
      assertTrue(p.contains("aggregate=["), p);
      assertFalse(p.contains("EnumerableAggregate"), p);
      String reference = CalciteSql.plan(db2.reference(), q);
      assertTrue(reference.contains("EnumerableAggregate"), reference);
      CloseRows.assertClose(rows(db2.reference(), q), rows(c, q), q);
    }
  }

  /** Without ORDER BY on purpose: the groups come out in the order Calcite's hash aggregate gives. */
  @ParameterizedTest
  @ValueSource(strings = {
      "select sym, count(*), avg(bid), max(ask), min(asize) from quote group by sym",
      "select sym, count(*) from quote where date = date '2024-01-04' and bsize > 1500"
          + " group by sym",
      "select date, count(*), sum(bid) from quote group by date",
      "select distinct sym from trade",
      "select count(*) from trade where size < 0 group by sym",
  })
  void groupedAggregatesGiveWhatCalciteGivesInTheSameOrder(String sql) throws SQLException {
    String p = plan(sql);
    assertTrue(p.contains("group=["), p);
    assertFalse(p.contains("EnumerableAggregate"), p);
    String reference = CalciteSql.plan(db2.reference(), sql);
    assertTrue(reference.contains("EnumerableAggregate"), reference);
    CloseRows.assertClose(rows(db2.reference(), sql), rows(c, sql), sql);
  }

  @Test
  void dynamicParametersAreEvaluatedByTheScanAndReapplied() throws SQLException {
    String sql = "select date, sym, size from trade where sym = ? and size > ?";
    String p;
    try (PreparedStatement ps = c.prepareStatement("explain plan for " + sql)) {
      ps.setString(1, s1);
      ps.setInt(2, 500);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        p = rs.getString(1);
      }
    }
    assertTrue(p.contains("remaining=[AND(=(sym, ?0), >(size, ?1))]"), p);
    List<String> expected = rows(c, fill("select date, sym, size from trade where sym = 'S1' "
        + "and size > 500"));
    assertFalse(expected.isEmpty());
    assertEquals(expected, prepared(sql, s1, 500));
    assertEquals(rows(c, fill("select date, sym, size from trade where sym = 'S1' and size > 0")),
        prepared(sql, s1, new java.math.BigDecimal("0.5")));
    assertEquals(List.of(), prepared(sql, null, 500));
  }

  private static List<String> prepared(String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int j = 1; j <= n; j++) {
            row.add(rs.getString(j));
          }
          out.add(String.join("|", row));
        }
        return out;
      }
    }
  }

  @Test
  void limitStopsTheScan() throws SQLException {
    String p = plan("select sym, bid from quote where bsize > 100 limit 3");
    assertTrue(p.contains("filter=[>(bsize, 100)], fetch=[3])"), p);
    assertFalse(p.contains("EnumerableLimit"), p);
    sameRows("select sym, bid from quote where bsize > 100 limit 3");
  }

  @Test
  void whatCannotBePushedStaysInEnumerable() throws SQLException {
    // A function of a symbol against another column: a condition of two columns, per row.
    String sql = "select sym from trade where char_length(sym) < size and size > 1";
    String p = plan(sql);
    assertTrue(p.contains("EnumerableCalc"), p);
    assertTrue(p.contains("filter=[>(size, 1)]"), p);
    sameRows(sql);
  }

  /** TorQ's dailyhdb (kdb-fixtures INDEX.md section 7): x6 of AUDUSD is at 14:23:59.999999999. */
  @Test
  void timestampComparisonsAreExactToTheNanosecond() throws SQLException {
    Path daily = Fixtures.path(
        "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb");
    try (Connection t = CalciteSql.connect(daily)) {
      String at = "TIMESTAMP '2000-01-01 14:23:59.999999999'";
      String before = "TIMESTAMP '2000-01-01 14:23:59.999999998'";
      assertEquals(List.of("AUDUSD|x6|2000-01-01 14:23:59.999999999"),
          rows(t, "select sym, id, time from xdaily where time = " + at));
      assertEquals(List.of(), rows(t, "select id from xdaily where time = " + before));
      assertEquals(List.of("1"), rows(t, "select count(*) from xdaily where time <= " + at
          + " and time > " + before));
      assertEquals(List.of("x5"), rows(t, "select id from xdaily where date = date '2000-01-01'"
          + " and sym = 'AUDUSD' and time < " + at + " and time > TIMESTAMP '2000-01-01 12:00:00'"
          + " or time = TIMESTAMP '2000-01-01 12:00:00'"));
    }
  }

  /**
   * egor7's hdb (kdb-fixtures INDEX.md section 1): t2 is empty in the first partition, as .Q.chk
   * left it, so a grouped aggregate meets an empty slice before any group exists.
   */
  @Test
  void groupedAggregatesSkipEmptyPartitions() throws SQLException {
    Path hdb = Fixtures.path("egor7__q/hdb");
    try (Connection t = CalciteSql.connect(hdb)) {
      assertEquals(List.of("2020-01-02|3|6"),
          rows(t, "select date, count(*), sum(c2) from t2 group by date order by date"));
      assertEquals(List.of("0"), rows(t, "select count(*) from t3"));
      assertEquals(List.of(), rows(t, "select date, count(*) from t3 group by date"));
      assertEquals(List.of("2020-01-01|3"),
          rows(t, "select date, count(*) from t1 group by date order by date"));
    }
  }
}
