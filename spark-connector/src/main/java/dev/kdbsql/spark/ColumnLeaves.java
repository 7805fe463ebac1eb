package dev.kdbsql.spark;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.Value;
import dev.kdbsql.spark.KdbOptions.TimespanMode;
import dev.kdbsql.spark.KdbOptions.TimestampMode;
import dev.kdbsql.spark.vector.SparkValues;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;

/**
 * Leaves of a {@link Condition} on one stored column: a comparison of the column, as Spark sees
 * its values, with a literal, turned into the SQL engine's predicate over the raw kdb+ values, so
 * that the engine selects exactly the rows Spark would (a null, which the connector makes of
 * kdb+'s null sentinels, NaN and the empty symbol, is selected by IS NULL alone, in both).
 *
 * <ul>
 *   <li><b>Whole numbers and temporals</b> (boolean, byte, short, int, long, timestamp, month,
 *       date, timespan, minute, second, time): the connector's conversion from the raw value to
 *       Spark's ({@link SparkValues}: epoch shifts, microseconds floored from nanoseconds, a month
 *       as its first day, unit scaling) never decreases, so the raw values whose Spark value
 *       satisfies a comparison form one range, found by binary search over the raw values with
 *       that very conversion: a timestamp {@code = 09:30:00.000001} (Spark's microseconds)
 *       selects the 1,000 raw nanoseconds that floor to it, a date compared with a day outside
 *       the raw values' reach selects all or nothing. Exact by construction.
 *   <li><b>Reals and floats</b>: compared as doubles, as Spark compares them ({@code -0.0 = 0.0});
 *       the literals where the engine's arithmetic differs from Spark's order are decided here
 *       (NaN, greater than everything in Spark, and the strict bounds at the infinities).
 *   <li><b>Chars</b> (one Latin-1 character as a one-character string): the literal is compared
 *       with each of the 256 characters as Spark compares strings (UTF-8 bytes), and the
 *       selected characters become ranges of raw bytes.
 *   <li><b>Symbols</b>: {@code =}, {@code <>} and IN (the engine decides them once per symbol of
 *       the domain); ranges (string order) stay with Spark.
 *   <li><b>Strings</b> (char lists): null tests only. Guids, datetimes, lists: none.
 * </ul>
 *
 * <p>{@link #of} picks the subclass for the column's type: {@link OrderedLeaves},
 * {@link FloatingLeaves}, {@link CharLeaves}, {@link SymbolLeaves} or {@link NullTestLeaves}.
 */
abstract class ColumnLeaves {
  /** A comparison operator, as Spark's filters name them. */
  enum Op {
    EQ, LT, LE, GT, GE;

    /** The operator that is TRUE exactly where this one is FALSE (for non-null operands). */
    Op negate() {
      return switch (this) {
        case EQ -> throw new IllegalStateException("= has no single negation");
        case LT -> GE;
        case LE -> GT;
        case GT -> LE;
        case GE -> LT;
      };
    }
  }

  /**
   * Spark's internal date of 1582-10-16: before it, {@code java.sql.Date} literals may be
   * ambiguous.
   */
  private static final int FIRST_UNAMBIGUOUS_DAY = -141426;

  final int field;
  final String name;

  ColumnLeaves(int field, String name) {
    this.field = field;
    this.name = name;
  }

