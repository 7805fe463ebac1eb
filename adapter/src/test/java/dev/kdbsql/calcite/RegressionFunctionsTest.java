package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard's regression functions ({@code CORR}, {@code REGR_SLOPE}, {@code REGR_INTERCEPT},
 * {@code REGR_R2}, {@code REGR_AVGX}, {@code REGR_AVGY}, {@code REGR_SXY}, and Calcite's
 * {@code REGR_COUNT}, {@code COVAR_POP}, {@code COVAR_SAMP}, {@code REGR_SXX},
 * {@code REGR_SYY}), against values computed here from the definitions
 * (two passes over the pairs where neither value is NULL), per group: three pairs among rows with
 * a NULL on either side, x constant (the slope and correlation NULL), y constant (R² 1), one
 * pair, and no pair (all NULL); also over windows and in sub-queries. With and without pushdown;
 * with pushdown the scan computes the sums they are made of.
 */
class RegressionFunctionsTest {
  @TempDir
  static Path dir;
  private static CalciteSql.Twin db;

  private static final String[] G = {"a", "a", "a", "a", "a", "b", "b", "c", "c", "c", "d", "e",
      "e"};
  private static final double[] X = {1, 2, 3, Double.NaN, 4, 2, 2, 1, 3, 4, 1, Double.NaN, 2};
  private static final long[] Y = {2, 4, 7, 5, Nulls.LONG_NULL, 1, 3, 5, 5, 5, 1, 1,
      Nulls.LONG_NULL};

  @BeforeAll
  static void write() throws SQLException {
    DatabaseWriter.open(dir.resolve("db")).writeSplayed("r", TableData.builder()
        .add("g", ColumnData.symbols(G))
        .add("x", ColumnData.doubles(KdbType.FLOAT, X))
        .add("y", ColumnData.longs(KdbType.LONG, Y))
        .build(), WriteOptions.DEFAULT);
    db = CalciteSql.Twin.open(dir.resolve("db"));
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  private static final String CALLS = "corr(y, x), regr_slope(y, x), regr_intercept(y, x),"
      + " regr_r2(y, x), regr_avgx(y, x), regr_avgy(y, x), regr_sxy(y, x), regr_count(y, x),"
      + " covar_pop(y, x), covar_samp(y, x), regr_sxx(y, x), regr_syy(y, x)";

  @Test
  void perGroupAsDefined() throws SQLException {
    String sql = "select g, " + CALLS + " from r group by g order by g";
    for (Connection c : List.of(db.reference(), db.pushed())) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        for (Map.Entry<String, Double[]> e : expected().entrySet()) {
          assertTrue(rs.next(), e.getKey());
          assertEquals(e.getKey(), rs.getString(1));
          Double[] want = e.getValue();
          for (int i = 0; i < want.length; i++) {
            assertClose(want[i], rs.getObject(i + 2), e.getKey() + " column " + (i + 2));
          }
        }
        assertFalse(rs.next());
      }
    }
    String p = plan(db.pushed(), sql);
    assertTrue(p.contains("aggregate=[") && !p.contains("EnumerableAggregate"), p);
  }

  @Test
  void globallyWithFiltersAndOtherCalls() throws SQLException {
    for (String sql : List.of("select " + CALLS + ", count(*), covar_pop(y, x) from r",
        "select corr(y, x) filter (where g <> 'b'), regr_slope(x, y), avg(x) from r",
        "select g, corr(x, y) from r where y > 1 group by g",
        "select corr(y, x) from r where g = 'zz'")) {
      List<String> want = rows(db.reference(), sql).stream().sorted().toList();
      assertEquals(want, rows(db.pushed(), sql).stream().sorted().toList(), sql);
    }
    List<String> none = rows(db.pushed(), "select corr(y, x), regr_avgx(y, x) from r"
        + " where g = 'zz'");
    assertEquals(List.of("null|null"), none);
  }

  /** Over a window (each row its group's value) and in a scalar sub-query, as per group. */
  @Test
  void windowedAndInSubQueries() throws SQLException {
    Map<String, Double[]> want = expected();
    String sql = "select g, corr(y, x) over (partition by g), regr_slope(y, x) over"
        + " (partition by g), (select regr_intercept(y, x) from r where g = 'a') from r";
    for (Connection c : List.of(db.reference(), db.pushed())) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        int rows = 0;
        while (rs.next()) {
          Double[] w = want.get(rs.getString(1));
          assertClose(w[0], rs.getObject(2), sql);
          assertClose(w[1], rs.getObject(3), sql);
          assertClose(want.get("a")[2], rs.getObject(4), sql);
          rows++;
        }
        assertEquals(G.length, rows);
      }
    }
  }

  private static void assertClose(Double want, Object got, String what) {
    if (want == null) {
      assertNull(got, what);
    } else {
      assertEquals(want, ((Number) got).doubleValue(), 1e-12 * Math.max(1, Math.abs(want)),
          what);
    }
  }

  /** The functions per group, from their definitions, in CALLS's order. */
  private static Map<String, Double[]> expected() {
    Map<String, List<double[]>> pairs = new LinkedHashMap<>();
    for (int i = 0; i < G.length; i++) {
      List<double[]> p = pairs.computeIfAbsent(G[i], k -> new ArrayList<>());
      if (!Double.isNaN(X[i]) && Y[i] != Nulls.LONG_NULL) {
        p.add(new double[] {X[i], Y[i]});
      }
    }
    Map<String, Double[]> out = new LinkedHashMap<>();
    pairs.forEach((g, p) -> {
      int n = p.size();
      if (n == 0) {
        out.put(g, new Double[] {null, null, null, null, null, null, null, 0.0, null, null, null,
            null});
        return;
      }
      double mx = p.stream().mapToDouble(v -> v[0]).sum() / n;
      double my = p.stream().mapToDouble(v -> v[1]).sum() / n;
      double sxx = p.stream().mapToDouble(v -> (v[0] - mx) * (v[0] - mx)).sum();
      double syy = p.stream().mapToDouble(v -> (v[1] - my) * (v[1] - my)).sum();
      double sxy = p.stream().mapToDouble(v -> (v[0] - mx) * (v[1] - my)).sum();
      Double corr = sxx == 0 || syy == 0 ? null : sxy / Math.sqrt(sxx * syy);
      Double slope = sxx == 0 ? null : sxy / sxx;
      Double intercept = sxx == 0 ? null : my - sxy / sxx * mx;
      Double r2 = sxx == 0 ? null : syy == 0 ? 1.0 : sxy * sxy / (sxx * syy);
      out.put(g, new Double[] {corr, slope, intercept, r2, mx, my, sxy, (double) n, sxy / n,
          n > 1 ? sxy / (n - 1) : null, sxx, syy});
    });
    return out;
  }
}
