package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbPredicate.Op;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.column.EnumColumn;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates a {@link KdbPredicate} over one slice's mapped columns into a selection bitmap (bit
 * {@code r} of word {@code r >>> 6} set when row {@code r} is selected), one leaf at a time in
 * primitive loops, combining leaves word by word. Comparisons are turned into one closed range of
 * raw values (and a flag to invert it) before the loop, so the loop body has no operator dispatch
 * and nulls (the type's sentinel, NaN, the empty symbol) are never selected except by IS NULL.
 * Symbol leaves are decided once per domain value, then applied to the enum indices.
 */
final class KdbFilterEvaluator {
  private final int offset;

  /** Creates an evaluator for a table whose stored column {@code c} is field {@code c + offset}. */
  KdbFilterEvaluator(int offset) {
    this.offset = offset;
  }

  /** The rows of {@code slice} (of {@code rows} rows) that {@code p} selects. */
  long[] select(KdbPredicate p, TableSlice slice, long rows) {
    if (p instanceof KdbPredicate.And a) {
      return combine(a.parts(), slice, rows, true);
    }
    if (p instanceof KdbPredicate.Or o) {
      return combine(o.parts(), slice, rows, false);
    }
    long[] bits = new long[words(rows)];
    if (rows == 0) {
      return bits;
    }
    int field = p instanceof KdbPredicate.Compare c ? c.field()
        : p instanceof KdbPredicate.In in ? in.field() : ((KdbPredicate.IsNull) p).field();
    Column column = slice.column(field - offset);
    KdbType type = column.type().element();
    if (type == KdbType.SYMBOL) {
      symbols(p, column, rows, bits);
    } else if (type == KdbType.FLOAT) {
      doubles(p, column, rows, bits);
    } else {
      longs(p, column, type, rows, bits);
    }
    return bits;
  }

  /** Number of set bits: the selected row count. */
  static long count(long[] bits) {
    long n = 0;
    for (long w : bits) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /** The first selected row at or after {@code from}, or -1. */
  static long next(long[] bits, long from) {
    int w = (int) (from >>> 6);
    if (w >= bits.length) {
      return -1;
    }
    long word = bits[w] & (-1L << (from & 63));
    while (word == 0) {
      if (++w == bits.length) {
        return -1;
      }
      word = bits[w];
    }
    return ((long) w << 6) + Long.numberOfTrailingZeros(word);
  }

  private static int words(long rows) {
    return Math.toIntExact((rows + 63) >>> 6);
  }

  private long[] combine(List<KdbPredicate> parts, TableSlice slice, long rows, boolean and) {
    long[] acc = select(parts.get(0), slice, rows);
    for (int i = 1; i < parts.size(); i++) {
      if (and && count(acc) == 0) {
        return acc;
      }
      long[] b = select(parts.get(i), slice, rows);
      for (int w = 0; w < acc.length; w++) {
        acc[w] = and ? acc[w] & b[w] : acc[w] | b[w];
      }
    }
    return acc;
  }

  /** Shorts, ints, longs, dates and timestamps, widened to long; the sentinel is the minimum. */
  private static void longs(KdbPredicate p, Column c, KdbType type, long rows, long[] bits) {
    long nullValue = type == KdbType.SHORT ? Nulls.SHORT_NULL
        : type.width() == 4 ? Nulls.INT_NULL : Nulls.LONG_NULL;
    if (p instanceof KdbPredicate.IsNull n) {
      for (long r = 0; r < rows; r++) {
        if ((raw(c, type, r) == nullValue) != n.negated()) {
          bits[(int) (r >>> 6)] |= 1L << r;
        }
      }
      return;
    }
    if (p instanceof KdbPredicate.In in) {
      long[] values = in.values().stream().mapToLong(v -> ((KdbValue.Int64) v).value())
          .sorted().toArray();
      for (long r = 0; r < rows; r++) {
        long v = raw(c, type, r);
        if (v != nullValue && Arrays.binarySearch(values, v) >= 0) {
          bits[(int) (r >>> 6)] |= 1L << r;
        }
      }
      return;
    }
    KdbPredicate.Compare cmp = (KdbPredicate.Compare) p;
    long x = ((KdbValue.Int64) cmp.value()).value();
    long lo = Long.MIN_VALUE;
    long hi = Long.MAX_VALUE;
    switch (cmp.op()) {
      case EQ, NE -> {
        lo = x;
        hi = x;
      }
      case LT -> hi = x - 1;
      case LE -> hi = x;
      case GT -> lo = x + 1;
      case GE -> lo = x;
    }
    if (cmp.op() == Op.LT && x == Long.MIN_VALUE || cmp.op() == Op.GT && x == Long.MAX_VALUE) {
      return;
    }
    boolean invert = cmp.op() == Op.NE;
    for (long r = 0; r < rows; r++) {
      long v = raw(c, type, r);
      if (v != nullValue && (v >= lo && v <= hi) != invert) {
        bits[(int) (r >>> 6)] |= 1L << r;
      }
    }
  }

  private static long raw(Column c, KdbType type, long r) {
    return type == KdbType.SHORT ? c.getShort(r) : type.width() == 4 ? c.getInt(r) : c.getLong(r);
  }

  /** Floats; NaN is null. A strict bound becomes an inclusive one on the next double. */
  private static void doubles(KdbPredicate p, Column c, long rows, long[] bits) {
    if (p instanceof KdbPredicate.IsNull n) {
      for (long r = 0; r < rows; r++) {
        if (Double.isNaN(c.getDouble(r)) != n.negated()) {
          bits[(int) (r >>> 6)] |= 1L << r;
        }
      }
      return;
    }
    if (p instanceof KdbPredicate.In in) {
      double[] values = in.values().stream().mapToDouble(v -> ((KdbValue.Float64) v).value())
          .toArray();
      for (long r = 0; r < rows; r++) {
        double v = c.getDouble(r);
        for (double x : values) {
          if (v == x) {
            bits[(int) (r >>> 6)] |= 1L << r;
            break;
          }
        }
      }
      return;
    }
    KdbPredicate.Compare cmp = (KdbPredicate.Compare) p;
    double x = ((KdbValue.Float64) cmp.value()).value();
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    switch (cmp.op()) {
      case EQ, NE -> {
        lo = x;
        hi = x;
      }
      case LT -> hi = Math.nextDown(x);
      case LE -> hi = x;
      case GT -> lo = Math.nextUp(x);
      case GE -> lo = x;
    }
    boolean invert = cmp.op() == Op.NE;
    for (long r = 0; r < rows; r++) {
      double v = c.getDouble(r);
      if (!Double.isNaN(v) && (v >= lo && v <= hi) != invert) {
        bits[(int) (r >>> 6)] |= 1L << r;
      }
    }
  }

  /** Symbols: the predicate is decided per domain value, then looked up per row by index. */
  private static void symbols(KdbPredicate p, Column c, long rows, long[] bits) {
    if (c instanceof EnumColumn e) {
      SymbolDomain domain = e.domain();
      boolean[] accept = new boolean[domain.size()];
      for (int i = 0; i < accept.length; i++) {
        accept[i] = test(p, domain.symbol(i));
      }
      boolean acceptNull = test(p, "");
      for (long r = 0; r < rows; r++) {
        int i = e.index(r);
        if (i < 0 ? acceptNull : accept[i]) {
          bits[(int) (r >>> 6)] |= 1L << r;
        }
      }
      return;
    }
    for (long r = 0; r < rows; r++) {
      if (test(p, c.getSymbol(r))) {
        bits[(int) (r >>> 6)] |= 1L << r;
      }
    }
  }

  /** Whether symbol leaf {@code p} is TRUE for {@code s}; the empty symbol is SQL NULL. */
  private static boolean test(KdbPredicate p, String s) {
    if (p instanceof KdbPredicate.IsNull n) {
      return s.isEmpty() != n.negated();
    }
    if (s.isEmpty()) {
      return false;
    }
    if (p instanceof KdbPredicate.In in) {
      return in.values().contains(new KdbValue.Sym(s));
    }
    KdbPredicate.Compare cmp = (KdbPredicate.Compare) p;
    return s.equals(((KdbValue.Sym) cmp.value()).value()) == (cmp.op() == Op.EQ);
  }
}
