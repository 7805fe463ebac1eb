package dev.kdbsql.calcite.asof;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.calcite.CalciteSql;
import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.TestDatabases.Col;
import dev.kdbsql.storage.TestDatabases;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The as-of join operator ({@code KdbAsofJoin}): EXPLAIN shows it, and every query gives the rows
 * Calcite's own {@code EnumerableAsofJoin} gives for it, which the planner chooses without
 * pushdown. Over the generated sample (ties on millisecond times,
 * null symbols as keys), over small random tables written here (null keys, null, equal and
 * signed-zero match values, every comparison in both spellings, inner and left), and over random
 * tables of every kdb+ temporal type. Where Calcite's operator is not exact (kdb+ timestamps,
 * which it compares to the millisecond) or cannot run (a cast in the match condition), the
 * reference is its operator over exact stand-ins: the raw nanoseconds or the wall clock's
 * milliseconds as long columns, the cast computed by Calcite in a projection below the join.
 */
class AsofJoinTest {
  @TempDir
  static Path dir;

  private static CalciteSql.Twin sample;
  private static CalciteSql.Twin random;
  /** {@link #writeTemporal} with timespans as TIME. */
  private static CalciteSql.Twin temporal;
  /** {@link #writeTemporal} with timespans as BIGINT nanoseconds. */
  private static CalciteSql.Twin temporalNanos;

  @BeforeAll
  static void write() throws SQLException, IOException {
    SampleDatabase.of(3_000, 2, 5).writeTo(dir.resolve("sample"));
    sample = CalciteSql.Twin.open(dir.resolve("sample"));
    writeRandom(dir.resolve("random"), new Random(20261123));
    random = CalciteSql.Twin.open(dir.resolve("random"));
    writeTemporal(DatabaseWriter.open(dir.resolve("temporal")), new Random(20260311));
    temporal = CalciteSql.Twin.open(dir.resolve("temporal"));
    temporalNanos = CalciteSql.Twin.open(dir.resolve("temporal"), "timespan=nanos");
  }

