package dev.kdbsql.arrow.export;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.column.EnumColumn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Chooses the Arrow field for each JDBC result column: from the JDBC type (exact: timestamps and
 * times as nanoseconds, decimals with their scale), refined by the kdb+ type of the table column
 * the result column comes from, when the metadata names one in the hint database.
 */
final class JdbcColumns {
  /**
   * The setter of a kdb+ timespan read as a time of day (SQL TIME, exact to the nanosecond):
   * Duration(ns) as the table export writes it, NULL outside one day as SQL reads it. The
   * direct path recognises it by identity ({@link DirectScanReader}).
   */
  static final JdbcColumn.Setter TIMESPAN_OF_DAY = JdbcColumns::durationOfTime;

  private JdbcColumns() {}

  /** The mapping of column {@code c} (1-based) of {@code md}; {@code id} is its dictionary id. */
  static JdbcColumn of(ResultSetMetaData md, int c, Database hints, long id) throws SQLException {
    String name = md.getColumnLabel(c);
    int jdbc = md.getColumnType(c);
    ColumnInfo hint = hint(md, c, hints);
    if (hint != null && !hint.type().nested()) {
      JdbcColumn h = hinted(name, jdbc, hint, hints, md, c, id);
      if (h != null) {
        return h;
      }
    }
    return plain(name, jdbc, md, c);
  }

  private static ColumnInfo hint(ResultSetMetaData md, int c, Database db) throws SQLException {
    if (db == null) {
      return null;
    }
    String table = md.getTableName(c);
    String column = md.getColumnName(c);
    KdbTable t = table == null ? null : db.tables().get(table);
    if (t == null || column == null) {
      return null;
    }
    int i = t.columnIndex(column);
    return i < 0 ? null : t.columns().get(i);
  }

  private static Field field(String name, ArrowType type, Character kdb) {
    Map<String, String> meta = kdb == null ? null
        : Map.of(ArrowTypes.KDB_TYPE, String.valueOf(kdb));
    return new Field(name, new FieldType(true, type, null, meta), null);
  }

  private static boolean textual(int jdbc) {
    return jdbc == Types.CHAR || jdbc == Types.VARCHAR || jdbc == Types.NCHAR
        || jdbc == Types.NVARCHAR || jdbc == Types.LONGVARCHAR;
  }

  private static JdbcColumn hinted(String name, int jdbc, ColumnInfo hint, Database db,
      ResultSetMetaData md, int c, long id) throws SQLException {
    KdbType k = hint.type().element();
    char letter = k.letter();
    ArrowType arrow = ArrowTypes.arrowType(k);
    if (k == KdbType.SYMBOL && textual(jdbc)) {
      SymbolDomain domain = domainOf(db.tables().get(md.getTableName(c)), hint.name());
      if (domain == null) {
        return new JdbcColumn(field(name, arrow, letter), JdbcColumns::utf8, null);
      }
      Field f = new Field(name, new FieldType(true, arrow,
          new DictionaryEncoding(id, false, (ArrowType.Int) ArrowTypes.INT32),
          Map.of(ArrowTypes.KDB_TYPE, "s")), null);
      return new JdbcColumn(f, (rs, col, v, i) -> {
        String s = rs.getString(col);
        int code = s == null || s.isEmpty() ? -1 : domain.indexOf(s);
        if (code < 0 && s != null && !s.isEmpty()) {
          throw new SQLException("column " + name + ": symbol `" + s + "` is not in domain `"
              + domain.name() + "` (" + domain.file() + ")");
        }
        if (code < 0) {
          ((IntVector) v).setNull(i);
        } else {
          ((IntVector) v).setSafe(i, code);
        }
      }, domain);
    }
    JdbcColumn.Setter s = switch (k) {
      case GUID -> textual(jdbc) || jdbc == Types.OTHER ? JdbcColumns::guid : null;
      case BYTE -> jdbc == Types.SMALLINT || jdbc == Types.TINYINT || jdbc == Types.INTEGER
          ? (rs, col, v, i) -> {
            int x = rs.getInt(col);
            if (rs.wasNull()) {
              ((UInt1Vector) v).setNull(i);
            } else {
              ((UInt1Vector) v).setSafe(i, x);
            }
          } : null;
      case CHAR -> textual(jdbc) ? JdbcColumns::utf8 : null;
      case MONTH -> jdbc == Types.DATE ? JdbcColumns::date : null;
      case MINUTE, SECOND -> jdbc == Types.TIME ? JdbcColumns::timeSeconds : null;
      case TIME -> jdbc == Types.TIME ? JdbcColumns::timeMillis : null;
      case DATETIME -> jdbc == Types.TIMESTAMP ? JdbcColumns::timestampMillis : null;
      case TIMESPAN -> jdbc == Types.BIGINT ? JdbcColumns::duration
          : jdbc == Types.TIME ? TIMESPAN_OF_DAY : null;
      default -> null;
    };
    if (s != null) {
      return new JdbcColumn(field(name, arrow, letter), s, null);
    }
    JdbcColumn plain = plain(name, jdbc, md, c);
    if (plain.field().getType().equals(arrow)) {
      return new JdbcColumn(field(name, arrow, letter), plain.setter(), null);
    }
    return null;
  }

