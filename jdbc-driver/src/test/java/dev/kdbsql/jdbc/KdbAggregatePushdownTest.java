package dev.kdbsql.jdbc;

import static dev.kdbsql.jdbc.KdbDriverTest.plan;
import static dev.kdbsql.jdbc.KdbDriverTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.robust.ProcessResources;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Aggregates the scan computes itself (per partition, on several threads, merged in partition
 * order), over the generated TAQ sample and over a table with a column of every type: each query
 * is checked with EXPLAIN to be pushed whole into the scan, and its rows compared with those of
 * the same query behind a filter no rule can push ({@link #NO_PUSH}), which Calcite aggregates
 * row by row. Floating sums agree within {@link CloseRows#TOLERANCE}, all else exactly.
 */
class KdbAggregatePushdownTest {
  /** Always true, never pushed: keeps the aggregate in Calcite for the reference rows. */
  private static final String NO_PUSH = "char_length(cast(date as varchar)) > 0";

  @TempDir
  static Path dir;

  private static Connection taq;
  private static Connection types;
  private static String sym;

  @BeforeAll
  static void write() throws SQLException {
    SampleDatabase.of(20_000, 5, 7).writeTo(dir.resolve("taq"));
    DatabaseWriter w = DatabaseWriter.open(dir.resolve("types"));
    for (int day = 0; day < 3; day++) {
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 2 + day)), "t",
          AllTypes.table(900 + 400 * day, day), WriteOptions.DEFAULT);
    }
    taq = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("taq"));
    types = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("types"));
    sym = rows(taq, "select sym from trade limit 1 offset 333").get(0);
  }

  @AfterAll
  static void close() throws SQLException {
    taq.close();
    types.close();
  }

  /**
   * {@code template}'s {@code {w}} replaced by {@code 1 = 1} is aggregated in the scan, and gives
   * the rows Calcite gives with {@link #NO_PUSH} there instead.
   */
  private static void pushedAndSame(Connection c, String template) throws SQLException {
    String pushed = template.replace("{w}", "1 = 1").replace("SYM", sym);
    String reference = template.replace("{w}", NO_PUSH).replace("SYM", sym);
    String p = plan(c, pushed);
    assertTrue(p.contains("aggregate=[") || p.contains("group=["), p);
    assertFalse(p.contains("EnumerableAggregate"), "not pushed: " + p);
    assertTrue(plan(c, reference).contains("EnumerableAggregate"), plan(c, reference));
    List<String> expected = rows(c, reference);
    assertFalse(expected.isEmpty(), reference);
    CloseRows.assertClose(expected, rows(c, pushed), pushed);
  }

  /** EXPLAIN shows each key, call and argument expression the scan computes. */
  @Test
  void explainShowsKeysCallsAndExpressions() throws SQLException {
    String ohlc = plan(taq, "select date, xbar(300000, time), first(price), last(price),"
        + " sum(cast(size as bigint)) from trade where sym = 'S' group by date, xbar(300000, time)");
    assertTrue(ohlc.contains("filter=[=(sym, 'S')], group=[date, xbar(300000, time)],"
        + " aggregate=[first(price), last(price), SUM(CAST(size):BIGINT)]"), ohlc);
    String vwap = plan(taq, "select sym, wavg(size, price) from trade group by sym");
    assertTrue(vwap.contains("group=[sym], aggregate=[wavg(CAST(size):DOUBLE, price)]"), vwap);
    String spread = plan(taq, "select ex, avg(ask - bid), stddev_samp(ask - bid) from quote"
        + " group by ex");
    assertTrue(spread.contains("group=[ex], aggregate=[SUM(-(ask, bid)), COUNT(-(ask, bid)),"
        + " SUM(*(-(ask, bid), -(ask, bid)))]"), spread);
    String count = plan(taq, "select count(*) from trade");
    assertTrue(count.contains("aggregate=[COUNT(*)]"), count);
  }

  static Stream<String> taqQueries() {
    return Stream.of(
        "select sym, wavg(size, price) from trade where {w} group by sym order by sym",
        "select date, xbar(300000, time) as bar, first(price), max(price), min(price),"
            + " last(price), sum(cast(size as bigint)) from trade where sym = 'SYM' and {w}"
            + " group by date, xbar(300000, time) order by date, bar",
        "select ex, count(*) from trade where {w} group by ex order by ex",
        "select sym, avg(ask - bid), min(ask - bid), max(ask - bid), stddev_samp(ask - bid)"
            + " from quote where date = date '2024-01-04' and {w} group by sym order by sym",
        "select count(*), avg(price), sum(cast(size as bigint)) from trade where {w}",
        "select sum(size), sum(size * 1000000), min(-size), max(size - 7), avg(size),"
            + " sum(cast(size as double) / 3) from trade where {w}",
        "select sum(bsize * asize), sum(bsize * 4611686018427387904), count(ask / bid),"
            + " max(ask / bid), sum(-(bsize + 2) * 3) from quote where {w}",
        "select sym, ex, mode, count(*), sum(bsize), first(bid), last(ask), first(asize)"
            + " from quote where {w} group by sym, ex, mode order by sym, ex, mode",
        "select date, sym, count(*), last(size), first(size) from trade where {w}"
            + " group by date, sym order by date, sym",
        "select xbar(3600000, time), count(*), sum(price * size) from trade where {w}"
            + " group by xbar(3600000, time) order by 1",
        "select cond, count(cond), count(*) from trade where size > 150 and {w}"
            + " group by cond order by cond");
  }

  @ParameterizedTest
  @MethodSource("taqQueries")
  void taqAggregatesGiveWhatCalciteGives(String template) throws SQLException {
    pushedAndSame(taq, template);
  }

  /**
   * Groups ordered (and cut by LIMIT and OFFSET) in the scan, by keys and by aggregate values,
   * with ties (many groups share a count) and NULL aggregates: the same rows in the same order as
   * Calcite's sort over Calcite's aggregate, ties in the order Calcite keeps them.
   */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "taq;select sym, count(*) as n from trade where {w} group by sym order by n desc, sym limit 7",
      "taq;select size, count(*) as n from trade where {w} group by size order by n",
      "taq;select size, count(*) as n from trade where {w} group by size order by n desc limit 9",
      "taq;select sym, count(*) as n from trade where {w} group by sym order by n limit 5 offset 3",
      "taq;select sym, count(*) as n from trade where {w} group by sym limit 4",
      "taq;select date, sym, sum(size) as v from trade where {w} group by date, sym"
          + " order by date desc, v desc, sym",
      "taq;select ex, min(price) as lo, max(size) as hi from trade where {w} group by ex"
          + " order by hi, lo desc",
      "types;select s, max(f) as mf, min(h) as mh, count(*) as n from t where {w} group by s"
          + " order by mf desc nulls first, mh nulls last, s",
      "types;select c, sum(j) as sj from t where {w} group by c order by sj nulls first, c desc",
      "types;select d, max(i) as mi from t where {w} group by d order by mi desc nulls last, d",
      "types;select m, count(*) as n from t where {w} group by m order by m desc nulls first"})
  void groupsAreOrderedAndCutInTheScanAsCalciteDoes(String db, String template)
      throws SQLException {
    Connection c = db.equals("taq") ? taq : types;
    String p = plan(c, template.replace("{w}", "1 = 1"));
    assertTrue(p.contains("sort=[") || p.contains("fetch=["), p);
    assertFalse(p.contains("EnumerableSort") || p.contains("EnumerableLimitSort"), p);
    pushedAndSame(c, template);
  }

  /**
   * Every column counted, summed or bucketed where it can be, per key of every kind. The xbar keys
   * come with a (pushed) filter dropping NULL arguments: Calcite's xbar fails on them (the scan's
   * gives a NULL bucket), and infinite dates. xbar of times and timestamps, which have no pushed
   * null test, is in the TAQ queries and {@link #timeBucketsAsCalciteDoes}.
   */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"date;", "b;", "x;", "h;", "c;", "s;", "m;", "d;", "u;",
      "v;", "t;", "n;", "p;", "s, c, b;",
      "xbar(7, d);d between date '1700-01-01' and date '2300-01-01'",
      "xbar(1000, i);i is not null", "xbar(1000000000000, j);j is not null",
      "date, xbar(30, d), c;d between date '1700-01-01' and date '2300-01-01'"})
  void everyKeyTypeGroupsAsCalciteDoes(String key, String condition) throws SQLException {
    String where = condition == null ? "{w}" : condition + " and {w}";
    pushedAndSame(types, "select " + key + ", count(*), count(b), count(g), count(x), count(h),"
        + " count(i), count(j), count(e), count(f), count(c), count(s), count(p), count(m),"
        + " count(d), count(z), count(n), count(u), count(v), count(t), count(str), sum(i),"
        + " sum(j), sum(cast(h as bigint)), min(h), max(h), min(i), max(j), min(f), max(f),"
        + " first(j), last(f), first(i), last(j), wavg(i, f) from t where " + where
        + " group by " + key + " order by " + key);
  }

  /**
   * xbar of timestamps (before and after 2000), times and timespans (as TIME, and as BIGINT
   * nanoseconds), over a table without NULLs (Calcite's xbar fails on NULL).
   */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"time;xbar(3600000, ts)", "time;xbar(86400000, ts)",
      "time;xbar(7, ts)", "time;xbar(60000, tm)", "time;xbar(900000, sp)",
      "time;date, xbar(300000, sp)", "nanos;xbar(1000000000, sp)", "nanos;sp"})
  void timeBucketsAsCalciteDoes(String timespan, String key) throws SQLException {
    Path db = dir.resolve("ticks");
    if (!Files.exists(db)) {
      DatabaseWriter w = DatabaseWriter.open(db);
      java.util.Random r = new java.util.Random(11);
      for (int day = 0; day < 3; day++) {
        int n = 3000 + 500 * day;
        long[] ts = new long[n];
        int[] tm = new int[n];
        long[] sp = new long[n];
        long[] v = new long[n];
        for (int k = 0; k < n; k++) {
          ts[k] = (r.nextLong() >> 8) + (k % 5 == 0 ? -1 : 1) * 86_400_000_000_000L * k;
          tm[k] = r.nextInt(86_400_000);
          sp[k] = (long) (r.nextDouble() * 86_400_000_000_000L);
          v[k] = r.nextInt(1000) - 300;
        }
        w.writePartition(PartitionValue.date(LocalDate.of(2024, 3, 4 + day)), "ticks",
            dev.kdbsql.storage.write.TableData.builder()
                .add("ts", ColumnData.longs(KdbType.TIMESTAMP, ts))
                .add("tm", ColumnData.ints(KdbType.TIME, tm))
                .add("sp", ColumnData.longs(KdbType.TIMESPAN, sp))
                .add("v", ColumnData.longs(KdbType.LONG, v)).build(), WriteOptions.DEFAULT);
      }
    }
    Properties p = new Properties();
    p.setProperty("timespan", timespan);
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db, p)) {
      pushedAndSame(c, "select " + key + ", count(*), sum(v), first(v), last(v), min(v)"
          + " from ticks where {w} group by " + key + " order by " + key);
    }
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() throws SQLException {
    List<String> queries = Stream.concat(taqQueries(), Stream.of(
        "select sum(price), avg(price), wavg(size, price) from trade where {w}"))
        .map(q -> q.replace("{w}", "1 = 1").replace("SYM", sym)).toList();
    Properties one = new Properties();
    one.setProperty("threads", "1");
    Properties four = new Properties();
    four.setProperty("threads", "4");
    String url = "jdbc:kdb:" + dir.resolve("taq");
    try (Connection c1 = DriverManager.getConnection(url, one);
        Connection c4 = DriverManager.getConnection(url, four)) {
      for (String q : queries) {
        assertEquals(rows(c1, q), rows(c4, q), q);
      }
    }
  }

  /**
   * One partition of more than a million quotes is split into ranges that every thread works on:
   * the ranges, not the threads, decide how sums are grouped, so 1, 2 and 4 threads give the
   * same rows, which are Calcite's (sums within the tolerance).
   */
  @Test
  void aLargeSinglePartitionIsSplitAcrossThreadsWithTheSameResults() throws SQLException {
    Path big = dir.resolve("big");
    SampleDatabase.of(300_000, 1, 11).writeTo(big);
    List<String> queries = List.of(
        "select count(*), sum(bid), avg(ask - bid), min(bsize), max(asize), first(bid),"
            + " last(ask) from quote where {w}",
        "select sym, count(*), sum(bid), wavg(bsize, bid), first(ask), last(ask) from quote"
            + " where bsize > 100 and {w} group by sym order by sym",
        "select ex, count(*), sum(cast(asize as bigint)) from quote where {w} group by ex"
            + " order by ex");
    List<List<String>> byThreads = new ArrayList<>();
    for (String threads : List.of("1", "2", "4")) {
      Properties p = new Properties();
      p.setProperty("threads", threads);
      try (Connection c = DriverManager.getConnection("jdbc:kdb:" + big, p)) {
        assertTrue(Long.parseLong(rows(c, "select count(*) from quote").get(0)) > 1_000_000);
        List<String> all = new ArrayList<>();
        for (String q : queries) {
          pushedAndSame(c, q);
          all.addAll(rows(c, q.replace("{w}", "1 = 1")));
        }
        byThreads.add(all);
      }
    }
    assertEquals(byThreads.get(0), byThreads.get(1));
    assertEquals(byThreads.get(0), byThreads.get(2));
  }

  /**
   * A column file cut short in one of five partitions fails the query with an error naming the
   * file, on one thread or four, and every slice is closed: no descriptor is left open.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void aFailingPartitionNamesItsFileAndClosesEverySlice(int threads) throws Exception {
    Path db = dir.resolve("broken" + threads);
    SampleDatabase.of(5_000, 5, 3).writeTo(db);
    Path bid = db.resolve("2024.01.03").resolve("quote").resolve("bid");
    try (FileChannel ch = FileChannel.open(bid, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(bid) / 2);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Properties p = new Properties();
    p.setProperty("threads", Integer.toString(threads));
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db, p)) {
      String sql = "select sym, sum(bid), count(*) from quote group by sym";
      rows(c, "select count(*) from quote");
      boolean counted = ProcessResources.available();
      long fds = counted ? ProcessResources.openFileDescriptors() : 0;
      SQLException e = assertThrows(SQLException.class, () -> rows(c, sql));
      assertTrue(messages(e).contains(bid.toString()), messages(e));
      if (counted) {
        ProcessResources.settle();
        assertEquals(fds, ProcessResources.openFileDescriptors(), "descriptors after the failure");
      }
    }
    assumeTrue(ProcessResources.available(), "descriptor count needs Linux /proc");
  }

  private static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c).append('\n');
    }
    return b.toString();
  }
}
