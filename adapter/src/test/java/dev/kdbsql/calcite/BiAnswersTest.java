package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.objects;
import static dev.kdbsql.calcite.CalciteSql.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.WindowSample;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers as BI tools expect them (Postgres, DuckDB, Tableau, Metabase): AVG of integers is a
 * DOUBLE with its fraction, SUM of SMALLINT/INTEGER a BIGINT, a CASE of text literals of
 * different lengths a VARCHAR without blank padding, PERCENT_RANK and CUME_DIST run, and so do
 * PERCENTILE_CONT, PERCENTILE_DISC and MEDIAN. Each with the engine and with Calcite's own
 * operators ({@code pushdown=false}), and checked against values computed here from the rows.
 */
class BiAnswersTest {
  @TempDir
  static Path dir;

  private static CalciteSql.Twin db;
  /** The rows of {@code w}: sym, k, v, id. */
  private static List<Object[]> rows;

  @BeforeAll
  static void write() throws SQLException {
    WindowSample.writeTo(dir, 20261207);
    db = CalciteSql.Twin.open(dir);
    rows = values(db.reference(), "select sym, k, v, id from w");
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  private static List<String> both(String sql) {
    List<String> expected = objects(db.reference(), sql);
    assertEquals(expected, objects(db.pushed(), sql), sql);
    return expected;
  }

  @Test
  void averagesOfIntegersAreDoublesAndSumsAreBigints() {
    List<String> r = both("select sym, avg(k), sum(k), count(k), avg(h), sum(h)"
        + " from w group by sym order by sym");
    boolean fraction = false;
    for (String row : r) {
      String[] cells = row.split("\\|");
      assertTrue(cells[1].startsWith("Double:") && cells[2].startsWith("Long:")
          && cells[4].startsWith("Double:") && cells[5].startsWith("Long:"), row);
      double avg = Double.parseDouble(cells[1].substring(7));
      double sum = Long.parseLong(cells[2].substring(5));
      long n = Long.parseLong(cells[3].substring(5));
      assertEquals(sum / n, avg, 1e-12, row);
      fraction |= avg != Math.floor(avg);
    }
    assertTrue(fraction, r.toString());
    assertTrue(both("select avg(k), stddev_samp(k) from w").get(0)
        .matches("Double:[0-9.]+\\|Double:[0-9.]+\\|"));
  }

  @Test
  void caseOfTextLiteralsIsNotPadded() {
    List<String> r = both("select distinct case when k > 2 then 'big' when k is null then 'none'"
        + " else 'smallish' end as c from w order by c");
    assertEquals(List.of("String:big|", "String:none|", "String:smallish|"), r);
    assertEquals(List.of("String:a|", "String:bb|"),
        both("select 'a' as x from w where id = 0 union select 'bb' from w where id = 0"
            + " order by x"));
  }

  @Test
  void percentRankAndCumeDist() {
    String sql = "select id, percent_rank() over (partition by sym order by k) as pr,"
        + " cume_dist() over (partition by sym order by k) as cd,"
        + " percent_rank() over (order by v desc) as pr2, cume_dist() over (order by g) as cd2"
        + " from w";
    List<String> r = both(sql + " order by id");
    Map<Object, List<Object[]>> bySym = new HashMap<>();
    for (Object[] row : rows) {
      bySym.computeIfAbsent(Objects.requireNonNullElse(row[0], ""), s -> new ArrayList<>())
          .add(row);
    }
    Map<Long, String> expected = new TreeMap<>();
    Comparator<Object> nullsLast = Comparator.nullsLast(Comparator.comparing(o -> (Integer) o));
    for (List<Object[]> part : bySym.values()) {
      for (Object[] row : part) {
        long less = part.stream().filter(o -> nullsLast.compare(o[1], row[1]) < 0).count();
        long upTo = part.stream().filter(o -> nullsLast.compare(o[1], row[1]) <= 0).count();
        double pr = part.size() == 1 ? 0 : (double) less / (part.size() - 1);
        expected.put((Long) row[3], "Long:" + row[3] + "|Double:" + pr + "|Double:"
            + (double) upTo / part.size() + "|");
      }
    }
    for (String row : r) {
      assertTrue(row.startsWith("Long:"), row);
      long id = Long.parseLong(row.substring(5, row.indexOf('|')));
      assertTrue(row.startsWith(expected.get(id)), row + " expected " + expected.get(id));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " where sym = 'c'"})
  void percentilesAndMedian(String where) {
    String sql = "select sym, median(v), percentile_cont(0.25) within group (order by v),"
        + " percentile_cont(0.25) within group (order by v desc),"
        + " percentile_disc(0.5) within group (order by k), quantile_disc(v, 0.9),"
        + " median(k) from w" + where + " group by sym order by sym";
    List<String> r = both(sql);
    Map<Object, List<Object[]>> bySym = new TreeMap<>(
        Comparator.nullsLast(Comparator.comparing(Object::toString)));
    for (Object[] row : rows) {
      if (where.isEmpty() || "c".equals(row[0])) {
        bySym.computeIfAbsent(row[0], s -> new ArrayList<>()).add(row);
      }
    }
    List<String> expected = new ArrayList<>();
    for (Map.Entry<Object, List<Object[]>> e : bySym.entrySet()) {
      double[] v = e.getValue().stream().filter(o -> o[2] != null)
          .mapToDouble(o -> (Double) o[2]).sorted().toArray();
      int[] k = e.getValue().stream().filter(o -> o[1] != null)
          .mapToInt(o -> (Integer) o[1]).sorted().toArray();
      double[] kd = Arrays.stream(k).asDoubleStream().toArray();
      expected.add((e.getKey() == null ? "null" : "String:" + e.getKey()) + "|Double:"
          + cont(v, 0.5) + "|Double:" + cont(v, 0.25) + "|Double:" + cont(v, 0.75)
          + "|Integer:" + k[(int) Math.ceil(0.5 * k.length) - 1] + "|Double:"
          + v[(int) Math.ceil(0.9 * v.length) - 1] + "|Double:" + cont(kd, 0.5) + "|");
    }
    assertEquals(expected, r);
  }

  private static double cont(double[] sorted, double q) {
    double p = q * (sorted.length - 1);
    int lo = (int) Math.floor(p);
    int hi = (int) Math.ceil(p);
    return sorted[lo] + (p - lo) * (sorted[hi] - sorted[lo]);
  }
}
