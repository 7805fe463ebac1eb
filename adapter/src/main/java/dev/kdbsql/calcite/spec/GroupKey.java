package dev.kdbsql.calcite.spec;

import dev.kdbsql.storage.KdbType;
import java.util.EnumSet;
import java.util.Set;

/**
 * One grouping key the scan computes: table field {@code field} (named {@code name}) itself, or,
 * when {@code bucket > 0}, q's {@code xbar(bucket, field)} in the unit {@code xbar} of its
 * argument and result; or, when {@code expr} is not null, that expression of the row's numeric
 * columns ({@code FLOOR(price / 10)}: {@link #computed}), whose {@code field} is -1 and
 * {@code type} null. {@code type} is otherwise the stored column's element type, null for the
 * virtual partition column. {@link #toString} is what EXPLAIN shows.
 */
public record GroupKey(int field, String name, KdbType type, long bucket, Xbar xbar, Expr expr) {
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

  /** A key of a column or an xbar bucket of one. */
  public GroupKey(int field, String name, KdbType type, long bucket, Xbar xbar) {
    this(field, name, type, bucket, xbar, null);
  }

  /** A key of the column itself. */
  public static GroupKey of(int field, String name, KdbType type) {
    return new GroupKey(field, name, type, 0, null);
  }

  /**
   * A key computed from the row: {@code e}, of kind INT or DOUBLE (a LONG's every value is a
   * value, none left to stand for NULL in the grouper's raw tuples).
   */
  public static GroupKey computed(Expr e) {
    if (e.kind() != Expr.Kind.INT && e.kind() != Expr.Kind.DOUBLE) {
      throw new IllegalArgumentException("a computed key is an INT or a DOUBLE: " + e);
    }
    return new GroupKey(-1, e.toString(), null, 0, null, e);
  }

  /** Whether the key is computed from the row's columns ({@link #expr}). */
  public boolean computed() {
    return expr != null;
  }

  /** Whether the key is the virtual partition column. */
  public boolean partition() {
    return type == null && expr == null;
  }

  @Override
  public String toString() {
    return xbar == Xbar.HOUR_OF_DAY ? "EXTRACT(HOUR FROM " + name + ")"
        : bucket > 0 ? "xbar(" + bucket + ", " + name + ")" : name;
  }
}
