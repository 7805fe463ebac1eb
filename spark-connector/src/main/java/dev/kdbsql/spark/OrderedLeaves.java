package dev.kdbsql.spark;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;

/**
 * Leaves on columns whose raw values are whole numbers in {@code [min, max]} (besides the null
 * sentinel, which the engine never selects by a comparison) and whose Spark value
 * {@code spark(raw)} is a non-decreasing function of the raw value: whole numbers and temporals.
 * The raw values whose Spark value satisfies a comparison then form one range, found by binary
 * search with that very conversion, so the engine selects exactly the rows Spark would.
 */
final class OrderedLeaves extends ColumnLeaves {
  private final Literal literal;
  private final long min;
  private final long max;
  private final boolean nullable;
  private final LongUnaryOperator spark;

  OrderedLeaves(int field, String name, Literal literal, long min, long max, boolean nullable,
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
      return ranges.isEmpty() ? notIn(points.stream().map(OrderedLeaves::value).toList())
          : super.in(values, true);
    }
    if (points.size() == 1) {
      ranges.add(stored(compare(Predicate.Op.EQ, value(points.first()))));
    } else if (points.size() > 1) {
      ranges.add(stored(new Predicate.In(field, name,
          points.stream().map(OrderedLeaves::value).toList())));
    }
    return Condition.any(ranges);
  }
}
