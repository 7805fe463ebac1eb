package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.JoinSample;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hash join ({@code KdbHashJoin}) and the plans of joins and subqueries, over
 * {@link JoinSample}: every query gives
 * the rows Calcite's own operators give with {@code pushdown=false} (as multisets, doubles to 12
 * significant digits, since sums moved below a join add in another order), and EXPLAIN shows
 * our operator, the key filter pushed into the probe scan and aggregates pushed below joins.
 * The data has null keys on both sides (the empty symbol, the int null), build keys that repeat,
 * probe keys the build side lacks, null and tied values.
 */
class HashJoinTest {
  @TempDir
  static Path dir;

  private static CalciteSql.Twin db;

  @BeforeAll
  static void write() throws SQLException {
    JoinSample.writeTo(dir.resolve("db"), 20261206);
    db = CalciteSql.Twin.open(dir.resolve("db"));
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  /** The rows of {@code sql} on both connections, which must be equal as multisets. */
  private static List<String> same(String sql) throws SQLException {
    List<String> pushed = normalized(rows(db.pushed(), sql));
    List<String> reference = normalized(rows(db.reference(), sql));
    assertEquals(reference, pushed, sql + "\n" + plan(db.pushed(), sql));
    return pushed;
  }

  /** Rows sorted, doubles rounded to 12 significant digits. */
  static List<String> normalized(List<String> rows) {
    List<String> out = new ArrayList<>();
    for (String r : rows) {
      String[] cells = r.split("\\|", -1);
      for (int i = 0; i < cells.length; i++) {
        String c = cells[i];
        if (c.matches("-?\\d+\\.\\d+(E-?\\d+)?")) {
          cells[i] = String.format(Locale.ROOT, "%.11e", Double.parseDouble(c));
        }
      }
      out.add(String.join("|", cells));
    }
    out.sort(null);
    return out;
  }

  private static void usesHashJoin(String sql) throws SQLException {
    String p = plan(db.pushed(), sql);
    assertTrue(p.contains("KdbHashJoin"), p);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT f.sym, f.k, f.v, d.grp, d.w FROM f JOIN d ON f.sym = d.sym",
      "SELECT f.sym, f.v, d.grp FROM f JOIN d ON f.sym = d.sym WHERE d.grp = 'g1'",
      "SELECT f.sym, f.v, d.grp FROM f JOIN d ON f.sym = d.sym WHERE d.grp IN ('g1', 'g3')"
          + " AND f.\"date\" > DATE '2024-01-02'",
      "SELECT f.sym, f.k, d.grp FROM f JOIN d ON f.sym = d.sym AND f.k = d.k",
      "SELECT f.k, f.q, d.sym FROM f JOIN d ON f.k = d.k",
      "SELECT f.k, d.grp FROM d JOIN f ON d.k = f.k WHERE d.grp = 'g2'",
      "SELECT f.sym, f.v, d.grp, d.w FROM f LEFT JOIN d ON f.sym = d.sym",
      "SELECT f.sym, f.v, d.grp, d.w FROM d RIGHT JOIN f ON f.sym = d.sym",
      "SELECT f.sym, f.v, d.w FROM f JOIN d ON f.sym = d.sym AND f.v > d.w",
      "SELECT f.sym, f.v, d.w FROM f LEFT JOIN d ON f.sym = d.sym AND f.v > d.w",
      "SELECT f.sym, f.v FROM f WHERE f.sym IN (SELECT sym FROM d WHERE grp = 'g1')",
      "SELECT f.sym, f.v FROM f WHERE EXISTS (SELECT 1 FROM d WHERE d.sym = f.sym AND d.w < f.v)",
      "SELECT f.sym, f.k FROM f WHERE NOT EXISTS (SELECT 1 FROM d WHERE d.sym = f.sym)",
      "SELECT f.sym, f.k FROM f WHERE NOT EXISTS (SELECT 1 FROM d WHERE d.k = f.k AND d.w > f.v)",
      "SELECT f.sym, f.k FROM f WHERE f.k NOT IN (SELECT k FROM d WHERE k IS NOT NULL)",
      "SELECT f.sym, f.k FROM f WHERE f.k IN (SELECT k FROM d)",
      "SELECT f.sym, f.k FROM f WHERE f.sym NOT IN (SELECT sym FROM d WHERE sym IS NOT NULL)",
      "SELECT f.sym, f.v FROM f WHERE f.v > (SELECT avg(v) FROM f f2 WHERE f2.\"date\" = f.\"date\")",
      "SELECT f.sym, f.v FROM f WHERE f.v >= (SELECT max(v) FROM f f2 WHERE f2.sym = f.sym"
          + " AND f2.\"date\" = f.\"date\")",
      "SELECT f.sym, f.v FROM f WHERE f.v > (SELECT avg(w) FROM d WHERE d.sym = f.sym)",
      "SELECT d.grp, count(*) AS n, sum(f.q) AS q, min(f.v) AS lo, max(f.v) AS hi,"
          + " avg(f.v) AS av FROM f JOIN d ON f.sym = d.sym GROUP BY d.grp",
      "SELECT f.sym, count(*) AS n, max(f.v) AS hi FROM f JOIN d ON f.sym = d.sym"
          + " WHERE d.grp = 'g1' GROUP BY f.sym",
      "SELECT d.grp, sum(CAST(f.k AS BIGINT)) AS k, avg(f.v * 2) AS v2 FROM f JOIN d"
          + " ON f.sym = d.sym GROUP BY d.grp",
      "SELECT EXTRACT(YEAR FROM f.\"date\") AS y, d.grp, count(*) AS n FROM f JOIN d"
          + " ON f.sym = d.sym GROUP BY EXTRACT(YEAR FROM f.\"date\"), d.grp",
      "SELECT d.grp, count(f.sym) AS n FROM d LEFT JOIN f ON f.sym = d.sym"
          + " AND f.\"date\" = DATE '2024-01-03' GROUP BY d.grp",
      "SELECT d.grp, count(f.v) AS n, sum(f.q) AS q, min(f.v) AS lo, max(f.k) AS hi FROM d"
          + " LEFT JOIN f ON f.sym = d.sym GROUP BY d.grp",
      "SELECT d.sym, f.k, count(f.q) AS n FROM d LEFT JOIN f ON f.sym = d.sym AND f.k = d.k"
          + " GROUP BY d.sym, f.k",
      "SELECT d.grp, count(*) AS n, count(f.v) AS c FROM d LEFT JOIN f ON f.sym = d.sym"
          + " GROUP BY d.grp",
      "SELECT d.grp, sum(f.v) AS s, count(f.k) AS c FROM d LEFT JOIN f ON f.sym = d.sym"
          + " AND f.v > d.w GROUP BY d.grp",
      "SELECT d.grp, f.\"date\", count(f.v) AS n FROM f JOIN d ON f.sym = d.sym"
          + " WHERE d.w > 2 GROUP BY d.grp, f.\"date\"",
      "SELECT a.sym, a.q, b.n FROM (SELECT sym, sum(q) AS q FROM f GROUP BY sym) a"
          + " JOIN (SELECT sym, count(*) AS n FROM d GROUP BY sym) b ON a.sym = b.sym",
      "WITH x AS (SELECT sym, v FROM f WHERE v > 1) SELECT d.grp, count(*) AS n"
          + " FROM x JOIN d ON x.sym = d.sym GROUP BY d.grp",
      "SELECT \"t0\".\"grp\" AS \"grp\", SUM(\"t0\".\"q\") AS \"sum_q\" FROM (SELECT d.grp, f.q"
          + " FROM f INNER JOIN d ON f.sym = d.sym WHERE f.k > 2) \"t0\" GROUP BY \"t0\".\"grp\"",
      "SELECT count(*) AS n FROM f, (SELECT max(w) AS m FROM d) x WHERE f.v = x.m",
      "SELECT a.sym, a.v, b.v FROM f a JOIN f b ON a.\"date\" = b.\"date\" AND a.sym = b.sym"
          + " AND a.k = b.k WHERE a.q = 5",
      })
  void joinsAsCalcite(String sql) throws SQLException {
    same(sql);
    usesHashJoin(sql);
  }

