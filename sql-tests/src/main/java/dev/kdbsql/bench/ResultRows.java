package dev.kdbsql.bench;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Result rows in a form two engines can be compared in: integers as {@link Long}, other numbers
 * as {@link Double}, dates as {@link LocalDate}, times as {@link LocalTime} truncated to the
 * millisecond (DuckDB's copy of a timespan holds milliseconds), text as {@link String}, NULL as
 * null.
 */
final class ResultRows {
  /** Doubles agree when their relative (or, near zero, absolute) difference is below this. */
  static final double TOLERANCE = 1e-6;

  private ResultRows() {}

  /** Reads every row of {@code rs}, raw, as the driver returns it. */
  static List<Object[]> read(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<Object[]> rows = new ArrayList<>();
    while (rs.next()) {
      Object[] row = new Object[n];
      for (int i = 0; i < n; i++) {
        row[i] = rs.getObject(i + 1);
      }
      rows.add(row);
    }
    return rows;
  }

  /** The rows normalized and sorted, so row order within ties does not matter. */
  static List<List<Object>> normalized(List<Object[]> raw) {
    List<List<Object>> out = new ArrayList<>(raw.size());
    for (Object[] r : raw) {
      List<Object> row = new ArrayList<>(r.length);
      for (Object v : r) {
        row.add(normalize(v));
      }
      out.add(row);
    }
    out.sort(ROW_ORDER);
    return out;
  }

  static Object normalize(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return b.longValueExact();
    }
    if (v instanceof BigDecimal b) {
      return b.scale() <= 0 ? (Object) b.longValueExact() : (Object) b.doubleValue();
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return Double.isNaN(d) ? null : (Object) d;
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof java.sql.Time t) {
      return t.toLocalTime().withNano((int) (t.getTime() % 1000 + 1000) % 1000 * 1_000_000);
    }
    if (v instanceof LocalTime t) {
      return t.truncatedTo(ChronoUnit.MILLIS);
    }
    if (v instanceof LocalDate || v instanceof String) {
      return v;
    }
    if (v instanceof Character c) {
      return c.toString();
    }
    return v.toString();
  }

  private static final Comparator<Object> VALUE_ORDER = (a, b) -> {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a.getClass() == b.getClass() && a instanceof Comparable<?>) {
      @SuppressWarnings("unchecked")
      Comparable<Object> c = (Comparable<Object>) a;
      return c.compareTo(b);
    }
    return a.toString().compareTo(b.toString());
  };

  private static final Comparator<List<Object>> ROW_ORDER = (x, y) -> {
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = VALUE_ORDER.compare(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  };

  /** Null when the two normalized results agree, else the first difference, described. */
  static String difference(List<List<Object>> a, List<List<Object>> b) {
    if (a.size() != b.size()) {
      return a.size() + " rows vs " + b.size();
    }
    for (int r = 0; r < a.size(); r++) {
      List<Object> x = a.get(r);
      List<Object> y = b.get(r);
      if (x.size() != y.size()) {
        return "row " + r + ": " + x.size() + " columns vs " + y.size();
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return "row " + r + " column " + (i + 1) + ": " + x + " vs " + y;
        }
      }
    }
    return null;
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y
        && (a instanceof Double || b instanceof Double)) {
      double p = x.doubleValue();
      double q = y.doubleValue();
      return Math.abs(p - q) <= TOLERANCE * Math.max(1, Math.max(Math.abs(p), Math.abs(q)));
    }
    return Objects.equals(a, b);
  }
}
