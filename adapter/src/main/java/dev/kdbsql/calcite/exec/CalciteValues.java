package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.TimespanMode;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.Temporals;
import java.util.UUID;

/**
 * kdb+ values in the representation Calcite's generated code holds them in, for the SQL types
 * the planner gives kdb+ columns: Integer epoch days for DATE (a month is its first day), Integer
 * milliseconds of the day for TIME (NULL outside one day), Long epoch milliseconds for
 * TIMESTAMP(3) (datetimes), the exact {@link KdbTimestamp} of a kdb+ timestamp and
 * {@link KdbTimespan} of a timespan typed as a time of day, boxed numbers,
 * Strings for symbols, chars, guids, strings and other lists. The per-column readers
 * ({@link #reader}) and the primitive conversions the engine's keys, aggregates and evaluators
 * use are the same functions, so a value computed in the scan is the value Calcite would have
 * computed from the rows.
 */
public final class CalciteValues {
  private static final int MILLIS_PER_DAY = (int) Temporals.MILLIS_PER_DAY;

  private CalciteValues() {
  }

  /**
   * The value of the virtual partition column for a partition of value {@code value}, in
   * Calcite's representation: Integer epoch days for date and month (the first of the month),
   * Long for year and int.
   */
  public static Object partitionValue(PartitionKind kind, long value) {
    return switch (kind) {
      case DATE -> epochDay((int) value);
      case MONTH -> monthEpochDay((int) value);
      case YEAR, INT -> value;
    };
  }

  // The conversions below are the readers' own, shared with the scan's top-N keys, which must
  // order exactly as Calcite orders the values read (int overflow of infinities included).

  /**
   * Calcite's DATE value (epoch days, an int) of a raw kdb+ date; 0Wd, whose epoch day is beyond
   * the int range, is the greatest int: saturated, never wrapped, so the order is kept.
   */
  public static int epochDay(int date) {
    return saturatedDay(Temporals.EPOCH_DAYS_2000 + (long) date);
  }

  /**
   * Calcite's DATE value of a raw kdb+ month: the epoch day of its first day; the infinities
   * (0Wm, -0Wm), whose days are beyond the int range, saturate at its ends.
   */
  public static int monthEpochDay(int month) {
    return saturatedDay(Temporals.monthFirstEpochDay(month));
  }

  /** An epoch day in an int, saturated at {@code ±Integer.MAX_VALUE}. */
  private static int saturatedDay(long day) {
    return (int) Math.max(-Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE, day));
  }

  /** Calcite's TIMESTAMP(3) value (epoch milliseconds) of a raw, non-NaN kdb+ datetime. */
  public static long datetimeMillis(double datetime) {
    return Temporals.datetimeEpochMillis(datetime);
  }

  /** Milliseconds of the day as Calcite's TIME value, or -1 outside one day (read as NULL). */
  public static long millisOfDay(long millis) {
    return millis >= 0 && millis < MILLIS_PER_DAY ? millis : -1;
  }

  /** Calcite's TIME value of a raw, non-null kdb+ minute, or -1 outside one day (NULL). */
  public static long minuteOfDay(long minutes) {
    return millisOfDay(minutes * 60_000L);
  }

  /** Calcite's TIME value of a raw, non-null kdb+ second, or -1 outside one day (NULL). */
  public static long secondOfDay(long seconds) {
    return millisOfDay(seconds * 1_000L);
  }

  /**
   * The reader of a stored column's values, timespans typed as {@code timespan} says; made once
   * per column, so the per-row path has no type dispatch.
   */
  public static ValueReader reader(ColumnInfo info, TimespanMode timespan) {
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
        return v == Nulls.LONG_NULL ? null : KdbTimestamp.of(v);
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
            return KdbTimespan.ofDay(v);
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
}
