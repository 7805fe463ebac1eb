package dev.kdbsql.jdbc;

import static dev.kdbsql.calcite.ExactTicks.by;
import static dev.kdbsql.calcite.ExactTicks.tn;
import static dev.kdbsql.calcite.ExactTicks.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.calcite.ExactTicks;
import dev.kdbsql.calcite.ExactTicks.Row;
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
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
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
import java.util.TimeZone;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kdb+ timestamps and timespans are exact to the nanosecond through every JDBC getter, in every
 * JVM zone, with the default connection properties; parameters bind and DatabaseMetaData reports
 * nine fractional digits. The operators are the adapter's {@code ExactTemporalsTest}, which runs
 * each query pushed down and in Calcite alone.
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
  private static Connection c;
  private static Connection nanos;
  /** Every row of {@code ticks}, in storage order. */
  private static List<Row> ROWS;

  @BeforeAll
  static void write() throws SQLException {
    ROWS = ExactTicks.write(dir.resolve("db"));
    c = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("db"));
    nanos = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("db") + ";timespan=nanos");
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
    nanos.close();
  }

  private static List<String> column(String sql) throws SQLException {
    return KdbDriverTest.rows(c, sql);
  }

  private static long count(String sql) throws SQLException {
    return Long.parseLong(column(sql).get(0));
  }

  private static String plan(String sql) throws SQLException {
    return KdbDriverTest.plan(c, sql);
  }

  /** {@code sql} with {@code where} and {@link #CALCITE} (AND), so that Calcite runs it. */
  private static String inCalcite(String where) {
    return where.isEmpty() ? CALCITE : where + " and " + CALCITE;
  }

  // ---- getters ----

  @Test
  void everyGetterIsExactInEveryZone() throws SQLException {
    Map<Long, Row> byId = ROWS.stream().collect(Collectors.toMap(Row::id, r -> r));
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select id, ts, tn from ticks")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(Types.TIMESTAMP, md.getColumnType(2));
      assertEquals(Types.TIME, md.getColumnType(3));
      assertEquals("java.sql.Timestamp", md.getColumnClassName(2));
      assertEquals("java.sql.Time", md.getColumnClassName(3));
      assertEquals(9, md.getPrecision(3));
      int n = 0;
      while (rs.next()) {
        Row row = byId.get(rs.getLong(1));
        n++;
        if (row.ts() == null) {
          assertNull(rs.getTimestamp(2));
          assertTrue(rs.wasNull());
          assertNull(rs.getObject(2, LocalDateTime.class));
          assertNull(rs.getString(2));
        } else {
          LocalDateTime want = Temporals.timestamp(row.ts());
          assertEquals(want, rs.getObject(2, LocalDateTime.class));
          assertEquals(want, rs.getTimestamp(2).toLocalDateTime());
          assertEquals(want.getNano(), rs.getTimestamp(2).getNanos());
          assertEquals(want, ((Timestamp) rs.getObject(2)).toLocalDateTime());
          assertEquals(ts(row.ts()), rs.getString(2));
          // java.sql.Timestamp's own text: trailing zeros of the fraction dropped
          assertEquals(ts(row.ts()).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", ".0"),
              rs.getTimestamp(2).toString());
        }
        if (row.tn() == null) {
          assertNull(rs.getTime(3));
          assertTrue(rs.wasNull());
          assertNull(rs.getObject(3, LocalTime.class));
          assertNull(rs.getObject(3, Duration.class));
          assertNull(rs.getString(3));
        } else {
          LocalTime want = LocalTime.ofNanoOfDay(row.tn());
          assertEquals(want, rs.getObject(3, LocalTime.class));
          assertEquals(Duration.ofNanos(row.tn()), rs.getObject(3, Duration.class));
          assertEquals(want, rs.getTime(3).toLocalTime());
          Object o = rs.getObject(3);
          assertInstanceOf(Time.class, o);
          assertEquals(want, ((Time) o).toLocalTime());
          assertEquals(tn(row.tn()), rs.getString(3));
          assertEquals(tn(row.tn()), o.toString());
          // java.sql.Time's instant: the time of day in the JVM's zone, to the millisecond.
          assertEquals(want.toNanoOfDay() / 1_000_000L,
              LocalTime.ofInstant(java.time.Instant.ofEpochMilli(rs.getTime(3).getTime()),
                  TimeZone.getDefault().toZoneId())
                  .toNanoOfDay() / 1_000_000L);
        }
      }
      assertEquals(ROWS.size(), n);
    }
  }

  @Test
  void metadataReportsNineFractionalDigits() throws SQLException {
    Map<String, String> types = new HashMap<>();
    try (ResultSet rs = c.getMetaData().getColumns(null, null, "ticks", null)) {
      while (rs.next()) {
        types.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE") + " "
            + rs.getString("TYPE_NAME") + " " + rs.getInt("COLUMN_SIZE") + " "
            + rs.getInt("DECIMAL_DIGITS"));
      }
    }
    assertEquals(Types.TIMESTAMP + " TIMESTAMP 29 9", types.get("ts"));
    assertEquals(Types.TIME + " TIME 18 9", types.get("tn"));
    assertEquals(Types.TIMESTAMP + " TIMESTAMP 23 3", types.get("z"));
  }

  @Test
  void timespansAsNanosecondsStayBigint() throws SQLException {
    try (Statement s = nanos.createStatement();
        ResultSet rs = s.executeQuery("select id, tn from ticks order by tn, id")) {
      assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(2));
      List<Row> sorted = new ArrayList<>(ROWS);
      sorted.sort(Comparator.comparing((Row r) -> r.rawTn() == Nulls.LONG_NULL ? null
          : r.rawTn(), Comparator.nullsLast(Comparator.naturalOrder())).thenComparingLong(Row::id));
      for (Row r : sorted) {
        assertTrue(rs.next());
        assertEquals(r.id(), rs.getLong(1));
        long v = rs.getLong(2);
        assertEquals(r.rawTn() == Nulls.LONG_NULL, rs.wasNull());
        if (!rs.wasNull()) {
          assertEquals(r.rawTn(), v);
        }
      }
    }
  }

  @Test
  void parametersBindAsCalciteValues() throws SQLException {
    // A timestamp with whole milliseconds, as any JDBC value binds (finer ones: below).
    LocalDateTime at = LocalDateTime.of(2024, 1, 2, 9, 30, 0, 1_000_000);
    long nanos = Temporals.timestampValue(at);
    try (PreparedStatement p = c.prepareStatement("select count(*) from ticks where ts >= ?")) {
      p.setTimestamp(1, Timestamp.valueOf(at));
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(ROWS.stream().filter(r -> r.ts() != null && r.ts() >= nanos).count(),
            rs.getLong(1));
      }
    }
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

  /** Asserts that {@code sql}'s only column reads as the timespans {@code want}, in order. */
  private static void assertTimespans(Connection conn, String sql, List<Long> want)
      throws SQLException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int i = 0;
      while (rs.next()) {
        long v = want.get(i++);
        boolean inDay = v != Nulls.LONG_NULL && v >= 0 && v < Temporals.NANOS_PER_DAY;
        LocalTime t = rs.getObject(1, LocalTime.class);
        if (!inDay) {
          assertNull(t);
          continue;
        }
        assertEquals(LocalTime.ofNanoOfDay(v), t, "row " + i);
        assertEquals(tn(v), rs.getString(1), "row " + i);
        assertEquals(Duration.ofNanos(v), rs.getObject(1, Duration.class));
      }
      assertEquals(want.size(), i);
    }
  }

  @Test
  void dolphinDbTimespansReadExactly() throws SQLException {
    Path db = Fixtures.path(
        "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
    List<Long> want = stored(db, "splayedTable", "nano");
    assertEquals(2000, want.size());
    assertTrue(want.stream().anyMatch(v -> v % 1_000_000 != 0));
    try (Connection conn = DriverManager.getConnection("jdbc:kdb:" + db)) {
      assertTimespans(conn, "select nano from splayedTable", want);
      assertEquals(List.of("00:00:00.100000003"),
          KdbDriverTest.rows(conn, "select min(nano) from splayedTable where nano > time "
              + "'00:00:00.1'"));
    }
  }

  @Test
  void jbetzGzipQuoteTimesReadExactly() throws SQLException {
    Path db = Fixtures.path("jbetz34__advancedKDB/hdb");
    List<Long> want = stored(db, "quote", "time");
    assertTrue(want.size() > 1000);
    assertTrue(want.stream().anyMatch(v -> v % 1_000_000 != 0),
        "the fixture has sub-millisecond times");
    try (Connection conn = DriverManager.getConnection("jdbc:kdb:" + db)) {
      assertTimespans(conn, "select \"time\" from quote", want);
      Map<String, Long> groups = new LinkedHashMap<>();
      want.forEach(v -> groups.merge(tn(v), 1L, Long::sum));
      assertEquals(new HashSet<>(groups.keySet()).size(),
          KdbDriverTest.rows(conn, "select distinct \"time\" from quote").size());
    }
  }

  // ---- dates, datetimes and infinities ----

  /**
   * A splayed {@code edges} table: dates before the Gregorian cutover, datetimes and timestamps
   * inside New York's spring-forward gap, and kdb+'s infinities of every temporal type.
   */
  private static Path edges() {
    Path db = dir.resolve("edges");
    if (java.nio.file.Files.exists(db)) {
      return db;
    }
    LocalDateTime gap = LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_789);
    int[] d = {Temporals.dateValue(LocalDate.of(1500, 3, 1)),
        Temporals.dateValue(LocalDate.of(1582, 10, 4)), Temporals.dateValue(LocalDate.of(1582,
        10, 15)), Temporals.dateValue(LocalDate.of(1, 1, 1)), Nulls.INT_INF, -Nulls.INT_INF,
        Nulls.INT_NULL};
    double gapDays = (gap.toInstant(java.time.ZoneOffset.UTC).toEpochMilli()
        - Temporals.EPOCH_MILLIS_2000) / (double) Temporals.MILLIS_PER_DAY;
    double[] z = {gapDays, gapDays + 0.5, 0.25, -0.5, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN};
    long gapNanos = Temporals.timestampValue(gap);
    long[] p = {gapNanos, gapNanos + 1, 0, -1, Nulls.LONG_INF, -Nulls.LONG_INF, Nulls.LONG_NULL};
    long[] n = {1, 36_000_000_000_001L, 0, -1, Nulls.LONG_INF, -Nulls.LONG_INF, Nulls.LONG_NULL};
    int[] m = {-6000, -5000, 0, 1, Nulls.INT_INF, -Nulls.INT_INF, Nulls.INT_NULL};
    long[] id = {0, 1, 2, 3, 4, 5, 6};
    DatabaseWriter.open(db).writeSplayed("edges", TableData.builder()
        .add("id", ColumnData.longs(KdbType.LONG, id)).add("d", ColumnData.ints(KdbType.DATE, d))
        .add("z", ColumnData.doubles(KdbType.DATETIME, z))
        .add("p", ColumnData.longs(KdbType.TIMESTAMP, p))
        .add("n", ColumnData.longs(KdbType.TIMESPAN, n))
        .add("m", ColumnData.ints(KdbType.MONTH, m)).build(), WriteOptions.DEFAULT);
    return db;
  }

  /**
   * Dates before 1582-10-15 are the proleptic Gregorian dates the file holds (getObject as
   * LocalDate, getString); getDate is {@code Date.valueOf} of that date, so its text and
   * {@code toLocalDate()} show it too (its instant is java.sql.Date's own for that label).
   */
  @Test
  void datesBeforeTheGregorianCutoverAreTheStoredDates() throws SQLException {
    List<LocalDate> want = List.of(LocalDate.of(1500, 3, 1), LocalDate.of(1582, 10, 4),
        LocalDate.of(1582, 10, 15), LocalDate.of(1, 1, 1));
    try (Connection e = DriverManager.getConnection("jdbc:kdb:" + edges());
        Statement s = e.createStatement();
        ResultSet rs = s.executeQuery("select d from edges order by id")) {
      for (LocalDate d : want) {
        assertTrue(rs.next());
        assertEquals(d, rs.getObject(1, LocalDate.class));
        assertEquals(d.toString(), rs.getString(1));
        assertEquals(d, rs.getDate(1).toLocalDate());
        assertEquals(d.toString(), rs.getDate(1).toString());
        assertEquals(java.sql.Date.valueOf(d), rs.getObject(1));
      }
    }
  }

  /**
   * Datetimes and timestamps inside New York's spring-forward gap (02:30 on 2024-03-10) keep
   * their wall clock through every getter, whatever the JVM's zone (this class also runs in
   * New York).
   */
  @Test
  void wallClocksInsideADaylightSavingGapDoNotShift() throws SQLException {
    LocalDateTime gap = LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_789);
    LocalDateTime gapMillis = gap.withNano(123_000_000);
    try (Connection e = DriverManager.getConnection("jdbc:kdb:" + edges());
        Statement s = e.createStatement();
        ResultSet rs = s.executeQuery("select z, p, max(z) over (), min(p) over () "
            + "from edges where id = 0")) {
      assertTrue(rs.next());
      assertEquals(gapMillis, rs.getObject(1, LocalDateTime.class));
      assertEquals(gapMillis, rs.getTimestamp(1).toLocalDateTime());
      assertEquals(gapMillis, ((Timestamp) rs.getObject(1)).toLocalDateTime());
      assertEquals("2024-03-10 02:30:00.123", rs.getString(1));
      assertEquals(gap, rs.getObject(2, LocalDateTime.class));
      assertEquals(gap, rs.getTimestamp(2).toLocalDateTime());
      assertEquals("2024-03-10 02:30:00.123456789", rs.getString(2));
      assertEquals(gapMillis, rs.getObject(3, LocalDateTime.class));
      assertEquals(gap, rs.getObject(4, LocalDateTime.class));
    }
  }

  /**
   * kdb+'s infinities never wrap around into other values: a timestamp's are exact (0Wp is
   * 2292-04-10 23:47:16.854775807, -0Wp 1707-09-22 00:12:43.145224193, as q's arithmetic on
   * them gives); a timespan's are outside one day, NULL as a time of day and exact as BIGINT;
   * a datetime's are just outside SQL's TIMESTAMP range (10000-01-01 00:00:00 and
   * 0000-12-31 23:59:59.999); 0Wd and the month infinities saturate SQL DATE's int of days
   * (-0Wd fits it and is the date it encodes). Each keeps its order.
   */
  @Test
  void infinitiesNeverWrapAround() throws SQLException {
    try (Connection e = DriverManager.getConnection("jdbc:kdb:" + edges());
        Statement s = e.createStatement();
        ResultSet rs = s.executeQuery("select p, n, z, d, m from edges where id in (4, 5) "
            + "order by id")) {
      assertTrue(rs.next());
      assertEquals(Temporals.timestamp(Nulls.LONG_INF), rs.getObject(1, LocalDateTime.class));
      assertEquals("2292-04-10 23:47:16.854775807", rs.getString(1));
      assertNull(rs.getObject(2, LocalTime.class));
      assertEquals(LocalDateTime.of(10000, 1, 1, 0, 0), rs.getObject(3, LocalDateTime.class));
      assertEquals(LocalDate.ofEpochDay(Integer.MAX_VALUE), rs.getObject(4, LocalDate.class));
      assertEquals(LocalDate.ofEpochDay(Integer.MAX_VALUE), rs.getObject(5, LocalDate.class));
      assertTrue(rs.next());
      assertEquals(Temporals.timestamp(-Nulls.LONG_INF), rs.getObject(1, LocalDateTime.class));
      assertEquals("1707-09-22 00:12:43.145224193", rs.getString(1));
      assertNull(rs.getObject(2, LocalTime.class));
      assertEquals(LocalDateTime.of(0, 12, 31, 23, 59, 59, 999_000_000),
          rs.getObject(3, LocalDateTime.class));
      assertEquals(Temporals.date(-Nulls.INT_INF), rs.getObject(4, LocalDate.class));
      assertEquals(LocalDate.ofEpochDay(-Integer.MAX_VALUE), rs.getObject(5, LocalDate.class));
    }
    try (Connection e = DriverManager.getConnection("jdbc:kdb:" + edges() + ";timespan=nanos")) {
      assertEquals(List.of(Nulls.LONG_INF + "", -Nulls.LONG_INF + ""),
          KdbDriverTest.rows(e, "select n from edges where id in (4, 5) order by id"));
    }
    // the order is kept: the greatest and least values are the infinities
    try (Connection e = DriverManager.getConnection("jdbc:kdb:" + edges())) {
      assertEquals(List.of("4|4|4|4", "5|5|5|5"), KdbDriverTest.rows(e,
          "select (select id from edges order by p desc nulls last limit 1), "
          + "(select id from edges order by z desc nulls last limit 1), "
          + "(select id from edges order by d desc nulls last limit 1), "
          + "(select id from edges order by m desc nulls last limit 1) from edges where id = 0 "
          + "union all select (select id from edges order by p nulls last limit 1), "
          + "(select id from edges order by z nulls last limit 1), "
          + "(select id from edges order by d nulls last limit 1), "
          + "(select id from edges order by m nulls last limit 1) from edges where id = 0"));
    }
  }

  /**
   * A timestamp parameter compared with a timestamp column (as the Flight server's prepared
   * statements bind them), set as a {@code Timestamp} or a {@code LocalDateTime}.
   */
  @Test
  void timestampParametersCompareWithTimestampColumns() throws SQLException {
    long nanos = ROWS.stream().map(Row::ts).filter(v -> v != null && v % 1_000_000 == 0)
        .findFirst().orElseThrow();
    LocalDateTime at = Temporals.timestamp(nanos);
    for (String op : List.of("=", ">=", "<")) {
      long want = ROWS.stream().filter(r -> r.ts() != null && (op.equals("=") ? r.ts() == nanos
          : op.equals(">=") ? r.ts() >= nanos : r.ts() < nanos)).count();
      for (Object value : List.of(Timestamp.valueOf(at), at)) {
        try (PreparedStatement p = c.prepareStatement("select count(*) from ticks where ts "
            + op + " ?")) {
          p.setObject(1, value);
          try (ResultSet rs = p.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(want, rs.getLong(1), op + " " + value.getClass());
          }
        }
      }
    }
  }

  /**
   * Parameters compared with kdb+ timestamps and timespans bind every nanosecond set, whatever
   * the setter (Avatica alone binds a {@code Timestamp} as milliseconds, which matched nothing,
   * and text as a string where milliseconds were expected: a ClassCastException); text that is
   * no timestamp fails when set, naming the parameter.
   */
  @Test
  void parametersBindEveryNanosecond() throws SQLException {
    long nanos = ROWS.stream().map(Row::ts).filter(v -> v != null && v % 1_000_000 != 0)
        .findFirst().orElseThrow();
    LocalDateTime at = Temporals.timestamp(nanos);
    long same = ROWS.stream().filter(r -> r.ts() != null && r.ts() == nanos).count();
    long after = ROWS.stream().filter(r -> r.ts() != null && r.ts() > nanos).count();
    String text = ts(nanos);
    java.util.Calendar utc = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
    try (PreparedStatement p = c.prepareStatement(
        "select count(*) from ticks where ts = ? or ts > ?")) {
      assertEquals("TIMESTAMP(9)", p.getParameterMetaData().getParameterTypeName(1));
      assertEquals(Types.TIMESTAMP, p.getParameterMetaData().getParameterType(1));
      List<java.util.function.Consumer<PreparedStatement>> setters = List.of(
          s -> set(() -> s.setTimestamp(1, Timestamp.valueOf(at))),
          s -> set(() -> s.setTimestamp(1, Timestamp.from(at.toInstant(java.time.ZoneOffset.UTC)),
              utc)),
          s -> set(() -> s.setObject(1, at)),
          s -> set(() -> s.setString(1, text)),
          s -> set(() -> s.setObject(1, text, Types.TIMESTAMP)));
      for (java.util.function.Consumer<PreparedStatement> setter : setters) {
        setter.accept(p);
        p.setObject(2, LocalDateTime.MAX.withYear(2200));
        assertEquals(same, count(p));
        p.setNull(1, Types.TIMESTAMP);
        p.setObject(2, at);
        assertEquals(after, count(p));
      }
      java.sql.SQLDataException bad = org.junit.jupiter.api.Assertions.assertThrows(
          java.sql.SQLDataException.class, () -> p.setString(1, "yesterday"));
      assertTrue(bad.getMessage().contains("parameter 1 (setString): yesterday is not a"
          + " timestamp"), bad.getMessage());
      p.setObject(1, 2.5);
      SQLException wrongType = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> count(p));
      assertTrue(wrongType.getMessage().contains("takes a timestamp or its text"),
          wrongType.getMessage());
    }
    // A date binds as its midnight, set either way.
    LocalDate lastDay = ROWS.stream().map(Row::ts).filter(v -> v != null)
        .map(v -> Temporals.timestamp(v).toLocalDate()).max(Comparator.naturalOrder())
        .orElseThrow();
    long day = Temporals.timestampValue(lastDay.atStartOfDay());
    long fromDay = ROWS.stream().filter(r -> r.ts() != null && r.ts() >= day).count();
    assertTrue(fromDay < ROWS.stream().filter(r -> r.ts() != null).count());
    try (PreparedStatement p = c.prepareStatement("select count(*) from ticks where ts >= ?")) {
      p.setDate(1, java.sql.Date.valueOf(lastDay));
      assertEquals(fromDay, count(p));
      p.setObject(1, java.sql.Date.valueOf(lastDay));
      assertEquals(fromDay, count(p));
    }
    Row timed = ROWS.stream().filter(r -> r.tn() != null && r.tn() % 1_000_000 != 0)
        .findFirst().orElseThrow();
    long span = ROWS.stream().filter(r -> timed.tn().equals(r.tn())).count();
    try (PreparedStatement p = c.prepareStatement("select count(*) from ticks where tn = ?")) {
      assertEquals("TIME(9)", p.getParameterMetaData().getParameterTypeName(1));
      p.setObject(1, LocalTime.ofNanoOfDay(timed.tn()));
      assertEquals(span, count(p));
      p.setString(1, tn(timed.tn()));
      assertEquals(span, count(p));
      // A number is milliseconds of the day, around the clock as Calcite's TIME values are.
      Row whole = ROWS.stream().filter(r -> r.tn() != null && r.tn() % 1_000_000 == 0)
          .findFirst().orElseThrow();
      long wholeSpan = ROWS.stream().filter(r -> whole.tn().equals(r.tn())).count();
      p.setLong(1, whole.tn() / 1_000_000);
      assertEquals(wholeSpan, count(p));
      p.setLong(1, whole.tn() / 1_000_000 + 3 * 86_400_000L + (1L << 32));
      assertEquals(ROWS.stream().filter(r -> r.tn() != null && r.tn() == Math.floorMod(
          whole.tn() / 1_000_000 + 3 * 86_400_000L + (1L << 32), 86_400_000L) * 1_000_000)
          .count(), count(p));
    }
  }

  private interface Setter {
    void set() throws SQLException;
  }

  private static void set(Setter s) {
    try {
      s.set();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static long count(PreparedStatement p) throws SQLException {
    try (ResultSet rs = p.executeQuery()) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
