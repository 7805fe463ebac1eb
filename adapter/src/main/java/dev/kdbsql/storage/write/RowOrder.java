package dev.kdbsql.storage.write;

import dev.kdbsql.storage.KdbType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The ascending order of a table's rows by one column, as {@code xasc} gives it: stable, nulls
 * first, symbols by their text (UTF-16 order, which is q's byte order for ASCII names). Works on
 * primitive keys; no boxing per row.
 */
final class RowOrder {
  private RowOrder() {}

  /** The row order sorting {@code c} ascending, or null when it is already ascending. */
  static int[] ascending(ColumnData c) {
    long[] keys = keys(c);
    int n = keys.length;
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = keys[i] >= keys[i - 1];
    }
    if (sorted) {
      return null;
    }
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    mergeSort(idx, new int[n], keys, 0, n);
    return idx;
  }

  private static long[] keys(ColumnData c) {
    int n = c.length();
    long[] k = new long[n];
    KdbType t = c.kdbType();
    if (c.isString() || c.isList() || t == KdbType.GUID) {
      throw new IllegalArgumentException("cannot sort by a " + c.type() + " column");
    }
    switch (t) {
      case SYMBOL -> {
        String[] v = c.stringValues();
        Map<String, Long> rank = new HashMap<>();
        for (String s : v) {
          rank.putIfAbsent(s, 0L);
        }
        String[] distinct = rank.keySet().toArray(new String[0]);
        Arrays.sort(distinct);
        for (int i = 0; i < distinct.length; i++) {
          rank.put(distinct[i], (long) i);
        }
        for (int i = 0; i < n; i++) {
          k[i] = rank.get(v[i]);
        }
      }
      case BOOLEAN, BYTE, CHAR -> {
        byte[] v = c.byteValues();
        for (int i = 0; i < n; i++) {
          k[i] = v[i] & 0xff;
        }
      }
      case SHORT -> {
        short[] v = c.shortValues();
        for (int i = 0; i < n; i++) {
          k[i] = v[i];
        }
      }
      case REAL -> {
        float[] v = c.floatValues();
        for (int i = 0; i < n; i++) {
          k[i] = doubleKey(v[i]);
        }
      }
      case FLOAT, DATETIME -> {
        double[] v = c.doubleValues();
        for (int i = 0; i < n; i++) {
          k[i] = doubleKey(v[i]);
        }
      }
      default -> {
        if (t.isLongLike()) {
          System.arraycopy(c.longValues(), 0, k, 0, n);
        } else {
          int[] v = c.intValues();
          for (int i = 0; i < n; i++) {
            k[i] = v[i];
          }
        }
      }
    }
    return k;
  }

  /** A long that orders as the double does, with NaN (null) lowest. */
  private static long doubleKey(double d) {
    if (d != d) {
      return Long.MIN_VALUE;
    }
    long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
    return bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
  }

  private static void mergeSort(int[] a, int[] tmp, long[] keys, int from, int to) {
    if (to - from < 2) {
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, keys, from, mid);
    mergeSort(a, tmp, keys, mid, to);
    if (keys[a[mid - 1]] <= keys[a[mid]]) {
      return;
    }
    System.arraycopy(a, from, tmp, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      if (j >= to || i < mid && keys[tmp[i]] <= keys[tmp[j]]) {
        a[k] = tmp[i++];
      } else {
        a[k] = tmp[j++];
      }
    }
  }
}