  /** {@code NOT IN} a subquery that holds a null: no row is TRUE, so none is returned. */
  @Test
  void notInWithNullsReturnsNothing() throws SQLException {
    String sql = "SELECT f.sym, f.k FROM f WHERE f.k NOT IN (SELECT k FROM d)";
    assertEquals(List.of(), same(sql));
    sql = "SELECT f.sym FROM f WHERE f.sym NOT IN (SELECT sym FROM d)";
    assertEquals(List.of(), same(sql));
  }

  static Stream<Arguments> antiJoins() {
    String g1 = "(SELECT sym FROM d WHERE grp = 'g1' AND sym IS NOT NULL)";
    return Stream.of(
        Arguments.of("SELECT f.sym, f.k FROM f WHERE f.k NOT IN"
            + " (SELECT k FROM d WHERE grp = 'none')", "nulls=[not in]", true),
        Arguments.of("SELECT f.sym, f.k FROM f WHERE f.sym NOT IN"
            + " (SELECT sym FROM d WHERE grp = 'none')", "nulls=[not in]", true),
        Arguments.of("SELECT f.sym, f.k FROM f WHERE f.sym NOT IN"
            + " (SELECT sym FROM d WHERE grp = 'g1')", "nulls=[not in]", false),
        Arguments.of("SELECT count(*) AS n FROM f WHERE f.sym NOT IN " + g1,
            "group=[sym], aggregate=[COUNT(*)]", true),
        Arguments.of("SELECT f.\"date\", count(*) AS n, sum(f.q) AS q, min(f.v) AS lo,"
            + " count(f.k) AS c FROM f WHERE f.sym NOT IN " + g1 + " GROUP BY f.\"date\"",
            "nulls=[not in]", true),
        Arguments.of("SELECT f.k FROM f WHERE f.k + 1 NOT IN"
            + " (SELECT k FROM d WHERE k IS NOT NULL)", "nulls=[not in]", true),
        Arguments.of("SELECT f.sym, f.k, f.v FROM f WHERE f.v > 1 AND f.sym NOT IN"
            + " (SELECT sym FROM d WHERE grp = 'g2' AND sym IS NOT NULL) AND f.k NOT IN"
            + " (SELECT k FROM d WHERE k IS NOT NULL AND grp = 'g1')", "nulls=[not in]", true),
        Arguments.of("SELECT f.sym, count(*) AS n FROM f GROUP BY f.sym HAVING f.sym NOT IN "
            + g1, "nulls=[not in]", true),
        Arguments.of("SELECT f.sym, f.k FROM f WHERE f.v > 5 OR f.sym NOT IN " + g1, null, true),
        Arguments.of("SELECT f.sym, f.k FROM f WHERE f.k NOT IN (SELECT CAST(k AS BIGINT) * 2"
            + " FROM d WHERE k IS NOT NULL)", "nulls=[not in]", true),
        Arguments.of("SELECT f.sym, f.q FROM f WHERE CAST(f.q AS DOUBLE) NOT IN (SELECT w FROM d"
            + " WHERE w IS NOT NULL)", "nulls=[not in]", true),
        Arguments.of("SELECT f.sym FROM f WHERE f.sym NOT IN (SELECT grp FROM d WHERE grp IS NOT"
            + " NULL)", "nulls=[not in]", true),
        Arguments.of("SELECT count(*) AS n, sum(f.q) AS q FROM f WHERE NOT EXISTS"
            + " (SELECT 1 FROM d WHERE d.sym = f.sym AND d.grp = 'g1')", "joinType=[anti]", true),
        Arguments.of("SELECT f.k, count(*) AS n FROM f WHERE NOT EXISTS"
            + " (SELECT 1 FROM d WHERE d.k = f.k) GROUP BY f.k", "joinType=[anti]", true),
        Arguments.of("SELECT count(*) AS n, max(f.v) AS hi FROM f WHERE f.sym IN"
            + " (SELECT sym FROM d WHERE grp = 'g1')", "keyFilter=[sym]", true));
  }

