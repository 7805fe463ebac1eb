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
import org.apache.calcite.runtime.SqlFunctions;
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
  private static final int MONTHS_PER_400_YEARS = 4800;
  private static final long DAYS_PER_400_YEARS = 146_097;
  /** Days from 2000-01-01 to the first day of month {@code 2000-01 + i}, {@code i < 4800}. */
  private static final int[] CYCLE_FIRST_DAYS = new int[MONTHS_PER_400_YEARS];

  static {
    for (int i = 0; i < MONTHS_PER_400_YEARS; i++) {
      CYCLE_FIRST_DAYS[i] = (int) (Temporals.month(i).atDay(1).toEpochDay()
          - Temporals.EPOCH_DAYS_2000);
    }
  }

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

  /**
   * Calcite's DATE value of a raw kdb+ month: the epoch day of its first day, as
   * {@code (int) YearMonth.plusMonths(month).atDay(1).toEpochDay()} gives it (the int cast wraps
   * for kdb+'s infinities), computed without allocating: the proleptic Gregorian calendar
   * repeats every 400 years, 4800 months of exactly {@link #DAYS_PER_400_YEARS} days, so a month
   * is a whole number of cycles plus an offset into {@link #CYCLE_FIRST_DAYS}.
   */
  static int monthEpochDay(int month) {
    long cycles = Math.floorDiv(month, MONTHS_PER_400_YEARS);
    int inCycle = Math.floorMod(month, MONTHS_PER_400_YEARS);
    return (int) (Temporals.EPOCH_DAYS_2000 + cycles * DAYS_PER_400_YEARS
        + CYCLE_FIRST_DAYS[inCycle]);
  }

  /** Calcite's TIMESTAMP(3) value (epoch milliseconds) of a raw, non-NaN kdb+ datetime. */
  static long datetimeMillis(double datetime) {
    return Temporals.EPOCH_MILLIS_2000 + Math.round(datetime * Temporals.MILLIS_PER_DAY);
  }

  /**
   * Calcite's TIMESTAMP(3) value (epoch milliseconds) of a raw, non-null kdb+ timestamp: what
   * Calcite's {@code SqlFunctions.toLong} makes of the {@link WallClockTimestamp} the reader
   * gives, which is its wall clock floored to the millisecond (the JVM zone's offsets it adds
   * and subtracts cancel). Non-decreasing in {@code nanos}, so the smallest or largest raw value
   * converts to the smallest or largest value Calcite sees.
   */
  static long timestampMillis(long nanos) {
    return SqlFunctions.toLong(WallClockTimestamp.of(Temporals.timestamp(nanos)));
  }

  /** Milliseconds of the day as Calcite's TIME value, or -1 outside one day (read as NULL). */
  static long millisOfDay(long millis) {
    return millis >= 0 && millis < MILLIS_PER_DAY ? millis : -1;
  }

  /** Calcite's TIME value of a raw, non-null kdb+ minute, or -1 outside one day (NULL). */
  static long minuteOfDay(long minutes) {
    return millisOfDay(minutes * 60_000L);
  }

  /** Calcite's TIME value of a raw, non-null kdb+ second, or -1 outside one day (NULL). */
  static long secondOfDay(long seconds) {
    return millisOfDay(seconds * 1_000L);
  }

  /**
   * Calcite's TIME value of a raw, non-null kdb+ timespan typed as TIME (nanoseconds floored to
   * milliseconds), or -1 outside one day (NULL).
   */
  static long timespanOfDay(long nanos) {
    return millisOfDay(Math.floorDiv(nanos, 1_000_000L));
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
            return v == Nulls.LONG_NULL ? null : timeOfDay(timespanOfDay(v));
          };
      case MINUTE -> (c, r) -> {
        int v = c.getInt(r);
        return v == Nulls.INT_NULL ? null : timeOfDay(minuteOfDay(v));
      };
      case SECOND -> (c, r) -> {
        int v = c.getInt(r);
        return v == Nulls.INT_NULL ? null : timeOfDay(secondOfDay(v));
      };
      case TIME -> (c, r) -> {
        int v = c.getInt(r);
        return v == Nulls.INT_NULL ? null : timeOfDay(v);
      };
    };
  }

  /** Milliseconds of the day as Calcite's TIME value, or null outside one day (-1 included). */
  private static Integer timeOfDay(long millis) {
    long m = millisOfDay(millis);
    return m < 0 ? null : (int) m;
  }

  private static RelDataType nullable(RelDataTypeFactory f, RelDataType t) {
    return f.createTypeWithNullability(t, true);
  }
}
