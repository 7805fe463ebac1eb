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
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.unsafe.types.UTF8String;

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

  /** Spark's internal date of 1582-10-16: before it, {@code java.sql.Date} literals may be ambiguous. */
  private static final int FIRST_UNAMBIGUOUS_DAY = -141426;

  final int field;
  final String name;

  private ColumnLeaves(int field, String name) {
    this.field = field;
    this.name = name;
  }

  /** The leaves of stored column {@code field}, or null when no filter on it is pushed. */
  static ColumnLeaves of(int field, ColumnInfo info, KdbOptions options) {
    ColumnType type = info.type();
    String name = info.name();
    if (type.isString()) {
      return new NullTestsOnly(field, name);
    }
    if (type.nested() || type.element() == null) {
      return null;
    }
    boolean nanos = options.timestamps() == TimestampMode.NANOS;
    boolean interval = options.timespans() == TimespanMode.INTERVAL;
    return switch (type.element()) {
      case BOOLEAN -> new Ordered(field, name, Literal.BOOLEAN, 0, 1, false, r -> r);
      case BYTE -> new Ordered(field, name, Literal.INTEGRAL, 0, 255, false, r -> r);
      case SHORT -> new Ordered(field, name, Literal.INTEGRAL, -Nulls.SHORT_INF, Nulls.SHORT_INF,
          true, r -> r);
      case INT -> new Ordered(field, name, Literal.INTEGRAL, -Nulls.INT_INF, Nulls.INT_INF, true,
          r -> r);
      case LONG -> new Ordered(field, name, Literal.INTEGRAL, -Nulls.LONG_INF, Nulls.LONG_INF,
          true, r -> r);
      case TIMESTAMP -> nanos
          ? new Ordered(field, name, Literal.INTEGRAL, -Nulls.LONG_INF, Nulls.LONG_INF, true,
              ColumnLeaves::timestampNanos)
          : new Ordered(field, name, Literal.TIMESTAMP, -Nulls.LONG_INF, Nulls.LONG_INF, true,
              SparkValues::timestampMicros);
      case DATE -> new Ordered(field, name, Literal.DATE, -Nulls.INT_INF, Nulls.INT_INF, true,
          r -> days(r, false));
      case MONTH -> new Ordered(field, name, Literal.DATE, -Nulls.INT_INF, Nulls.INT_INF, true,
          r -> days(r, true));
      case TIMESPAN -> interval
          ? new Ordered(field, name, Literal.INTERVAL, -Nulls.LONG_INF, Nulls.LONG_INF, true,
              SparkValues::timespanMicros)
          : new Ordered(field, name, Literal.INTEGRAL, -Nulls.LONG_INF, Nulls.LONG_INF, true,
              r -> r);
      case MINUTE -> new Ordered(field, name, Literal.INTERVAL, -Nulls.INT_INF, Nulls.INT_INF,
          true, r -> r * 60_000_000L);
      case SECOND -> new Ordered(field, name, Literal.INTERVAL, -Nulls.INT_INF, Nulls.INT_INF,
          true, r -> r * 1_000_000L);
      case TIME -> new Ordered(field, name, Literal.INTERVAL, -Nulls.INT_INF, Nulls.INT_INF,
          true, r -> r * 1_000L);
      case REAL, FLOAT -> new Floating(field, name, type.element() == KdbType.REAL);
      case CHAR -> new Chars(field, name);
      case SYMBOL -> new Symbols(field, name);
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

  /**
   * Columns whose raw values are whole numbers in {@code [min, max]} (besides the null sentinel,
   * which the engine never selects by a comparison) and whose Spark value {@code spark(raw)} is a
   * non-decreasing function of the raw value.
   */
  static final class Ordered extends ColumnLeaves {
    private final Literal literal;
    private final long min;
    private final long max;
    private final boolean nullable;
    private final LongUnaryOperator spark;

    Ordered(int field, String name, Literal literal, long min, long max, boolean nullable,
        LongUnaryOperator spark) {
      super(field, name);
      this.literal = literal;
      this.min = min;
      this.max = max;
      this.nullable = nullable;
      this.spark = spark;
    }

    @Override
    Condition isNull(boolean negated) {
      return nullable ? super.isNull(negated) : negated ? Condition.TRUE : Condition.FALSE;
    }

    @Override
    Condition compare(Op op, Object value, boolean negated) {
      Long v = literal.sparkValue(value);
      if (v == null) {
        return null;
      }
      long x = v;
      if (op == Op.EQ) {
        long[] eq = intersect(atLeast(x), x == Long.MAX_VALUE ? full() : below(x + 1));
        return negated ? ranges(complement(eq)) : ranges(eq == null ? List.of() : List.of(eq));
      }
      if (negated) {
        op = op.negate();
      }
      long[] r = switch (op) {
        case LT -> below(x);
        case LE -> x == Long.MAX_VALUE ? full() : below(x + 1);
        case GT -> x == Long.MAX_VALUE ? null : atLeast(x + 1);
        case GE -> atLeast(x);
        case EQ -> throw new IllegalStateException();
      };
      return ranges(r == null ? List.of() : List.of(r));
    }

    private long[] full() {
      return new long[] {min, max};
    }

    /** The raw values whose Spark value is at least {@code x}: {@code [lo, max]}, or null. */
    private long[] atLeast(long x) {
      if (spark.applyAsLong(max) < x) {
        return null;
      }
      long lo = min;
      long hi = max;
      // The first raw value in [lo, hi] whose Spark value is at least x (hi's is).
      while (lo < hi) {
        long mid = (lo >> 1) + (hi >> 1) + (lo & hi & 1);
        if (spark.applyAsLong(mid) >= x) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return new long[] {lo, max};
    }

    /** The raw values whose Spark value is below {@code x}: {@code [min, hi]}, or null. */
    private long[] below(long x) {
      long[] atLeast = atLeast(x);
      if (atLeast == null) {
        return full();
      }
      return atLeast[0] == min ? null : new long[] {min, atLeast[0] - 1};
    }

    private static long[] intersect(long[] a, long[] b) {
      if (a == null || b == null) {
        return null;
      }
      long lo = Math.max(a[0], b[0]);
      long hi = Math.min(a[1], b[1]);
      return lo <= hi ? new long[] {lo, hi} : null;
    }

    /** The raw values in {@code [min, max]} outside {@code r}. */
    private List<long[]> complement(long[] r) {
      if (r == null) {
        return List.of(full());
      }
      List<long[]> out = new ArrayList<>();
      if (r[0] > min) {
        out.add(new long[] {min, r[0] - 1});
      }
      if (r[1] < max) {
        out.add(new long[] {r[1] + 1, max});
      }
      return out;
    }

    /** The rows whose raw value is in one of {@code ranges} (nulls never). */
    Condition ranges(List<long[]> ranges) {
      List<Condition> parts = new ArrayList<>();
      List<long[]> kept = ranges.stream().filter(r -> r != null).toList();
      if (kept.size() == 2 && kept.get(0)[0] == min && kept.get(1)[1] == max
          && kept.get(0)[1] + 2 == kept.get(1)[0]) {
        return stored(compare(Predicate.Op.NE, value(kept.get(0)[1] + 1)));
      }
      for (long[] r : kept) {
        parts.add(range(r[0], r[1]));
      }
      return Condition.any(parts);
    }

    private Condition range(long lo, long hi) {
      if (lo == min && hi == max) {
        return isNull(true);
      }
      if (lo == hi) {
        return stored(compare(Predicate.Op.EQ, value(lo)));
      }
      if (lo == min) {
        return stored(compare(Predicate.Op.LE, value(hi)));
      }
      if (hi == max) {
        return stored(compare(Predicate.Op.GE, value(lo)));
      }
      return stored(new Predicate.And(List.of(compare(Predicate.Op.GE, value(lo)),
          compare(Predicate.Op.LE, value(hi)))));
    }

    /** A raw value, shown as the raw number it is (the plan's pushed filters show Spark's). */
    private static Value value(long raw) {
      return new Value.Int64(raw, Long.toString(raw));
    }

    @Override
    Condition in(Object[] values, boolean negated) {
      if (values.length == 0 || negated && hasNull(values)) {
        return super.in(values, negated);
      }
      // Points stay one IN (or NOT IN) leaf; ranges (a microsecond of nanoseconds) an OR.
      TreeSet<Long> points = new TreeSet<>();
      List<Condition> ranges = new ArrayList<>();
      for (Object v : values) {
        if (v == null) {
          continue;
        }
        Condition c = compare(Op.EQ, v, false);
        if (c == null) {
          return null;
        }
        if (c instanceof Condition.Stored s && s.predicate() instanceof Predicate.Compare cmp
            && cmp.op() == Predicate.Op.EQ) {
          points.add(((Value.Int64) cmp.value()).value());
        } else if (c != Condition.FALSE) {
          ranges.add(c);
        }
      }
      if (negated) {
        return ranges.isEmpty() ? notIn(points.stream().map(Ordered::value).toList())
            : super.in(values, true);
      }
      if (points.size() == 1) {
        ranges.add(stored(compare(Predicate.Op.EQ, value(points.first()))));
      } else if (points.size() > 1) {
        ranges.add(stored(new Predicate.In(field, name,
            points.stream().map(Ordered::value).toList())));
      }
      return Condition.any(ranges);
    }
  }

  /** Reals (FloatType) and floats (DoubleType): NaN is null; compared as doubles. */
  static final class Floating extends ColumnLeaves {
    private final boolean real;

    Floating(int field, String name, boolean real) {
      super(field, name);
      this.real = real;
    }

    @Override
    Condition compare(Op op, Object value, boolean negated) {
      Double v = real ? value instanceof Float f ? Double.valueOf(f) : null
          : value instanceof Double d ? d : null;
      if (v == null) {
        return null;
      }
      double x = v;
      if (op == Op.EQ) {
        if (Double.isNaN(x)) {
          // No value is NaN (it is null): = NaN is never TRUE, <> NaN always (for non-nulls).
          return negated ? isNull(true) : Condition.FALSE;
        }
        return stored(compare(negated ? Predicate.Op.NE : Predicate.Op.EQ, value(x)));
      }
      if (negated) {
        op = op.negate();
      }
      if (Double.isNaN(x)) {
        // Spark orders NaN above every other value.
        return op == Op.LT || op == Op.LE ? isNull(true) : Condition.FALSE;
      }
      // The engine turns a strict bound into the next double, which at an infinity is itself.
      if (op == Op.GT && x == Double.POSITIVE_INFINITY
          || op == Op.LT && x == Double.NEGATIVE_INFINITY) {
        return Condition.FALSE;
      }
      return stored(compare(switch (op) {
        case LT -> Predicate.Op.LT;
        case LE -> Predicate.Op.LE;
        case GT -> Predicate.Op.GT;
        case GE -> Predicate.Op.GE;
        case EQ -> throw new IllegalStateException();
      }, value(x)));
    }

    private Value value(double x) {
      return new Value.Float64(x, real ? Float.toString((float) x) : Double.toString(x));
    }

    @Override
    Condition in(Object[] values, boolean negated) {
      if (values.length == 0 || negated && hasNull(values)) {
        return super.in(values, negated);
      }
      List<Value> kept = new ArrayList<>();
      for (Object v : values) {
        if (v == null) {
          continue;
        }
        Condition c = compare(Op.EQ, v, false);
        if (c == null) {
          return null;
        }
        if (c instanceof Condition.Stored s) {
          kept.add(((Predicate.Compare) s.predicate()).value());
        }
      }
      if (negated) {
        // NaN equals no value here (NaN is null), so it drops out of NOT IN as out of IN.
        return notIn(kept);
      }
      return in(kept);
    }
  }

  /**
   * Chars: one Latin-1 character each, a string of one character in Spark (the space, q's null
   * char, is null). The literal is compared with each of the 256 characters as Spark compares
   * strings, and the characters selected become ranges of raw bytes (the space never selected).
   */
  static final class Chars extends ColumnLeaves {
    private static final UTF8String[] CHARS = new UTF8String[256];

    static {
      for (int b = 0; b < 256; b++) {
        CHARS[b] = UTF8String.fromString(String.valueOf((char) b));
      }
    }

    private final Ordered bytes;

    Chars(int field, String name) {
      super(field, name);
      bytes = new Ordered(field, name, Literal.INTEGRAL, 0, 255, true, r -> r);
    }

    @Override
    Condition compare(Op op, Object value, boolean negated) {
      if (!(value instanceof String s)) {
        return null;
      }
      UTF8String x = UTF8String.fromString(s);
      boolean[] selected = new boolean[256];
      for (int b = 0; b < 256; b++) {
        int c = CHARS[b].binaryCompare(x);
        boolean t = switch (op) {
          case EQ -> CHARS[b].equals(x);
          case LT -> c < 0;
          case LE -> c <= 0;
          case GT -> c > 0;
          case GE -> c >= 0;
        };
        selected[b] = t != negated;
      }
      return of(selected);
    }

    @Override
    Condition in(Object[] values, boolean negated) {
      if (values.length == 0) {
        return null;
      }
      boolean[] selected = new boolean[256];
      for (Object v : values) {
        if (v == null) {
          if (negated) {
            return Condition.FALSE;
          }
          continue;
        }
        if (!(v instanceof String s)) {
          return null;
        }
        UTF8String x = UTF8String.fromString(s);
        for (int b = 0; b < 256; b++) {
          selected[b] |= CHARS[b].equals(x);
        }
      }
      if (negated) {
        for (int b = 0; b < 256; b++) {
          selected[b] = !selected[b];
        }
      }
      return of(selected);
    }

    /** The rows whose char is selected; the space is null, never selected. */
    private Condition of(boolean[] selected) {
      // The space (null) goes with its neighbours, to keep ranges whole; the engine drops it.
      int space = Nulls.CHAR_NULL;
      selected[space] = selected[space - 1] && selected[space + 1];
      List<long[]> ranges = new ArrayList<>();
      for (int b = 0; b < 256; b++) {
        if (selected[b]) {
          int from = b;
          while (b + 1 < 256 && selected[b + 1]) {
            b++;
          }
          if (!(from == space && b == space)) {
            ranges.add(new long[] {from, b});
          }
        }
      }
      return bytes.ranges(ranges);
    }
  }

  /** Symbols: =, <> and IN on their text; the empty symbol is null. */
  static final class Symbols extends ColumnLeaves {
    Symbols(int field, String name) {
      super(field, name);
    }

    @Override
    Condition compare(Op op, Object value, boolean negated) {
      if (op != Op.EQ || !(value instanceof String s)) {
        return null;
      }
      if (s.isEmpty()) {
        // No symbol is empty (the empty symbol is null).
        return negated ? isNull(true) : Condition.FALSE;
      }
      return stored(compare(negated ? Predicate.Op.NE : Predicate.Op.EQ, new Value.Sym(s)));
    }

    @Override
    Condition in(Object[] values, boolean negated) {
      if (values.length == 0 || negated && hasNull(values)) {
        return super.in(values, negated);
      }
      List<Value> kept = new ArrayList<>();
      for (Object v : values) {
        if (v == null) {
          continue;
        }
        if (!(v instanceof String s)) {
          return null;
        }
        Value sym = new Value.Sym(s);
        if (!s.isEmpty() && !kept.contains(sym)) {
          kept.add(sym);
        }
      }
      if (negated) {
        // No symbol is empty (the empty symbol is null): it drops out of NOT IN as out of IN.
        return notIn(kept);
      }
      return in(kept);
    }
  }

  /** Strings (char lists): IS [NOT] NULL only. */
  static final class NullTestsOnly extends ColumnLeaves {
    NullTestsOnly(int field, String name) {
      super(field, name);
    }

    @Override
    Condition compare(Op op, Object value, boolean negated) {
      return null;
    }

    @Override
    Condition in(Object[] values, boolean negated) {
      return null;
    }
  }
}
