package dev.kdbsql.calcite;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.Predicate.Op;
import dev.kdbsql.calcite.spec.TimespanMode;
import dev.kdbsql.calcite.spec.Value;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Temporals;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * The conditions on one column typed as a time of day (time, second, minute, and a timespan
 * typed as TIME), for {@link PredicateTranslator}, as ranges of the column's raw values. The
 * column is compared as Calcite sees it: values outside one day read as NULL; a timespan
 * compares to the nanosecond, a time, second or minute as Calcite's milliseconds of the day (the
 * literal's digits below the millisecond dropped as Calcite's TIME drops them). So each
 * condition is the raw values within one day that satisfy it: one range, or two for
 * {@code <>}; bounds are shown as the times they stand for, all their digits kept.
 *
 * <p>The column added to a date partition column ({@code "date" + "time"}) and compared with a
 * timestamp is a condition per partition ({@link #onDateOf}); only for a timespan column, whose
 * sum keeps the timestamp's nanoseconds (a time, second or minute would be compared in
 * milliseconds).
 */
final class TimeOfDayRanges {
  private final int field;
  private final String name;
  private final long unit;

  /**
   * The conditions on table field {@code field} (named {@code name}), whose raw values are
   * {@code unit} milliseconds each, or nanoseconds for -1 ({@link #unit}).
   */
  TimeOfDayRanges(int field, String name, long unit) {
    this.field = field;
    this.name = name;
    this.unit = unit;
  }

  /**
   * Raw nanoseconds (a timespan typed as TIME, -1) or units of milliseconds (time 1, second
   * 1000, minute 60000) per raw value of a column of {@code type}; 0 for a column that is no time
   * of day.
   */
  static long unit(KdbType type, TimespanMode timespan) {
    if (type == null) {
      return 0;
    }
    return switch (type) {
      case TIMESPAN -> timespan == TimespanMode.TIME ? -1 : 0;
      case TIME -> 1;
      case SECOND -> 1_000;
      case MINUTE -> 60_000;
      default -> 0;
    };
  }

  /** {@code column op t}. */
  Predicate compare(Op op, TimeString t) {
    long x = nanoOfDay(t);
    long end = dayEnd();
    return switch (op) {
      case EQ -> rawRange(first(x), last(x));
      case LT -> rawRange(0, first(x) - 1);
      case LE -> rawRange(0, last(x));
      case GT -> rawRange(last(x) + 1, end);
      case GE -> rawRange(first(x), end);
      case NE -> new Predicate.Or(List.of(rawRange(0, first(x) - 1), rawRange(last(x) + 1, end)));
    };
  }

  /** A range of times of day (from a SEARCH) as one range of raw values; null if not of times. */
  Predicate range(Range<?> r) {
    if (r.hasLowerBound() && !(r.lowerEndpoint() instanceof TimeString)
        || r.hasUpperBound() && !(r.upperEndpoint() instanceof TimeString)) {
      return null;
    }
    long lo = !r.hasLowerBound() ? 0
        : r.lowerBoundType() == BoundType.CLOSED
            ? first(nanoOfDay((TimeString) r.lowerEndpoint()))
            : last(nanoOfDay((TimeString) r.lowerEndpoint())) + 1;
    long hi = !r.hasUpperBound() ? dayEnd()
        : r.upperBoundType() == BoundType.CLOSED
            ? last(nanoOfDay((TimeString) r.upperEndpoint()))
            : first(nanoOfDay((TimeString) r.upperEndpoint())) - 1;
    return rawRange(Math.max(lo, 0), Math.min(hi, dayEnd()));
  }

  /** IS [NOT] NULL: NULL is the null sentinel or a value outside one day. */
  Predicate isNull(boolean negated) {
    if (negated) {
      return rawRange(0, dayEnd());
    }
    return new Predicate.Or(List.of(new Predicate.IsNull(field, name, false),
        new Predicate.Compare(field, name, Op.LT, new Value.Int64(0, text(0))),
        new Predicate.Compare(field, name, Op.GT, new Value.Int64(dayEnd(), text(dayEnd())))));
  }

  /**
   * {@code date + column op t}: on t's date, the column compared with t's time of day; on the
   * dates after it, every time of day for {@code >}, {@code >=} and {@code <>}, none for the
   * others; before it, the reverse.
   */
  Predicate.ByPartition onDateOf(Op op, TimestampString t) {
    LocalDateTime wall = ScanLiterals.wallClock(t);
    TimeString tod = new TimeString(wall.getHour(), wall.getMinute(), wall.getSecond())
        .withNanos(wall.getNano());
    Predicate all = isNull(true);
    boolean up = op == Op.GT || op == Op.GE || op == Op.NE;
    boolean down = op == Op.LT || op == Op.LE || op == Op.NE;
    return new Predicate.ByPartition(Temporals.dateValue(wall.toLocalDate()),
        wall.toLocalDate().toString(), down ? all : none(), compare(op, tod),
        up ? all : none());
  }

  /**
   * {@code date + column} in the ranges of a SEARCH of timestamps ({@link #onDateOf} for each
   * bound); null for a SEARCH of other values or one that keeps NULL.
   */
  Predicate onDatesOf(Sarg<?> sarg) {
    if (sarg.nullAs == RexUnknownAs.TRUE) {
      return null;
    }
    List<Predicate> ranges = new ArrayList<>();
    for (Range<?> r : sarg.rangeSet.asRanges()) {
      if (r.hasLowerBound() && !(r.lowerEndpoint() instanceof TimestampString)
          || r.hasUpperBound() && !(r.upperEndpoint() instanceof TimestampString)) {
        return null;
      }
      List<Predicate> bounds = new ArrayList<>();
      if (r.hasLowerBound()) {
        bounds.add(onDateOf(r.lowerBoundType() == BoundType.CLOSED ? Op.GE : Op.GT,
            (TimestampString) r.lowerEndpoint()));
      }
      if (r.hasUpperBound()) {
        bounds.add(onDateOf(r.upperBoundType() == BoundType.CLOSED ? Op.LE : Op.LT,
            (TimestampString) r.upperEndpoint()));
      }
      ranges.add(bounds.isEmpty() ? isNull(true) : Predicate.and(bounds));
    }
    return ranges.isEmpty() ? null
        : ranges.size() == 1 ? ranges.get(0) : new Predicate.Or(ranges);
  }

  /** No row: the column compared with no time of day. */
  Predicate none() {
    return rawRange(1, 0);
  }

  /** A time literal's nanoseconds since midnight, all its digits kept. */
  private static long nanoOfDay(TimeString t) {
    return LocalTime.parse(t.toString()).toNanoOfDay();
  }

  /**
   * The first raw value whose time of day is {@code nanos} (or more): a timespan's own
   * nanoseconds; for a time, second or minute, the first whose milliseconds of the day reach
   * the literal's.
   */
  private long first(long nanos) {
    long ms = Math.floorDiv(nanos, 1_000_000L);
    return unit < 0 ? nanos : Math.floorDiv(ms + unit - 1, unit);
  }

  /** The last raw value whose time of day is {@code nanos} (or less); see {@link #first}. */
  private long last(long nanos) {
    return unit < 0 ? nanos : Math.floorDiv(Math.floorDiv(nanos, 1_000_000L), unit);
  }

  /** The last raw value within one day. */
  private long dayEnd() {
    return unit < 0 ? Temporals.MILLIS_PER_DAY * 1_000_000L - 1
        : Math.floorDiv(Temporals.MILLIS_PER_DAY - 1, unit);
  }

  /** A raw value within one day as the time it stands for, all its digits shown. */
  private String text(long raw) {
    return "TIME '" + DateTimeFormatter.ISO_LOCAL_TIME.format(
        LocalTime.ofNanoOfDay(unit < 0 ? raw : raw * unit * 1_000_000L)) + "'";
  }

  /** Raw values in {@code [lo, hi]} (within one day), shown as the times they stand for. */
  private Predicate rawRange(long lo, long hi) {
    if (lo > hi) {
      // Nothing: an empty range, still typed (kdb+ raw values never satisfy both bounds).
      return new Predicate.And(List.of(
          new Predicate.Compare(field, name, Op.GT, new Value.Int64(0, text(0))),
          new Predicate.Compare(field, name, Op.LT, new Value.Int64(0, text(0)))));
    }
    return new Predicate.And(List.of(
        new Predicate.Compare(field, name, Op.GE, new Value.Int64(lo, text(lo))),
        new Predicate.Compare(field, name, Op.LE, new Value.Int64(hi, text(hi)))));
  }
}
