package dev.kdbsql.calcite.sql;

import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.calcite.CalciteSql;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import dev.kdbsql.storage.Fixtures;
import dev.kdbsql.storage.TestDatabases.Col;
import dev.kdbsql.storage.TestDatabases;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kdb-flavoured SQL surface: keyword column names, xbar, wavg, first/last, as-of join. */
class SqlSurfaceTest {
  @TempDir
  static Path tmp;

  /** A splayed table whose every column is named like a SQL keyword. */
  @BeforeAll
  static void writeBars() throws IOException {
    int d = (int) (LocalDate.parse("2015-01-02").toEpochDay() - 10957);
    TestDatabases.splay(tmp.resolve("bars"), List.of(
        Col.ints("date", 14, d, d, d + 1),
        Col.ints("time", 19, 34_200_000, 34_260_000, 34_200_000),
        Col.ints("month", 13, 180, 180, 180),
        Col.longs("year", 7, 2015, 2015, 2015),
        Col.floats("open", 1.0, 2.0, 3.0),
        Col.floats("close", 1.5, 2.5, 3.5),
        Col.floats("high", 2.0, 3.0, 4.0),
        Col.floats("low", 0.5, 1.5, 2.5),
        Col.longs("size", 7, 100, 200, 300),
        Col.floats("value", 10.0, 20.0, 30.0),
        Col.chars("type", "aba"),
        Col.longs("count", 7, 1, 2, 3)));
  }

  private static Connection bars() throws SQLException {
    return CalciteSql.connect(tmp);
  }

  @Test
  void keywordNamesWorkUnquotedEverywhere() throws SQLException {
    try (Connection c = bars()) {
      assertEquals(List.of("2015-01-02|09:30:00.000|2015-01-01|2015|1.0|1.5|2.0|0.5|100|10.0|a|1"),
          rows(c, "select date, time, month, year, open, close, high, low, size, value, type, "
              + "count from bars where date = date '2015-01-02' and time = time '09:30:00'"));
      assertEquals(List.of("2015-01-03|09:30:00.000"), rows(c, "select b.date, b.time from bars b "
          + "where b.date > date '2015-01-02' and month = date '2015-01-01' and year = 2015 "
          + "and open > 2 and close > 3 and high > 3 and low > 2 and size > 200 and value > 20 "
          + "and type = 'a' and count = 3"));
      assertEquals(List.of("2015-01-02|2|300", "2015-01-03|1|300"), rows(c,
          "select date, count(*), sum(size) from bars group by date order by date"));
      assertEquals(List.of("a|2|4", "b|1|2"), rows(c,
          "select type, count(*) as n, sum(count) from bars group by type order by type"));
      assertEquals(List.of("2015-01-03|09:30:00.000", "2015-01-02|09:30:00.000",
              "2015-01-02|09:31:00.000"),
          rows(c, "select date, time from bars order by date desc, time"));
      assertEquals(List.of("2015-01-02|2015-01-02"), rows(c, "select max(date) as date, "
          + "cast(min(date) as date) from bars where time > time '09:30:00'"));
      assertEquals(List.of("3"), rows(c, "select count(*) as count from bars"));
    }
  }

