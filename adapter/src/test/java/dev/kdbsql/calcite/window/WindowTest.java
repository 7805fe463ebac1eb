package dev.kdbsql.calcite.window;

import static dev.kdbsql.calcite.CalciteSql.objects;
import static dev.kdbsql.calcite.CalciteSql.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.calcite.CalciteSql;
import dev.kdbsql.sample.WindowSample;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The window operator ({@code KdbWindow}): EXPLAIN shows it, and every query gives the rows
 * Calcite's own {@code EnumerableWindow} gives ({@code pushdown=false}), over
 * {@link WindowSample} (nulls in every column, ties in every order key, rows stored by sym then
 * time): ranks, NTILE, LAG/LEAD with defaults, value functions, running and moving sums, counts,
 * averages, MIN and MAX over ROWS and RANGE frames, several groups in one query, windows over
 * aggregates and filtered scans. Doubles agree to a relative 1e-9 (moving sums may add in
 * another order); kdb+ timestamps to the millisecond, where Calcite's own operator cuts them
 * (ours keeps the nanoseconds); all else exactly. NTILE and NTH_VALUE, where Calcite's operator
 * departs from the SQL standard, are rewritten before planning ({@code WindowRewriter}), so both
 * give the standard's rows. Where Calcite's operator still differs from the standard (RANGE
 * offsets over dates) or fails to compile (LAG of a kdb+ timestamp, a DECIMAL default), DuckDB
 * is the reference ({@code WindowDuckDbTest} in sql-tests).
 */
class WindowTest {
  @TempDir
  static Path dir;

  private static CalciteSql.Twin db;

  @BeforeAll
  static void write() throws SQLException {
    WindowSample.writeTo(dir, 20261208);
    db = CalciteSql.Twin.open(dir);
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  private static void same(String sql) throws SQLException {
    String p = plan(db.pushed(), sql);
    assertTrue(p.contains("KdbWindow"), p);
    assertFalse(p.contains("EnumerableWindow"), p);
    assertTrue(plan(db.reference(), sql).contains("EnumerableWindow"));
    List<String> expected = objects(db.reference(), sql);
    assertFalse(expected.isEmpty() || expected.get(0).startsWith("failed"), expected.toString());
    List<String> actual = objects(db.pushed(), sql);
    List<String> cut = new java.util.ArrayList<>();
    for (int r = 0; r < actual.size(); r++) {
      cut.add(r < expected.size() ? millis(expected.get(r), actual.get(r)) : actual.get(r));
    }
    dev.kdbsql.calcite.CloseRowsAccess.assertClose(expected, cut, sql);
  }

  private static final java.util.regex.Pattern EXACT = java.util.regex.Pattern.compile(
      "WallClockTimestamp:(\\S+ \\S+\\.\\d{3})\\d{6}@(-?\\d+)/(\\d+)");

  /**
   * Our kdb+ timestamps as Calcite's own MIN and MAX give them where they do: cut to the
   * millisecond (Calcite's window aggregates hold TIMESTAMP as epoch milliseconds), so that
   * ours, exact to the nanosecond, can be compared with them. Only the cells where Calcite's
   * answer is such a cut {@code Timestamp} are cut; where Calcite passes the exact value through
   * (value functions), ours must be exact too.
   */
  private static String millis(String expected, String actual) {
    String[] e = expected.split("\\|", -1);
    String[] a = actual.split("\\|", -1);
    if (e.length != a.length) {
      return actual;
    }
    for (int i = 0; i < a.length; i++) {
      if (e[i].startsWith("Timestamp:")) {
        a[i] = EXACT.matcher(a[i]).replaceAll(m -> "Timestamp:" + m.group(1) + "000000@"
            + m.group(2) + "/" + Integer.parseInt(m.group(3)) / 1_000_000 * 1_000_000);
      }
    }
    return String.join("|", a);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "row_number() over (partition by sym order by t)",
      "row_number() over (partition by sym order by t desc)",
      "row_number() over (order by ts), row_number() over ()",
      // Stored in the order of the first key: only ties in it are sorted (then by v, by k).
      "row_number() over (partition by \"date\", sym order by t, v desc nulls last),"
          + " rank() over (partition by \"date\", sym order by t desc, k nulls first),"
          + " lag(id) over (partition by \"date\", sym order by t, h)",
      "rank() over (partition by sym order by k), dense_rank() over (partition by sym order by k)",
      "rank() over (partition by g order by k desc nulls last, v nulls first)",
      "dense_rank() over (order by sym desc, k)",
      "ntile(4) over (partition by \"date\" order by id), ntile(3) over (order by id)",
      // Partitions whose sizes are not multiples of the buckets, and fewer rows than buckets.
      "ntile(4) over (partition by sym order by id), ntile(7) over (partition by g order by t,"
          + " id), ntile(1000) over (partition by sym order by id)",
      // Frames holding fewer rows than the n-th.
      "nth_value(k, 3) over (partition by sym order by id), nth_value(v, 2) over (partition by g"
          + " order by id rows between 1 preceding and current row)",
      "percent_rank() over (partition by sym order by k), cume_dist() over (order by v)",
      "lag(k) over (partition by sym order by t), lead(k, 2) over (partition by sym"
          + " order by t)",
      "lag(k, 3, k) over (order by id), lead(sym) over (partition by g order by ts)",
      "lag(t) over (partition by sym order by id), lead(\"date\", 1) over (order by id)",
      "first_value(k) over (partition by sym order by t rows between 2 preceding and"
          + " 2 following), last_value(k) over (partition by sym order by t)",
      "nth_value(v, 2) over (partition by g order by id rows between unbounded preceding"
          + " and unbounded following), first_value(ts) over (order by k, id)",
      "last_value(sym) over (partition by g order by k rows between current row and"
          + " unbounded following)",
      "sum(k) over (partition by sym order by t), sum(v) over (partition by sym order by t)",
      "sum(k) over (partition by sym order by t rows unbounded preceding),"
          + " count(*) over (partition by sym order by t)",
      "avg(v) over (partition by g order by id rows between 5 preceding and current row)",
      "avg(k) over (partition by \"date\", sym), count(v) over (order by id rows between"
          + " 3 preceding and 1 preceding)",
      "sum(h) over (partition by \"date\", sym order by t rows unbounded preceding),"
          + " avg(h) over (partition by g)",
      "min(v) over (partition by sym order by t rows between 3 preceding and 3 following),"
          + " max(k) over (partition by sym order by t rows between 3 preceding and 3 following)",
      "min(ts) over (partition by sym), max(ts) over (partition by g order by id)",
      "max(sym) over (partition by g order by id), min(t) over (order by id rows 10 preceding)",
      "count(*) over (order by \"date\"), sum(k) over (partition by sym order by \"date\""
          + " range between current row and unbounded following)",
      "count(k) over (partition by g order by v rows between unbounded preceding and"
          + " unbounded following), sum(v) over (partition by g order by v range"
          + " between unbounded preceding and current row)",
      "sum(k) over w, min(k) over w, max(v) over w, row_number() over (partition by g order by"
          + " id) from w window w as (partition by sym order by t rows 4 preceding) --",
  })
  void sameAsCalcite(String calls) throws SQLException {
    String sql = calls.endsWith("--") ? "select id, " + calls.substring(0, calls.length() - 2)
        + "order by id" : "select id, " + calls + " from w order by id";
    same(sql);
  }

