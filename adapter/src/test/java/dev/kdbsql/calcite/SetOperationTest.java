package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ORDER BY ... LIMIT} over UNION and UNION ALL gives the rows the set operation's
 * definition gives, computed here from each side's rows, with pushdown and without: a UNION's
 * inputs are not cut to the limit before duplicates are removed (Calcite 1.42's merge-union rule
 * did, and gave fewer rows than asked for when an input's first rows repeat), and each input's
 * duplicates are removed in its scan.
 */
class SetOperationTest {
  @TempDir
  static Path db;

  private static CalciteSql.Twin twin;

  @BeforeAll
  static void write() throws SQLException {
    SampleDatabase.of(20_000, 3, 23).writeTo(db);
    twin = CalciteSql.Twin.open(db);
  }

  @AfterAll
  static void close() throws SQLException {
    twin.close();
  }

  private static List<Connection> both() {
    return List.of(twin.pushed(), twin.reference());
  }

  /** Each side's rows of {@code columns}, read whole. */
  private static List<String> side(String columns, String table) throws SQLException {
    return rows(twin.pushed(), "select " + columns + " from " + table);
  }

  @Test
  void unionWithALimitGivesTheFirstDistinctRows() throws SQLException {
    TreeSet<String> distinct = new TreeSet<>(side("sym", "trade"));
    distinct.addAll(side("sym", "quote"));
    assertTrue(distinct.size() > 10, "too few symbols: " + distinct);
    List<String> ascending = new ArrayList<>(distinct);
    List<String> descending = new ArrayList<>(distinct.descendingSet());
    for (Connection c : both()) {
      assertEquals(ascending.subList(0, 3),
          rows(c, "select sym from trade union select sym from quote order by 1 limit 3"));
      assertEquals(descending.subList(2, 6), rows(c, "select sym from trade union select sym"
          + " from quote order by sym desc limit 4 offset 2"));
      assertEquals(ascending.subList(0, 2), rows(c, "select * from (select sym from trade union"
          + " select sym from quote) order by sym fetch first 2 rows only"));
    }
  }

  /**
   * A UNION of scans removes each input's duplicates in its scan (grouped by every column), so
   * the union itself meets few rows: the distinct symbols, not every row.
   */
  @Test
  void aUnionOfScansGroupsInTheScans() throws SQLException {
    String sql = "select sym from trade where size > 500 union select sym from quote"
        + " where bsize < 300";
    String p = CalciteSql.plan(twin.pushed(), sql);
    assertTrue(p.contains("KdbTableScan(table=[[kdb, trade]], partitions=[all 3], filter=[>(size,"
        + " 500)], group=[sym])") && p.contains("filter=[<(bsize, 300)], group=[sym])"), p);
    TreeSet<String> expected = new TreeSet<>(rows(twin.pushed(),
        "select sym from trade where size > 500"));
    expected.addAll(rows(twin.pushed(), "select sym from quote where bsize < 300"));
    for (Connection c : both()) {
      assertEquals(new ArrayList<>(expected), rows(c, sql + " order by 1"));
    }
  }

  @Test
  void unionOfTwoColumnsWithALimitGivesTheFirstDistinctRows() throws SQLException {
    Comparator<String> order = Comparator.comparing((String r) -> r.split("\\|")[0])
        .thenComparing(r -> r.split("\\|")[1]);
    TreeSet<String> distinct = new TreeSet<>(order);
    distinct.addAll(side("sym, ex", "trade"));
    distinct.addAll(side("sym, ex", "quote"));
    List<String> expected = distinct.stream().limit(7).toList();
    for (Connection c : both()) {
      assertEquals(expected, rows(c, "select sym, ex from trade union select sym, ex from quote"
          + " order by sym, ex limit 7"));
    }
  }

  /**
   * One column ordered by our sort (or numbered by our window) over an aggregate Calcite
   * computes: INTERSECT, which counts the inputs holding each row, and HAVING COUNT(*) = 2
   * (through the driver too: {@code SetOperationJdbcTest}).
   */
  @Test
  void intersectAndHavingACountUnderASortOfOneColumn() throws SQLException {
    TreeSet<String> common = new TreeSet<>(side("sym", "trade where size > 700"));
    common.retainAll(new TreeSet<>(side("sym", "quote where bsize < 200")));
    assertTrue(common.size() > 5, "too few symbols in common: " + common);
    List<String> ascending = new ArrayList<>(common);
    List<String> descending = new ArrayList<>(common.descendingSet());
    String intersect = "select sym from trade where size > 700 intersect select sym from quote"
        + " where bsize < 200";
    String having = "select sym from (select sym from trade where size > 700 group by sym"
        + " union all select sym from quote where bsize < 200 group by sym) group by sym"
        + " having count(*) = 2";
    for (Connection c : both()) {
      assertEquals(ascending.subList(0, 5), rows(c, intersect + " order by 1 limit 5"));
      assertEquals(descending, rows(c, intersect + " order by sym desc"));
      assertEquals(ascending.subList(1, 4), rows(c, having + " order by 1 limit 3 offset 1"));
      assertEquals(List.of(String.valueOf(common.size()), String.valueOf(common.size() - 1)),
          rows(c, "select row_number() over (order by sym) from (" + intersect + ")"
              + " order by 1 desc limit 2"));
    }
  }

  @Test
  void unionAllWithALimitKeepsDuplicates() throws SQLException {
    List<String> all = Stream.concat(side("sym", "trade").stream(), side("sym", "quote").stream())
        .sorted().toList();
    assertEquals(all.get(0), all.get(1), "the first symbol should repeat");
    for (Connection c : both()) {
      assertEquals(all.subList(0, 5),
          rows(c, "select sym from trade union all select sym from quote order by 1 limit 5"));
    }
  }
}