  @Test
  void keywordNamesWorkInPreparedStatements() throws SQLException {
    try (Connection c = bars();
        PreparedStatement ps = c.prepareStatement(
            "select open, close from bars where date = ? and time = ?")) {
      ps.setObject(1, java.sql.Date.valueOf("2015-01-02"));
      ps.setObject(2, java.sql.Time.valueOf("09:31:00"));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(2.0, rs.getDouble("open"));
        assertEquals(2.5, rs.getDouble("close"));
      }
    }
  }

  @Test
  void xbarRoundsNumbersTimesDatesAndTimestampsDown() throws SQLException {
    try (Connection c = CalciteSql.connect(Fixtures.path("egor7__q/db"))) {
      assertEquals(List.of("0|0.0", "2|0.0", "2|2.5"),
          rows(c, "select xbar(2, c1), xbar(2.5, c2) from tref"));
      assertEquals(List.of("09:30:00|4"),
          rows(c, "select xbar(120000, ti), count(*) from t group by xbar(120000, ti)"));
      assertEquals(List.of("2014-12-27|4"), rows(c,
          "select xbar(7, date), count(*) from t group by xbar(7, date)"));
    }
    Path daily = Fixtures.path("DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb");
    try (Connection c = CalciteSql.connect(daily)) {
      Object[] row = CalciteSql.values(c, "select xbar(3600000, time), xbar(1, time) from xdaily"
          + " where date = date '2000-01-01' and id = 'x6'").get(0);
      // Exact kdb+ timestamps: buckets of milliseconds over all the nanoseconds.
      assertEquals(LocalDateTime.parse("2000-01-01T14:00"),
          ((KdbTimestamp) row[0]).toLocalDateTime());
      assertEquals(LocalDateTime.parse("2000-01-01T14:23:59.999"),
          ((KdbTimestamp) row[1]).toLocalDateTime());
      assertEquals(List.of("2000-01-01 14:23:59.999999999|2000-01-01 14:23:59.999000000"),
          rows(c, "select time, xbar(1, time) from xdaily where date = date '2000-01-01' "
              + "and id = 'x6'"));
    }
  }

  @Test
  void wavgAndWeightedAvg() throws SQLException {
    double[] b = {100.75, 32.75, 101.25, 33.25};
    double[] a = {101.25, 33.25, 101.75, 33.75};
    double sw = 0;
    double swx = 0;
    for (int i = 0; i < b.length; i++) {
      sw += b[i];
      swx += b[i] * a[i];
    }
    try (Connection c = CalciteSql.connect(Fixtures.path("egor7__q/db"))) {
      Object[] row = CalciteSql.values(c, "select wavg(b, a), weighted_avg(b, a) from q").get(0);
      assertEquals(swx / sw, (Double) row[0], 1e-9);
      assertEquals(swx / sw, (Double) row[1], 1e-9);
    }
  }

  @Test
  void firstAndLastFollowStorageOrder() throws SQLException {
    try (Connection c = CalciteSql.connect(Fixtures.path("egor7__q/db"))) {
      assertEquals(List.of("2015-01-01|101.0|33.0|ibm|msft|09:30:00.000|09:31:00.000",
          "2015-01-02|101.5|33.5|ibm|msft|09:30:00.000|09:31:00.000"), rows(c,
          "select date, first(p), last(p), first(sym), last(sym), first(ti), last(ti) "
              + "from t group by date order by date"));
      assertEquals(List.of("ibm|2015-01-01|2015-01-02", "msft|2015-01-01|2015-01-02"), rows(c,
          "select sym, FIRST(date), Last(date) from t group by sym order by sym"));
    }
  }

  @Test
  void asofJoinTakesTheLatestQuoteInEitherSpelling() throws SQLException {
    List<String> expected = List.of("2015-01-01|09:30:00|ibm|09:30:00|100.75",
        "2015-01-01|09:31:00|msft|09:31:00|32.75", "2015-01-02|09:30:00|ibm|09:30:00|101.25",
        "2015-01-02|09:31:00|msft|09:30:00|33.25");
    try (Connection c = CalciteSql.connect(Fixtures.path("egor7__q/db"))) {
      for (String cond : List.of("t.ti >= q.ti", "q.ti <= t.ti")) {
        assertEquals(expected, rows(c, "select t.date, t.ti, t.sym, q.ti, q.b from t "
            + "asof join q match_condition " + cond + " on t.sym = q.sym and t.date = q.date "
            + "order by t.date, t.ti"), cond);
      }
      assertEquals(List.of("2015-01-01|09:30:00|ibm|null", "2015-01-01|09:31:00|msft|null",
          "2015-01-02|09:30:00|ibm|null", "2015-01-02|09:31:00|msft|33.25"), rows(c,
          "select t.date, t.ti, t.sym, q.b from t left asof join q match_condition t.ti > q.ti "
              + "on t.sym = q.sym and t.date = q.date order by t.date, t.ti"));
    }
  }
}