  /**
   * {@code NOT IN (subquery)} runs as a null-aware anti join and {@code NOT EXISTS} as an anti
   * join, an aggregate above moved into the probe scan; the answers are Calcite's own rewrites'
   * (pushdown=false), over keys and sub-queries with nulls (a null in the sub-query: no row),
   * empty sub-queries (every row, null keys too), key expressions, several conditions and
   * HAVING. Under an OR the sub-query stays Calcite's.
   */
  @ParameterizedTest
  @MethodSource("antiJoins")
  void notInAndNotExistsAreAntiJoins(String sql, String planned, boolean rows)
      throws SQLException {
    assertEquals(rows, !same(sql).isEmpty(), sql);
    String p = plan(db.pushed(), sql);
    if (planned == null) {
      assertFalse(p.contains("nulls=[not in]"), p);
    } else {
      assertTrue(p.contains(planned), p);
    }
  }

  /**
   * Grouping sets (and COUNT(DISTINCT), which Calcite expands into them) over a join roll up
   * from a plain aggregate that runs in the probe table's scan, with Calcite's rows.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT d.grp, f.k, count(*) AS n, sum(f.q) AS q, GROUPING(d.grp, f.k) AS g FROM f"
          + " JOIN d ON f.sym = d.sym GROUP BY GROUPING SETS ((d.grp), (f.k), ())",
      "SELECT d.grp, f.\"date\", count(*) AS n, max(f.v) AS hi, min(f.k) AS lo FROM f"
          + " JOIN d ON f.sym = d.sym WHERE f.q > 2 GROUP BY ROLLUP(d.grp, f.\"date\")",
      "SELECT d.grp, f.k, count(f.v) AS n FROM f JOIN d ON f.sym = d.sym"
          + " GROUP BY CUBE(d.grp, f.k)",
      "SELECT d.grp, count(DISTINCT f.k) AS ks, count(*) AS n, sum(f.q) AS q FROM f"
          + " JOIN d ON f.sym = d.sym GROUP BY d.grp"})
  void groupingSetsOverAJoinRollUpFromTheScan(String sql) throws SQLException {
    assertFalse(same(sql).isEmpty(), sql);
    String p = plan(db.pushed(), sql);
    assertTrue(p.matches("(?s).*KdbTableScan\\(table=\\[\\[kdb, f]][^\n]*group=\\[.*"), p);
  }

  /**
   * An aggregate of the padded side's columns over a left join runs in that side's scan, grouped
   * by the join key; COUNT(*), which counts the padded rows, stays above the join.
   */
  @Test
  void leftJoinAggregatesRunInThePaddedSidesScan() throws SQLException {
    String p = plan(db.pushed(), "SELECT d.grp, count(f.v) AS n, sum(f.q) AS q FROM d"
        + " LEFT JOIN f ON f.sym = d.sym GROUP BY d.grp");
    assertTrue(p.matches("(?s).*KdbTableScan\\(table=\\[\\[kdb, f]][^\n]*group=\\[sym],"
        + " aggregate=.*"), p);
    p = plan(db.pushed(), "SELECT d.grp, count(*) AS n FROM d LEFT JOIN f ON f.sym = d.sym"
        + " GROUP BY d.grp");
    assertFalse(p.matches("(?s).*KdbTableScan\\(table=\\[\\[kdb, f]][^\n]*aggregate=.*"), p);
  }

