package dev.kdbsql.storage.write;

import java.nio.file.Path;

/**
 * Checks that a column really is ascending before {@code s#} is written on it, in q's order
 * (nulls first: they are the minimum values; NaN sorts first for floats).
 */
final class Sortedness {
  private Sortedness() {}

  /** Throws naming {@code file} and the first out-of-order row when {@code c} is not ascending. */
  static void check(ColumnData c, Path file) {
    int bad = firstDescent(c);
    if (bad >= 0) {
      throw new IllegalArgumentException(file + ": s# requires ascending values, but row " + bad
          + " is less than row " + (bad - 1) + " (q: s-fail)");
    }
  }

  private static int firstDescent(ColumnData c) {
    int n = c.length();
    switch (c.kdbType()) {
      case BOOLEAN, BYTE, CHAR -> {
        byte[] v = c.byteValues();
        for (int i = 1; i < n; i++) {
          if ((v[i] & 0xff) < (v[i - 1] & 0xff)) {
            return i;
          }
        }
      }
      case SHORT -> {
        short[] v = c.shortValues();
        for (int i = 1; i < n; i++) {
          if (v[i] < v[i - 1]) {
            return i;
          }
        }
      }
      case REAL -> {
        float[] v = c.floatValues();
        for (int i = 1; i < n; i++) {
          if (key(v[i]) < key(v[i - 1])) {
            return i;
          }
        }
      }
      case FLOAT, DATETIME -> {
        double[] v = c.doubleValues();
        for (int i = 1; i < n; i++) {
          if (key(v[i]) < key(v[i - 1])) {
            return i;
          }
        }
      }
      case GUID -> {
        long[] hi = c.longValues();
        long[] lo = c.guidLowValues();
        for (int i = 1; i < n; i++) {
          int cmp = Long.compareUnsigned(hi[i], hi[i - 1]);
          if (cmp < 0 || cmp == 0 && Long.compareUnsigned(lo[i], lo[i - 1]) < 0) {
            return i;
          }
        }
      }
      case SYMBOL -> throw new IllegalArgumentException("s# on a symbol column is not supported");
      default -> {
        if (c.kdbType().isLongLike()) {
          long[] v = c.longValues();
          for (int i = 1; i < n; i++) {
            if (v[i] < v[i - 1]) {
              return i;
            }
          }
        } else {
          int[] v = c.intValues();
          for (int i = 1; i < n; i++) {
            if (v[i] < v[i - 1]) {
              return i;
            }
          }
        }
      }
    }
    return -1;
  }

  /** A sort key for doubles in q's order: NaN (null) lowest, then by value. */
  static double key(double d) {
    return d != d ? Double.NEGATIVE_INFINITY : d;
  }
}