  /** The leaves of stored column {@code field}, or null when no filter on it is pushed. */
  static ColumnLeaves of(int field, ColumnInfo info, KdbOptions options) {
    ColumnType type = info.type();
    String name = info.name();
    if (type.isString()) {
      return new NullTestLeaves(field, name);
    }
    if (type.nested() || type.element() == null) {
      return null;
    }
    boolean nanos = options.timestamps() == TimestampMode.NANOS;
    boolean interval = options.timespans() == TimespanMode.INTERVAL;
    return switch (type.element()) {
      case BOOLEAN -> new OrderedLeaves(field, name, Literal.BOOLEAN, 0, 1, false, r -> r);
      case BYTE -> new OrderedLeaves(field, name, Literal.INTEGRAL, 0, 255, false, r -> r);
      case SHORT -> new OrderedLeaves(field, name, Literal.INTEGRAL, -Nulls.SHORT_INF,
          Nulls.SHORT_INF, true, r -> r);
      case INT -> new OrderedLeaves(field, name, Literal.INTEGRAL, -Nulls.INT_INF, Nulls.INT_INF,
          true, r -> r);
      case LONG -> new OrderedLeaves(field, name, Literal.INTEGRAL, -Nulls.LONG_INF, Nulls.LONG_INF,
          true, r -> r);
      case TIMESTAMP -> nanos
          ? new OrderedLeaves(field, name, Literal.INTEGRAL, -Nulls.LONG_INF, Nulls.LONG_INF, true,
              ColumnLeaves::timestampNanos)
          : new OrderedLeaves(field, name, Literal.TIMESTAMP, -Nulls.LONG_INF, Nulls.LONG_INF, true,
              SparkValues::timestampMicros);
      case DATE -> new OrderedLeaves(field, name, Literal.DATE, -Nulls.INT_INF, Nulls.INT_INF, true,
          r -> days(r, false));
      case MONTH -> new OrderedLeaves(field, name, Literal.DATE, -Nulls.INT_INF, Nulls.INT_INF,
          true, r -> days(r, true));
      case TIMESPAN -> interval
          ? new OrderedLeaves(field, name, Literal.INTERVAL, -Nulls.LONG_INF, Nulls.LONG_INF, true,
              SparkValues::timespanMicros)
          : new OrderedLeaves(field, name, Literal.INTEGRAL, -Nulls.LONG_INF, Nulls.LONG_INF, true,
              r -> r);
      case MINUTE -> new OrderedLeaves(field, name, Literal.INTERVAL, -Nulls.INT_INF,
          Nulls.INT_INF, true, r -> r * 60_000_000L);
      case SECOND -> new OrderedLeaves(field, name, Literal.INTERVAL, -Nulls.INT_INF,
          Nulls.INT_INF, true, r -> r * 1_000_000L);
      case TIME -> new OrderedLeaves(field, name, Literal.INTERVAL, -Nulls.INT_INF, Nulls.INT_INF,
          true, r -> r * 1_000L);
      case REAL, FLOAT -> new FloatingLeaves(field, name, type.element() == KdbType.REAL);
      case CHAR -> new CharLeaves(field, name);
      case SYMBOL -> new SymbolLeaves(field, name);
      case GUID, DATETIME -> null;
    };
  }

  /** TRUE where the column is null, or (when {@code negated}) where it is not. */
  Condition isNull(boolean negated) {
    return new Condition.Stored(new Predicate.IsNull(field, name, negated));
  }

  /**
   * TRUE where {@code column op value} is TRUE, or (when {@code negated}) where it is FALSE;
   * {@code value} is not null. Null when the literal cannot be compared exactly.
   */
  abstract Condition compare(Op op, Object value, boolean negated);

  /**
   * TRUE where {@code column IN values} is TRUE, or (when {@code negated}) where it is FALSE
   * (never, when a value is null: the result is then NULL or FALSE). Null when not exact.
   */
  Condition in(Object[] values, boolean negated) {
    if (values.length == 0) {
      // Spark's answer for a null column under NOT IN () depends on a legacy setting.
      return null;
    }
    List<Condition> parts = new ArrayList<>();
    for (Object v : values) {
      if (v == null) {
        if (negated) {
          return Condition.FALSE;
        }
        continue;
      }
      Condition c = compare(Op.EQ, v, negated);
      if (c == null) {
        return null;
      }
      parts.add(c);
    }
    if (negated && parts.size() > FilterTranslator.MAX_NEGATED_IN) {
      return null;
    }
    return negated ? Condition.all(parts) : Condition.any(parts);
  }