  /** A full join is left to Calcite's operator, with the same rows. */
  @Test
  void fullJoinStaysCalcites() throws SQLException {
    String sql = "SELECT f.sym, d.grp FROM f FULL JOIN d ON f.sym = d.sym";
    same(sql);
    assertFalse(plan(db.pushed(), sql).contains("KdbHashJoin"));
  }

  /** The dimension's keys become a symbol filter of the fact table's scan. */
  @Test
  void buildKeysFilterTheProbeScan() throws SQLException {
    String p = plan(db.pushed(),
        "SELECT f.sym, f.v, d.grp FROM f JOIN d ON f.sym = d.sym WHERE d.grp = 'g1'");
    assertTrue(p.contains("build=[right], keyFilter=[sym]"), p);
    p = plan(db.pushed(), "SELECT f.sym, d.grp FROM f LEFT JOIN d ON f.sym = d.sym");
    assertFalse(p.contains("keyFilter"), p);
    // Groups computed in the scan are filtered by their key before they are aggregated.
    p = plan(db.pushed(), "SELECT f.sym, count(*) AS n, max(f.v) AS hi FROM f JOIN d"
        + " ON f.sym = d.sym WHERE d.grp = 'g1' GROUP BY f.sym");
    assertTrue(p.contains("keyFilter=[sym]") && p.contains("group=[sym]"), p);
  }

