package dev.kdbsql.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kdbsql.spark.KdbOptions.TimespanMode;
import dev.kdbsql.spark.KdbOptions.TimestampMode;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares what Spark reads through the connector with what the JDBC driver answers for
 * {@code SELECT * FROM table}, row by row and value by value, exactly: timestamps to the
 * nanosecond under {@code timestampAs=nanos}, to the (floored) microsecond otherwise.
 *
 * <p>Where the two differ by design, the expected value comes from the stored kdb+ value, read
 * through the storage layer, and the test checks the driver's value against it as well:
 * minutes, seconds and times (the driver's TIME is NULL outside one day; Spark's interval is
 * exact), infinite dates, months and datetimes (the driver's readers wrap them; Spark keeps them
 * as the largest and smallest values, as the Arrow export does), and lists of a simple type
 * (the driver gives their text, Spark an array).
 */
final class SameAsJdbc {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  /**
   * The driver's DATE and TIMESTAMP(3) values pass through {@code java.sql.Date} and
   * {@code Timestamp}, whose calendar is Julian before this day: earlier kdb+ dates (which, like
   * Spark's, are proleptic Gregorian) come out of it shifted, so they are checked against the
   * stored value only. The driver's datetimes (TIMESTAMP(3), not wall-clock values as its
   * timestamps are) also move out of a daylight-saving gap of the JVM's zone; Spark's do not.
   */
  private static final LocalDate GREGORIAN = LocalDate.of(1582, 10, 15);

  private SameAsJdbc() {}

  /** The JDBC driver's rows of {@code SELECT * FROM table} (nanosecond timespans), and names. */
  record JdbcRows(List<String> names, List<Object[]> rows) {}

  static JdbcRows jdbc(Path db, String table) throws SQLException {
    return jdbc(db, table, null);
  }

