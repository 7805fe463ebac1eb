package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.ExactTicks.TEXT;
import static dev.kdbsql.calcite.ExactTicks.by;
import static dev.kdbsql.calcite.ExactTicks.tn;
import static dev.kdbsql.calcite.ExactTicks.tnLiteral;
import static dev.kdbsql.calcite.ExactTicks.ts;
import static dev.kdbsql.calcite.ExactTicks.tsLiteral;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.calcite.ExactTicks.Row;
import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.Fixtures;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kdb+ timestamps and timespans are exact to the nanosecond through every operator, with the
 * default properties, whichever operator runs a query: every query runs pushed down and with
 * {@code pushdown=false} ({@link CalciteSql.Twin}), where Calcite's own operators run it all, and
 * both must give the answer computed here; some also mix the two, the scan below and Calcite
 * above a predicate the scan cannot take ({@link #CALCITE}). The JDBC getters are the driver's
 * (its {@code ExactTemporalsTest}).
 *
 * <p>The data is {@link ExactTicks}'s; every expected answer is computed from its raw values,
 * never by Calcite. Surefire runs this class under America/New_York and,
 * in a second JVM, Asia/Tokyo; the answers are the same.
 */
class ExactTemporalsTest {
  /** An always-true predicate the scan cannot evaluate: the operator above runs in Calcite. */
  private static final String CALCITE = "mod(id, 1) = 0";
  @TempDir
  static Path dir;
  private static CalciteSql.Twin c;
  private static CalciteSql.Twin nanos;
  /** Every row of {@code ticks}, in storage order. */
  private static List<Row> ROWS;

  @BeforeAll
  static void write() throws SQLException {
    ROWS = ExactTicks.write(dir.resolve("db"));
    c = CalciteSql.Twin.open(dir.resolve("db"));
    nanos = CalciteSql.Twin.open(dir.resolve("db"), "timespan=nanos");
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
    nanos.close();
  }

  /**
   * The rows of {@code sql} pushed down, after checking that Calcite alone (pushdown=false)
   * gives the same rows (in the same order if the query orders them all).
   */
  private static List<String> column(String sql) throws SQLException {
    return same(c, sql);
  }

  private static List<String> same(CalciteSql.Twin twin, String sql) throws SQLException {
    List<String> pushed = CalciteSql.rows(twin.pushed(), sql);
    List<String> reference = CalciteSql.rows(twin.reference(), sql);
    // Only an ORDER BY outside parentheses (not a window's) orders the result.
    String outer = sql;
    for (String s = ""; !s.equals(outer); ) {
      s = outer;
      outer = outer.replaceAll("\\([^()]*\\)", "");
    }
    if (outer.contains("order by")) {
      assertEquals(reference, pushed, sql);
    } else {
      assertEquals(reference.stream().sorted().toList(), pushed.stream().sorted().toList(), sql);
    }
    return pushed;
  }

  private static long count(String sql) throws SQLException {
    return Long.parseLong(column(sql).get(0));
  }

  private static String plan(String sql) throws SQLException {
    return CalciteSql.plan(c.pushed(), sql);
  }

  /** {@code sql} with {@code where} and {@link #CALCITE} (AND), so that Calcite runs it. */
  private static String inCalcite(String where) {
    return where.isEmpty() ? CALCITE : where + " and " + CALCITE;
  }

  // ---- values ----

  /** The engine and Calcite hand over exact objects, whatever the JVM's zone. */
  @Test
  void valuesAreExactObjects() throws SQLException {
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    for (java.sql.Connection conn : List.of(c.pushed(), c.reference())) {
      int n = 0;
      for (Object[] row : CalciteSql.values(conn, "select id, ts, tn from ticks")) {
        Row want = byId.get((Long) row[0]);
        n++;
        assertEquals(want.ts() == null ? null : KdbTimestamp.of(want.ts()), row[1]);
        assertEquals(want.tn() == null ? null : KdbTimespan.ofDay(want.tn()), row[2]);
        if (want.ts() != null) {
          assertEquals(Temporals.timestamp(want.ts()),
              ((KdbTimestamp) row[1]).toLocalDateTime());
        }
      }
      assertEquals(ROWS.size(), n);
    }
  }

  // ---- comparisons ----

  /** Literals: stored values, and values 1 ns and 1 ms around them. */
  private static List<Long> probes(Function<Row, Long> key) {
    List<Long> values = ROWS.stream().map(key).filter(Objects::nonNull).distinct().sorted()
        .toList();
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i += values.size() / 3) {
      long v = values.get(i);
      out.addAll(List.of(v, v - 1, v + 1, v + 1_000_000L));
    }
    return out;
  }

  private static boolean holds(String op, long a, long b) {
    return switch (op) {
      case "=" -> a == b;
      case "<>" -> a != b;
      case "<" -> a < b;
      case "<=" -> a <= b;
      case ">" -> a > b;
      default -> a >= b;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"ts", "tn"})
  void comparisonsWithLiteralsAreExactPushedOrNot(String col) throws SQLException {
    Function<Row, Long> key = col.equals("ts") ? Row::ts : Row::tn;
    for (long probe : probes(key)) {
      String literal = col.equals("ts") ? tsLiteral(probe) : tnLiteral(probe);
      for (String op : List.of("=", "<>", "<", "<=", ">", ">=")) {
        long want = ROWS.stream().filter(r -> key.apply(r) != null
            && holds(op, key.apply(r), probe)).count();
        String where = col + " " + op + " " + literal;
        String pushed = "select count(*) from ticks where " + where;
        if (op.equals("=")) {
          assertTrue(plan(pushed).contains("filter="), pushed);
        }
        assertEquals(want, count(pushed), pushed);
        String calcite = "select count(*) from ticks where " + where + " or " + CALCITE
            + " and id < 0";
        assertEquals(want, count(calcite), calcite);
      }
    }
  }

  /** Text compared with a kdb+ value is read with all its digits (BI tools send text). */
  @Test
  void textComparedWithTemporalsKeepsEveryDigit() throws SQLException {
    long ts = probes(Row::ts).get(2);
    long tn = probes(Row::tn).get(2);
    long wantTs = ROWS.stream().filter(r -> r.ts() != null && r.ts() > ts).count();
    long wantTn = ROWS.stream().filter(r -> r.tn() != null && r.tn() <= tn).count();
    for (String or : List.of("", " or " + CALCITE + " and id < 0")) {
      assertEquals(wantTs, count("select count(*) from ticks where ts > '" + ts(ts) + "'" + or));
      assertEquals(wantTn, count("select count(*) from ticks where tn <= '" + tn(tn) + "'" + or));
      assertEquals(wantTs, count("select count(*) from ticks where ts > cast('" + ts(ts)
          + "' as timestamp(9))" + or));
    }
  }

  /**
   * A constant beyond kdb+'s timestamps (1707 to 2292), as BI tools write a range's open end,
   * compares: every non-null timestamp is before 9999-12-31 and after 0001-01-01, none equals
   * either; in a projection a null timestamp still compares to UNKNOWN.
   */
  @Test
  void comparisonsWithConstantsBeyondTheRangeAreDecided() throws SQLException {
    long nonNull = ROWS.stream().filter(r -> r.ts() != null).count();
    long all = ROWS.size();
    Map<String, Long> want = new java.util.LinkedHashMap<>();
    for (String far : List.of("timestamp '9999-12-31 00:00:00'", "date '2300-01-01'",
        "'2292-04-11 00:00:00'", "cast('9999-12-31 23:59:59.999999999' as timestamp(9))")) {
      want.put("ts < " + far, nonNull);
      want.put("ts <= " + far, nonNull);
      want.put("ts <> " + far, nonNull);
      want.put(far + " > ts", nonNull);
      want.put("ts > " + far, 0L);
      want.put("ts = " + far, 0L);
      want.put("ts in (" + far + ", " + far + ")", 0L);
      want.put("ts is distinct from " + far, all);
      want.put("ts is not distinct from " + far, 0L);
      want.put("not (ts < " + far + ")", 0L);
    }
    for (String early : List.of("timestamp '0001-01-01 00:00:00'", "date '1600-01-01'")) {
      want.put("ts > " + early, nonNull);
      want.put("ts >= " + early, nonNull);
      want.put("ts <= " + early, 0L);
      want.put("ts between " + early + " and " + (early.startsWith("date") ? "date '9999-12-31'"
          : "timestamp '9999-12-31 00:00:00'"), nonNull);
    }
    for (Map.Entry<String, Long> w : want.entrySet()) {
      assertEquals(w.getValue(), count("select count(*) from ticks where " + w.getKey()),
          w.getKey());
      assertEquals(w.getValue(), count("select count(*) from ticks where "
          + inCalcite(w.getKey())), w.getKey());
    }
    assertEquals(List.of(all - nonNull + "|0|" + nonNull), column("select count(*) - count(ts), "
        + "sum(case when ts > date '2300-01-01' then 1 else 0 end), "
        + "count(case when ts < date '2300-01-01' then 1 end) from ticks"));
  }

  /** A timestamp compared with a date is pushed into the scan, as with a timestamp. */
  @Test
  void comparisonsWithDatesArePushed() throws SQLException {
    long midnight = Temporals.timestampValue(Temporals.timestamp(probes(Row::ts).get(4))
        .toLocalDate().atStartOfDay());
    String day = "date '" + Temporals.timestamp(midnight).toLocalDate() + "'";
    for (String op : List.of("=", "<>", "<", "<=", ">", ">=")) {
      long want = ROWS.stream().filter(r -> r.ts() != null && holds(op, r.ts(), midnight))
          .count();
      String sql = "select count(*) from ticks where ts " + op + " " + day;
      String plan = plan(sql);
      assertTrue(plan.contains("filter=") && plan.contains("TIMESTAMP '"), plan);
      assertEquals(want, count(sql), sql);
    }
  }

  /** Arithmetic that leaves kdb+'s range fails with a message naming it, never wraps around. */
  @Test
  void arithmeticBeyondTheRangeFailsClearly() {
    for (String sql : List.of("select ts + interval '300' year from ticks",
        "select timestampadd(year, 300, ts) from ticks",
        "select timestampadd(day, 200000, ts) from ticks",
        "select ts - interval '400' year from ticks",
        "select floor(ts to hour) + interval '100000' day(6) from ticks")) {
      SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> CalciteSql.rows(c.pushed(), sql), sql);
      String m = String.valueOf(e.getMessage()) + e.getCause();
      assertTrue(m.contains("outside the range of kdb+ timestamps"), sql + ": " + m);
    }
  }

  /** A RANGE frame offset over a kdb+ value is refused with a message; ROWS frames work. */
  @Test
  void rangeFramesOverTemporalsAreRefusedClearly() {
    SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
        () -> column("select count(*) over (order by ts range interval '1' second preceding) "
            + "from ticks"));
    assertTrue(e.getMessage().contains("use a ROWS frame"), e.getMessage());
  }

  @Test
  void inListsAndRangesAreExact() throws SQLException {
    List<Long> p = probes(Row::ts);
    long lo = p.get(1);
    long hi = p.get(9);
    long want = ROWS.stream().filter(r -> r.ts() != null && r.ts() >= lo && r.ts() <= hi).count();
    String between = "ts between " + tsLiteral(lo) + " and " + tsLiteral(hi);
    assertEquals(want, count("select count(*) from ticks where " + between));
    assertEquals(want, count("select count(*) from ticks where " + inCalcite(between)));
    long a = p.get(0);
    long b = p.get(4);
    long inWant = ROWS.stream().filter(r -> r.tn() != null && (r.tn() == a || r.tn() == b))
        .count();
    List<Long> tns = probes(Row::tn);
    long x = tns.get(0);
    long y = tns.get(4);
    long tnWant = ROWS.stream().filter(r -> r.tn() != null && (r.tn() == x || r.tn() == y))
        .count();
    String in = "tn in (" + tnLiteral(x) + ", " + tnLiteral(y) + ")";
    assertEquals(tnWant, count("select count(*) from ticks where " + in));
    assertEquals(tnWant, count("select count(*) from ticks where " + in + " or " + CALCITE
        + " and id < 0"));
    assertTrue(inWant >= 0);
  }

  @Test
  void columnsCompareExactlyWithColumns() throws SQLException {
    long less = 0;
    long equalTn = 0;
    long tsAboveZ = 0;
    for (Row a : ROWS) {
      if (a.ts() != null && a.zMillis() != null
          && a.ts() > (a.zMillis() - Temporals.EPOCH_MILLIS_2000) * 1_000_000L) {
        tsAboveZ++;
      }
      for (Row b : ROWS) {
        if (a.ts() != null && b.ts() != null && a.ts() < b.ts()) {
          less++;
        }
        if (a.tn() != null && a.tn().equals(b.tn())) {
          equalTn++;
        }
      }
    }
    assertEquals(less, count("select count(*) from ticks a, ticks b where a.ts < b.ts"));
    assertEquals(equalTn, count("select count(*) from ticks a join ticks b on a.tn = b.tn"));
    assertEquals(equalTn, count("select count(*) from ticks a, ticks b where a.tn = b.tn "
        + "and mod(a.id, 1) = mod(b.id, 1)"));
    // a timestamp against a datetime: the datetime's milliseconds, exactly
    assertEquals(tsAboveZ, count("select count(*) from ticks where ts > z"));
  }

  @Test
  void joinsOnTemporalKeysMatchExactValues() throws SQLException {
    Map<Long, Long> multiplicity = ROWS.stream().filter(r -> r.ts() != null)
        .collect(Collectors.groupingBy(Row::ts, Collectors.counting()));
    long want = multiplicity.values().stream().mapToLong(m -> m * m).sum();
    assertEquals(want, count("select count(*) from ticks a join ticks b on a.ts = b.ts"));
    assertEquals(want, count("select count(*) from ticks a join (select * from ticks where "
        + CALCITE + ") b on a.ts = b.ts and a.k + b.k >= 0"));
    long semi = ROWS.stream().filter(r -> r.tn() != null).count();
    assertEquals(semi, count("select count(*) from ticks where tn in (select tn from ticks)"));
  }

  // ---- ordering, grouping ----

  @ParameterizedTest
  @ValueSource(strings = {"ts", "tn"})
  void orderByIsExact(String col) throws SQLException {
    Function<Row, Long> key = col.equals("ts") ? Row::ts : Row::tn;
    List<String> want = ROWS.stream().sorted(by(key)).map(r -> String.valueOf(r.id())).toList();
    assertEquals(want, column("select id from ticks order by " + col + ", id"));
    assertEquals(want, column("select id from ticks where " + CALCITE + " order by " + col
        + ", id"));
    List<String> desc = ROWS.stream().sorted(by(key).reversed()).map(r -> String.valueOf(r.id()))
        .limit(25).toList();
    String top = "select id from ticks order by " + col + " desc nulls last, id desc limit 25";
    assertTrue(plan(top).contains("sort="), top);
    List<String> descNullsLast = ROWS.stream().filter(r -> key.apply(r) != null)
        .sorted(by(key).reversed()).map(r -> String.valueOf(r.id())).limit(25).toList();
    assertEquals(descNullsLast, column(top));
    assertEquals(descNullsLast, column("select id from ticks where " + CALCITE + " order by "
        + col + " desc nulls last, id desc limit 25"));
    assertFalse(desc.isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ts", "tn"})
  void groupByDistinctAndCountDistinctAreExact(String col) throws SQLException {
    Function<Row, Long> key = col.equals("ts") ? Row::ts : Row::tn;
    Function<Long, String> text = col.equals("ts") ? ExactTicks::ts : ExactTicks::tn;
    Map<String, Long> want = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    ROWS.forEach(r -> want.merge(text.apply(key.apply(r)), 1L, Long::sum));
    for (String where : List.of("", " where " + CALCITE)) {
      Map<String, Long> got = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
      for (String row : column("select " + col + ", count(*) from ticks" + where + " group by "
          + col)) {
        String[] parts = row.split("\\|");
        got.put(parts[0].equals("null") ? null : parts[0], Long.parseLong(parts[1]));
      }
      assertEquals(want, got, where);
      long distinct = want.keySet().stream().filter(Objects::nonNull).count();
      assertEquals(distinct, count("select count(distinct " + col + ") from ticks" + where));
      assertEquals(want.size(), column("select distinct " + col + " from ticks" + where).size());
    }
  }

  // ---- windows ----

  @Test
  void windowsOrderAndPartitionExactly() throws SQLException {
    List<Row> sorted = ROWS.stream().sorted(by(Row::ts)).toList();
    Map<Long, String> lag = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      lag.put(sorted.get(i).id(), i == 0 ? "null" : String.valueOf(sorted.get(i - 1).id()));
    }
    for (String row : column("select id, lag(id) over (order by ts, id) from ticks")) {
      String[] p = row.split("\\|");
      assertEquals(lag.get(Long.parseLong(p[0])), p[1], row);
    }
    Map<String, Long> partition = new HashMap<>();
    ROWS.forEach(r -> partition.merge(tn(r.tn()), 1L, Long::sum));
    for (String row : column("select tn, count(*) over (partition by tn) from ticks")) {
      String[] p = row.split("\\|");
      assertEquals(partition.get(p[0].equals("null") ? null : p[0]), Long.parseLong(p[1]), row);
    }
    // MAX over a sliding window ordered by id, and the as-of pattern: the last quote at or
    // before each trade, by a window over the union ordered by time.
    List<Row> byId = ROWS.stream().sorted(Comparator.comparingLong(Row::id)).toList();
    Map<Long, String> max = new HashMap<>();
    for (int i = 0; i < byId.size(); i++) {
      Long m = null;
      for (int j = Math.max(0, i - 2); j <= i; j++) {
        Long v = byId.get(j).ts();
        m = v == null ? m : m == null || v > m ? v : m;
      }
      max.put(byId.get(i).id(), String.valueOf(ts(m)));
    }
    for (String row : column("select id, max(ts) over (order by id rows 2 preceding) "
        + "from ticks")) {
      String[] p = row.split("\\|");
      assertEquals(max.get(Long.parseLong(p[0])), p[1], row);
    }
  }

  // ---- aggregates, subqueries, CASE ----

  @Test
  void minMaxFirstLastAreExactPushedOrNot() throws SQLException {
    Long minTs = ROWS.stream().map(Row::ts).filter(Objects::nonNull).min(Long::compare).get();
    Long maxTs = ROWS.stream().map(Row::ts).filter(Objects::nonNull).max(Long::compare).get();
    Long minTn = ROWS.stream().map(Row::tn).filter(Objects::nonNull).min(Long::compare).get();
    Long maxTn = ROWS.stream().map(Row::tn).filter(Objects::nonNull).max(Long::compare).get();
    Long firstTs = ROWS.stream().map(Row::ts).filter(Objects::nonNull).findFirst().get();
    Long lastTn = ROWS.stream().map(Row::tn).filter(Objects::nonNull)
        .reduce((a, b) -> b).get();
    String want = String.join("|", ts(minTs), ts(maxTs), tn(minTn), tn(maxTn), ts(firstTs),
        tn(lastTn));
    String sql = "select min(ts), max(ts), min(tn), max(tn), first(ts), last(tn) from ticks";
    assertTrue(plan(sql).contains("aggregate="), sql);
    assertEquals(List.of(want), column(sql));
    assertEquals(List.of(want), column(sql + " where " + CALCITE));
    // by key, both ways
    for (int k = 0; k < 3; k++) {
      int key = k;
      Long m = ROWS.stream().filter(r -> r.k() == key).map(Row::ts).filter(Objects::nonNull)
          .max(Long::compare).orElse(null);
      String byKey = "select max(ts) from ticks where k = " + k;
      assertEquals(List.of(String.valueOf(ts(m))), column(byKey));
      assertEquals(List.of(String.valueOf(ts(m))), column(byKey + " and " + CALCITE));
    }
  }

  @Test
  void scalarSubqueriesCompareExactly() throws SQLException {
    long minTs = ROWS.stream().map(Row::ts).filter(Objects::nonNull).min(Long::compare).get();
    long above = ROWS.stream().filter(r -> r.ts() != null && r.ts() > minTs).count();
    assertEquals(above, count("select count(*) from ticks where ts > (select min(ts) from ticks)"));
    assertEquals(above, count("select count(*) from ticks where ts > (select min(ts) from ticks "
        + "where " + CALCITE + ")"));
    long maxTn = ROWS.stream().map(Row::tn).filter(Objects::nonNull).max(Long::compare).get();
    long atMax = ROWS.stream().filter(r -> r.tn() != null && r.tn() == maxTn).count();
    assertEquals(atMax, count("select count(*) from ticks where tn = (select max(tn) from ticks)"));
    assertEquals(atMax, count("select count(*) from ticks t where tn >= all (select tn from "
        + "ticks where tn is not null)"));
  }

  @Test
  void caseAndCoalesceKeepNanoseconds() throws SQLException {
    long fallback = Temporals.timestampValue(LocalDateTime.of(2024, 1, 2, 9, 30, 0, 1));
    Map<Long, String> want = new HashMap<>();
    ROWS.forEach(r -> want.put(r.id(), r.id() % 2 == 0 ? String.valueOf(ts(r.ts()))
        : ts(fallback)));
    for (String row : column("select id, case when mod(id, 2) = 0 then ts else "
        + tsLiteral(fallback) + " end from ticks")) {
      String[] p = row.split("\\|");
      assertEquals(want.get(Long.parseLong(p[0])), p[1], row);
    }
    Map<Long, String> coalesced = new HashMap<>();
    ROWS.forEach(r -> coalesced.put(r.id(), tn(r.tn() == null ? 1L : r.tn())));
    for (String row : column("select id, coalesce(tn, time '00:00:00.000000001') from ticks")) {
      String[] p = row.split("\\|");
      assertEquals(coalesced.get(Long.parseLong(p[0])), p[1], row);
    }
  }

  // ---- as-of joins ----

  /** The raw rows of a splayed table of {@link ExactTicks#write}: id, sym, tn, ts. */
  private static List<Object[]> raw(String table) {
    List<Object[]> out = new ArrayList<>();
    try (Database d = Database.open(dir.resolve("db"))) {
      KdbTable t = d.table(table);
      for (TableSlice s : t.slices()) {
        try (s) {
          for (long r = 0; r < s.rowCount(); r++) {
            long tn = s.column(t.columnIndex("tn")).getLong(r);
            long ts = s.column(t.columnIndex("ts")).getLong(r);
            String sym = s.column(t.columnIndex("sym")).getSymbol(r);
            out.add(new Object[] {s.column(t.columnIndex("id")).getLong(r),
                sym.isEmpty() ? null : sym, tn == Nulls.LONG_NULL ? null : tn,
                ts == Nulls.LONG_NULL ? null : ts});
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void asofJoinsMatchTheExactQuote(int field) throws SQLException {
    String col = field == 2 ? "tn" : "ts";
    List<Object[]> trades = raw("trades");
    List<Object[]> quotes = raw("quotes");
    List<String> want = new ArrayList<>();
    for (Object[] t : trades) {
      Object[] match = null;
      for (Object[] q : quotes) {
        if (t[1] != null && t[1].equals(q[1]) && t[field] != null && q[field] != null
            && (Long) q[field] <= (Long) t[field]
            && (match == null || (Long) q[field] >= (Long) match[field])) {
          match = q;
        }
      }
      want.add(t[0] + "|" + (match == null ? "null" : match[0]));
    }
    String sql = "select t.id, q.id from trades t left asof join quotes q match_condition t."
        + col + " >= q." + col + " on t.sym = q.sym";
    assertTrue(plan(sql).contains("KdbAsofJoin"), sql);
    assertEquals(want.stream().sorted().toList(),
        CalciteSql.rows(c.pushed(), sql).stream().sorted().toList(), "pushed: " + sql);
    // Calcite's own operator (pushdown=false) may pick another quote among those tied at the
    // matched time, to the nanosecond: compare the matched times.
    Map<String, String> time = new HashMap<>();
    quotes.forEach(q -> time.put(String.valueOf(q[0]), String.valueOf(q[field])));
    java.util.function.Function<String, String> matchedTime = row -> {
      String[] p = row.split("\\|");
      return p[0] + "|" + (p[1].equals("null") ? "null" : time.get(p[1]));
    };
    assertEquals(want.stream().map(matchedTime).sorted().toList(),
        CalciteSql.rows(c.reference(), sql).stream().map(matchedTime).sorted().toList(),
        "Calcite's: " + sql);
  }

  // ---- time-of-day SQL on timespans ----

  @Test
  void timeOfDaySqlWorksOnTimespans() throws SQLException {
    long ten = 36_000_000_000_000L;
    assertEquals(ROWS.stream().filter(r -> r.tn() != null && r.tn() >= ten).count(),
        count("select count(*) from ticks where tn >= time '10:00:00'"));
    assertEquals(ROWS.stream().filter(r -> r.tn() != null && r.tn() >= ten + 1).count(),
        count("select count(*) from ticks where tn > time '10:00:00'"));
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    for (String row : column("select id, extract(hour from tn), extract(nanosecond from tn), "
        + "cast(tn as varchar), tn + interval '1' hour, floor(tn to second), "
        + "ceil(tn to second) from ticks")) {
      String[] p = row.split("\\|");
      Long v = byId.get(Long.parseLong(p[0])).tn();
      if (v == null) {
        assertEquals("null|null|null|null|null|null", row.substring(row.indexOf('|') + 1));
        continue;
      }
      LocalTime t = LocalTime.ofNanoOfDay(v);
      assertEquals(String.valueOf(t.getHour()), p[1]);
      assertEquals(String.valueOf(v % 60_000_000_000L), p[2]);
      assertEquals(tn(v), p[3]);
      assertEquals(tn(Math.floorMod(v + 3_600_000_000_000L, Temporals.NANOS_PER_DAY)), p[4]);
      assertEquals(tn(v / 1_000_000_000L * 1_000_000_000L), p[5]);
      long ceil = (v + 999_999_999L) / 1_000_000_000L * 1_000_000_000L;
      assertEquals(tn(ceil % Temporals.NANOS_PER_DAY), p[6]);
    }
  }

  /**
   * DATE_TRUNC as Postgres and DuckDB spell it is the standard FLOOR (the week from Monday, the
   * ISO week), exact below the millisecond; BigQuery's spelling too; an unknown unit is refused
   * naming the known ones.
   */
  @Test
  void dateTruncIsFloor() throws SQLException {
    assertEquals(column("select id, floor(ts to microsecond), floor(ts to second),"
            + " floor(tn to hour), floor(cast(ts as date) - interval '1' day to week)"
            + " + interval '1' day, floor(ts to month), floor(cast(ts as date) to week),"
            + " floor(ts to decade) from ticks order by id"),
        column("select id, date_trunc('microseconds', ts), DATE_TRUNC('second', ts),"
            + " date_trunc('Hour', tn), date_trunc('week', cast(ts as date)),"
            + " date_trunc('months', ts), date_trunc(cast(ts as date), week),"
            + " date_trunc('decade', ts) from ticks order by id"));
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    for (String row : column("select id, date_trunc('microsecond', ts) from ticks")) {
      String[] p = row.split("\\|");
      Long v = byId.get(Long.parseLong(p[0])).ts();
      assertEquals(v == null ? "null" : ts(Math.floorDiv(v, 1_000L) * 1_000L), p[1], row);
    }
    assertEquals(List.of("2024-01-01|2024-01-08|2024-01-08 00:00:00"),
        column("select date_trunc('week', date '2024-01-07'), date_trunc('week',"
            + " date '2024-01-08'), date_trunc('week', timestamp '2024-01-14 23:59:59')"));
    SQLException e = assertThrows(SQLException.class,
        () -> CalciteSql.rows(c.pushed(), "select date_trunc('fortnight', ts) from ticks"));
    assertTrue(e.getMessage().contains("DATE_TRUNC unit 'fortnight' is not one of"),
        e.getMessage());
  }

  /**
   * TIMESTAMPDIFF in milliseconds, microseconds and nanoseconds counts the exact difference
   * (Calcite's own counts whole seconds and scales them: 1.5 s apart would be 1,000 ms), for
   * kdb+ values and Calcite's alike; TIMESTAMPADD to a kdb+ value keeps its type and every
   * nanosecond in every unit (Calcite would type seconds to hours, and units below the second,
   * with milliseconds).
   */
  @Test
  void timestampDiffBelowTheSecondIsExact() throws SQLException {
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    long base = ROWS.stream().map(Row::ts).filter(v -> v != null).findFirst().orElseThrow()
        - 1_234_567_891L;
    long midnight = 0;
    for (String row : column("select id, timestampdiff(nanosecond, " + tsLiteral(base)
        + ", ts), timestampdiff(millisecond, " + tnLiteral(midnight) + ", tn),"
        + " timestampdiff(nanosecond, tn, " + tnLiteral(midnight) + ") from ticks")) {
      String[] p = row.split("\\|");
      Row r = byId.get(Long.parseLong(p[0]));
      if (r.ts() != null) {
        assertEquals(String.valueOf(r.ts() - base), p[1], row);
      }
      if (r.tn() != null) {
        assertEquals(String.valueOf(r.tn() / 1_000_000L), p[2], row);
        assertEquals(String.valueOf(-r.tn()), p[3], row);
      }
    }
    // TIMESTAMPADD keeps the kdb+ type and every nanosecond, in every unit and spelling (the
    // JDBC escape BI tools send too); a time of day goes around the clock.
    long day = Temporals.NANOS_PER_DAY;
    for (String row : column("select id, timestampadd(day, 1, ts), timestampadd(month, -2, ts),"
        + " timestampadd(second, 3, tn), timestampadd(second, 1, ts), timestampadd(hour, -25,"
        + " ts), {fn timestampadd(SQL_TSI_MINUTE, 90, ts)}, timestampadd(week, 2, ts),"
        + " timestampadd(microsecond, 7, ts), timestampadd(nanosecond, -3, ts),"
        + " timestampadd(millisecond, 1, tn), timestampadd(hour, 23, tn),"
        + " timestampadd(nanosecond, -1, tn), timestampadd(second, cast(null as integer), ts)"
        + " from ticks")) {
      String[] p = row.split("\\|");
      Row r = byId.get(Long.parseLong(p[0]));
      if (r.ts() != null) {
        long v = r.ts();
        assertEquals(ts(v + day), p[1], row);
        assertEquals(TEXT.format(Temporals.timestamp(v).minusMonths(2)), p[2], row);
        assertEquals(List.of(ts(v + 1_000_000_000L), ts(v - 25 * 3_600_000_000_000L),
            ts(v + 90 * 60_000_000_000L), ts(v + 14 * day), ts(v + 7_000L), ts(v - 3L)),
            List.of(p[4], p[5], p[6], p[7], p[8], p[9]), row);
      } else {
        assertEquals("null|null|null|null", String.join("|", p[1], p[4], p[8], p[9]), row);
      }
      if (r.tn() != null) {
        long v = r.tn();
        assertEquals(List.of(tn((v + 3_000_000_000L) % day), tn((v + 1_000_000L) % day),
            tn((v + 23 * 3_600_000_000_000L) % day), tn(Math.floorMod(v - 1L, day))),
            List.of(p[3], p[10], p[11], p[12]), row);
      }
      assertEquals("null", p[13], row);
    }
    // Typed as the value's kdb+ type, so it compares with kdb+ values exactly.
    assertEquals(List.of(String.valueOf(ROWS.stream().filter(r -> r.ts() != null).count())),
        column("select count(*) from ticks"
            + " where timestampadd(nanosecond, 1, ts) > ts and timestampadd(second, -1, ts) < ts"));
    // Calcite types microseconds as INTEGER: more than 2,147 s of them fails, never wraps.
    SQLException overflow = assertThrows(SQLException.class, () -> CalciteSql.rows(c.pushed(),
        "select timestampdiff(microsecond, " + tnLiteral(midnight) + ", tn) from ticks"
            + " where tn > time '01:00:00'"));
    assertTrue(overflow.getMessage().contains("does not fit its INTEGER result"),
        overflow.getMessage());
    assertEquals(List.of("1500|1500000|1500000000"), column("select timestampdiff(millisecond,"
        + " timestamp '2024-01-01 00:00:00', timestamp '2024-01-01 00:00:01.5'),"
        + " timestampdiff(microsecond, timestamp '2024-01-01 00:00:00',"
        + " timestamp '2024-01-01 00:00:01.5'), timestampdiff(nanosecond,"
        + " timestamp '2024-01-01 00:00:00', timestamp '2024-01-01 00:00:01.5')"));
  }

  /**
   * A CAST of a kdb+ value to TIMESTAMP or TIME keeps the digits it asks for (all of them with no
   * precision, as BI tools cast, or 9; a timestamp's time of day to TIME), in every spelling;
   * with at most 3 digits it is Calcite's own type, floored to them exactly.
   */
  @Test
  void castToTimestampOrTimeKeepsTheNanoseconds() throws SQLException {
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    long day = Temporals.NANOS_PER_DAY;
    int checked = 0;
    for (String row : column("select id, cast(ts as timestamp), cast(ts as timestamp(9)),"
        + " {fn CONVERT(ts, SQL_TIMESTAMP)}, cast(ts as timestamp(6)), cast(ts as timestamp(3)),"
        + " cast(ts as time), cast(ts as time(9)), cast(tn as time), {fn CONVERT(tn, SQL_TIME)},"
        + " cast(tn as time(5)), cast(cast(ts as timestamp) as varchar) from ticks")) {
      String[] p = row.split("\\|");
      Row r = byId.get(Long.parseLong(p[0]));
      if (r.ts() != null) {
        long v = r.ts();
        // TIMESTAMP(3) is Calcite's own, whose text has 3 digits.
        assertEquals(List.of(ts(v), ts(v), ts(v), ts(Math.floorDiv(v, 1_000L) * 1_000L),
            ts(Math.floorDiv(v, 1_000_000L) * 1_000_000L).substring(0, 23),
            tn(Math.floorMod(v, day)),
            tn(Math.floorMod(v, day)), ts(v)),
            List.of(p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[11]), row);
        checked += v % 1_000_000L != 0 ? 1 : 0;
      } else {
        assertEquals("null|null|null|null", String.join("|", p[1], p[3], p[4], p[6]), row);
      }
      if (r.tn() != null) {
        long v = r.tn();
        assertEquals(List.of(tn(v), tn(v), tn(v / 10_000L * 10_000L)),
            List.of(p[8], p[9], p[10]), row);
      }
    }
    assertTrue(checked > 0, "no timestamp with digits below the millisecond");
    // Typed as the kdb+ value, so it compares with the column exactly.
    assertEquals(List.of(String.valueOf(ROWS.stream().filter(r -> r.ts() != null).count())),
        column("select count(*) from ticks where cast(ts as timestamp) = ts"
            + " and cast(ts as timestamp(6)) <= ts"));
  }

  /**
   * A CAST to TIMESTAMP or TIME of fewer digits than the value holds, 0 to 2, truncates to them
   * where the value is compared and grouped, not only where it is shown: of kdb+ timestamps and
   * timespans, of a datetime (Calcite's own milliseconds) and of literals. Calcite 1.42's
   * generated cast kept the milliseconds, so no value with some equalled a whole second.
   */
  @Test
  void castToFewerDigitsTruncatesTheValue() throws SQLException {
    long second = 1_000_000_000L;
    Set<Long> seconds = new HashSet<>();
    Set<Long> tenths = new HashSet<>();
    Set<Long> zSeconds = new HashSet<>();
    for (Row r : ROWS) {
      if (r.ts() != null) {
        seconds.add(Math.floorDiv(r.ts(), second));
      }
      if (r.tn() != null) {
        tenths.add(r.tn() / 100_000_000L);
      }
      if (r.zMillis() != null) {
        zSeconds.add(Math.floorDiv(r.zMillis(), 1000L));
      }
    }
    assertEquals(List.of(seconds.size() + "|" + tenths.size() + "|" + zSeconds.size()),
        column("select count(distinct cast(ts as timestamp(0))),"
            + " count(distinct cast(tn as time(1))), count(distinct cast(z as timestamp(0)))"
            + " from ticks"));
    Row some = ROWS.stream().filter(r -> r.ts() != null && r.ts() % second != 0).findFirst()
        .orElseThrow();
    long whole = Math.floorDiv(some.ts(), second) * second;
    long expected = ROWS.stream().filter(r -> r.ts() != null
        && Math.floorDiv(r.ts(), second) * second == whole).count();
    assertEquals(expected, count("select count(*) from ticks where cast(ts as timestamp(0)) = "
        + tsLiteral(whole)));
    assertEquals(List.of("true|true"), column("select cast(t as time(0)) = time '09:30:04',"
        + " cast(cast(t as timestamp(2)) as varchar) = '2024-01-02 09:30:04.29' from (values"
        + " (timestamp '2024-01-02 09:30:04.291')) as v(t)"));
  }

  /**
   * {@code {fn CONVERT_TIMEZONE(from, to, x)}}, which Calcite's driver lists but Calcite cannot
   * run, reads a wall clock of one zone in another, to the nanosecond for kdb+ timestamps.
   */
  @Test
  void convertTimezoneKeepsTheNanoseconds() throws SQLException {
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    java.time.ZoneId ny = java.time.ZoneId.of("America/New_York");
    for (String row : column("select id, {fn CONVERT_TIMEZONE('UTC', 'America/New_York', ts)},"
        + " {fn convert_timezone('America/New_York', 'UTC', ts)} from ticks")) {
      String[] p = row.split("\\|");
      Long v = byId.get(Long.parseLong(p[0])).ts();
      if (v == null) {
        assertEquals("null|null", p[1] + "|" + p[2], row);
        continue;
      }
      LocalDateTime wall = Temporals.timestamp(v);
      assertEquals(List.of(TEXT.format(wall.atZone(java.time.ZoneOffset.UTC)
              .withZoneSameInstant(ny).toLocalDateTime()),
          TEXT.format(wall.atZone(ny).withZoneSameInstant(java.time.ZoneOffset.UTC)
              .toLocalDateTime())), List.of(p[1], p[2]), row);
    }
    assertEquals(List.of("2024-07-01 08:00:00.123"), column("select {fn CONVERT_TIMEZONE('UTC',"
        + " 'America/New_York', timestamp '2024-07-01 12:00:00.123')} from ticks where id = 0"));
    SQLException unknown = assertThrows(SQLException.class, () -> CalciteSql.rows(c.pushed(),
        "select {fn CONVERT_TIMEZONE('Mars/Olympus', 'UTC', ts)} from ticks"));
    assertTrue(unknown.getMessage().contains("'Mars/Olympus' is not a time zone"),
        unknown.getMessage());
  }

  /**
   * Calcite's own TIMESTAMP(3) and TIME(3) (a kdb+ datetime, a literal) cast to text keep their
   * milliseconds: Calcite 1.42's cast left them out ("23:19:12" for 23:19:12.001).
   */
  @Test
  void millisecondTypesCastToTextKeepTheirDigits() throws SQLException {
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    java.time.format.DateTimeFormatter millis =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    int checked = 0;
    for (String row : column("select id, cast(z as varchar), 'at ' || z from ticks")) {
      String[] p = row.split("\\|");
      Long z = byId.get(Long.parseLong(p[0])).zMillis();
      String text = z == null ? "null"
          : LocalDateTime.ofEpochSecond(Math.floorDiv(z, 1000L), 0, java.time.ZoneOffset.UTC)
              .plusNanos(Math.floorMod(z, 1000L) * 1_000_000L).format(millis);
      assertEquals(List.of(text, z == null ? "null" : "at " + text), List.of(p[1], p[2]), row);
      checked += z != null && z % 1000L != 0 ? 1 : 0;
    }
    assertTrue(checked > 0, "no datetime with milliseconds");
    assertEquals(List.of("2024-01-01 10:00:00.123|10:00:00.12|2024-01-01 10:00:00"),
        column("select cast(timestamp '2024-01-01 10:00:00.123' as varchar),"
            + " cast(time '10:00:00.12' as varchar(20)), cast(timestamp '2024-01-01 10:00:00'"
            + " as varchar) from ticks where id = 0"));
  }

  /**
   * A date plus a time of day (either order), as Postgres and DuckDB add them, is the timestamp
   * of that time on that date: exact with a kdb+ timespan (the date partition plus the time
   * column of a kdb+ table), Calcite's TIMESTAMP with its own TIME.
   */
  @Test
  void datePlusTimeIsATimestamp() throws SQLException {
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    long day = Temporals.NANOS_PER_DAY;
    long jan2 = LocalDate.of(2024, 1, 2).toEpochDay() * day - Temporals.EPOCH_NANOS_2000;
    for (String row : column("select id, cast(ts as date) + tn, tn + date '2024-01-02',"
        + " cast(date '2024-01-02' + tn as varchar) from ticks")) {
      String[] p = row.split("\\|");
      Row r = byId.get(Long.parseLong(p[0]));
      if (r.tn() == null) {
        assertEquals("null|null|null", String.join("|", p[1], p[2], p[3]), row);
        continue;
      }
      if (r.ts() != null) {
        assertEquals(ts(Math.floorDiv(r.ts(), day) * day + r.tn()), p[1], row);
      }
      assertEquals(List.of(ts(jan2 + r.tn()), ts(jan2 + r.tn())), List.of(p[2], p[3]), row);
    }
    // Inside further arithmetic, as BI tools shift a timestamp: (date + time) + interval, of
    // the partition column too (typed as a date plus a time there also).
    for (String row : column("select id, cast(\"date\" as varchar), \"date\" + tn + interval"
        + " '1:30' minute to second, (tn + \"date\") - interval '1' day, date '2024-01-02' + tn"
        + " + interval '1' second from ticks where tn is not null")) {
      String[] p = row.split("\\|");
      long tn = byId.get(Long.parseLong(p[0])).tn();
      long date = LocalDate.parse(p[1]).toEpochDay() * day - Temporals.EPOCH_NANOS_2000;
      assertEquals(List.of(ts(date + tn + 90_000_000_000L), ts(date + tn - day),
          ts(jan2 + tn + 1_000_000_000L)), List.of(p[2], p[3], p[4]), row);
    }
    // Compares and groups as a timestamp.
    assertEquals(List.of(String.valueOf(ROWS.stream().filter(r -> r.tn() != null
        && r.tn() >= 36_000_000_000_000L).count())), column("select count(*) from ticks"
            + " where date '2024-01-02' + tn >= timestamp '2024-01-02 10:00:00'"));
    assertEquals(List.of("2024-01-02 10:00:00.5"),
        column("select date '2024-01-02' + time '10:00:00.5' from ticks where id = 0"));
  }

  /**
   * A filter on {@code date + time} reads only the dates that can hold a match (a time of day lies
   * within its date), and counts what Calcite alone counts, at midnight and a nanosecond past.
   */
  @Test
  void datePlusTimeFiltersPrunePartitions() throws SQLException {
    long matched = 0;
    for (String t : List.of("timestamp '2024-01-02 10:00:00'", "timestamp '2024-03-10 00:00:00'",
        "timestamp '2024-03-10 00:00:00.000000001'", "date '2024-03-10'",
        "timestamp '2024-01-02 09:30:00.5'", "timestamp '2024-03-09 23:59:59.999999999'",
        // A cast to fewer digits may move the value to the next date: never pruned by the text.
        "cast(timestamp '2024-03-09 23:59:59.9' as timestamp(0))")) {
      for (String op : List.of("=", "<", "<=", ">", ">=", "<>")) {
        String where = "\"date\" + tn " + op + " " + t;
        long n = count("select count(*) from ticks where " + where);
        assertEquals(n, count("select count(*) from ticks where " + inCalcite(where)), where);
        assertEquals(n, count("select count(*) from ticks where " + t + " "
            + Map.of("=", "=", "<", ">", "<=", ">=", ">", "<", ">=", "<=", "<>", "<>").get(op)
            + " tn + \"date\""), where);
        matched += n;
      }
      // Calcite's BETWEEN takes no DATE with a TIMESTAMP.
      String from = t.startsWith("date") ? "timestamp '2024-03-10 00:00:00'" : t;
      count("select count(*) from ticks where \"date\" + tn between " + from
          + " and timestamp '2024-03-10 12:00:00' or \"date\" + tn < timestamp"
          + " '2024-01-02 09:30:00.000000001'");
    }
    assertTrue(matched > 0);
    // Shifted by an interval before the comparison (typed as date + time there too).
    assertEquals(count("select count(*) from ticks where \"date\" + tn > timestamp"
        + " '2024-03-10 09:59:59'"), count("select count(*) from ticks where \"date\" + tn"
        + " + interval '1' second > timestamp '2024-03-10 10:00:00'"));
    String day = "select count(*) from ticks where \"date\" + tn ";
    assertTrue(plan(day + ">= timestamp '2024-03-10 00:00:00'").contains("partitions=[1 of 2"));
    assertTrue(plan(day + "< timestamp '2024-03-10 00:00:00'").contains("partitions=[1 of 2"));
    assertTrue(plan(day + "< timestamp '2024-03-10 00:00:00.000000001'")
        .contains("partitions=[all 2"));
    assertTrue(plan(day + "> timestamp '2024-03-09 23:59:59.999999999' and tn is not null")
        .contains("partitions=[1 of 2"));
    // The scan evaluates it: on the boundary date as a time of day, elsewhere all or none.
    String between = plan(day + "between timestamp '2024-01-02 10:00:00' and"
        + " timestamp '2024-03-10 05:00:00.000000001'");
    assertTrue(between.contains("BY_PARTITION(2024-01-02") && !between.contains("EnumerableCalc"),
        between);
  }

  /**
   * FLOOR and CEIL to a microsecond or a nanosecond keep what lies above that unit: Calcite's own
   * operator, given the value cut to the millisecond, would lose the microseconds.
   */
  @Test
  void floorAndCeilBelowTheMillisecondAreExact() throws SQLException {
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    int checked = 0;
    for (String row : column("select id, floor(ts to microsecond), ceil(ts to microsecond),"
        + " floor(ts to nanosecond), ceil(ts to nanosecond), floor(tn to microsecond),"
        + " ceil(tn to microsecond), floor(tn to nanosecond), ceil(ts to millisecond)"
        + " from ticks")) {
      String[] p = row.split("\\|");
      Row r = byId.get(Long.parseLong(p[0]));
      if (r.ts() != null) {
        long v = r.ts();
        long floor = Math.floorDiv(v, 1_000L) * 1_000L;
        assertEquals(ts(floor), p[1], row);
        assertEquals(ts(floor == v ? v : floor + 1_000L), p[2], row);
        assertEquals(ts(v), p[3], row);
        assertEquals(ts(v), p[4], row);
        long ms = Math.floorDiv(v, 1_000_000L) * 1_000_000L;
        assertEquals(ts(ms == v ? v : ms + 1_000_000L), p[8], row);
        checked += v % 1_000L != 0 ? 1 : 0;
      } else {
        assertEquals("null|null|null|null", String.join("|", p[1], p[2], p[3], p[4]));
      }
      if (r.tn() != null) {
        long v = r.tn();
        long floor = v / 1_000L * 1_000L;
        assertEquals(tn(floor), p[5], row);
        assertEquals(tn(floor == v ? v : (floor + 1_000L) % Temporals.NANOS_PER_DAY), p[6], row);
        assertEquals(tn(v), p[7], row);
      }
    }
    assertTrue(checked > 0, "no timestamp with nanoseconds below the microsecond");
  }

  /**
   * Interval arithmetic on timestamps is exact; a difference is an INTERVAL (milliseconds in
   * Calcite), so TIMESTAMPDIFF counts exact whole seconds, minutes... and months: with a base
   * 1 ns less than a second (a month) before a value, that value is 0 units away, where
   * millisecond arithmetic says 1.
   */
  @Test
  void timestampArithmeticIsExact() throws SQLException {
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    long pivot = ROWS.stream().map(Row::ts).filter(v -> v != null && v % 1_000_000 == 0)
        .findFirst().orElseThrow();
    long second = pivot - 1_000_000_000L + 1;
    LocalDateTime month = Temporals.timestamp(pivot).minusMonths(1).plusNanos(1);
    for (String row : column("select id, ts + interval '1' second, ts - interval '1' month, "
        + "timestampdiff(second, " + tsLiteral(second) + ", ts), timestampdiff(month, "
        + tsLiteral(Temporals.timestampValue(month)) + ", ts), extract(nanosecond from ts),"
        + " cast(ts as varchar), cast(ts as date) from ticks")) {
      String[] p = row.split("\\|");
      Long v = byId.get(Long.parseLong(p[0])).ts();
      if (v == null) {
        continue;
      }
      LocalDateTime t = Temporals.timestamp(v);
      assertEquals(ts(v + 1_000_000_000L), p[1]);
      assertEquals(TEXT.format(t.minusMonths(1)), p[2]);
      assertEquals(String.valueOf((v - second) / 1_000_000_000L), p[3], row);
      assertEquals(String.valueOf(java.time.temporal.ChronoUnit.MONTHS.between(month, t)), p[4],
          row);
      assertEquals(String.valueOf(Math.floorMod(v, 60_000_000_000L)), p[5]);
      assertEquals(ts(v), p[6]);
      assertEquals(t.toLocalDate().toString(), p[7]);
    }
  }

  @Test
  void timespansAsNanosecondsStayBigint() throws SQLException {
    List<Row> sorted = new ArrayList<>(ROWS);
    sorted.sort(Comparator.comparing((Row r) -> r.rawTn() == Nulls.LONG_NULL ? null
        : r.rawTn(), Comparator.nullsLast(Comparator.naturalOrder())).thenComparingLong(Row::id));
    List<String> want = sorted.stream().map(r -> r.id() + "|"
        + (r.rawTn() == Nulls.LONG_NULL ? "null" : String.valueOf(r.rawTn()))).toList();
    assertEquals(want, same(nanos, "select id, tn from ticks order by tn, id"));
  }

  // ---- real fixtures ----

  /** Every stored value of column {@code col} of {@code table} under {@code db}, in order. */
  private static List<Long> stored(Path db, String table, String col) {
    List<Long> out = new ArrayList<>();
    try (Database d = Database.open(db)) {
      KdbTable t = d.table(table);
      for (TableSlice s : t.slices()) {
        try (s) {
          Column column = s.column(t.columnIndex(col));
          for (long r = 0; r < s.rowCount(); r++) {
            out.add(column.getLong(r));
          }
        }
      }
    }
    return out;
  }

  /**
   * Asserts that {@code sql}'s only column reads as the timespans {@code want}, in order, pushed
   * down and not.
   */
  private static void assertTimespans(CalciteSql.Twin twin, String sql, List<Long> want)
      throws SQLException {
    for (java.sql.Connection conn : List.of(twin.pushed(), twin.reference())) {
      List<Object[]> rows = CalciteSql.values(conn, sql);
      assertEquals(want.size(), rows.size());
      for (int i = 0; i < rows.size(); i++) {
        long v = want.get(i);
        boolean inDay = v != Nulls.LONG_NULL && v >= 0 && v < Temporals.NANOS_PER_DAY;
        assertEquals(inDay ? KdbTimespan.ofDay(v) : null, rows.get(i)[0], "row " + i);
        if (inDay) {
          assertEquals(tn(v), rows.get(i)[0].toString(), "row " + i);
        }
      }
    }
  }

  @Test
  void dolphinDbTimespansReadExactly() throws SQLException {
    Path db = Fixtures.path(
        "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
    List<Long> want = stored(db, "splayedTable", "nano");
    assertEquals(2000, want.size());
    assertTrue(want.stream().anyMatch(v -> v % 1_000_000 != 0));
    try (CalciteSql.Twin conn = CalciteSql.Twin.open(db)) {
      assertTimespans(conn, "select nano from splayedTable", want);
      assertEquals(List.of("00:00:00.100000003"),
          same(conn, "select min(nano) from splayedTable where nano > time '00:00:00.1'"));
    }
  }

  @Test
  void jbetzGzipQuoteTimesReadExactly() throws SQLException {
    Path db = Fixtures.path("jbetz34__advancedKDB/hdb");
    List<Long> want = stored(db, "quote", "time");
    assertTrue(want.size() > 1000);
    assertTrue(want.stream().anyMatch(v -> v % 1_000_000 != 0),
        "the fixture has sub-millisecond times");
    try (CalciteSql.Twin conn = CalciteSql.Twin.open(db)) {
      assertTimespans(conn, "select \"time\" from quote", want);
      Map<String, Long> groups = new LinkedHashMap<>();
      want.forEach(v -> groups.merge(tn(v), 1L, Long::sum));
      assertEquals(new HashSet<>(groups.keySet()).size(),
          same(conn, "select distinct \"time\" from quote").size());
    }
  }

  // ---- infinities ----

  /**
   * kdb+'s infinities never wrap around: ±0Wp are exact, ±0Wz just outside SQL's TIMESTAMP
   * range, 0Wd and ±0Wm saturate SQL DATE's int of days, ±0Wn are NULL as times of day; the
   * order of every column is kept, pushed down (filters, sorts, MIN/MAX, xbar) and in Calcite.
   */
  @Test
  void infinitiesNeverWrapAround() throws SQLException {
    Path db = dir.resolve("inf");
    long[] id = {0, 1, 2, 3, 4};
    long[] p = {Nulls.LONG_INF, -Nulls.LONG_INF, 0, 1, Nulls.LONG_NULL};
    double[] z = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 1, Double.NaN};
    int[] d = {Nulls.INT_INF, -Nulls.INT_INF, 0, 1, Nulls.INT_NULL};
    int[] m = {Nulls.INT_INF, -Nulls.INT_INF, 0, 1, Nulls.INT_NULL};
    long[] n = {Nulls.LONG_INF, -Nulls.LONG_INF, 0, 1, Nulls.LONG_NULL};
    DatabaseWriter.open(db).writeSplayed("inf", TableData.builder()
        .add("id", ColumnData.longs(KdbType.LONG, id)).add("p", ColumnData.longs(KdbType.TIMESTAMP, p))
        .add("z", ColumnData.doubles(KdbType.DATETIME, z)).add("d", ColumnData.ints(KdbType.DATE, d))
        .add("m", ColumnData.ints(KdbType.MONTH, m)).add("n", ColumnData.longs(KdbType.TIMESPAN, n))
        .build(), WriteOptions.DEFAULT);
    try (CalciteSql.Twin t = CalciteSql.Twin.open(db)) {
      assertEquals(List.of(
          "0|2292-04-10 23:47:16.854775807|+10000-01-01 00:00:00.000|+5881580-07-11|+5881580-07-11|null",
          "1|1707-09-22 00:12:43.145224193|0000-12-31 23:59:59.999|-5877611-06-23|-5877641-06-24|null",
          "2|2000-01-01 00:00:00.000000000|2000-01-01 00:00:00.000|2000-01-01|2000-01-01|00:00:00.000000000",
          "3|2000-01-01 00:00:00.000000001|2000-01-02 00:00:00.000|2000-01-02|2000-02-01|00:00:00.000000001",
          "4|null|null|null|null|null"),
          same(t, "select id, p, z, d, m, n from inf order by id"));
      for (String col : List.of("p", "z", "d", "m")) {
        assertEquals(List.of("1", "2", "3", "0", "4"),
            same(t, "select id from inf order by " + col + " nulls last, id"), col);
        assertEquals(List.of("0"), same(t, "select id from inf where " + col + " > (select "
            + col + " from inf where id = 3)"), col);
        assertEquals(List.of("1|0"), same(t, "select (select id from inf where " + col
            + " = (select min(" + col + ") from inf)), (select id from inf where " + col
            + " = (select max(" + col + ") from inf)) from inf where id = 0"), col);
      }
      assertEquals(List.of("0"), same(t, "select id from inf where p > timestamp "
          + "'2262-01-01 00:00:00' order by id"));
      assertEquals(List.of("0"), same(t, "select id from inf where z > timestamp "
          + "'9999-12-31 23:59:59.999' order by id"));
      assertEquals(List.of("1"), same(t, "select id from inf where z < timestamp "
          + "'0001-01-01 00:00:00' order by id"));
      assertEquals(List.of("0"), same(t, "select id from inf where d > date '9999-12-31'"));
      assertEquals(List.of("1|1707-09-22 00:12:43.145224193"), same(t,
          "select id, xbar(60000, p) from inf where id = 1"));
    }
  }
}