  private static SymbolDomain domainOf(KdbTable table, String column) {
    List<TableSlice> slices = table.slices();
    int index = table.columnIndex(column);
    SymbolDomain d = null;
    for (TableSlice s : slices) {
      try (s) {
        if (d == null && s.rowCount() > 0 && s.column(index) instanceof EnumColumn e) {
          d = e.domain();
        }
      }
    }
    return d;
  }

  private static JdbcColumn plain(String name, int jdbc, ResultSetMetaData md, int c)
      throws SQLException {
    return switch (jdbc) {
      case Types.BOOLEAN, Types.BIT -> new JdbcColumn(field(name, ArrowType.Bool.INSTANCE, 'b'),
          (rs, col, v, i) -> {
            boolean x = rs.getBoolean(col);
            if (rs.wasNull()) {
              ((BitVector) v).setNull(i);
            } else {
              ((BitVector) v).setSafe(i, x ? 1 : 0);
            }
          }, null);
      case Types.TINYINT -> new JdbcColumn(field(name, new ArrowType.Int(8, true), null),
          (rs, col, v, i) -> {
            byte x = rs.getByte(col);
            if (rs.wasNull()) {
              ((TinyIntVector) v).setNull(i);
            } else {
              ((TinyIntVector) v).setSafe(i, x);
            }
          }, null);
      case Types.SMALLINT -> new JdbcColumn(field(name, new ArrowType.Int(16, true), 'h'),
          (rs, col, v, i) -> {
            short x = rs.getShort(col);
            if (rs.wasNull()) {
              ((SmallIntVector) v).setNull(i);
            } else {
              ((SmallIntVector) v).setSafe(i, x);
            }
          }, null);
      case Types.INTEGER -> new JdbcColumn(field(name, ArrowTypes.INT32, 'i'),
          (rs, col, v, i) -> {
            int x = rs.getInt(col);
            if (rs.wasNull()) {
              ((IntVector) v).setNull(i);
            } else {
              ((IntVector) v).setSafe(i, x);
            }
          }, null);
      case Types.BIGINT -> new JdbcColumn(field(name, new ArrowType.Int(64, true), 'j'),
          (rs, col, v, i) -> {
            long x = rs.getLong(col);
            if (rs.wasNull()) {
              ((BigIntVector) v).setNull(i);
            } else {
              ((BigIntVector) v).setSafe(i, x);
            }
          }, null);
      case Types.REAL -> new JdbcColumn(field(name,
          new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), 'e'),
          (rs, col, v, i) -> {
            float x = rs.getFloat(col);
            if (rs.wasNull()) {
              ((Float4Vector) v).setNull(i);
            } else {
              ((Float4Vector) v).setSafe(i, x);
            }
          }, null);
      case Types.FLOAT, Types.DOUBLE -> new JdbcColumn(field(name,
          new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), 'f'),
          (rs, col, v, i) -> {
            double x = rs.getDouble(col);
            if (rs.wasNull()) {
              ((Float8Vector) v).setNull(i);
            } else {
              ((Float8Vector) v).setSafe(i, x);
            }
          }, null);
      case Types.DECIMAL, Types.NUMERIC -> decimal(name, md.getPrecision(c), md.getScale(c));
      case Types.DATE -> new JdbcColumn(field(name, new ArrowType.Date(DateUnit.DAY), 'd'),
          JdbcColumns::date, null);
      // A TIME of more than millisecond precision is an exact kdb+ timespan (computed: MIN,
      // CASE, ...; Calcite's own TIME holds milliseconds): Duration(ns), as its column exports.
      case Types.TIME -> md.getPrecision(c) > 3
          ? new JdbcColumn(field(name, new ArrowType.Duration(TimeUnit.NANOSECOND), 'n'),
              TIMESPAN_OF_DAY, null)
          : new JdbcColumn(field(name, new ArrowType.Time(TimeUnit.NANOSECOND, 64), null),
              JdbcColumns::timeNanos, null);
      case Types.TIMESTAMP -> new JdbcColumn(field(name,
          new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), 'p'), JdbcColumns::timestampNanos,
          null);
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> new JdbcColumn(field(name,
          ArrowType.Binary.INSTANCE, null), (rs, col, v, i) -> {
            byte[] b = rs.getBytes(col);
            if (b == null) {
              ((VarBinaryVector) v).setNull(i);
            } else {
              ((VarBinaryVector) v).setSafe(i, b);
            }
          }, null);
      default -> UUID.class.getName().equals(md.getColumnClassName(c))
          ? new JdbcColumn(field(name, new ArrowType.FixedSizeBinary(16), 'g'), JdbcColumns::guid,
              null)
          : new JdbcColumn(field(name, ArrowType.Utf8.INSTANCE, null), JdbcColumns::utf8, null);
    };
  }

  private static JdbcColumn decimal(String name, int precision, int scale) {
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      return new JdbcColumn(field(name, ArrowType.Utf8.INSTANCE, null), JdbcColumns::utf8, null);
    }
    return new JdbcColumn(field(name, new ArrowType.Decimal(precision, scale, 128), null),
        (rs, col, v, i) -> {
          BigDecimal d = rs.getBigDecimal(col);
          if (d == null) {
            ((DecimalVector) v).setNull(i);
          } else {
            ((DecimalVector) v).setSafe(i, d.setScale(scale, RoundingMode.UNNECESSARY));
          }
        }, null);
  }

  private static void utf8(ResultSet rs, int col, FieldVector v,
      int i) throws SQLException {
    String s = rs.getString(col);
    if (s == null) {
      ((VarCharVector) v).setNull(i);
    } else {
      ((VarCharVector) v).setSafe(i, s.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void guid(ResultSet rs, int col, FieldVector v,
      int i) throws SQLException {
    Object o = rs.getObject(col);
    FixedSizeBinaryVector f = (FixedSizeBinaryVector) v;
    if (o == null) {
      f.setNull(i);
      return;
    }
    UUID u = o instanceof UUID x ? x : UUID.fromString(o.toString());
    byte[] b = new byte[16];
    for (int k = 0; k < 8; k++) {
      b[k] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * k));
      b[8 + k] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * k));
    }
    f.setSafe(i, b);
  }

  private static void date(ResultSet rs, int col, FieldVector v,
      int i) throws SQLException {
    LocalDate d = rs.getObject(col, LocalDate.class);
    if (d == null) {
      ((DateDayVector) v).setNull(i);
    } else {
      ((DateDayVector) v).setSafe(i, Math.toIntExact(d.toEpochDay()));
    }
  }

  private static void timeSeconds(ResultSet rs, int col,
      FieldVector v, int i) throws SQLException {
    LocalTime t = rs.getObject(col, LocalTime.class);
    if (t == null) {
      ((TimeSecVector) v).setNull(i);
    } else {
      ((TimeSecVector) v).setSafe(i, t.toSecondOfDay());
    }
  }

  private static void timeMillis(ResultSet rs, int col,
      FieldVector v, int i) throws SQLException {
    LocalTime t = rs.getObject(col, LocalTime.class);
    if (t == null) {
      ((TimeMilliVector) v).setNull(i);
    } else {
      ((TimeMilliVector) v).setSafe(i, (int) (t.toNanoOfDay() / 1_000_000));
    }
  }

  private static void timeNanos(ResultSet rs, int col,
      FieldVector v, int i) throws SQLException {
    LocalTime t = rs.getObject(col, LocalTime.class);
    if (t == null) {
      ((TimeNanoVector) v).setNull(i);
    } else {
      ((TimeNanoVector) v).setSafe(i, t.toNanoOfDay());
    }
  }

  private static void timestampMillis(ResultSet rs, int col,
      FieldVector v, int i) throws SQLException {
    LocalDateTime t = rs.getObject(col, LocalDateTime.class);
    if (t == null) {
      ((TimeStampMilliVector) v).setNull(i);
    } else {
      ((TimeStampMilliVector) v).setSafe(i, t.toInstant(ZoneOffset.UTC).toEpochMilli());
    }
  }

  private static void timestampNanos(ResultSet rs, int col,
      FieldVector v, int i) throws SQLException {
    LocalDateTime t = rs.getObject(col, LocalDateTime.class);
    if (t == null) {
      ((TimeStampNanoVector) v).setNull(i);
    } else {
      long nanos = Temporals.timestampValue(t) + Temporals.EPOCH_NANOS_2000;
      ((TimeStampNanoVector) v).setSafe(i, nanos);
    }
  }

  /** A timespan read as a time of day: its exact nanoseconds, as the table export writes them. */
  private static void durationOfTime(ResultSet rs, int col, FieldVector v, int i)
      throws SQLException {
    Duration d = rs.getObject(col, Duration.class);
    if (d == null) {
      ((DurationVector) v).setNull(i);
    } else {
      ((DurationVector) v).setSafe(i, d.toNanos());
    }
  }

  private static void duration(ResultSet rs, int col,
      FieldVector v, int i) throws SQLException {
    long x = rs.getLong(col);
    if (rs.wasNull()) {
      ((DurationVector) v).setNull(i);
    } else {
      ((DurationVector) v).setSafe(i, x);
    }
  }
}
