package dev.kdbsql.calcite;

import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.Temporals;
import java.sql.Timestamp;
import java.util.UUID;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The kdb+ to SQL type mapping of DESIGN.md, and for each mapped column the reader that produces
 * values in the representation Calcite expects for that SQL type.
 *
 * <p>Decisions worth knowing: a timestamp is a {@code java.sql.Timestamp} Java-type column
 * reported as TIMESTAMP(9), because Calcite's SQL TIMESTAMP holds milliseconds only and the
 * object keeps the nanoseconds to the user; a guid is CHAR(36), because Calcite 1.42's UUID type
 * has no runtime representation in Enumerable code nor in Avatica 1.28; nested lists other than
 * strings are VARCHAR holding the list's text, because Avatica's nested ARRAY result sets do not
 * survive our ResultSet; minutes, seconds and times (and timespans as TIME) outside one day are
 * durations, not times of day, and read as NULL. Every column is nullable except booleans
 * (kdb+ has no boolean null) and the virtual partition column.
 */
final class KdbTypeMapper {
  private static final int MILLIS_PER_DAY = (int) Temporals.MILLIS_PER_DAY;

  private final TimespanMode timespan;

  /** Creates a mapper that types timespans as {@code timespan} says. */
  KdbTypeMapper(TimespanMode timespan) {
    this.timespan = timespan;
  }

  /** How timespans are typed. */
  TimespanMode timespan() {
    return timespan;
  }

  /** The SQL type of a stored column. */
  RelDataType sqlType(RelDataTypeFactory f, ColumnType type) {
    if (type.nested()) {
      return nullable(f, f.createSqlType(SqlTypeName.VARCHAR));
    }
    return switch (type.element()) {
      case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
      case GUID -> nullable(f, f.createSqlType(SqlTypeName.CHAR, 36));
      case BYTE, SHORT -> nullable(f, f.createSqlType(SqlTypeName.SMALLINT));
      case INT -> nullable(f, f.createSqlType(SqlTypeName.INTEGER));
      case LONG -> nullable(f, f.createSqlType(SqlTypeName.BIGINT));
      case REAL -> nullable(f, f.createSqlType(SqlTypeName.REAL));
      case FLOAT -> nullable(f, f.createSqlType(SqlTypeName.DOUBLE));
      case CHAR -> nullable(f, f.createSqlType(SqlTypeName.CHAR, 1));
      case SYMBOL -> nullable(f, f.createSqlType(SqlTypeName.VARCHAR));
      case TIMESTAMP -> nullable(f, ((JavaTypeFactory) f).createType(Timestamp.class));
      case MONTH, DATE -> nullable(f, f.createSqlType(SqlTypeName.DATE));
      case DATETIME -> nullable(f, f.createSqlType(SqlTypeName.TIMESTAMP, 3));
      case TIMESPAN -> timespan == TimespanMode.NANOS
          ? nullable(f, f.createSqlType(SqlTypeName.BIGINT))
          : nullable(f, f.createSqlType(SqlTypeName.TIME, 3));
      case MINUTE, SECOND -> nullable(f, f.createSqlType(SqlTypeName.TIME, 0));
      case TIME -> nullable(f, f.createSqlType(SqlTypeName.TIME, 3));
    };
  }

  /** The SQL type of the virtual partition column: DATE for date and month, else BIGINT. */
  RelDataType partitionType(RelDataTypeFactory f, PartitionKind kind) {
    return f.createSqlType(kind == PartitionKind.DATE || kind == PartitionKind.MONTH
        ? SqlTypeName.DATE : SqlTypeName.BIGINT);
  }

  /**
   * The value of the virtual partition column for a partition of value {@code value}, in
   * Calcite's representation: Integer epoch days for date and month (the first of the month),
   * Long for year and int.
   */
  static Object partitionValue(PartitionKind kind, long value) {
    return switch (kind) {
      case DATE -> epochDay((int) value);
      case MONTH -> monthEpochDay((int) value);
      case YEAR, INT -> value;
    };
  }

  // The conversions below are the readers' own, shared with the scan's top-N keys, which must
  // order exactly as Calcite orders the values read (int overflow of infinities included).

  /** Calcite's DATE value (epoch days) of a raw kdb+ date, in int arithmetic as read. */
  static int epochDay(int date) {
    return Temporals.EPOCH_DAYS_2000 + date;
  }

