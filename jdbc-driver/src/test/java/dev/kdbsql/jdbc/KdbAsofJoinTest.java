package dev.kdbsql.jdbc;

import static dev.kdbsql.jdbc.KdbDriverTest.plan;
import static dev.kdbsql.jdbc.KdbDriverTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.calcite.KdbPlanning;
import dev.kdbsql.jdbc.TestDatabases.Col;
import dev.kdbsql.sample.SampleDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The as-of join operator ({@code KdbAsofJoin}): EXPLAIN shows it, and every query gives the rows
 * Calcite's own {@code EnumerableAsofJoin} gives for it, which the planner chooses when our rule
 * is excluded through {@link Hook#PLANNER}. Over the generated sample (ties on millisecond times,
 * null symbols as keys) and over small random tables written here (null keys, null, equal and
 * signed-zero match values, every comparison in both spellings, inner and left).
 */
class KdbAsofJoinTest {
  @TempDir
  static Path dir;

  private static Connection sample;
  private static Connection random;

  @BeforeAll
  static void write() throws SQLException, IOException {
    SampleDatabase.of(3_000, 2, 5).writeTo(dir.resolve("sample"));
    sample = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("sample"));
    writeRandom(dir.resolve("random"), new Random(20261123));
    random = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("random"));
  }

  @AfterAll
  static void close() throws SQLException {
    sample.close();
    random.close();
  }

  /**
   * Splayed tables {@code l} (300 rows) and {@code r} (400 rows), columns {@code id} (row number),
   * {@code k} (int key 0..5, a tenth null), {@code c} (char key, a tenth null), {@code t}
   * (timespan, TIME(3), from few milliseconds, several nanosecond values in one, a tenth null),
   * {@code f} (float from few values with both zeros and infinities, a tenth null), {@code n}
   * (long from few values) and {@code ts} (timestamp, as {@code t}, a tenth null).
   */
  private static void writeRandom(Path root, Random rnd) throws IOException {
    for (String name : List.of("l", "r")) {
      int n = name.equals("l") ? 300 : 400;
      long[] id = new long[n];
      int[] k = new int[n];
      StringBuilder c = new StringBuilder();
      long[] t = new long[n];
      double[] f = new double[n];
      long[] longs = new long[n];
      double[] floats = {-2.5, -1, -0.0, 0.0, 0.5, 1, 3, Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY};
      for (int i = 0; i < n; i++) {
        id[i] = i;
        k[i] = rnd.nextInt(10) == 0 ? Integer.MIN_VALUE : rnd.nextInt(6);
        c.append(rnd.nextInt(10) == 0 ? ' ' : (char) ('a' + rnd.nextInt(3)));
        t[i] = rnd.nextInt(10) == 0 ? Long.MIN_VALUE : rnd.nextInt(40) * 1_000_000L + rnd.nextInt(3) * 400_000L;
        f[i] = rnd.nextInt(10) == 0 ? Double.NaN : floats[rnd.nextInt(floats.length)];
        longs[i] = rnd.nextInt(30) - 15;
      }
      TestDatabases.splay(root.resolve(name), List.of(Col.longs("id", 7, id),
          Col.ints("k", 6, k), Col.chars("c", c.toString()), Col.longs("t", 16, t),
          Col.floats("f", f), Col.longs("n", 7, longs), Col.longs("ts", 12, t)));
    }
  }

  /**
   * The rows and the plan of {@code sql} with Calcite's operator instead of ours, over the right
   * input in reverse order: Calcite's operator keeps the first of tied right rows, ours the last
   * (as q's aj does).
   */
  private static List<String> calcite(Connection c, String sql, List<String> plan)
      throws SQLException {
    Matcher m = RIGHT_INPUT.matcher(sql);
    assertTrue(m.find(), sql);
    sql = m.replaceFirst(Matcher.quoteReplacement("asof join (select * from (select x.*,"
        + " row_number() over () as rn_ from " + m.group(1) + " x) order by rn_ desc"
        + " limit 2000000000) " + (m.group(2) == null ? m.group(1) : m.group(2)) + " "));
    try (Hook.Closeable ignored = Hook.PLANNER.addThread((Object planner) ->
        ((org.apache.calcite.plan.RelOptPlanner) planner)
            .setRuleDescExclusionFilter(Pattern.compile("KdbAsofJoinRule.*")))) {
      String reference = sql;
      // Planned afresh, so that the hook sees the planner even for a text seen before.
      plan.add(KdbPlanning.afresh(() -> plan(c, reference)));
      return KdbPlanning.afresh(() -> rows(c, reference));
    }
  }

  /** The right input of an as-of join in the tests' SQL: a table or a subquery, and its alias. */
  private static final Pattern RIGHT_INPUT =
      Pattern.compile("asof join (\\(select [^)]*\\)|\\w+) (?:(?!match_condition)(\\w+) )?");

  /** Asserts that our operator runs {@code sql}, with Calcite's rows, and returns them. */
  private static List<String> sameAsCalcite(Connection c, String sql) throws SQLException {
    String ours = plan(c, sql);
    assertTrue(ours.contains("KdbAsofJoin("), ours);
    assertFalse(ours.contains("EnumerableAsofJoin"), ours);
    List<String> theirPlan = new ArrayList<>();
    List<String> expected = calcite(c, sql, theirPlan);
    assertTrue(theirPlan.get(0).contains("EnumerableAsofJoin("), theirPlan.get(0));
    List<String> actual = rows(c, sql);
    assertEquals(expected, actual, sql);
    return actual;
  }

  @Test
  void planShowsTheOperatorAndItsMatch() throws SQLException {
    String p = plan(sample, "select t.time, q.bid from trade t asof join quote q"
        + " match_condition t.time >= q.time on t.sym = q.sym and t.date = q.date");
    assertTrue(p.contains("KdbAsofJoin(condition=[AND(=($1, $4), =($0, $3))], joinType=[asof],"
        + " matchCondition=[<=($5, $2)], match=[right <= left, long])"), p);
    p = plan(random, "select l.id, r.id from l left asof join r match_condition l.f < r.f"
        + " on l.c = r.c");
    assertTrue(p.contains("KdbAsofJoin(") && p.contains("joinType=[left_asof]")
        && p.contains("match=[right > left, double])"), p);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "left "})
  void tradesGetTheQuotesCalciteGives(String type) throws SQLException {
    // Quote times are milliseconds, so several quotes of a sym share one: ties pick the last.
    String select = "select t.date, t.sym, t.time, t.price, t.size, q.time, q.bid, q.ask,"
        + " q.bsize, q.asize from trade t " + type + "asof join quote q ";
    String order = " order by 1, 2, 3, 4, 5";
    List<String> rows = sameAsCalcite(sample, select
        + "match_condition t.time >= q.time on t.sym = q.sym and t.date = q.date" + order);
    assertEquals(rows, sameAsCalcite(sample, select
        + "match_condition q.time <= t.time on t.sym = q.sym and t.date = q.date" + order));
    assertTrue(rows.size() > 2_500, "rows: " + rows.size());
    sameAsCalcite(sample, select
        + "match_condition t.time < q.time on t.sym = q.sym and t.date = q.date" + order);
    sameAsCalcite(sample, select + "match_condition t.price <= q.bid on t.sym = q.sym" + order);
    sameAsCalcite(sample, select + "match_condition t.price > q.ask on t.ex = q.ex" + order);
    sameAsCalcite(sample, select + "match_condition q.date < t.date on t.sym = q.sym" + order);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "left "})
  void nullSymbolsAreKeysThatNeverMatch(String type) throws SQLException {
    List<String> rows = sameAsCalcite(sample, "select a.date, a.sym, a.time, a.cond, b.sym,"
        + " b.time from trade a " + type + "asof join trade b match_condition a.time > b.time"
        + " on a.cond = b.cond and a.date = b.date order by 1, 2, 3, 4, 5, 6");
    assertEquals(!type.isEmpty(), rows.stream().anyMatch(r -> r.split("\\|")[3].equals("null")),
        "left rows with a null key are kept only by a left join");
  }

  @ParameterizedTest
  @CsvSource({
      "l.t >= r.t", "r.t <= l.t", "l.t > r.t", "r.t < l.t",
      "l.t <= r.t", "r.t >= l.t", "l.t < r.t", "r.t > l.t",
      "l.f >= r.f", "r.f < l.f", "l.f <= r.f", "r.f > l.f",
      "l.n >= r.n", "l.n < r.n", "l.c >= r.c", "r.c > l.c",
  })
  void randomTablesGiveCalcitesRows(String condition) throws SQLException {
    int matched = 0;
    for (String type : List.of("", "left ")) {
      for (String on : List.of("l.k = r.k", "l.k = r.k and l.c = r.c", "true")) {
        String sql = "select l.id, r.id, l.k, r.k, l.c, r.c, l.t, r.t, l.f, r.f, l.n, r.n from l "
            + type + "asof join r match_condition " + condition + " on " + on + " order by 1, 2";
        matched += sameAsCalcite(random, sql).stream()
            .filter(row -> !row.split("\\|")[1].equals("null")).count();
      }
    }
    assertTrue(matched > 100, condition + " matched " + matched + " rows");
  }

  @Test
  void singleColumnInputsAndNoKeys() throws SQLException {
    // An input of one column is a scalar row in Enumerable, not an array.
    sameAsCalcite(random, "select l.id, r.t from l left asof join (select t from r) r"
        + " match_condition l.t >= r.t on true order by 1, 2");
    sameAsCalcite(random, "select l.t, r.t from (select t from l) l asof join (select t from r)"
        + " r match_condition l.t < r.t on true order by 1, 2");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      // kdb+ timestamps are Java-typed: Calcite matches them to the millisecond only.
      "l.ts >= r.ts;l.k = r.k",
      // the validator casts INT to BIGINT: not a plain column
      "l.k <= r.n;l.c = r.c",
  })
  void otherJoinsStayWithCalcite(String condition, String on) throws SQLException {
    String sql = "select l.id, r.id from l asof join r match_condition " + condition + " on "
        + on;
    String p = plan(random, sql);
    assertTrue(p.contains("EnumerableAsofJoin(") && !p.contains("KdbAsofJoin"), p);
  }
}
