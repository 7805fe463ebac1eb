package dev.kdbsql.calcite.spec;

import dev.kdbsql.storage.KdbType;
import java.util.EnumSet;
import java.util.Set;

/**
 * One grouping key the scan computes: table field {@code field} (named {@code name}) itself, or,
 * when {@code bucket > 0}, q's {@code xbar(bucket, field)} in the unit {@code xbar} of its
 * argument and result. {@code type} is the stored column's element type, null for the virtual
 * partition column. {@link #toString} is what EXPLAIN shows.
 */
public record GroupKey(int field, String name, KdbType type, long bucket, Xbar xbar) {
  /** Element types the scan groups by directly: symbols, chars, booleans and integers. */
  public static final Set<KdbType> PLAIN = EnumSet.of(KdbType.SYMBOL, KdbType.CHAR,
      KdbType.BOOLEAN, KdbType.BYTE, KdbType.SHORT, KdbType.INT, KdbType.LONG, KdbType.DATE,
      KdbType.MONTH, KdbType.MINUTE, KdbType.SECOND, KdbType.TIME, KdbType.TIMESPAN,
      KdbType.TIMESTAMP);
  /** Element types the scan buckets with {@code xbar}. */
  public static final Set<KdbType> XBAR = EnumSet.of(KdbType.TIME, KdbType.TIMESPAN,
      KdbType.TIMESTAMP, KdbType.DATE, KdbType.INT, KdbType.LONG);

  /**
   * What an {@code xbar} bucket counts and what its result is, as the SQL function's overload for
   * the argument's SQL type defines it.
   */
  public enum Xbar {
    /** Milliseconds of the day, a TIME result of Calcite's (a kdb+ time column). */
    TIME_MILLIS,
    /**
     * Buckets of milliseconds over the nanoseconds of the day, an exact time-of-day result (a
     * timespan typed as TIME(9): {@code KdbTimespan}).
     */
    TIMESPAN_NANOS,
    /**
     * Buckets of milliseconds over the nanoseconds from 2000-01-01, an exact timestamp result
     * ({@code KdbTimestamp}).
     */
    TIMESTAMP_NANOS,
    /** Days from 2000-01-01, a DATE result. */
    DATE_DAYS,
    /** Units, a BIGINT result (ints, longs, timespans typed as nanoseconds). */
    UNITS,
    /**
     * The hour of a time of day: milliseconds of the day in buckets of an hour, the result the
     * bucket's number, a BIGINT ({@code EXTRACT(HOUR FROM t)}).
     */
    HOUR_OF_DAY
  }

  /** A key of the column itself. */
  public static GroupKey of(int field, String name, KdbType type) {
    return new GroupKey(field, name, type, 0, null);
  }

  /** Whether the key is the virtual partition column. */
  public boolean partition() {
    return type == null;
  }

  @Override
  public String toString() {
    return xbar == Xbar.HOUR_OF_DAY ? "EXTRACT(HOUR FROM " + name + ")"
        : bucket > 0 ? "xbar(" + bucket + ", " + name + ")" : name;
  }
}
