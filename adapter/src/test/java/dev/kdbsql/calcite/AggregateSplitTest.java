package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.objects;
import static dev.kdbsql.calcite.CalciteSql.plan;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.WindowSample;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AggregateSplitRule}: ROLLUP, CUBE, GROUPING SETS (with GROUPING), COUNT(DISTINCT)
 * beside other calls, and keys computed from the partition column or from one symbol column
 * (functions, CASE, the null symbol among the groups), over the window sample (nulls
 * in every column, ties), give the rows Calcite's own operators give ({@code pushdown=false}),
 * with the scan computing the plain aggregate under them (EXPLAIN shows an aggregating
 * {@code KdbTableScan}). Rows are compared sorted (no order is asked); doubles to 1e-9 relative,
 * as partial sums add in another order.
 */
class AggregateSplitTest {
  @TempDir
  static Path dir;

  private static CalciteSql.Twin db;

  @BeforeAll
  static void write() throws SQLException {
    WindowSample.writeTo(dir, 20261209);
    db = CalciteSql.Twin.open(dir);
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select sym, g, count(*), sum(k), min(v), max(ts), sum(v) from w group by rollup(sym, g)",
      "select \"date\", sym, count(k), sum(h), avg(k), grouping(\"date\", sym) from w"
          + " group by cube(\"date\", sym)",
      "select sym, g, \"date\", count(*), max(t), grouping(sym), grouping(g, \"date\") from w"
          + " where k > 1 group by grouping sets ((sym, g), (\"date\"), ())",
      "select g, count(distinct sym), count(*), sum(k) from w group by g",
      "select \"date\", count(distinct sym), count(distinct k), min(id) from w group by \"date\"",
      "select count(distinct g), count(v) from w",
      "select extract(year from \"date\"), extract(month from \"date\"), extract(day from"
          + " \"date\"), count(*), avg(v), sum(k) from w group by extract(year from \"date\"),"
          + " extract(month from \"date\"), extract(day from \"date\")",
      "select extract(dow from \"date\") as d, sym, count(*), max(v) from w"
          + " group by extract(dow from \"date\"), sym",
      "select floor(\"date\" to month), count(*), min(k) from w where sym = 'a'"
          + " group by floor(\"date\" to month)",
      "select extract(isodow from \"date\"), g, sum(h) from w group by rollup("
          + "extract(isodow from \"date\"), g)",
      "select upper(sym), count(*), sum(k), min(v), max(ts), count(h) from w group by upper(sym)",
      "select case when sym in ('a', 'b') then 'ab' when sym is null then 'none' else 'rest' end"
          + " as c, g, count(*), sum(h), avg(v) from w group by case when sym in ('a', 'b')"
          + " then 'ab' when sym is null then 'none' else 'rest' end, g",
      "select char_length(sym), extract(month from \"date\"), count(*), avg(v), max(t) from w"
          + " group by char_length(sym), extract(month from \"date\")",
      "select distinct lower(g) from w",
      "select coalesce(nullif(sym, 'a'), 'was a'), count(*), min(id) from w where k > 1"
          + " group by coalesce(nullif(sym, 'a'), 'was a')",
      "select substring(g from 1 for 1) as c, sym, count(*) from w group by rollup("
          + "substring(g from 1 for 1), sym)",
      "select sym || '-' || sym, count(*), sum(k) from w group by sym || '-' || sym",
      "select upper(g), count(distinct sym), count(*) from w group by upper(g)",
  })
  void sameAsCalcite(String sql) throws SQLException {
    String p = plan(db.pushed(), sql);
    // Every scan aggregates (an aggregating scan lists no fields).
    assertTrue(p.contains("KdbTableScan") && !p.contains("fields=["), p);
    List<String> expected = objects(db.reference(), sql).stream().sorted().toList();
    assertFalse(expected.isEmpty() || expected.get(0).startsWith("failed"), expected.toString());
    List<String> actual = objects(db.pushed(), sql).stream().sorted().toList();
    CloseRows.assertClose(expected, actual, sql + "\n" + p);
  }
}