  @AfterAll
  static void close() throws SQLException {
    sample.close();
    random.close();
    temporal.close();
    temporalNanos.close();
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
   * Wall clocks around which the timestamps of {@link #writeTemporal} lie: an ordinary morning,
   * inside and just after the spring-forward gap of the tests' zone (America/New_York, where
   * 02:30 on 2024-03-10 does not exist and {@code getTime()} moves it to 03:30), in the fall-back
   * overlap, and before 2000 and 1970 (negative kdb+ values and epoch milliseconds).
   */
  private static final LocalDateTime[] ANCHORS = {
      LocalDateTime.of(2024, 1, 2, 9, 30), LocalDateTime.of(2024, 3, 10, 2, 30),
      LocalDateTime.of(2024, 3, 10, 3, 15), LocalDateTime.of(2024, 11, 3, 1, 30),
      LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_000_000),
      LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000)};

  /**
   * Splayed tables {@code a} (300 rows, left) and {@code b} (400 rows, right), each value a
   * tenth null: {@code id} (row number), {@code k} (int key 0..3); {@code p} (timestamp: an
   * {@link #ANCHORS anchor} plus 0..2 ms plus 0, 300, 600 or 900 ns, so ties to the millisecond
   * are common and to the nanosecond too), {@code pn} (p's raw nanoseconds, a long),
   * {@code pm} (p's wall clock in epoch milliseconds, floored, a long); {@code z} (datetime,
   * half near the anchors to the millisecond, half on the dates' range), {@code zm} (z in epoch
   * milliseconds); {@code d} (date, multiples of 5 days), {@code m} (month); from one time of
   * day in 30 s steps {@code u} (minute), {@code v} (second), {@code t} (time, plus 0 or 250 ms)
   * and {@code n} (timespan, plus 0 or 250 ms and 0, 0.3 or 0.6 ms, so timespans as TIME tie
   * where their nanoseconds differ); {@code i} (int), {@code j} (long), {@code f} (float),
   * {@code e} (real) from few values. The left table's values reach beyond the right table's on
   * both sides: some left rows lie before every right row, some after; its times of day below
   * zero are durations, read as NULL.
   */
  private static void writeTemporal(DatabaseWriter w, Random rnd) {
    for (String name : List.of("a", "b")) {
      boolean left = name.equals("a");
      int n = left ? 300 : 400;
      long[] id = new long[n];
      int[] k = new int[n];
      long[] p = new long[n];
      long[] pm = new long[n];
      double[] z = new double[n];
      long[] zm = new long[n];
      int[] d = new int[n];
      int[] m = new int[n];
      int[] t = new int[n];
      int[] u = new int[n];
      int[] v = new int[n];
      long[] span = new long[n];
      int[] i = new int[n];
      long[] j = new long[n];
      double[] f = new double[n];
      float[] e = new float[n];
      int wider = left ? 1 : 0;
      for (int r = 0; r < n; r++) {
        id[r] = r;
        k[r] = rnd.nextInt(10) == 0 ? Nulls.INT_NULL : rnd.nextInt(4);
        int anchor = rnd.nextInt(ANCHORS.length + 2 * wider);
        LocalDateTime wall = anchor == ANCHORS.length ? LocalDateTime.of(1950, 1, 1, 0, 0)
            : anchor > ANCHORS.length ? LocalDateTime.of(2030, 1, 1, 0, 0) : ANCHORS[anchor];
        wall = wall.plusNanos(rnd.nextInt(3) * 1_000_000L + rnd.nextInt(4) * 300L);
        p[r] = rnd.nextInt(10) == 0 ? Nulls.LONG_NULL : Temporals.timestampValue(wall);
        pm[r] = p[r] == Nulls.LONG_NULL ? Nulls.LONG_NULL
            : Math.floorDiv(p[r], 1_000_000L) + Temporals.EPOCH_MILLIS_2000;
        if (rnd.nextInt(10) == 0) {
          z[r] = Double.NaN;
        } else if (rnd.nextBoolean()) {
          long millis = Math.floorDiv(Temporals.timestampValue(
              ANCHORS[rnd.nextInt(ANCHORS.length)]), 1_000_000L) + rnd.nextInt(3);
          z[r] = millis / (double) Temporals.MILLIS_PER_DAY;
        } else {
          z[r] = (rnd.nextInt(15 + 2 * wider) - wider) * 5 + rnd.nextInt(2) * 0.5;
        }
        zm[r] = Double.isNaN(z[r]) ? Nulls.LONG_NULL
            : Temporals.EPOCH_MILLIS_2000 + Math.round(z[r] * Temporals.MILLIS_PER_DAY);
        d[r] = rnd.nextInt(10) == 0 ? Nulls.INT_NULL : (rnd.nextInt(15 + 2 * wider) - wider) * 5;
        m[r] = rnd.nextInt(10) == 0 ? Nulls.INT_NULL : rnd.nextInt(3 + 2 * wider) - wider;
        int seconds = (rnd.nextInt(21 + 4 * wider) - 2 * wider) * 30;
        t[r] = rnd.nextInt(10) == 0 ? Nulls.INT_NULL : seconds * 1000 + rnd.nextInt(2) * 250;
        u[r] = rnd.nextInt(10) == 0 ? Nulls.INT_NULL : Math.floorDiv(seconds, 60);
        v[r] = rnd.nextInt(10) == 0 ? Nulls.INT_NULL : seconds;
        span[r] = rnd.nextInt(10) == 0 ? Nulls.LONG_NULL
            : (seconds * 1000L + rnd.nextInt(2) * 250) * 1_000_000L + rnd.nextInt(3) * 300_000L;
        i[r] = rnd.nextInt(10) == 0 ? Nulls.INT_NULL : rnd.nextInt(21 + 4 * wider) - 10 - 2 * wider;
        j[r] = rnd.nextInt(10) == 0 ? Nulls.LONG_NULL : rnd.nextInt(21) - 10;
        f[r] = rnd.nextInt(10) == 0 ? Double.NaN : (rnd.nextInt(41) - 20) / 2.0;
        e[r] = rnd.nextInt(10) == 0 ? Float.NaN : (rnd.nextInt(41) - 20) / 2f;
      }
      long[] pn = p.clone();
      w.writeSplayed(name, TableData.builder()
          .add("id", ColumnData.longs(KdbType.LONG, id)).add("k", ColumnData.ints(KdbType.INT, k))
          .add("p", ColumnData.longs(KdbType.TIMESTAMP, p))
          .add("pn", ColumnData.longs(KdbType.LONG, pn))
          .add("pm", ColumnData.longs(KdbType.LONG, pm))
          .add("z", ColumnData.doubles(KdbType.DATETIME, z))
          .add("zm", ColumnData.longs(KdbType.LONG, zm))
          .add("d", ColumnData.ints(KdbType.DATE, d)).add("m", ColumnData.ints(KdbType.MONTH, m))
          .add("t", ColumnData.ints(KdbType.TIME, t)).add("u", ColumnData.ints(KdbType.MINUTE, u))
          .add("v", ColumnData.ints(KdbType.SECOND, v))
          .add("n", ColumnData.longs(KdbType.TIMESPAN, span))
          .add("i", ColumnData.ints(KdbType.INT, i)).add("j", ColumnData.longs(KdbType.LONG, j))
          .add("f", ColumnData.doubles(KdbType.FLOAT, f)).add("e", ColumnData.reals(e))
          .build(), WriteOptions.DEFAULT);
    }
  }

  /**
   * The rows and the plan of {@code sql} with Calcite's operator instead of ours, over the right
   * input in reverse order: Calcite's operator keeps the first of tied right rows, ours the last
   * (as q's aj does).
   */
  private static List<String> calcite(CalciteSql.Twin c, String sql, List<String> plan)
      throws SQLException {
    Matcher m = RIGHT_INPUT.matcher(sql);
    assertTrue(m.find(), sql);
    sql = m.replaceFirst(Matcher.quoteReplacement("asof join " + reversed(m.group(1)) + " "
        + (m.group(2) == null ? m.group(1) : m.group(2)) + " "));
    return withoutOurRule(c, sql, plan);
  }

  /** The input {@code input} (a table or a parenthesized query) in reverse order. */
  private static String reversed(String input) {
    return "(select * from (select x.*, row_number() over () as rn_ from " + input + " x)"
        + " order by rn_ desc limit 2000000000)";
  }

  /** The rows of {@code sql} planned without pushdown; adds the plan to {@code plan}. */
  private static List<String> withoutOurRule(CalciteSql.Twin c, String sql, List<String> plan)
      throws SQLException {
    plan.add(plan(c.reference(), sql));
    return rows(c.reference(), sql);
  }

  /** The right input of an as-of join in the tests' SQL: a table or a subquery, and its alias. */
  private static final Pattern RIGHT_INPUT =
      Pattern.compile("asof join (\\(select [^)]*\\)|\\w+) (?:(?!match_condition)(\\w+) )?");

  /** Asserts that our operator runs {@code sql}, with Calcite's rows, and returns them. */
  private static List<String> sameAsCalcite(CalciteSql.Twin c, String sql) throws SQLException {
    List<String> theirPlan = new ArrayList<>();
    return sameAs(c, sql, calcite(c, sql, theirPlan), theirPlan.get(0));
  }

  /**
   * Asserts that our operator runs {@code sql} and gives the rows of {@code reference}, an as-of
   * join on exact stand-ins of its match values over the right input reversed, which Calcite's
   * operator runs; returns them.
   */
  private static List<String> sameAsReference(CalciteSql.Twin c, String sql,
      String reference)
      throws SQLException {
    List<String> theirPlan = new ArrayList<>();
    return sameAs(c, sql, withoutOurRule(c, reference, theirPlan), theirPlan.get(0));
  }

  private static List<String> sameAs(CalciteSql.Twin c, String sql, List<String> expected,
      String theirPlan) throws SQLException {
    String ours = plan(c.pushed(), sql);
    assertTrue(ours.contains("KdbAsofJoin("), ours);
    assertFalse(ours.contains("EnumerableAsofJoin"), ours);
    assertTrue(theirPlan.contains("EnumerableAsofJoin("), theirPlan);
    List<String> actual = rows(c.pushed(), sql);
    assertEquals(expected, actual, sql);
    return actual;
  }

  @Test
  void planShowsTheOperatorAndItsMatch() throws SQLException {
    String p = plan(sample.pushed(), "select t.time, q.bid from trade t asof join quote q"
        + " match_condition t.time >= q.time on t.sym = q.sym and t.date = q.date");
    assertTrue(p.contains("KdbAsofJoin(condition=[AND(=($1, $4), =($0, $3))], joinType=[asof],"
        + " matchCondition=[<=($5, $2)], match=[right <= left, timespan])"), p);
    p = plan(random.pushed(), "select l.id, r.id from l left asof join r match_condition l.f < r.f"
        + " on l.c = r.c");
    assertTrue(p.contains("KdbAsofJoin(") && p.contains("joinType=[left_asof]")
        && p.contains("match=[right > left, double])"), p);
    p = plan(temporal.pushed(), "select a.id, b.id from a asof join b match_condition a.p >= b.p"
        + " on a.k = b.k");
    assertTrue(p.contains("matchCondition=[<=($5, $2)], match=[right <= left, timestamp])"), p);
    p = plan(temporal.pushed(), "select a.id, b.id from a asof join b match_condition a.p >= b.z"
        + " on a.k = b.k");
    assertTrue(p.contains("matchCondition=[<=($5, $2)],"
        + " match=[right <= left, left timestamp, right millis_as_timestamp])"), p);
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

  /**
   * Casts whose value Calcite computes with rounding or range checks are left to Calcite's
   * operator (which cannot run a cast at all: only the plan is asked for).
   */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "cast(l.f as bigint) >= r.n;l.k = r.k",
      "cast(l.n as integer) <= r.k;l.c = r.c",
  })
  void otherJoinsStayWithCalcite(String condition, String on) throws SQLException {
    String sql = "select l.id, r.id from l asof join r match_condition " + condition + " on "
        + on;
    String p = plan(random.pushed(), sql);
    assertTrue(p.contains("EnumerableAsofJoin(") && !p.contains("KdbAsofJoin"), p);
  }

  /**
   * kdb+ timestamps match to the nanosecond by their wall clock: a right row later than the left
   * one by less than a millisecond does not match (Calcite's operator, comparing milliseconds,
   * would take it), equal timestamps are ties won by the last right row, a wall clock inside the
   * daylight-saving gap of the tests' zone keeps its place, nulls never match.
   */
  @Test
  void timestampsMatchToTheNanosecond(@TempDir Path db) throws SQLException {
    String[][] quotes = {
        {"s1", "2024-01-02T09:30:00.000000100"}, {"s1", "2024-01-02T09:30:00.000000700"},
        {"s1", "2024-01-02T09:30:00.000000700"}, {"s1", null},
        {"s1", "2024-01-02T09:30:00.001"}, {"s1", "2024-03-10T02:30"},
        {"s1", "2024-03-10T03:15"}, {"s2", "2024-01-02T09:30:00.000000500"}};
    String[][] trades = {
        {"s1", "2024-01-02T09:30:00.000000050"}, {"s1", "2024-01-02T09:30:00.000000400"},
        {"s1", "2024-01-02T09:30:00.000000700"}, {"s1", "2024-01-02T09:30:00.000999999"},
        {"s1", null}, {"s1", "2024-03-10T03:00"}, {"s1", "2024-03-10T03:20"},
        {"s2", "2024-01-02T09:30:00.000000499"}, {"s3", "2024-01-02T09:30"}};
    DatabaseWriter w = DatabaseWriter.open(db);
    w.writeSplayed("quote", timestamps(quotes), WriteOptions.DEFAULT);
    w.writeSplayed("trade", timestamps(trades), WriteOptions.DEFAULT);
    try (Connection c = CalciteSql.connect(db)) {
      String select = "select t.id, q.id from trade t left asof join quote q match_condition ";
      String on = " on t.sym = q.sym order by 1";
      assertTrue(plan(c, select + "t.p >= q.p" + on).contains("KdbAsofJoin("));
      assertEquals(List.of("0|null", "1|0", "2|2", "3|2", "4|null", "5|5", "6|6", "7|null",
          "8|null"), rows(c, select + "t.p >= q.p" + on));
      assertEquals(List.of("0|null", "1|0", "2|0", "3|2", "4|null", "5|5", "6|6", "7|null",
          "8|null"), rows(c, select + "q.p < t.p" + on));
      assertEquals(List.of("0|0", "1|2", "2|2", "3|4", "4|null", "5|6", "6|null", "7|7",
          "8|null"), rows(c, select + "t.p <= q.p" + on));
      assertEquals(List.of("0|0", "1|2", "2|4", "3|4", "4|null", "5|6", "6|null", "7|7",
          "8|null"), rows(c, select + "q.p > t.p" + on));
    }
  }

  /** A table {@code id, sym, p} of {@code {sym, wall clock or null}} rows. */
  private static TableData timestamps(String[][] rows) {
    long[] id = new long[rows.length];
    String[] sym = new String[rows.length];
    long[] p = new long[rows.length];
    for (int r = 0; r < rows.length; r++) {
      id[r] = r;
      sym[r] = rows[r][0];
      p[r] = rows[r][1] == null ? Nulls.LONG_NULL
          : Temporals.timestampValue(LocalDateTime.parse(rows[r][1]));
    }
    return TableData.builder().add("id", ColumnData.longs(KdbType.LONG, id))
        .add("sym", ColumnData.symbols(sym)).add("p", ColumnData.longs(KdbType.TIMESTAMP, p))
        .build();
  }

  /**
   * As-of joins on two columns of one temporal kind, which Calcite's operator runs exactly: its
   * rows over the right input reversed. Timespans as BIGINT nanoseconds; as TIME they are exact
   * kdb+ values, which Calcite's operator does not take ({@link #timestampsAndCastsGiveTheExactRows}).
   */
  @ParameterizedTest
  @CsvSource({
      "d, >=, d, time", "m, <, m, time", "m, <=, d, time", "d, >, m, time", "z, >=, z, time",
      "z, <, z, time", "t, >=, t, time", "t, <, t, time", "u, <=, u, time", "v, >, v, time",
      "u, >=, v, time", "n, >=, n, nanos", "n, <, n, nanos", "n, >=, j, nanos",
  })
  void temporalColumnsGiveCalcitesRows(String l, String op, String r, String mode)
      throws SQLException {
    CalciteSql.Twin c = mode.equals("nanos") ? temporalNanos : temporal;
    int matched = 0;
    for (String type : List.of("", "left ")) {
      String sql = "select a.id, b.id, a.k, b.k, a." + l + ", b." + r + " from a " + type
          + "asof join b match_condition a." + l + " " + op + " b." + r + " on a.k = b.k"
          + " order by 1, 2";
      matched += matched(sameAsCalcite(c, sql));
    }
    assertTrue(matched > 100, l + " " + op + " " + r + " matched " + matched + " rows");
  }

  /**
   * As-of joins on kdb+ timestamps and timespans (exact, compared with Calcite's own temporals
   * in the kdb+ unit) and on conditions with a cast (by the validator, between temporal kinds or
   * numbers, or in the query), which Calcite's operator cannot run exactly or at all: the rows
   * of its operator over exact stand-ins computed below the join, {@code lref} for the operand
   * on the left input {@code a} and {@code rref} for the one on the right input {@code b} (the
   * timestamps' raw nanoseconds, a datetime's in nanoseconds from 2000, times of day in
   * nanoseconds ({@code TN(x)}, {@code TM(x)}), Calcite's own cast), over the right input
   * reversed.
   */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "a.p; >=; b.p; pn; pn; time", "a.p; >; b.p; pn; pn; time", "a.p; <=; b.p; pn; pn; time",
      "b.p; >; a.p; pn; pn; time", "a.p; >=; b.z; pn; ZN(zm); time", "a.z; <; b.p; ZN(zm); pn; time",
      "a.p; >=; b.d; pn; timestampdiff(day, date '2000-01-01', d) * 86400000000000; time",
      "cast(a.p as timestamp(3)); >=; b.z; pm; zm; time",
      "a.p; >=; cast(b.p as timestamp(3)); pn; ZN(pm); time",
      "a.d; >=; b.z; cast(d as timestamp(3)); z; time",
      "a.z; <=; b.m; z; cast(m as timestamp(3)); time",
      "a.t; >=; b.u; t; cast(u as time(3)); time", "a.v; <; b.n; TM(v); TN(n); time",
      "a.u; >=; b.n; TM(u); TN(n); time", "a.n; >=; b.n; TN(n); TN(n); time",
      "a.n; <; b.n; TN(n); TN(n); time", "a.n; >=; b.t; TN(n); TM(t); time",
      "a.t; >; b.n; TM(t); TN(n); time",
      "a.i; >=; b.j; cast(i as bigint); j; time", "a.j; <; b.i; j; cast(i as bigint); time",
      "a.j; <=; b.f; cast(j as double); f; time", "a.i; >=; b.e; cast(i as real); e; time",
      "a.e; >; b.f; cast(e as double); f; time", "a.n; >=; b.i; n; cast(i as bigint); nanos",
  })
  void timestampsAndCastsGiveTheExactRows(String l, String op, String r, String lref,
      String rref, String mode) throws SQLException {
    CalciteSql.Twin c = mode.equals("nanos") ? temporalNanos : temporal;
    lref = standIn(lref);
    rref = standIn(rref);
    int matched = 0;
    for (String type : List.of("", "left ")) {
      String select = "select a.id, b.id, a.k, b.k, " + l + ", " + r + " from ";
      String rest = " on a.k = b.k order by 1, 2";
      String sql = select + "a " + type + "asof join b match_condition " + l + " " + op + " " + r
          + rest;
      // In the written order of the operands: which input each belongs to is in its alias.
      boolean leftFirst = l.startsWith("a.") || l.contains("(a.");
      String reference = select + "(select x.*, " + lref + " as x_ from a x) a " + type
          + "asof join " + reversed("(select y.*, " + rref + " as x_ from b y)") + " b"
          + " match_condition " + (leftFirst ? "a.x_ " + op + " b.x_" : "b.x_ " + op + " a.x_")
          + rest;
      matched += matched(sameAsReference(c, sql, reference));
    }
    assertTrue(matched > 100, l + " " + op + " " + r + " matched " + matched + " rows");
  }

  /**
   * A stand-in with its shorthands expanded: {@code ZN(ms)}, epoch milliseconds as nanoseconds
   * from 2000 (a kdb+ timestamp's unit); {@code TN(n)}, an exact timespan's nanoseconds of the
   * day; {@code TM(t)}, a Calcite TIME's in nanoseconds.
   */
  private static String standIn(String s) {
    s = s.replaceAll("ZN\\((.*)\\)", "(($1) - 946684800000) * 1000000");
    s = s.replaceAll("TN\\((\\w+)\\)", "(extract(hour from $1) * 3600000000000 + extract(minute"
        + " from $1) * 60000000000 + extract(nanosecond from $1))");
    return s.replaceAll("TM\\((\\w+)\\)", "(extract(hour from $1) * 3600000000000 + extract("
        + "minute from $1) * 60000000000 + extract(millisecond from $1) * 1000000)");
  }

  /** The number of rows with a right row ({@code b.id}, the second column, not null). */
  private static int matched(List<String> rows) {
    return (int) rows.stream().filter(row -> !row.split("\\|")[1].equals("null")).count();
  }
}
