package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.objects;
import static dev.kdbsql.calcite.CalciteSql.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * CASE and FILTER over symbol and numeric columns together, computed in the scan
 * ({@code Expr.Case}, {@code Condition.Text}): conditional aggregates as BI tools write them
 * ({@code SUM(CASE WHEN side = 'B' THEN size ELSE 0 END)}, {@code COUNT(CASE WHEN ... THEN 1
 * END)}), buckets of labels, and CASE keys of a top-N, over the window sample (the null symbol,
 * null ints and floats, three dates). Each gives the rows Calcite gives without pushdown, with
 * NULL symbols where SQL's three-valued logic matters ({@code NOT (g = 'y')} is UNKNOWN for a
 * NULL {@code g}); where the plan is named, the scan aggregates.
 */
class CaseInScanTest {
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

  @ParameterizedTest
  @ValueSource(strings = {
      "select sym, sum(case when g = 'x' then k else 0 end), count(case when g in ('x', 'y')"
          + " then 1 end), max(v) filter (where g <> 'z') from w group by sym",
      "select count(*) filter (where upper(g) like 'X%' or v > 3), sum(h) filter (where"
          + " sym is null), min(k) filter (where not (g = 'y')) from w",
      "select \"date\", sum(case when sym in ('a', 'b') and k > 2 then h end),"
          + " count(case when g is null then 1 end) from w group by \"date\"",
      "select case when g = 'x' and k > 2 then 'a' when g is null then 'n' else 'o' end as c,"
          + " count(*), sum(h) from w group by case when g = 'x' and k > 2 then 'a'"
          + " when g is null then 'n' else 'o' end",
      "select case when not (g = 'y') then 1 else 0 end as c, count(*) from w"
          + " group by case when not (g = 'y') then 1 else 0 end",
      "select case when char_length(sym) = 1 or v is null then v * 2 else -1 end as c, count(*)"
          + " from w group by case when char_length(sym) = 1 or v is null then v * 2 else -1 end",
  })
  void aggregatesInTheScan(String sql) throws SQLException {
    List<String> expected = objects(db.reference(), sql).stream().sorted().toList();
    assertFalse(expected.isEmpty() || expected.get(0).startsWith("failed"), expected.toString());
    String p = plan(db.pushed(), sql);
    CloseRows.assertClose(expected, objects(db.pushed(), sql).stream().sorted().toList(),
        sql + "\n" + p);
    assertTrue(p.contains("aggregate=[") && !p.contains("fields=["), p);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select id from w order by case when sym = 'a' then v else -v end desc nulls last, id"
          + " limit 9",
      "select id, sym from w order by case when g = 'x' then k when g = 'y' then -k end"
          + " nulls first, id limit 12",
  })
  void topNKeys(String sql) throws SQLException {
    assertEquals(objects(db.reference(), sql), objects(db.pushed(), sql), sql);
  }
}
