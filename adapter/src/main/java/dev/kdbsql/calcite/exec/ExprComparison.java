package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.storage.TableSlice;
import java.util.function.IntFunction;

/**
 * The rows of a slice a comparison of two expressions ({@link Predicate.ExprCompare},
 * {@code bid > ask}) selects, for {@link FilterEvaluator}: the sides are computed by
 * {@link ExprEvaluator}, a block at a time, and compared row by row.
 */
final class ExprComparison {
  private ExprComparison() {
  }

  /**
   * ORs into {@code bits} the rows within the runs {@code iv} that {@code p} selects (stored
   * column c is field c + offset): both sides computed a block at a time (a column both read
   * once), then compared row by row; a NULL on either side selects nothing. Integers compare as
   * longs; a DOUBLE on either side compares as doubles, the other converted as Java's binary
   * promotion converts it, so a NaN computed from non-null values is unordered as in Calcite.
   */
  static void select(Predicate.ExprCompare p, TableSlice slice, int offset, long[] iv,
      long[] bits) {
    ExprEvaluator.Shared shared = new ExprEvaluator.Shared();
    IntFunction<ValueReader> noReaders = f -> {
      throw new IllegalStateException("a compared expression is never a null test");
    };
    ExprEvaluator left = new ExprEvaluator(p.left(), slice, offset, noReaders, shared);
    ExprEvaluator right = new ExprEvaluator(p.right(), slice, offset, noReaders, shared);
    boolean doubles = p.left().kind() == Expr.Kind.DOUBLE || p.right().kind() == Expr.Kind.DOUBLE;
    // Accepted outcomes: less, equal, greater, unordered (a NaN).
    boolean[] accept = switch (p.op()) {
      case EQ -> new boolean[] {false, true, false, false};
      case NE -> new boolean[] {true, false, true, true};
      case LT -> new boolean[] {true, false, false, false};
      case LE -> new boolean[] {true, true, false, false};
      case GT -> new boolean[] {false, false, true, false};
      case GE -> new boolean[] {false, true, true, false};
    };
    double[] da = doubles ? new double[Blocks.ROWS] : null;
    double[] db = doubles ? new double[Blocks.ROWS] : null;
    for (int i = 0; i < iv.length; i += 2) {
      long to = iv[i + 1];
      for (long start = iv[i]; start < to; start += Blocks.ROWS) {
        int len = (int) Math.min(Blocks.ROWS, to - start);
        ExprEvaluator.Vector a = left.evaluate(start, len);
        ExprEvaluator.Vector b = right.evaluate(start, len);
        boolean[] an = a.anyNull ? a.nulls : null;
        boolean[] bn = b.anyNull ? b.nulls : null;
        if (doubles) {
          double[] x = asDoubles(a, da, len);
          double[] y = asDoubles(b, db, len);
          for (int j = 0; j < len; j++) {
            int outcome = x[j] < y[j] ? 0 : x[j] == y[j] ? 1 : x[j] > y[j] ? 2 : 3;
            if (accept[outcome] && (an == null || !an[j]) && (bn == null || !bn[j])) {
              Selection.set(bits, start + j);
            }
          }
        } else {
          long[] x = a.longs;
          long[] y = b.longs;
          for (int j = 0; j < len; j++) {
            int outcome = x[j] < y[j] ? 0 : x[j] == y[j] ? 1 : 2;
            if (accept[outcome] && (an == null || !an[j]) && (bn == null || !bn[j])) {
              Selection.set(bits, start + j);
            }
          }
        }
      }
    }
  }

  /** The doubles of {@code v}: its own, or its longs converted into {@code scratch}. */
  private static double[] asDoubles(ExprEvaluator.Vector v, double[] scratch, int len) {
    if (v.doubles != null) {
      return v.doubles;
    }
    for (int j = 0; j < len; j++) {
      scratch[j] = v.longs[j];
    }
    return scratch;
  }
}
