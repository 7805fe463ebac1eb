package dev.kdbsql.calcite.exec;

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
    double[] da = new double[Blocks.ROWS];
    double[] db = new double[Blocks.ROWS];
    boolean[] selected = new boolean[Blocks.ROWS];
    for (int i = 0; i < iv.length; i += 2) {
      long to = iv[i + 1];
      for (long start = iv[i]; start < to; start += Blocks.ROWS) {
        int len = (int) Math.min(Blocks.ROWS, to - start);
        compare(p.op(), left.evaluate(start, len), right.evaluate(start, len), len, da, db,
            selected, null);
        for (int j = 0; j < len; j++) {
          if (selected[j]) {
            Selection.set(bits, start + j);
          }
        }
      }
    }
  }

  /**
   * Sets {@code isTrue[j]} where {@code a[j] op b[j]} holds for {@code j < length}, and, when
   * {@code isFalse} is not null, {@code isFalse[j]} where it does not; where either side is NULL
   * neither (UNKNOWN). Integers compare as longs; a DOUBLE on either side compares as doubles
   * (the other converted into {@code scratchA} or {@code scratchB}), Java's comparisons, as
   * Calcite's code compares: a NaN computed from non-null values is unordered, only {@code <>}
   * holds. One loop per operator without branches: comparisons of data vary from row to row.
   */
  static void compare(Predicate.Op op, ExprEvaluator.Vector a, ExprEvaluator.Vector b,
      int length, double[] scratchA, double[] scratchB, boolean[] isTrue, boolean[] isFalse) {
    boolean[] t = isTrue;
    if (a.longs != null && b.longs != null) {
      long[] x = a.longs;
      long[] y = b.longs;
      switch (op) {
        case EQ -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] == y[i];
          }
        }
        case NE -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] != y[i];
          }
        }
        case LT -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] < y[i];
          }
        }
        case LE -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] <= y[i];
          }
        }
        case GT -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] > y[i];
          }
        }
        case GE -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] >= y[i];
          }
        }
      }
    } else {
      double[] x = asDoubles(a, scratchA, length);
      double[] y = asDoubles(b, scratchB, length);
      switch (op) {
        case EQ -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] == y[i];
          }
        }
        case NE -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] != y[i];
          }
        }
        case LT -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] < y[i];
          }
        }
        case LE -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] <= y[i];
          }
        }
        case GT -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] > y[i];
          }
        }
        case GE -> {
          for (int i = 0; i < length; i++) {
            t[i] = x[i] >= y[i];
          }
        }
      }
    }
    if (!a.anyNull && !b.anyNull) {
      if (isFalse != null) {
        for (int i = 0; i < length; i++) {
          isFalse[i] = !t[i];
        }
      }
      return;
    }
    for (int i = 0; i < length; i++) {
      boolean known = !(a.anyNull && a.nulls[i]) & !(b.anyNull && b.nulls[i]);
      if (isFalse != null) {
        isFalse[i] = known & !t[i];
      }
      t[i] &= known;
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
