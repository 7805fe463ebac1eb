package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.Temporals;
import java.util.Locale;

/**
 * The match condition of an as-of join, normalized to the right input's side: the matching right
 * row is the one whose match value is the greatest value {@code <=} (or {@code <} when
 * {@code strict}) the left row's ({@code rightBelow}), or the least value {@code >=} (or
 * {@code >}) it (not {@code rightBelow}). {@code left} and {@code right} say how each input's
 * match column becomes a comparable key; they differ only when the condition casts one side
 * ({@code CAST(date AS TIMESTAMP(3))}) or compares a kdb+ timestamp or timespan with Calcite's
 * own TIMESTAMP, DATE or TIME, and then both give keys in the same unit.
 *
 * <p>Public because generated code receives it as a stashed constant (from the planner's as-of
 * join operator).
 *
 * @param left how the left input's match values become keys
 * @param right how the right input's match values become keys
 * @param rightBelow whether the right value must be below the left value (else above it)
 * @param strict whether equal values do not match ({@code <}, {@code >})
 */
public record AsofMatch(Encoding left, Encoding right, boolean rightBelow, boolean strict) {
  /**
   * How match values become keys of the index. Every encoding gives the order of the SQL values
   * the condition compares (after its cast, if any), and equal values equal keys, so ties are
   * the rows with equal values.
   */
  public enum Encoding {
    /**
     * Integers, dates, times and SQL timestamps (Enumerable holds them as {@code Short},
     * {@code Integer} or {@code Long}: epoch days, milliseconds of the day, epoch milliseconds),
     * and such a value cast to a wider integer or to another precision of its type (which
     * Calcite's cast leaves unchanged), compared as {@code long}.
     */
    LONG,
    /**
     * A DATE cast to TIMESTAMP: epoch days to epoch milliseconds, as Calcite's cast computes
     * them ({@code days * 86400000}).
     */
    DATE_MILLIS,
    /**
     * Exact kdb+ timestamps ({@link KdbTimestamp}): the key is the kdb+ value itself,
     * nanoseconds from 2000, exact in every JVM zone.
     */
    TIMESTAMP,
    /** Exact kdb+ timespans as times of day ({@link KdbTimespan}): their nanoseconds. */
    TIMESPAN,
    /**
     * Calcite's TIMESTAMP (a kdb+ datetime, epoch milliseconds) compared with a kdb+ timestamp:
     * in the kdb+ timestamp's unit, nanoseconds from 2000 (exact; saturated at the long range,
     * which keeps the order).
     */
    MILLIS_AS_TIMESTAMP,
    /** Calcite's DATE (epoch days) compared with a kdb+ timestamp: its midnight, as above. */
    DATE_AS_TIMESTAMP,
    /** Calcite's TIME (milliseconds of the day) compared with a kdb+ timespan: nanoseconds. */
    MILLIS_AS_TIMESPAN,
    /**
     * A kdb+ timestamp cast to Calcite's TIMESTAMP(p): the epoch milliseconds of its wall clock,
     * floored, in the unit of the SQL TIMESTAMP it is compared with.
     */
    TIMESTAMP_MILLIS,
    /** A kdb+ timespan cast to Calcite's TIME(p): milliseconds of the day, floored. */
    TIMESPAN_MILLIS,
    /**
     * A kdb+ timestamp cast to Calcite's TIMESTAMP(p) compared with a kdb+ timestamp: its
     * nanoseconds floored to the millisecond, the cast's value in the kdb+ unit.
     */
    TIMESTAMP_FLOORED,
    /** A kdb+ timespan cast to Calcite's TIME(p) compared with a kdb+ timespan: likewise. */
    TIMESPAN_FLOORED,
    /**
     * Reals and doubles, and numbers cast to DOUBLE ({@link Number#doubleValue()}, as Calcite's
     * cast), compared as {@code long}s ordered like {@link Double#compare}; NaN never matches,
     * and zero matches both signs (as Java's {@code <=} does).
     */
    DOUBLE,
    /**
     * Numbers cast to REAL: {@link Number#floatValue()}, as Calcite's cast (a BIGINT above
     * 2<sup>24</sup> rounds, so distinct integers can tie), then as {@link #DOUBLE}.
     */
    REAL,
    /** Strings and decimals, compared with {@link Comparable#compareTo}. */
    COMPARABLE;

    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** Whether keys are sortable doubles ({@link AsofIndex#sortableDouble}). */
    boolean floating() {
      return this == DOUBLE || this == REAL;
    }

    /** The floating-point value of a {@link #floating()} encoding's non-null value. */
    double real(Object value) {
      return this == REAL ? ((Number) value).floatValue() : ((Number) value).doubleValue();
    }

    /** The key of a non-null value; not for {@link #COMPARABLE}. */
    long key(Object value) {
      return switch (this) {
        case LONG -> ((Number) value).longValue();
        case DATE_MILLIS -> ((Number) value).longValue() * Temporals.MILLIS_PER_DAY;
        case TIMESTAMP -> ((KdbTimestamp) value).nanos();
        case TIMESPAN -> ((KdbTimespan) value).nanos();
        case MILLIS_AS_TIMESTAMP -> saturatedNanos(((Number) value).longValue(),
            Temporals.EPOCH_MILLIS_2000, NANOS_PER_MILLI);
        case DATE_AS_TIMESTAMP -> saturatedNanos(((Number) value).longValue(),
            Temporals.EPOCH_DAYS_2000, Temporals.NANOS_PER_DAY);
        case MILLIS_AS_TIMESPAN -> ((Number) value).longValue() * NANOS_PER_MILLI;
        case TIMESTAMP_MILLIS -> ((KdbTimestamp) value).calciteMillis();
        case TIMESPAN_MILLIS -> ((KdbTimespan) value).calciteMillis();
        case TIMESTAMP_FLOORED -> Math.floorDiv(((KdbTimestamp) value).nanos(), NANOS_PER_MILLI)
            * NANOS_PER_MILLI;
        case TIMESPAN_FLOORED -> ((KdbTimespan) value).nanos() / NANOS_PER_MILLI
            * NANOS_PER_MILLI;
        case DOUBLE, REAL -> AsofIndex.sortableDouble(real(value));
        case COMPARABLE -> throw new IllegalStateException("no long key for comparable values");
      };
    }

    /**
     * {@code (v - epoch) * unit}, saturated at the long range: non-decreasing in {@code v}, so
     * the order of the values is kept (values beyond the range of kdb+ timestamps, only
     * infinities in practice, tie).
     */
    private static long saturatedNanos(long v, long epoch, long unit) {
      try {
        return Math.multiplyExact(Math.subtractExact(v, epoch), unit);
      } catch (ArithmeticException e) {
        return v < epoch ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
      }
    }

    /** The name {@code EXPLAIN} shows. */
    public String describe() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How {@code EXPLAIN} shows the condition: the right value's relation to the left value, then
   * the encoding, or the left one and the right one when a cast makes them differ.
   */
  public String describe() {
    return "right " + (rightBelow ? (strict ? "<" : "<=") : (strict ? ">" : ">=")) + " left, "
        + (left == right ? left.describe()
            : "left " + left.describe() + ", right " + right.describe());
  }
}
