package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.Value;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import java.util.ArrayList;
import java.util.List;

/**
 * Numeric columns read as {@code long} keys in the order SQL compares their values, so that one
 * set of key ranges ({@link KeyRanges}), one matcher ({@link KeyMatcher}) and one kind of block
 * statistics serve them all: shorts, ints, longs and their temporals are their raw values
 * (widened), whose null sentinel is the smallest; reals and floats are doubles mapped to longs
 * that order as the doubles do, {@code -0.0} taken as {@code 0.0} (SQL finds them equal) and
 * NaN (null) as {@link Long#MIN_VALUE}, below every other key.
 */
final class Keys {
  /** The key of NaN, the null of reals and floats. */
  static final long NAN = Long.MIN_VALUE;

  private Keys() {
  }

  /** Whether columns of element type {@code t} are read as keys. */
  static boolean keyed(KdbType t) {
    return switch (t) {
      case SHORT, INT, LONG, MONTH, DATE, MINUTE, SECOND, TIME, TIMESPAN, TIMESTAMP, REAL,
          FLOAT -> true;
      default -> false;
    };
  }

  /** Whether keys of element type {@code t} are doubles. */
  static boolean doubles(KdbType t) {
    return t == KdbType.REAL || t == KdbType.FLOAT;
  }

  /** The key of a null value of element type {@code t}. */
  static long nullKey(KdbType t) {
    if (doubles(t)) {
      return NAN;
    }
    return t.width() == 2 ? Nulls.SHORT_NULL : t.width() == 4 ? Nulls.INT_NULL : Nulls.LONG_NULL;
  }

  /** The key of {@code v}: its bits, flipped for negatives so that keys order as doubles do. */
  static long ofDouble(double v) {
    if (v != v) {
      return NAN;
    }
    long bits = Double.doubleToRawLongBits(v + 0.0);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /** The double whose key is {@code k} (not {@link #NAN}). */
  static double toDouble(long k) {
    return Double.longBitsToDouble(k ^ ((k >> 63) & Long.MAX_VALUE));
  }

  /**
   * Reads the keys of rows {@code [from, from + len)} of {@code c} into {@code keys}, through
   * {@code scratch} (a block of doubles) for reals and floats.
   */
  static void read(Column c, boolean doubles, long from, int len, long[] keys, double[] scratch) {
    if (!doubles) {
      c.getLongs(from, keys, 0, len);
      return;
    }
    c.getDoubles(from, scratch, 0, len);
    for (int i = 0; i < len; i++) {
      keys[i] = ofDouble(scratch[i]);
    }
  }

  /** The key of row {@code r} of {@code c}. */
  static long at(Column c, boolean doubles, long r) {
    if (!doubles) {
      long[] one = new long[1];
      c.getLongs(r, one, 0, 1);
      return one[0];
    }
    double[] one = new double[1];
    c.getDoubles(r, one, 0, 1);
    return ofDouble(one[0]);
  }

  /**
   * What a predicate reading one column selects: the non-null keys in {@code set}, and the null
   * rows when {@code nulls}.
   */
  record Filter(KeyRanges set, boolean nulls) {
  }

  /**
   * The keys a predicate tree over one column selects (leaves: comparisons, IN, NOT IN, IS
   * [NOT] NULL; AND and OR of them): a comparison, IN and NOT IN select non-null values only,
   * so null keys are never in the ranges' meaning, only in {@code nulls}.
   */
  static Filter compile(Predicate p, boolean doubles) {
    if (p instanceof Predicate.And a) {
      Filter f = null;
      for (Predicate part : a.parts()) {
        Filter g = compile(part, doubles);
        f = f == null ? g : new Filter(f.set().intersect(g.set()), f.nulls() && g.nulls());
      }
      return f;
    }
    if (p instanceof Predicate.Or o) {
      List<KeyRanges> sets = new ArrayList<>();
      boolean nulls = false;
      for (Predicate part : o.parts()) {
        Filter g = compile(part, doubles);
        sets.add(g.set());
        nulls |= g.nulls();
      }
      return new Filter(KeyRanges.union(sets), nulls);
    }
    if (p instanceof Predicate.IsNull n) {
      return n.negated() ? new Filter(KeyRanges.ALL, false) : new Filter(KeyRanges.NONE, true);
    }
    if (p instanceof Predicate.In in) {
      return new Filter(KeyRanges.points(keys(in.values(), doubles)), false);
    }
    if (p instanceof Predicate.NotIn in) {
      return new Filter(KeyRanges.points(keys(in.values(), doubles)).complement(), false);
    }
    Predicate.Compare c = (Predicate.Compare) p;
    long x = key(c.value(), doubles);
    KeyRanges set = switch (c.op()) {
      case EQ -> KeyRanges.range(x, x);
      case NE -> KeyRanges.range(x, x).complement();
      case LT -> x == Long.MIN_VALUE ? KeyRanges.NONE : KeyRanges.range(Long.MIN_VALUE, x - 1);
      case LE -> KeyRanges.range(Long.MIN_VALUE, x);
      case GT -> x == Long.MAX_VALUE ? KeyRanges.NONE : KeyRanges.range(x + 1, Long.MAX_VALUE);
      case GE -> KeyRanges.range(x, Long.MAX_VALUE);
    };
    return new Filter(set, false);
  }

  private static long[] keys(List<Value> values, boolean doubles) {
    long[] k = new long[values.size()];
    for (int i = 0; i < k.length; i++) {
      k[i] = key(values.get(i), doubles);
    }
    return k;
  }

  private static long key(Value v, boolean doubles) {
    if (v instanceof Value.Float64 f) {
      if (!doubles) {
        throw new IllegalStateException("a double literal compared with integer keys: " + v);
      }
      return ofDouble(f.value());
    }
    long x = ((Value.Int64) v).value();
    return doubles ? ofDouble(x) : x;
  }
}
