package dev.kdbsql.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * Window functions, grouping sets, {@code COUNT(DISTINCT)} and groups by parts of the date on our
 * driver give DuckDB's rows, over {@link WindowSample} loaded into both (nulls in every column
 * but {@code id}, ties in every order key, rows stored by sym then time). Where Calcite's own
 * window operator departs from the SQL standard (LAG/LEAD with a constant default over a
 * nullable column; NTILE's bucket sizes and NTH_VALUE past the frame until the driver rewrote
 * them, {@code WindowRewriter}), DuckDB is the reference. Orders
 * name where NULLs go (DuckDB puts them last both ways, Calcite first when descending) and end
 * with {@code id} wherever a row's value depends on the order of ties. Rows are compared as
 * sorted multisets, doubles to a relative 1e-6.
 */
class WindowDuckDbTest {
  @TempDir
  static Path dir;

  private static DuckDbPair engines;

  @BeforeAll
  static void load() throws SQLException {
    engines = DuckDbPair.load(dir, kdb -> WindowSample.writeTo(kdb, 20261210L), List.of("w"));
  }

  @AfterAll
  static void close() throws SQLException {
    if (engines != null) {
      engines.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT id, row_number() OVER (PARTITION BY sym ORDER BY t, id),"
          + " rank() OVER (PARTITION BY sym ORDER BY k NULLS FIRST),"
          + " dense_rank() OVER (PARTITION BY g ORDER BY v DESC NULLS LAST) FROM w",
      "SELECT id, ntile(4) OVER (PARTITION BY \"date\" ORDER BY id), ntile(7) OVER (ORDER BY id)"
          + " FROM w",
      "SELECT id, percent_rank() OVER (PARTITION BY sym ORDER BY k NULLS LAST),"
          + " cume_dist() OVER (ORDER BY v NULLS FIRST) FROM w",
      "SELECT id, lag(k) OVER (PARTITION BY sym ORDER BY t, id), lead(k, 2, -1) OVER"
          + " (PARTITION BY sym ORDER BY t, id), lag(v, 3, -0.5) OVER (ORDER BY id) FROM w",
      "SELECT id, first_value(k) OVER (PARTITION BY sym ORDER BY t, id ROWS BETWEEN 2 PRECEDING"
          + " AND 2 FOLLOWING), last_value(h) OVER (PARTITION BY g ORDER BY id),"
          + " nth_value(v, 3) OVER (PARTITION BY sym ORDER BY id) FROM w",
      "SELECT id, sum(k) OVER (PARTITION BY sym ORDER BY t), count(*) OVER (PARTITION BY sym"
          + " ORDER BY t), sum(v) OVER (PARTITION BY g ORDER BY id ROWS UNBOUNDED PRECEDING) FROM w",
      "SELECT id, avg(v) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 5 PRECEDING AND CURRENT"
          + " ROW), count(v) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) FROM w",
      "SELECT id, min(v) OVER (PARTITION BY sym ORDER BY t, id ROWS BETWEEN 3 PRECEDING AND"
          + " 3 FOLLOWING), max(h) OVER (PARTITION BY sym ORDER BY t, id ROWS BETWEEN 3 PRECEDING"
          + " AND 3 FOLLOWING), sum(h) OVER (PARTITION BY \"date\", sym) FROM w",
      "SELECT id, sum(k) OVER (ORDER BY id RANGE BETWEEN 10 PRECEDING AND 5 FOLLOWING) FROM w",
      // Alone: beside a window our operator declines, Calcite's operator computes both, and it
      // counts every earlier date into this frame.
      "SELECT id, count(*) OVER (PARTITION BY sym ORDER BY \"date\" RANGE BETWEEN"
          + " INTERVAL '1' DAY PRECEDING AND CURRENT ROW) FROM w",
      "SELECT id, count(*) OVER (PARTITION BY sym ORDER BY k RANGE BETWEEN 1 PRECEDING AND"
          + " 1 FOLLOWING), sum(h) OVER (ORDER BY v NULLS FIRST RANGE BETWEEN CURRENT ROW AND"
          + " 1.5 FOLLOWING) FROM w",
      "SELECT id, min(v) OVER (PARTITION BY g ORDER BY k DESC NULLS FIRST RANGE BETWEEN"
          + " 2 PRECEDING AND 1 PRECEDING), count(h) OVER (PARTITION BY sym ORDER BY t RANGE"
          + " BETWEEN INTERVAL '2' SECOND PRECEDING AND CURRENT ROW) FROM w",
      "SELECT id, count(h) OVER (PARTITION BY sym ORDER BY id DESC RANGE BETWEEN 2 PRECEDING"
          + " AND 5 FOLLOWING), sum(k) OVER (ORDER BY \"date\" DESC RANGE BETWEEN"
          + " INTERVAL '1' DAY PRECEDING AND CURRENT ROW) FROM w",
      "SELECT sym, s, rank() OVER (ORDER BY s DESC NULLS LAST) FROM (SELECT sym, sum(k) AS s"
          + " FROM w GROUP BY sym) x",
      "SELECT sym, g, count(*), sum(k), min(v), max(h) FROM w GROUP BY ROLLUP(sym, g)",
      "SELECT \"date\", g, count(k), sum(v), grouping(\"date\", g) FROM w"
          + " GROUP BY CUBE(\"date\", g)",
      "SELECT sym, g, count(*) FROM w WHERE k > 1 GROUP BY GROUPING SETS ((sym, g), (g), ())",
      "SELECT g, count(DISTINCT sym), count(DISTINCT k), count(*), sum(h) FROM w GROUP BY g",
      "SELECT extract(year FROM \"date\"), extract(month FROM \"date\"), extract(day FROM"
          + " \"date\"), count(*), avg(v) FROM w GROUP BY extract(year FROM \"date\"),"
          + " extract(month FROM \"date\"), extract(day FROM \"date\")",
      "SELECT extract(isodow FROM \"date\"), sym, count(*), max(k) FROM w"
          + " GROUP BY extract(isodow FROM \"date\"), sym"})
  void asDuckDb(String sql) throws SQLException {
    List<List<Object>> a = DuckDbPair.rows(engines.ours, sql);
    List<List<Object>> b = DuckDbPair.rows(engines.duck, exactTime(sql));
    assertNull(ResultRows.difference(a, b), sql);
    assertFalse(a.isEmpty(), "no rows: " + sql);
  }

  /**
   * DuckDB's text of {@code sql}: the timespan {@code t} ordered by {@code t_ns}, its exact
   * nanoseconds ({@link DuckDbLoader}: DuckDB's {@code t} is a TIME to the millisecond, while our
   * driver orders timespans to the nanosecond, and the sample has times 137 ns apart).
   */
  private static String exactTime(String sql) {
    return sql.replace("ORDER BY t RANGE BETWEEN INTERVAL '2' SECOND PRECEDING",
            "ORDER BY t_ns RANGE BETWEEN 2000000000 PRECEDING")
        .replace("ORDER BY t,", "ORDER BY t_ns,").replace("ORDER BY t)", "ORDER BY t_ns)")
        .replace("ORDER BY t ", "ORDER BY t_ns ");
  }
}
