package dev.kdbsql.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.JoinSample;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Joins and subqueries on our driver give DuckDB's rows, over {@link JoinSample} loaded into
 * both: null keys on both sides (the null symbol, the int null), keys one side lacks, repeated
 * dimension keys, null and tied values; inner, left, right, semi and anti joins, {@code NOT IN}
 * over a set holding nulls, an empty set and a key expression, scalar subqueries per group,
 * joins of aggregates, aggregates over left and anti joins, grouping sets and COUNT(DISTINCT)
 * over a join, CTEs and derived tables, and top-N over a join (nulls placed explicitly: DuckDB
 * puts them last in both directions, Calcite first when descending). Rows are compared as sorted
 * multisets, doubles to a relative 1e-6.
 */
class JoinDuckDbTest {
  @TempDir
  static Path dir;

  private static DuckDbPair engines;

  @BeforeAll
  static void load() throws SQLException {
    engines = DuckDbPair.load(dir, kdb -> JoinSample.writeTo(kdb, 20261206L), List.of("f", "d"));
  }

  @AfterAll
  static void close() throws SQLException {
    if (engines != null) {
      engines.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT f.sym, f.k, f.v, d.grp, d.w FROM f JOIN d ON f.sym = d.sym",
      "SELECT f.sym, f.v, d.grp FROM f JOIN d ON f.sym = d.sym WHERE d.grp = 'g1'",
      "SELECT f.sym, f.k, d.grp FROM f JOIN d ON f.sym = d.sym AND f.k = d.k",
      "SELECT f.k, f.q, d.sym FROM f JOIN d ON f.k = d.k",
      "SELECT f.sym, f.v, d.grp, d.w FROM f LEFT JOIN d ON f.sym = d.sym",
      "SELECT f.sym, f.v, d.grp, d.w FROM d RIGHT JOIN f ON f.sym = d.sym",
      "SELECT f.sym, f.v, d.w FROM f JOIN d ON f.sym = d.sym AND f.v > d.w",
      "SELECT f.sym, f.v, d.w FROM f LEFT JOIN d ON f.sym = d.sym AND f.v > d.w",
      "SELECT f.sym, d.grp FROM f FULL JOIN d ON f.sym = d.sym",
      "SELECT f.sym, f.v FROM f WHERE f.sym IN (SELECT sym FROM d WHERE grp = 'g1')",
      "SELECT f.sym, f.v FROM f WHERE EXISTS (SELECT 1 FROM d WHERE d.sym = f.sym AND d.w < f.v)",
      "SELECT f.sym, f.k FROM f WHERE NOT EXISTS (SELECT 1 FROM d WHERE d.sym = f.sym)",
      "SELECT f.sym, f.k FROM f WHERE NOT EXISTS (SELECT 1 FROM d WHERE d.k = f.k AND d.w > f.v)",
      "SELECT f.sym, f.k FROM f WHERE f.k NOT IN (SELECT k FROM d WHERE k IS NOT NULL)",
      "SELECT f.sym, f.k FROM f WHERE f.k NOT IN (SELECT k FROM d)",
      "SELECT f.sym FROM f WHERE f.sym NOT IN (SELECT sym FROM d)",
      "SELECT f.sym, f.k FROM f WHERE f.k IN (SELECT k FROM d)",
      "SELECT f.sym, f.v FROM f WHERE f.v > (SELECT avg(v) FROM f f2"
          + " WHERE f2.\"date\" = f.\"date\")",
      "SELECT f.sym, f.v FROM f WHERE f.v >= (SELECT max(v) FROM f f2 WHERE f2.sym = f.sym"
          + " AND f2.\"date\" = f.\"date\")",
      "SELECT f.sym, f.v FROM f WHERE f.v > (SELECT avg(w) FROM d WHERE d.sym = f.sym)",
      "SELECT f.sym, f.q FROM f WHERE f.q >= (SELECT max(q) FROM f f2"
          + " WHERE f2.\"date\" = f.\"date\" AND f2.k = 3)",
      "SELECT f.sym, f.k FROM f WHERE f.k < (SELECT min(k) + 2 FROM d)",
      "SELECT f.sym, f.v FROM f WHERE f.v = (SELECT max(w) FROM d)",
      "SELECT f.\"date\", f.q FROM f JOIN (SELECT \"date\" FROM f WHERE k = 7 AND q = 5"
          + " GROUP BY \"date\" HAVING count(*) > 11) x ON f.\"date\" = x.\"date\"",
      "SELECT d.grp, count(*) AS n, sum(f.q) AS q, min(f.v) AS lo, max(f.v) AS hi,"
          + " avg(f.v) AS av FROM f JOIN d ON f.sym = d.sym GROUP BY d.grp",
      "SELECT d.grp, count(f.sym) AS n FROM d LEFT JOIN f ON f.sym = d.sym"
          + " AND f.\"date\" = DATE '2024-01-03' GROUP BY d.grp",
      "SELECT a.sym, a.q, b.n FROM (SELECT sym, sum(q) AS q FROM f GROUP BY sym) a"
          + " JOIN (SELECT sym, count(*) AS n FROM d GROUP BY sym) b ON a.sym = b.sym",
      "WITH x AS (SELECT sym, v FROM f WHERE v > 1) SELECT d.grp, count(*) AS n"
          + " FROM x JOIN d ON x.sym = d.sym GROUP BY d.grp",
      "SELECT \"t0\".\"grp\" AS \"grp\", SUM(\"t0\".\"q\") AS \"sum_q\" FROM (SELECT d.grp, f.q"
          + " FROM f INNER JOIN d ON f.sym = d.sym WHERE f.k > 2) \"t0\" GROUP BY \"t0\".\"grp\"",
      "SELECT count(*) AS n FROM f, (SELECT max(w) AS m FROM d) x WHERE f.v = x.m",
      "SELECT f.v, f.sym, f.k, f.q, f.\"date\", d.grp FROM f JOIN d ON f.sym = d.sym"
          + " WHERE d.grp = 'g1' ORDER BY f.v DESC NULLS LAST, f.sym, f.k, f.q, f.\"date\""
          + " LIMIT 7",
      "SELECT f.q, f.k, f.sym FROM d JOIN f ON f.k = d.k ORDER BY f.q, f.k DESC, f.sym LIMIT 5"
          + " OFFSET 3",
      "SELECT count(*) AS n FROM f WHERE f.sym NOT IN (SELECT sym FROM d WHERE grp = 'g1'"
          + " AND sym IS NOT NULL)",
      "SELECT f.k, count(*) AS n FROM f WHERE f.k NOT IN (SELECT k FROM d WHERE grp = 'none')"
          + " GROUP BY f.k",
      "SELECT f.k, f.q FROM f WHERE f.k + 1 NOT IN (SELECT CAST(k AS BIGINT) FROM d"
          + " WHERE k IS NOT NULL)",
      "SELECT count(*) AS n, sum(f.q) AS q FROM f WHERE NOT EXISTS (SELECT 1 FROM d"
          + " WHERE d.sym = f.sym AND d.grp = 'g1')",
      "SELECT d.grp, count(f.v) AS n, sum(f.q) AS q, min(f.v) AS lo, max(f.k) AS hi FROM d"
          + " LEFT JOIN f ON f.sym = d.sym GROUP BY d.grp",
      "SELECT d.grp, f.k, count(*) AS n, sum(f.q) AS q FROM f JOIN d ON f.sym = d.sym"
          + " GROUP BY GROUPING SETS ((d.grp), (f.k), ())",
      "SELECT d.grp, count(DISTINCT f.k) AS ks, count(DISTINCT f.sym) AS ss, count(*) AS n"
          + " FROM f JOIN d ON f.sym = d.sym GROUP BY d.grp",
      "SELECT f.sym, count(*) AS n FROM f WHERE f.k > (SELECT avg(CAST(k AS DOUBLE)) FROM f)"
          + " GROUP BY f.sym"})
  void joinsAsDuckDb(String sql) throws SQLException {
    List<List<Object>> a = DuckDbPair.rows(engines.ours, sql);
    List<List<Object>> b = DuckDbPair.rows(engines.duck, sql);
    assertNull(ResultRows.difference(a, b), sql);
    assertTrue(!a.isEmpty() || sql.contains("NOT IN (SELECT k FROM d)")
        || sql.contains("NOT IN (SELECT sym FROM d)"), "no rows: " + sql);
  }