  /** Calcite's DATE value of a raw kdb+ month: the epoch day of its first day. */
  static int monthEpochDay(int month) {
    return (int) Temporals.month(month).atDay(1).toEpochDay();
  }

  /** Calcite's TIMESTAMP(3) value (epoch milliseconds) of a raw, non-NaN kdb+ datetime. */
  static long datetimeMillis(double datetime) {
    return Temporals.EPOCH_MILLIS_2000 + Math.round(datetime * Temporals.MILLIS_PER_DAY);
  }

  /** Milliseconds of the day as Calcite's TIME value, or -1 outside one day (read as NULL). */
  static long millisOfDay(long millis) {
    return millis >= 0 && millis < MILLIS_PER_DAY ? millis : -1;
  }

  /** The reader producing values of {@link #sqlType} for a stored column. */
  KdbValueReader reader(ColumnInfo info) {
    ColumnType type = info.type();
    if (type.isString()) {
      return (c, r) -> c.isNull(r) ? null : c.getString(r);
    }
    if (type.nested()) {
      return (c, r) -> {
        Object o = c.getObject(r);
        return o == null ? null : o.toString();
      };
    }
    return switch (type.element()) {
      case BOOLEAN -> (c, r) -> c.getBoolean(r);
      case GUID -> (c, r) -> {
        long hi = c.getGuidHigh(r);
        long lo = c.getGuidLow(r);
        return hi == 0 && lo == 0 ? null : new UUID(hi, lo).toString();
      };
      case BYTE -> (c, r) -> (short) (c.getByte(r) & 0xff);
      case SHORT -> (c, r) -> {
        short v = c.getShort(r);
        return v == Nulls.SHORT_NULL ? null : v;
      };
      case INT -> (c, r) -> {
        int v = c.getInt(r);
        return v == Nulls.INT_NULL ? null : v;
      };
      case LONG -> (c, r) -> {
        long v = c.getLong(r);
        return v == Nulls.LONG_NULL ? null : v;
      };
      case REAL -> (c, r) -> {
        float v = c.getFloat(r);
        return Float.isNaN(v) ? null : v;
      };
      case FLOAT -> (c, r) -> {
        double v = c.getDouble(r);
        return Double.isNaN(v) ? null : v;
      };
      case CHAR -> (c, r) -> {
        byte v = c.getByte(r);
        return v == Nulls.CHAR_NULL ? null : String.valueOf((char) (v & 0xff));
      };
      case SYMBOL -> (c, r) -> {
        String v = c.getSymbol(r);
        return v.isEmpty() ? null : v;
      };
      case TIMESTAMP -> (c, r) -> {
        long v = c.getLong(r);
        return v == Nulls.LONG_NULL ? null : WallClockTimestamp.of(Temporals.timestamp(v));
      };
      case MONTH -> (c, r) -> {
        int v = c.getInt(r);
        return v == Nulls.INT_NULL ? null : monthEpochDay(v);
      };
      case DATE -> (c, r) -> {
        int v = c.getInt(r);
        return v == Nulls.INT_NULL ? null : epochDay(v);
      };
      case DATETIME -> (c, r) -> {
        double v = c.getDouble(r);
        return Double.isNaN(v) ? null
            : datetimeMillis(v);
      };
      case TIMESPAN -> timespan == TimespanMode.NANOS
          ? (c, r) -> {
            long v = c.getLong(r);
            return v == Nulls.LONG_NULL ? null : v;
          }
          : (c, r) -> {
            long v = c.getLong(r);
            return v == Nulls.LONG_NULL ? null : timeOfDay(Math.floorDiv(v, 1_000_000L));
          };
      case MINUTE -> (c, r) -> {
        int v = c.getInt(r);
        return v == Nulls.INT_NULL ? null : timeOfDay(v * 60_000L);
      };
      case SECOND -> (c, r) -> {
        int v = c.getInt(r);
        return v == Nulls.INT_NULL ? null : timeOfDay(v * 1_000L);
      };
      case TIME -> (c, r) -> {
        int v = c.getInt(r);
        return v == Nulls.INT_NULL ? null : timeOfDay(v);
      };
    };
  }

  /** Milliseconds of the day as Calcite's TIME value, or null outside one day. */
  private static Integer timeOfDay(long millis) {
    long m = millisOfDay(millis);
    return m < 0 ? null : (int) m;
  }

  private static RelDataType nullable(RelDataTypeFactory f, RelDataType t) {
    return f.createTypeWithNullability(t, true);
  }
}