  /** A join's LIMIT reads rows from the probe until it has them, and they are join rows. */
  @Test
  void limitStopsTheProbe() throws SQLException {
    String join = "SELECT f.sym, f.k, f.v, d.grp FROM f JOIN d ON f.sym = d.sym";
    List<String> all = rows(db.pushed(), join);
    List<String> some = rows(db.pushed(), join + " LIMIT 7");
    assertEquals(7, some.size());
    assertTrue(all.containsAll(some), some.toString());
    String p = plan(db.pushed(), join + " LIMIT 7");
    assertTrue(p.indexOf("EnumerableLimit") < p.indexOf("KdbHashJoin"), p);
  }

  /**
   * {@code ORDER BY ... LIMIT} over a join ordered by the fact table's columns is a top-N of its
   * scan, filtered by the dimension's keys first; the dimension's repeated keys multiply rows,
   * which the sort above cuts again. The output columns are sort keys or equal within the sort
   * keys' ties, so ties cannot pick different rows on the two connections. An order by a
   * dimension column stays a sort over the join.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT f.v, f.sym, f.k, f.q, f.\"date\", d.grp FROM f JOIN d ON f.sym = d.sym"
          + " WHERE d.grp = 'g1' ORDER BY f.v DESC, f.sym, f.k, f.q, f.\"date\" LIMIT 7",
      "SELECT f.q, f.k, f.sym FROM d JOIN f ON f.k = d.k ORDER BY f.q, f.k DESC, f.sym LIMIT 5"
          + " OFFSET 3",
      "SELECT f.v, f.sym, f.q FROM f JOIN d ON f.sym = d.sym ORDER BY f.v NULLS FIRST, f.sym,"
          + " f.q LIMIT 12"})
  void topNOverAJoinIsATopNOfItsProbe(String sql) throws SQLException {
    same(sql);
    String p = plan(db.pushed(), sql);
    assertTrue(p.contains("keyFilter") && p.matches("(?s).*KdbTableScan\\(table=\\[\\[kdb, f\\]\\].*"
        + "sort=.*fetch=.*"), p);
  }

  @Test
  void topNByABuildColumnSortsTheJoin() throws SQLException {
    String sql = "SELECT f.v, f.sym, d.grp FROM f JOIN d ON f.sym = d.sym WHERE d.grp = 'g1'"
        + " ORDER BY d.grp, f.v DESC, f.sym LIMIT 4";
    same(sql);
    assertFalse(plan(db.pushed(), sql).contains(", sort=["), plan(db.pushed(), sql));
  }

  /** Aggregates over a join are computed in the scans below it, then combined. */
  @Test
  void aggregatesGoBelowTheJoin() throws SQLException {
    String p = plan(db.pushed(), "SELECT d.grp, count(*) AS n, sum(f.q) AS q FROM f"
        + " JOIN d ON f.sym = d.sym GROUP BY d.grp");
    assertTrue(p.contains("KdbTableScan(table=[[kdb, f]], partitions=[all 3], group=[sym],"
        + " aggregate=[COUNT(*), SUM(q)])"), p);
  }