  /**
   * ORDER BY over joins and aggregates of joins (our sort operator, {@code KdbSort}), compared
   * row by row in order: keys that order every row, NULLs placed explicitly.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT f.v, f.sym, f.k, f.q, f.\"date\", d.grp FROM f JOIN d ON f.sym = d.sym"
          + " ORDER BY d.grp NULLS FIRST, f.v DESC NULLS LAST, f.sym, f.k NULLS LAST, f.q,"
          + " f.\"date\" DESC",
      "SELECT f.\"date\", f.sym, f.k, f.q, f.v FROM f LEFT JOIN d ON f.sym = d.sym AND f.k = d.k"
          + " ORDER BY f.\"date\" DESC, f.q DESC NULLS FIRST, f.sym NULLS FIRST, f.k, f.v"
          + " NULLS LAST OFFSET 5 ROWS FETCH NEXT 40 ROWS ONLY",
      "SELECT d.grp, f.k, count(*) AS n, sum(f.q) AS q FROM f JOIN d ON f.sym = d.sym"
          + " GROUP BY d.grp, f.k ORDER BY n DESC, q, d.grp NULLS LAST, f.k NULLS FIRST"})
  void sortsAsDuckDbInOrder(String sql) throws SQLException {
    List<List<Object>> a = DuckDbPair.rows(engines.ours, sql);
    List<List<Object>> b = DuckDbPair.rows(engines.duck, sql);
    assertEquals(b.size(), a.size(), sql);
    assertTrue(a.size() > 1, sql);
    for (int i = 0; i < a.size(); i++) {
      assertNull(ResultRows.difference(List.of(a.get(i)), List.of(b.get(i))), sql + " row " + i);
    }
  }
}
