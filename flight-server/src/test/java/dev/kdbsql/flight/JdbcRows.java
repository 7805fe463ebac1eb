package dev.kdbsql.flight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * JDBC results as lists of rows of comparable values, the same for jdbc:kdb: and the Arrow
 * Flight SQL JDBC driver: temporals through {@code getObject(i, LocalDateTime.class)} and the
 * like (exact to the nanosecond in both; the Flight driver's legacy {@code getTimestamp} shifts
 * zone-less values by the JVM's offset), integers as {@code Long}, reals and floats as
 * {@code Double} of their value, text as {@code String}.
 */
final class JdbcRows {
  private JdbcRows() {}

  /** The labels of the result's columns. */
  static List<String> labels(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> out = new ArrayList<>();
    for (int c = 1; c <= md.getColumnCount(); c++) {
      out.add(md.getColumnLabel(c));
    }
    return out;
  }

  /** Runs {@code sql} and reads every row. */
  static List<List<Object>> query(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return read(rs);
    }
  }

  /** Every row of {@code rs}. */
  static List<List<Object>> read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int c = 1; c <= n; c++) {
        row.add(value(rs, c, md.getColumnType(c)));
      }
      rows.add(row);
    }
    return rows;
  }

  private static Object value(ResultSet rs, int c, int type) throws SQLException {
    Object v = switch (type) {
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(c, LocalDateTime.class);
      case Types.TIME -> time(rs, c);
      case Types.DATE -> date(rs, c);
      default -> rs.getObject(c);
    };
    return rs.wasNull() ? null : normalize(v);
  }

  /**
   * A TIME value as a time of day. jdbc:kdb: gives it as a {@code LocalTime}; the Flight SQL
   * driver 18.3 makes its {@code Time} from the value's milliseconds as an instant, so it shows
   * shifted by the JVM's zone, and its {@code LocalTime} drops the milliseconds: its raw
   * milliseconds are the value sent.
   */
  private static LocalTime time(ResultSet rs, int c) throws SQLException {
    if (flight(rs)) {
      java.sql.Time t = rs.getTime(c);
      return t == null ? null
          : LocalTime.ofNanoOfDay(Math.floorMod(t.getTime(), 86_400_000L) * 1_000_000L);
    }
    return rs.getObject(c, LocalTime.class);
  }

  /** A DATE value; the Flight SQL driver 18.3 fails on {@code LocalDate} of a null. */
  private static LocalDate date(ResultSet rs, int c) throws SQLException {
    if (flight(rs)) {
      java.sql.Date d = rs.getDate(c);
      return d == null ? null : d.toLocalDate();
    }
    return rs.getObject(c, LocalDate.class);
  }

  private static boolean flight(ResultSet rs) {
    return rs.getClass().getName().startsWith("org.apache.arrow");
  }

  /** The comparable form of a value read from either driver. */
  static Object normalize(Object v) {
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return (double) f;
    }
    if (v instanceof java.math.BigDecimal d) {
      return d.stripTrailingZeros();
    }
    if (v instanceof Duration d) {
      return d.toNanos();
    }
    // A timespan: a time of day (TIME(9)) from jdbc:kdb:, a Duration(ns) through Flight (exact
    // where the Flight SQL JDBC driver's TIME keeps milliseconds only): both as nanoseconds.
    if (v instanceof LocalTime t) {
      return t.toNanoOfDay();
    }
    if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    }
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    return v;
  }
}