  /**
   * A join on the partition column reads only the partitions the build side has, each with the
   * comparison bound to its build row; a join without keys to one build row binds it to the
   * whole scan. The join still checks the condition, so a superset read is never wrong.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT f.sym, f.v, f.q FROM f WHERE f.v > (SELECT avg(v) FROM f f2"
          + " WHERE f2.\"date\" = f.\"date\")",
      "SELECT f.sym, f.q FROM f WHERE f.q >= (SELECT max(q) FROM f f2"
          + " WHERE f2.\"date\" = f.\"date\" AND f2.k = 3)",
      "SELECT f.sym, f.k FROM f WHERE f.k < (SELECT min(k) + 2 FROM d)",
      "SELECT f.sym, count(*) AS n FROM f WHERE f.k > (SELECT avg(CAST(k AS DOUBLE)) FROM f)"
          + " GROUP BY f.sym",
      "SELECT f.sym, f.q FROM f WHERE f.q <= (SELECT avg(CAST(q AS DOUBLE)) FROM f"
          + " WHERE k = 3)",
      "SELECT count(*) AS n FROM f WHERE f.k >= (SELECT avg(CAST(k AS DOUBLE)) + 0.5 FROM d)",
      "SELECT f.sym, f.v FROM f WHERE f.v <= (SELECT avg(w) FROM d WHERE grp = 'none')",
      "SELECT f.\"date\", f.q FROM f JOIN (SELECT \"date\" FROM f WHERE k = 7 AND q = 5"
          + " GROUP BY \"date\" HAVING count(*) > 11) x ON f.\"date\" = x.\"date\""})
  void comparisonsWithTheBuildRowFilterTheProbeScan(String sql) throws SQLException {
    same(sql);
    String p = plan(db.pushed(), sql);
    assertTrue(p.contains("keyFilter=["), p);
  }

  /** A scalar subquery per group is one aggregate joined back, not a loop over the rows. */
  @Test
  void scalarSubqueryIsDecorrelated() throws SQLException {
    String p = plan(db.pushed(), "SELECT f.sym, f.v FROM f WHERE f.v > (SELECT avg(v) FROM f f2"
        + " WHERE f2.\"date\" = f.\"date\")");
    assertTrue(p.contains("group=[date]"), p);
    assertFalse(p.contains("Correlate") || p.contains("NestedLoop"), p);
  }

  /** A build side past the memory limit fails with an error that says what to do. */
  @Test
  void buildSideOverTheLimitFailsClearly() throws SQLException {
    try (Connection small = CalciteSql.connect(dir.resolve("db"), "joinMemory=1k")) {
      SQLException e = assertThrows(SQLException.class, () -> rows(small,
          "SELECT a.sym, b.v FROM f a JOIN f b ON a.k = b.k"));
      Throwable t = e;
      while (t.getCause() != null) {
        t = t.getCause();
      }
      assertTrue(t.getMessage().contains("join build side too large")
          && t.getMessage().contains("joinMemory"), t.getMessage());
    }
  }

  @Test
  void joinMemoryMustBeAByteCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KdbSchemaOptions.from(java.util.Map.of("joinMemory", "lots")));
    assertTrue(e.getMessage().contains("joinMemory"), e.getMessage());
    assertEquals(2L << 30, KdbSchemaOptions.from(java.util.Map.of("joinMemory", "2g"))
        .joinMemoryLimit());
  }
}