  @Test
  void overFilteredScansAndAggregates() throws SQLException {
    same("select id, row_number() over (partition by sym order by t) from w"
        + " where \"date\" = date '2024-01-03' and k > 1 order by id");
    same("select sym, sum(k) as s, rank() over (order by sum(k) desc) as r from w group by sym"
        + " order by sym");
    same("select sym, g, n, sum(n) over (partition by g order by sym) from (select sym, g,"
        + " count(*) as n from w group by sym, g) order by sym, g");
  }

  /**
   * LAG and LEAD with a constant default, which Calcite's own operator fails to compute over a
   * nullable column ("Cannot convert null to int"): compared with the same values spelled with
   * ROW_NUMBER and COUNT.
   */
  @Test
  void shiftsWithConstantDefaults() throws SQLException {
    String sql = "select id, lead(k, 2, -1) over (partition by sym order by t, id),"
        + " lag(v, 3, -0.5) over (partition by g order by id) from w order by id";
    String p = plan(db.pushed(), sql);
    assertTrue(p.contains("KdbWindow"), p);
    String reference = "select id, case when row_number() over (partition by sym order by t, id)"
        + " + 2 <= count(*) over (partition by sym) then lead(k, 2) over (partition by sym"
        + " order by t, id) else -1 end, case when row_number() over (partition by g order by id)"
        + " > 3 then lag(v, 3) over (partition by g order by id) else -0.5 end from w order by id";
    List<String> expected = objects(db.reference(), reference);
    assertFalse(expected.isEmpty() || expected.get(0).startsWith("failed"), expected.toString());
    assertEquals(expected, objects(db.pushed(), sql));
  }

  /**
   * NTILE's bucket sizes and NTH_VALUE past the frame as the SQL standard (and Postgres, DuckDB)
   * give them, where Calcite's own operator computes them (a window over literal rows, in both
   * modes): its NTILE would make 10 rows in 4 buckets 3, 2, 3 and 2 rows, its NTH_VALUE would
   * read the third row before the frame reaches it.
   */
  @Test
  void ntileAndNthValueAsTheStandardSaysOverCalcitesOperator() throws SQLException {
    String sql = "select x, ntile(4) over (order by x), nth_value(x, 3) over (order by x rows"
        + " between unbounded preceding and current row), ntile(20) over (order by x)"
        + " from (values 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) t(x) order by x";
    int[] buckets = {1, 1, 1, 2, 2, 2, 3, 3, 4, 4};
    List<String> expected = new java.util.ArrayList<>();
    for (int x = 1; x <= 10; x++) {
      expected.add("Integer:" + x + "|Long:" + buckets[x - 1] + "|"
          + (x < 3 ? "null" : "Integer:3") + "|Long:" + x + "|");
    }
    assertEquals(expected, objects(db.reference(), sql));
    assertEquals(expected, objects(db.pushed(), sql));
  }

  @Test
  void explainShowsTheOperator() throws SQLException {
    String p = plan(db.pushed(), "select id, sum(k) over (partition by sym order by t) from w");
    assertTrue(p.contains("KdbWindow(window#0=[window(partition {"), p);
  }

  /**
   * RANGE offsets over nullable order keys (every kdb+ column but the partition column may hold
   * NULLs) are ours too. Calcite's own operator fails (a NullPointerException) where the key
   * holds NULLs, and counts wrong frames over a descending key, so here the key has no NULLs
   * and ascends; keys with NULLs and descending keys are compared with DuckDB
   * ({@code WindowDuckDbTest}).
   */
  @Test
  void rangeOffsetsOverNullableKeys() throws SQLException {
    same("select id, sum(v) over (order by id range between 3 preceding and current row),"
        + " count(h) over (partition by sym order by id range between 2 preceding and"
        + " 5 following) from w order by id");
  }
}
