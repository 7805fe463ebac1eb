package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Fixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pushed-down against row-by-row execution over the real q-written fixtures: for every table of
 * each database, counts, extremes and sums of every column, groups by its symbol, char and date
 * columns (ordered by key and by count, with LIMIT), and top-N orderings, each run once as the
 * scan computes it and once without pushdown, which leaves the aggregate, sort and limit to
 * Calcite over plain rows. The rows must agree (floating sums within
 * {@link CloseRows#TOLERANCE}); and every database must have had queries pushed.
 */
class FixturePushdownTest {
  /** JDBC types whose MIN and MAX (and top-N) the scan may compute. */
  private static final Set<Integer> ORDERED = Set.of(Types.BOOLEAN, Types.TINYINT,
      Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
      Types.CHAR, Types.DATE, Types.TIME, Types.TIMESTAMP, Types.VARCHAR);
  /** JDBC types the scan sums. */
  private static final Set<Integer> SUMMED = Set.of(Types.INTEGER, Types.BIGINT, Types.DOUBLE);

  @ParameterizedTest
  @ValueSource(strings = {"egor7__q/db", "egor7__q/hdb",
      "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb",
      "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/monthlyhdb",
      "DataIntellectTech__TorQ-Finance-Starter-Pack/hdb",
      "DataIntellectTech__TorQ-Amazon-FinSpace-Starter-Pack/datehdb/hdb",
      "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes",
      "jbetz34__advancedKDB/hdb", "ssshahani__KDB-Trading-Analytics/db",
      "derived/segmented-dailyhdb/db", "mkeenan-kdb__memoriesPOC/db"})
  void pushedQueriesGiveCalcitesRows(String fixture) throws SQLException {
    Path db = Fixtures.path(fixture);
    int pushed = 0;
    try (CalciteSql.Twin c = CalciteSql.Twin.open(db)) {
      for (Map.Entry<String, Map<String, Integer>> t : tables(c.pushed()).entrySet()) {
        for (String q : queries(t.getKey(), t.getValue())) {
          pushed += compare(c, q) ? 1 : 0;
        }
      }
    }
    assertTrue(pushed > 0, "no query was pushed over " + fixture);
  }

  /**
   * {@code "date" + ti} over q's second column ({@code ti:v}, TIME(0)) of egor7's HDB reads the
   * one date that can match and gives the one row after 09:30:30 on 2015.01.02.
   */
  @Test
  void datePlusTimeOfAFixturePrunes() throws SQLException {
    try (CalciteSql.Twin c = CalciteSql.Twin.open(Fixtures.path("egor7__q/db"))) {
      String sql = "select \"date\", ti, p from t where \"date\" + ti >= timestamp"
          + " '2015-01-02 09:30:30'";
      assertTrue(plan(c.pushed(), sql).contains("partitions=[1 of 2"), plan(c.pushed(), sql));
      assertEquals(List.of("2015-01-02|09:31:00|33.5"), rows(c.pushed(), sql));
      assertEquals(rows(c.reference(), sql), rows(c.pushed(), sql));
    }
  }

  /** The tables of the connection's schema and their columns' JDBC types, in order. */
  private static Map<String, Map<String, Integer>> tables(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    Map<String, Map<String, Integer>> tables = new LinkedHashMap<>();
    try (ResultSet rs = md.getColumns(null, "kdb", "%", "%")) {
      while (rs.next()) {
        tables.computeIfAbsent(rs.getString("TABLE_NAME"), k -> new LinkedHashMap<>())
            .put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
      }
    }
    assertFalse(tables.isEmpty(), "no tables");
    return tables;
  }

  /** The queries over one table. */
  private static List<String> queries(String table, Map<String, Integer> columns) {
    String from = " from \"" + table + "\"";
    List<String> q = new ArrayList<>();
    q.add("select count(*)" + from);
    List<String> keys = new ArrayList<>();
    String numeric = null;
    for (Map.Entry<String, Integer> e : columns.entrySet()) {
      String c = "\"" + e.getKey() + "\"";
      int type = e.getValue();
      if (ORDERED.contains(type)) {
        q.add("select count(" + c + "), min(" + c + "), max(" + c + ")" + from);
        q.add("select *" + from + " order by " + c + " desc, 1 limit 7");
      }
      if (SUMMED.contains(type)) {
        q.add("select sum(" + c + "), avg(" + c + ")" + from);
        numeric = numeric == null ? c : numeric;
      }
      if ((type == Types.VARCHAR || type == Types.CHAR || type == Types.DATE)
          && keys.size() < 3) {
        keys.add(c);
      }
    }
    for (String k : keys) {
      String calls = numeric == null ? "" : ", min(" + numeric + "), sum(" + numeric + ")";
      q.add("select " + k + ", count(*) as n" + calls + from + " group by " + k
          + " order by " + k + " nulls first");
      q.add("select " + k + ", count(*) as n" + from + " group by " + k
          + " order by n desc, " + k + " limit 3");
    }
    return q;
  }

  /**
   * Runs {@code sql} with and without pushdown and compares the rows; true when the pushed plan
   * took the aggregate or order into the scan (and the reference's did not).
   */
  private static boolean compare(CalciteSql.Twin c, String sql) throws SQLException {
    String p = plan(c.pushed(), sql);
    String r = plan(c.reference(), sql);
    assertFalse(r.contains("aggregate=[") || r.contains("sort=["), r);
    CloseRows.assertClose(rows(c.reference(), sql), rows(c.pushed(), sql), sql);
    boolean taken = p.contains("aggregate=[") || p.contains("sort=[");
    if (sql.startsWith("select count(*) from")) {
      assertTrue(taken, p);
    }
    return taken;
  }
}