  /** The driver's rows of {@code SELECT * FROM table WHERE where} (all rows when null). */
  static JdbcRows jdbc(Path db, String table, String where) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db + ";timespan=nanos");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select * from \"" + table + "\""
            + (where == null ? "" : " where " + where))) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        names.add(md.getColumnLabel(i));
      }
      List<Object[]> rows = new ArrayList<>();
      while (rs.next()) {
        Object[] r = new Object[n];
        for (int i = 1; i <= n; i++) {
          r[i - 1] = switch (md.getColumnType(i)) {
            case Types.TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case Types.DATE -> rs.getObject(i, LocalDate.class);
            case Types.TIME -> rs.getObject(i, LocalTime.class);
            default -> rs.getObject(i);
          };
        }
        rows.add(r);
      }
      return new JdbcRows(names, rows);
    }
  }

  /**
   * The stored values of every column of {@code table}, in storage order: raw ints, longs and
   * doubles for the temporal types the comparison needs them for, decoded lists for lists.
   */
  static List<Object[]> stored(Path db, String table) {
    try (Database d = Database.open(db)) {
      KdbTable t = d.table(table);
      List<ColumnInfo> cols = t.columns();
      List<Object[]> out = new ArrayList<>();
      List<TableSlice> slices = t.slices();
      try {
        for (TableSlice s : slices) {
          long n = s.rowCount();
          Column[] cs = new Column[cols.size()];
          for (int j = 0; j < cs.length; j++) {
            cs[j] = s.column(j);
          }
          for (long r = 0; r < n; r++) {
            Object[] row = new Object[cs.length];
            for (int j = 0; j < cs.length; j++) {
              ColumnInfo info = cols.get(j);
              KdbType e = info.type().element();
              if (info.type().nested()) {
                row[j] = cs[j].getObject(r);
              } else if (e.isIntLike()) {
                row[j] = cs[j].getInt(r);
              } else if (e.isLongLike()) {
                row[j] = cs[j].getLong(r);
              } else if (e == KdbType.DATETIME) {
                row[j] = cs[j].getDouble(r);
              }
            }
            out.add(row);
          }
        }
      } finally {
        TableSlice.closeAll(slices);
      }
      return out;
    }
  }

  /** Asserts that {@code spark} (collected with {@code options}) holds the driver's rows. */
  static void assertSame(List<Row> spark, StructType schema, Path db, String table,
      KdbOptions options) throws SQLException {
    assertSame(spark, schema, jdbc(db, table), db, table, options);
  }

  /** Asserts that {@code spark} (collected with {@code options}) holds the driver's rows {@code jdbc}. */
  static void assertSame(List<Row> spark, StructType schema, JdbcRows jdbc, Path db,
      String table, KdbOptions options) {
    assertSame(spark, schema, jdbc, stored(db, table), table, options);
  }

  /**
   * Asserts that {@code spark} holds the driver's rows {@code jdbc}, whose stored values (see
   * {@link #stored}) are {@code stored}, row for row.
   */
  static void assertSame(List<Row> spark, StructType schema, JdbcRows jdbc,
      List<Object[]> stored, String table, KdbOptions options) {
    List<String> sparkNames = List.of(schema.fieldNames());
    assertEquals(jdbc.names(), sparkNames, "columns of " + table);
    assertEquals(jdbc.rows().size(), spark.size(), "rows of " + table);
    assertEquals(jdbc.rows().size(), stored.size(), "stored rows of " + table);
    int offset = schema.fields().length - (stored.isEmpty() ? 0 : stored.get(0).length);
    for (int r = 0; r < spark.size(); r++) {
      Row row = spark.get(r);
      Object[] expectedRow = jdbc.rows().get(r);
      for (int c = 0; c < schema.fields().length; c++) {
        StructField f = schema.fields()[c];
        String type = f.metadata().getString(SparkTypes.KDB_TYPE);
        int row0 = r;
        Supplier<String> where = () -> table + " row " + row0 + " column " + f.name() + " ("
            + type + ")";
        Object raw = c < offset ? null : stored.get(r)[c - offset];
        Object actual = row.isNullAt(c) ? null
            : f.dataType() instanceof org.apache.spark.sql.types.ArrayType ? row.getList(c)
            : row.get(c);
        assertCell(expected(type, expectedRow[c], raw, options, where), actual, where);
      }
    }
  }

  /** The value Spark must give for a cell the driver read as {@code jdbc}, stored as {@code raw}. */
  private static Object expected(String type, Object jdbc, Object raw, KdbOptions options,
      Supplier<String> where) {
    if (type.startsWith("partition:")) {
      return jdbc;
    }
    char t = type.charAt(0);
    if (Character.isUpperCase(t)) {
      if (t == 'C') {
        return jdbc;
      }
      assertEquals(raw == null ? null : raw.toString(), jdbc,
          () -> where.get() + ": driver's list text");
      return raw == null ? null : listItems(element(t), (List<?>) raw, options);
    }
    return switch (t) {
      case 'p' -> jdbc == null ? null : timestamp((LocalDateTime) jdbc, options);
      case 'd', 'm' -> {
        int v = (Integer) raw;
        if (v == Nulls.INT_NULL) {
          assertNull(jdbc, () -> where.get() + ": driver's null");
          yield null;
        }
        if (v == Nulls.INT_INF || v == -Nulls.INT_INF) {
          yield LocalDate.ofEpochDay(v);
        }
        LocalDate d = t == 'd' ? Temporals.date(v) : Temporals.month(v).atDay(1);
        if (!d.isBefore(GREGORIAN)) {
          assertEquals(d, jdbc, () -> where.get() + ": driver's date");
        }
        yield d;
      }
      case 'z' -> {
        double v = (Double) raw;
        if (Double.isNaN(v)) {
          assertNull(jdbc, () -> where.get() + ": driver's null");
          yield null;
        }
        if (Double.isInfinite(v)) {
          yield Temporals.timestamp(v > 0 ? Nulls.LONG_INF : -Nulls.LONG_INF)
              .truncatedTo(ChronoUnit.MICROS);
        }
        LocalDateTime z = Temporals.datetime(v);
        if (!z.toLocalDate().isBefore(GREGORIAN)
            && !ZoneId.systemDefault().getRules().getValidOffsets(z).isEmpty()) {
          assertEquals(z, jdbc, () -> where.get() + ": driver's datetime");
        }
        yield z;
      }
      case 'n' -> jdbc == null || options.timespans() == TimespanMode.NANOS ? jdbc
          : Duration.of(Math.floorDiv((Long) jdbc, 1000L), ChronoUnit.MICROS);
      case 'u', 'v', 't' -> {
        int v = (Integer) raw;
        if (v == Nulls.INT_NULL) {
          assertNull(jdbc, () -> where.get() + ": driver's null");
          yield null;
        }
        Duration d = t == 'u' ? Duration.ofMinutes(v) : t == 'v' ? Duration.ofSeconds(v)
            : Duration.ofMillis(v);
        boolean inDay = !d.isNegative() && d.compareTo(Duration.ofDays(1)) < 0;
        assertEquals(inDay ? LocalTime.ofNanoOfDay(d.toNanos()) : null, jdbc,
            () -> where.get() + ": driver's time of day");
        yield d;
      }
      default -> jdbc;
    };
  }

  /** The element type of a list column of meta character {@code upper}. */
  private static KdbType element(char upper) {
    for (KdbType k : KdbType.values()) {
      if (k.letter() == Character.toLowerCase(upper)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no kdb+ type " + upper);
  }

  /** The items Spark must give for a stored list, decoded by the storage layer. */
  private static List<Object> listItems(KdbType element, List<?> items, KdbOptions options) {
    List<Object> out = new ArrayList<>();
    for (Object o : items) {
      out.add(o == null ? null : switch (element) {
        case GUID -> o.toString();
        case SYMBOL -> "".equals(o) ? null : o;
        case TIMESTAMP -> timestamp((LocalDateTime) o, options);
        case DATE -> {
          long raw = ((LocalDate) o).toEpochDay() - Temporals.EPOCH_DAYS_2000;
          yield Math.abs(raw) == Nulls.INT_INF ? LocalDate.ofEpochDay(raw) : o;
        }
        case DATETIME -> ((LocalDateTime) o).truncatedTo(ChronoUnit.MICROS);
        case MONTH -> {
          int raw = Temporals.monthValue((YearMonth) o);
          yield Math.abs(raw) == Nulls.INT_INF ? LocalDate.ofEpochDay(raw)
              : ((YearMonth) o).atDay(1);
        }
        case TIMESPAN -> options.timespans() == TimespanMode.NANOS ? ((Duration) o).toNanos()
            : Duration.of(Math.floorDiv(((Duration) o).toNanos(), 1000L), ChronoUnit.MICROS);
        case MINUTE, SECOND, TIME -> o instanceof LocalTime lt ? Duration.ofNanos(lt.toNanoOfDay())
            : o;
        default -> o;
      });
    }
    return out;
  }

  /** A timestamp as Spark gives it: floored to the microsecond, or nanoseconds since 1970. */
  private static Object timestamp(LocalDateTime t, KdbOptions options) {
    if (options.timestamps() == TimestampMode.TIMESTAMP) {
      return t.truncatedTo(ChronoUnit.MICROS);
    }
    // 0Wp and -0Wp stay the infinities, as in the Arrow export.
    if (t.equals(Temporals.timestamp(Nulls.LONG_INF))) {
      return Nulls.LONG_INF;
    }
    if (t.equals(Temporals.timestamp(-Nulls.LONG_INF))) {
      return -Nulls.LONG_INF;
    }
    return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), NANOS_PER_SECOND),
        t.getNano());
  }

  static void assertCell(Object expected, Object actual, Supplier<String> where) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, where);
    } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
      assertEquals(e.size(), a.size(), () -> where.get() + ": items");
      for (int i = 0; i < e.size(); i++) {
        int item = i;
        assertCell(e.get(i), a.get(i), () -> where.get() + " item " + item);
      }
    } else if (expected instanceof Number e && actual instanceof Number a) {
      if (e instanceof Float || e instanceof Double || a instanceof Float
          || a instanceof Double) {
        assertEquals(e.doubleValue(), a.doubleValue(), 0.0, where);
      } else {
        assertEquals(e.longValue(), a.longValue(), where);
      }
    } else {
      assertEquals(expected, actual, where);
    }
  }
}
