package dev.kdbsql.calcite.exec;

import java.util.Arrays;

/**
 * A set of {@code long} keys as sorted, disjoint, non-adjacent closed ranges: the values a
 * predicate over one column selects, in the column's key order (raw integers and temporals, or
 * doubles as {@link Keys#ofDouble order-preserving longs}). Union, intersection and complement
 * let AND, OR, IN and NOT IN over one column compose into one set before any row is read.
 * Immutable.
 */
final class KeyRanges {
  /** Every key. */
  static final KeyRanges ALL = new KeyRanges(new long[] {Long.MIN_VALUE},
      new long[] {Long.MAX_VALUE});
  /** No key. */
  static final KeyRanges NONE = new KeyRanges(new long[0], new long[0]);

  final long[] lo;
  final long[] hi;

  private KeyRanges(long[] lo, long[] hi) {
    this.lo = lo;
    this.hi = hi;
  }

  /** Keys in {@code [lo, hi]}; none when {@code lo > hi}. */
  static KeyRanges range(long lo, long hi) {
    return lo > hi ? NONE : new KeyRanges(new long[] {lo}, new long[] {hi});
  }

  /** The keys {@code points} (any order, duplicates allowed). */
  static KeyRanges points(long[] points) {
    long[] p = points.clone();
    Arrays.sort(p);
    long[] lo = new long[p.length];
    long[] hi = new long[p.length];
    int n = 0;
    for (long x : p) {
      if (n > 0 && hi[n - 1] != Long.MAX_VALUE && x <= hi[n - 1] + 1) {
        hi[n - 1] = Math.max(hi[n - 1], x);
      } else {
        lo[n] = x;
        hi[n++] = x;
      }
    }
    return new KeyRanges(Arrays.copyOf(lo, n), Arrays.copyOf(hi, n));
  }

  /** The keys in any of {@code sets}: their ranges sorted once, then merged. */
  static KeyRanges union(java.util.List<KeyRanges> sets) {
    int n = 0;
    for (KeyRanges s : sets) {
      n += s.size();
    }
    long[][] all = new long[n][];
    int k = 0;
    for (KeyRanges s : sets) {
      for (int i = 0; i < s.size(); i++) {
        all[k++] = new long[] {s.lo[i], s.hi[i]};
      }
    }
    Arrays.sort(all, (a, b) -> Long.compare(a[0], b[0]));
    long[] lo = new long[n];
    long[] hi = new long[n];
    int m = 0;
    for (long[] r : all) {
      if (m > 0 && (hi[m - 1] == Long.MAX_VALUE || r[0] <= hi[m - 1] + 1)) {
        hi[m - 1] = Math.max(hi[m - 1], r[1]);
      } else {
        lo[m] = r[0];
        hi[m++] = r[1];
      }
    }
    return new KeyRanges(Arrays.copyOf(lo, m), Arrays.copyOf(hi, m));
  }

  /** Number of ranges. */
  int size() {
    return lo.length;
  }

  /** Whether every range is a single key. */
  boolean allPoints() {
    for (int i = 0; i < lo.length; i++) {
      if (lo[i] != hi[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether this is every key. */
  boolean all() {
    return lo.length == 1 && lo[0] == Long.MIN_VALUE && hi[0] == Long.MAX_VALUE;
  }

  /** The keys not in this set. */
  KeyRanges complement() {
    int n = lo.length;
    long[] clo = new long[n + 1];
    long[] chi = new long[n + 1];
    int k = 0;
    long next = Long.MIN_VALUE;
    boolean open = true;
    for (int i = 0; i < n; i++) {
      if (open && lo[i] > next) {
        clo[k] = next;
        chi[k++] = lo[i] - 1;
      }
      open = hi[i] != Long.MAX_VALUE;
      next = hi[i] + 1;
    }
    if (open) {
      clo[k] = next;
      chi[k++] = Long.MAX_VALUE;
    }
    return new KeyRanges(Arrays.copyOf(clo, k), Arrays.copyOf(chi, k));
  }

  /** The keys in this set or in {@code o}. */
  KeyRanges union(KeyRanges o) {
    int n = lo.length + o.lo.length;
    long[] ulo = new long[n];
    long[] uhi = new long[n];
    int k = 0;
    int i = 0;
    int j = 0;
    while (i < lo.length || j < o.lo.length) {
      long a;
      long b;
      if (j >= o.lo.length || i < lo.length && lo[i] <= o.lo[j]) {
        a = lo[i];
        b = hi[i++];
      } else {
        a = o.lo[j];
        b = o.hi[j++];
      }
      if (k > 0 && (uhi[k - 1] == Long.MAX_VALUE || a <= uhi[k - 1] + 1)) {
        uhi[k - 1] = Math.max(uhi[k - 1], b);
      } else {
        ulo[k] = a;
        uhi[k++] = b;
      }
    }
    return new KeyRanges(Arrays.copyOf(ulo, k), Arrays.copyOf(uhi, k));
  }

  /** The keys in both this set and {@code o}. */
  KeyRanges intersect(KeyRanges o) {
    long[] ilo = new long[lo.length + o.lo.length];
    long[] ihi = new long[ilo.length];
    int k = 0;
    int i = 0;
    int j = 0;
    while (i < lo.length && j < o.lo.length) {
      long a = Math.max(lo[i], o.lo[j]);
      long b = Math.min(hi[i], o.hi[j]);
      if (a <= b) {
        ilo[k] = a;
        ihi[k++] = b;
      }
      if (hi[i] < o.hi[j]) {
        i++;
      } else {
        j++;
      }
    }
    return new KeyRanges(Arrays.copyOf(ilo, k), Arrays.copyOf(ihi, k));
  }

  /** The index of the range holding {@code k}, or -1. */
  int find(long k) {
    int a = 0;
    int b = lo.length - 1;
    while (a <= b) {
      int m = (a + b) >>> 1;
      if (lo[m] > k) {
        b = m - 1;
      } else if (hi[m] < k) {
        a = m + 1;
      } else {
        return m;
      }
    }
    return -1;
  }

  /** Whether some key in {@code [a, b]} is in this set. */
  boolean intersects(long a, long b) {
    // The first range ending at or after a.
    int x = 0;
    int y = lo.length;
    while (x < y) {
      int m = (x + y) >>> 1;
      if (hi[m] < a) {
        x = m + 1;
      } else {
        y = m;
      }
    }
    return x < lo.length && lo[x] <= b;
  }

  /** Whether every key in {@code [a, b]} is in this set. */
  boolean contains(long a, long b) {
    int i = find(a);
    return i >= 0 && hi[i] >= b;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < lo.length; i++) {
      s.append(i == 0 ? "" : ", ").append('[').append(lo[i]).append(", ").append(hi[i])
          .append(']');
    }
    return s.append('}').toString();
  }
}
