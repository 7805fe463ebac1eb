package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ORDER BY} over rows that do not come straight from a scan (a UNION ALL, a join, a window,
 * an aggregate Calcite computes) runs in our sort operator ({@code KdbSort} in the plan), and
 * gives exactly the rows, in exactly the order, of the same query without pushdown, where
 * Calcite's own sort runs: keys of every type with NULLs, infinities and ties, both directions,
 * both null orders, several keys, OFFSET and FETCH (below, at and far above the operator's
 * top-N buffer), and ties in their input order (both sorts are stable).
 */
class SortOutsideScanTest {
  @TempDir
  static Path dir;

  private static CalciteSql.Twin all;
  private static CalciteSql.Twin sample;

  @BeforeAll
  static void write() throws SQLException {
    Path a = dir.resolve("all");
    DatabaseWriter w = DatabaseWriter.open(a);
    for (int d = 0; d < 3; d++) {
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 3, 1 + d)), "t",
          AllTypes.table(400, 71 + d), WriteOptions.DEFAULT);
    }
    all = CalciteSql.Twin.open(a, "threads=3");
    Path s = dir.resolve("sample");
    SampleDatabase.of(20_000, 3, 19).writeTo(s);
    sample = CalciteSql.Twin.open(s, "threads=2");
  }

  @AfterAll
  static void close() throws SQLException {
    all.close();
    sample.close();
  }

  /** The rows of {@code sql} with and without pushdown, which must be equal and non-trivial. */
  private static List<String> same(CalciteSql.Twin twin, String sql) throws SQLException {
    List<String> expected = rows(twin.reference(), sql);
    assertEquals(expected, rows(twin.pushed(), sql), sql);
    return expected;
  }

  private static void sorted(CalciteSql.Twin twin, String sql) throws SQLException {
    String p = plan(twin.pushed(), sql);
    assertTrue(p.contains("KdbSort") && !p.contains("EnumerableSort")
        && !p.contains("EnumerableLimitSort"), p);
    same(twin, sql);
  }

  /**
   * The table's rows joined to its one-row aggregate: a join, which the sort cannot move into a
   * scan, whose rows come in storage order with and without pushdown, so that ties (many: small
   * types, NULLs) come in the same order to both sorts.
   */
  private static final String JOINED =
      "(SELECT t.*, m.mx FROM t CROSS JOIN (SELECT max(i) AS mx FROM t) m)";

  @ParameterizedTest
  @ValueSource(strings = {"b", "x", "h", "i", "j", "c", "s", "p", "m", "d", "z", "n", "u", "v",
      "t", "str", "\"date\"",
      // Floats without their infinities, on which Calcite's sort fails (see below).
      "CASE WHEN e BETWEEN -1e30 AND 1e30 THEN e END",
      "CASE WHEN f BETWEEN -1e300 AND 1e300 THEN f END"})
  void everyKeyTypeInBothDirectionsAndNullOrders(String column) throws SQLException {
    String others = List.of("i", "f", "p", "mx").stream().filter(c -> !c.equals(column))
        .reduce("", (a, c) -> a + ", " + c);
    String select = "SELECT " + column + others + " FROM " + JOINED + " u ORDER BY " + column;
    for (String order : new String[] {"", " DESC", " NULLS FIRST", " DESC NULLS LAST"}) {
      sorted(all, select + order);
      sorted(all, select + order + ", p DESC NULLS FIRST, i");
      sorted(all, select + order + " OFFSET 11 ROWS FETCH NEXT 37 ROWS ONLY");
    }
  }

  @Test
  void aKeyOurSortDoesNotOrderIsLeftToCalcite() throws SQLException {
    // DECIMAL: equal values may differ in scale, which Calcite's sort ties and ranks would not.
    String sql = "SELECT CAST(i AS DECIMAL(12, 2)) AS di, j FROM " + JOINED + " u"
        + " ORDER BY di, j";
    assertFalse(plan(all.pushed(), sql).contains("KdbSort"));
    same(all, sql);
    sorted(all, "SELECT g, i FROM " + JOINED + " u ORDER BY g, i");
  }

  /**
   * Infinities sort as the largest and smallest numbers. Calcite's own sort fails on them
   * (it compares doubles as BigDecimals: "Infinite or NaN"), so the order is checked here.
   */
  @ParameterizedTest
  @ValueSource(strings = {"e", "f"})
  void infinitiesSortAtTheEnds(String column) throws SQLException {
    for (boolean descending : new boolean[] {false, true}) {
      String sql = "SELECT " + column + " FROM " + JOINED + " u ORDER BY " + column
          + (descending ? " DESC" : "");
      assertTrue(plan(all.pushed(), sql).contains("KdbSort"));
      List<Object[]> rows = CalciteSql.values(all.pushed(), sql);
      assertEquals(1200, rows.size());
      // NULLS LAST ascending and NULLS FIRST descending, Calcite's default: nulls are high.
      int nulls = (int) rows.stream().filter(r -> r[0] == null).count();
      assertTrue(nulls > 0);
      List<Object[]> values = descending ? rows.subList(nulls, rows.size())
          : rows.subList(0, rows.size() - nulls);
      assertTrue(values.stream().noneMatch(r -> r[0] == null));
      double first = ((Number) values.get(0)[0]).doubleValue();
      assertEquals(descending ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, first);
      for (int k = 1; k < values.size(); k++) {
        int c = Double.compare(((Number) values.get(k - 1)[0]).doubleValue(),
            ((Number) values.get(k)[0]).doubleValue());
        assertTrue(descending ? c >= 0 : c <= 0, sql + " at row " + k);
      }
    }
  }

  @Test
  void sortsOverJoinsWindowsAndCalciteAggregates() throws SQLException {
    sorted(sample, "SELECT t.sym, t.\"time\", t.price, q.bid FROM trade t JOIN quote q"
        + " ON t.sym = q.sym AND t.\"date\" = q.\"date\" AND t.\"time\" = q.\"time\""
        + " ORDER BY q.bid DESC, t.\"time\"");
    sorted(sample, "SELECT sym, \"time\", price, ROW_NUMBER() OVER (PARTITION BY sym ORDER BY"
        + " \"time\") AS rn FROM trade ORDER BY rn DESC, price, sym");
    sorted(sample, "SELECT sym, n, rn FROM (SELECT sym, count(*) AS n, ROW_NUMBER() OVER"
        + " (ORDER BY sym DESC) AS rn FROM trade GROUP BY sym) x ORDER BY n DESC, rn LIMIT 3");
  }

  /** A top-N over far more rows than its buffer holds cuts the buffer many times. */
  @ParameterizedTest
  @ValueSource(strings = {"FETCH NEXT 1 ROWS ONLY",
      "FETCH NEXT 100 ROWS ONLY", "OFFSET 4090 ROWS FETCH NEXT 20 ROWS ONLY",
      "FETCH NEXT 5000 ROWS ONLY", "OFFSET 39990 ROWS", "OFFSET 100000 ROWS"})
  void topNsAcrossTheBuffer(String cut) throws SQLException {
    String sql = "SELECT sym, \"time\", price, size FROM (SELECT t.*, m.mx FROM trade t"
        + " CROSS JOIN (SELECT max(size) AS mx FROM trade) m) u ORDER BY size DESC, price " + cut;
    sorted(sample, sql);
  }

  @Test
  void tiesKeepTheirInputOrder() throws SQLException {
    // Three values of b (with NULL) over 1,200 rows: only input order tells the ties apart, and
    // the pushed and Calcite's sorts must agree on it.
    String sql = "SELECT b, i, j, str FROM " + JOINED + " u ORDER BY b";
    assertTrue(plan(all.pushed(), sql).contains("KdbSort"));
    assertEquals(1200, same(all, sql).size());
  }
}