  /**
   * TRUE where the column equals one of {@code points} (raw values, each the one raw value of a
   * literal): FALSE for none, the engine's equality for one, its IN leaf for more.
   */
  Condition in(List<Value> points) {
    return points.isEmpty() ? Condition.FALSE : points.size() == 1
        ? stored(compare(Predicate.Op.EQ, points.get(0)))
        : stored(new Predicate.In(field, name, List.copyOf(points)));
  }

  /**
   * TRUE where the column is not null and equal to none of {@code points} (raw values, each the
   * one raw value of a literal): the engine's NOT IN leaf.
   */
  Condition notIn(List<Value> points) {
    return points.isEmpty() ? isNull(true) : points.size() == 1
        ? stored(compare(Predicate.Op.NE, points.get(0)))
        : stored(new Predicate.NotIn(field, name, List.copyOf(points)));
  }

  /** Whether one of {@code values} is null (then NOT IN is never TRUE). */
  static boolean hasNull(Object[] values) {
    for (Object v : values) {
      if (v == null) {
        return true;
      }
    }
    return false;
  }

  Condition stored(Predicate p) {
    return new Condition.Stored(p);
  }

  Predicate.Compare compare(Predicate.Op op, Value v) {
    return new Predicate.Compare(field, name, op, v);
  }

  /** How a column's Spark type gives its filters' literals. */
  enum Literal {
    BOOLEAN, INTEGRAL, TIMESTAMP, DATE, INTERVAL;

    /** The literal as Spark's internal long for the type, or null if it has no exact one. */
    Long sparkValue(Object v) {
      return switch (this) {
        case BOOLEAN -> v instanceof Boolean b ? (b ? 1L : 0L) : null;
        case INTEGRAL -> v instanceof Long || v instanceof Integer || v instanceof Short
            || v instanceof Byte ? ((Number) v).longValue() : null;
        case TIMESTAMP -> v instanceof LocalDateTime t ? micros(t) : null;
        case DATE -> v instanceof LocalDate d ? d.toEpochDay() : v instanceof java.sql.Date d
            ? javaDate(d) : null;
        case INTERVAL -> v instanceof Duration d ? micros(d) : null;
      };
    }

    private static Long micros(LocalDateTime t) {
      if (t.getNano() % 1000 != 0) {
        return null;
      }
      try {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
            t.getNano() / 1000);
      } catch (ArithmeticException e) {
        return null;
      }
    }

    private static Long micros(Duration d) {
      if (d.getNano() % 1000 != 0) {
        return null;
      }
      try {
        return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
      } catch (ArithmeticException e) {
        return null;
      }
    }

    /**
     * Spark's day of a {@code java.sql.Date} literal (Spark's Java 8 time API off), as Spark made
     * it ({@code DateTimeUtils.toJavaDate}, in this JVM's zone, on the driver): the inverse
     * conversion, kept only after 1582-10-15, where no two days give the same {@code Date}.
     */
    private static Long javaDate(java.sql.Date d) {
      int days = DateTimeUtils.fromJavaDate(d);
      return days >= FIRST_UNAMBIGUOUS_DAY && DateTimeUtils.toJavaDate(days).equals(d)
          ? (long) days : null;
    }
  }

  /**
   * A kdb+ timestamp as the nanoseconds since 1970 Spark gets, made total and non-decreasing:
   * raw values that land past the infinity (which fail the read) count as it.
   */
  private static long timestampNanos(long raw) {
    try {
      return SparkValues.timestampNanos(raw);
    } catch (ArithmeticException e) {
      return raw > 0 ? Nulls.LONG_INF : -Nulls.LONG_INF;
    }
  }

  /** A kdb+ date or month as Spark's epoch day, total and non-decreasing as above. */
  private static long days(long raw, boolean month) {
    try {
      return month ? SparkValues.month((int) raw) : SparkValues.date((int) raw);
    } catch (ArithmeticException e) {
      return raw > 0 ? Nulls.INT_INF : -Nulls.INT_INF;
    }
  }
}
