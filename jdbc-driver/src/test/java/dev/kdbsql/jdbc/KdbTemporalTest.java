package dev.kdbsql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.Fixtures;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporal values reach the user as stored: nanoseconds kept, no time-zone shift. Surefire runs
 * this under America/New_York on purpose; the assertions hold in any zone.
 */
class KdbTemporalTest {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Path DAILY = Path.of("DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb");

  /** Every stored xdaily.time value, read through storage, in storage order. */
  private static List<LocalDateTime> storedTimes(Path db) {
    List<LocalDateTime> out = new ArrayList<>();
    try (Database d = Database.open(db)) {
      KdbTable t = d.table("xdaily");
      int time = t.columnIndex("time");
      for (TableSlice s : t.slices()) {
        try (s) {
          Column c = s.column(time);
          for (long r = 0; r < s.rowCount(); r++) {
            out.add(Temporals.timestamp(c.getLong(r)));
          }
        }
      }
    }
    return out;
  }

  @Test
  void timestampsKeepTheirNanosecondsInEveryAccessor() throws SQLException {
    Path db = Fixtures.path(DAILY.toString());
    List<LocalDateTime> stored = storedTimes(db);
    assertEquals(150, stored.size());
    assertTrue(stored.stream().anyMatch(t -> t.getNano() % 1_000_000 != 0),
        "the fixture has sub-millisecond timestamps");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select time from xdaily")) {
      assertEquals(Types.TIMESTAMP, rs.getMetaData().getColumnType(1));
      int i = 0;
      while (rs.next()) {
        LocalDateTime want = stored.get(i++);
        Timestamp ts = rs.getTimestamp(1);
        assertEquals(want.getNano(), ts.getNanos());
        assertEquals(want, ts.toLocalDateTime());
        assertEquals(want, rs.getObject(1, LocalDateTime.class));
        assertEquals(want, ((Timestamp) rs.getObject(1)).toLocalDateTime());
        assertEquals(want, rs.getTimestamp("time").toLocalDateTime());
        assertEquals(SECONDS.format(want) + String.format(".%09d", want.getNano()),
            rs.getString(1));
        assertEquals(want.toLocalDate(), rs.getObject(1, LocalDate.class));
      }
      assertEquals(150, i);
    }
  }

  @Test
  void stringsShowAllNineDigits() throws SQLException {
    Path db = Fixtures.path(DAILY.toString());
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db)) {
      List<String> rows = KdbDriverTest.rows(c,
          "select time from xdaily where date = date '2000-01-01' and id = 'x6'");
      assertEquals(List.of("2000-01-01 14:23:59.999999999"), rows);
    }
  }

  @Test
  void aCalendarArgumentReadsTheWallClockInThatZone() throws SQLException {
    Path db = Fixtures.path(DAILY.toString());
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select time from xdaily where id = 'x6' and "
            + "date = date '2000-01-01'")) {
      assertTrue(rs.next());
      Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
      Timestamp t = rs.getTimestamp(1, utc);
      assertEquals(LocalDateTime.parse("2000-01-01T14:23:59.999999999")
          .toInstant(java.time.ZoneOffset.UTC), t.toInstant());
    }
  }

  @Test
  void wallClockTimesInADaylightSavingGapSurvive(@TempDir Path tmp) throws Exception {
    LocalDateTime gap = LocalDateTime.parse("2015-03-08T02:30:00.123456789");
    LocalDateTime overlap = LocalDateTime.parse("2015-11-01T01:30:00.000000001");
    TestDatabases.splay(tmp.resolve("ticks"), List.of(
        TestDatabases.Col.longs("ts", 12, Temporals.timestampValue(gap),
            Temporals.timestampValue(overlap), Long.MIN_VALUE)));
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + tmp);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select ts from ticks")) {
      assertTrue(rs.next());
      assertEquals(gap, rs.getObject(1, LocalDateTime.class));
      assertEquals("2015-03-08 02:30:00.123456789", rs.getString(1));
      assertEquals(gap, rs.getTimestamp(1).toLocalDateTime());
      assertTrue(rs.next());
      assertEquals(overlap, rs.getObject(1, LocalDateTime.class));
      assertTrue(rs.next());
      assertNull(rs.getTimestamp(1));
      assertTrue(rs.wasNull());
      assertNull(rs.getObject(1, LocalDateTime.class));
      assertNull(rs.getString(1));
      assertFalse(rs.next());
    }
  }

  @Test
  void everyKdbTypeMapsAsDesigned() throws SQLException {
    Path db = Fixtures.path("dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select * from splayedTable")) {
      assertTrue(rs.next());
      assertEquals(true, rs.getObject("bool"));
      assertEquals("61f35174-90bc-a48a-d88f-e15e4a377ec8", rs.getString("uuid"));
      assertEquals(127, rs.getInt("byte"));
      assertEquals((short) 34, rs.getShort("short"));
      assertEquals(23243, rs.getInt("long"));
      assertEquals(0.0, rs.getDouble("double"));
      assertEquals("c", rs.getString("char"));
      assertEquals("ww", rs.getString("str"));
      assertEquals(LocalDateTime.parse("1997-06-26T00:00:00.100000003"),
          rs.getObject("nanostamp", LocalDateTime.class));
      assertEquals(LocalDate.parse("1960-01-01"), rs.getObject("month", LocalDate.class));
      assertEquals(LocalDate.parse("1960-06-26"), rs.getObject("date", LocalDate.class));
      assertEquals(LocalDateTime.parse("1960-06-26T23:19:12.001"),
          rs.getObject("timestamp", LocalDateTime.class));
      assertEquals(LocalTime.parse("00:00:00.100000003"), rs.getObject("nano", LocalTime.class));
      assertEquals("00:00:00.100000003", rs.getString("nano"));
      assertEquals(LocalTime.parse("14:00"), rs.getObject("minute", LocalTime.class));
      assertEquals(LocalTime.parse("23:59:59"), rs.getObject("second", LocalTime.class));
      assertNull(rs.getObject("time", LocalTime.class));
      assertTrue(rs.next());
      assertEquals(LocalTime.parse("00:01:01.978"), rs.getObject("time", LocalTime.class));
      assertEquals("00:01:01.978", rs.getString("time"));
      assertEquals("0", rs.getString("char"));
      assertTrue(rs.next());
      assertTrue(rs.next());
      assertNull(rs.getObject("short"));
      assertNull(rs.getObject("int"));
      assertNull(rs.getObject("double"));
      assertNull(rs.getObject("char"));
      assertEquals(128, rs.getInt("byte"));
      for (int row = 3; row < 1500; row++) {
        assertTrue(rs.next());
      }
      assertNull(rs.getString("uuid"), "the all-zero guid is NULL");
    }
  }

  @Test
  void timespansAsNanosecondsAreExact() throws SQLException {
    Path db = Fixtures.path("dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db + ";timespan=nanos");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select nano from splayedTable limit 2")) {
      assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(1));
      assertTrue(rs.next());
      assertEquals(100_000_003L, rs.getLong(1));
      assertEquals(LocalTime.parse("00:00:00.100000003"), rs.getObject(1, LocalTime.class));
      assertEquals(Duration.ofNanos(100_000_003L), rs.getObject(1, Duration.class));
      assertTrue(rs.next());
      assertEquals(Duration.ofMinutes(30).plusNanos(300_000), rs.getObject(1, Duration.class));
    }
  }
}
