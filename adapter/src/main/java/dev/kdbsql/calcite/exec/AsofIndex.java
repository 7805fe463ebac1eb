package dev.kdbsql.calcite.exec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.function.Function1;

/**
 * The right input of an as-of join, indexed for lookups: a hash map from the equality key to a
 * run holding that key's rows sorted by match value, in a primitive {@code long[]} for numbers and
 * temporals. A lookup is a binary search, so a join costs O((n + m) log m) instead of the
 * O(n·m) per key of Calcite's {@code EnumerableDefaults.asofJoin}.
 *
 * <p>Ties are resolved as q's {@code aj} resolves them: among right rows with the same best match
 * value the last in input order wins (the prevailing quote of several stamped with the same
 * time), which the stable sort keeps last in its run. Calcite's own operator takes the first;
 * over millisecond TIME values of nanosecond kdb+ timespans that would be the oldest quote of
 * the millisecond, not the one in force. Rows whose key is
 * null (the key accessor returns null when any key column is null) or whose match value is null
 * never match, as a comparison with null is never true; neither does NaN.
 */
final class AsofIndex {
  private final AsofMatch match;
  private final Map<Object, Run> runs;

  private AsofIndex(AsofMatch match, Map<Object, Run> runs) {
    this.match = match;
    this.runs = runs;
  }

  /** Reads all of {@code right} and indexes its rows by {@code key}, then by {@code value}. */
  static <R> AsofIndex build(Enumerable<R> right, Function1<R, Object> key,
      Function1<R, Object> value, AsofMatch match) {
    Map<Object, RunBuilder> builders = new HashMap<>();
    try (Enumerator<R> rows = right.enumerator()) {
      while (rows.moveNext()) {
        R row = rows.current();
        Object k = key.apply(row);
        Object v = k == null ? null : value.apply(row);
        if (v == null || isNaN(match.right(), v)) {
          continue;
        }
        builders.computeIfAbsent(k, x -> match.right() == AsofMatch.Encoding.COMPARABLE
            ? new ComparableRunBuilder() : new LongRunBuilder()).add(match, v, row);
      }
    }
    Map<Object, Run> runs = new HashMap<>(builders.size() * 4 / 3 + 1);
    builders.forEach((k, b) -> runs.put(k, b.build()));
    return new AsofIndex(match, runs);
  }

  /**
   * The right row matching a left row with {@code key} and match value {@code value}, or null
   * if there is none.
   */
  Object find(Object key, Object value) {
    if (key == null || value == null) {
      return null;
    }
    Run run = runs.get(key);
    return run == null ? null : run.find(match, value);
  }

  private static boolean isNaN(AsofMatch.Encoding encoding, Object v) {
    return encoding.floating() && Double.isNaN(encoding.real(v));
  }

  /** {@code v} as a long ordered like {@link Double#compare}: flips the bits of negatives. */
  static long sortableDouble(double v) {
    long bits = Double.doubleToLongBits(v);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /** The rows of one key, sorted by match value, stable. */
  private interface Run {
    Object find(AsofMatch match, Object value);
  }

  /** Accumulates one key's rows in input order. */
  private interface RunBuilder {
    void add(AsofMatch match, Object value, Object row);

    Run build();
  }

  /**
   * A run of numbers or temporals, encoded as longs: the right values by {@link AsofMatch#right},
   * the probe by {@link AsofMatch#left}.
   */
  private record LongRun(long[] values, Object[] rows) implements Run {
    @Override
    public Object find(AsofMatch match, Object value) {
      long x;
      AsofMatch.Encoding encoding = match.left();
      if (encoding.floating()) {
        double d = encoding.real(value);
        if (Double.isNaN(d)) {
          return null;
        }
        // Java's <= treats -0.0 and 0.0 as equal: probe with the zero whose side includes
        // (or, strict, excludes) both.
        if (d == 0.0) {
          d = match.rightBelow() != match.strict() ? 0.0 : -0.0;
        }
        x = sortableDouble(d);
      } else {
        x = encoding.key(value);
      }
      int n = values.length;
      if (match.rightBelow()) {
        int end = match.strict() ? firstAtLeast(values, n, x) : firstAbove(values, n, x);
        return end == 0 ? null : rows[end - 1];
      }
      int start = match.strict() ? firstAbove(values, n, x) : firstAtLeast(values, n, x);
      return start == n ? null : rows[firstAbove(values, n, values[start]) - 1];
    }

    /** The first index below {@code end} whose value is {@code >= x}, or {@code end}. */
    private static int firstAtLeast(long[] values, int end, long x) {
      int lo = 0;
      int hi = end;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (values[mid] < x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** The first index below {@code end} whose value is {@code > x}, or {@code end}. */
    private static int firstAbove(long[] values, int end, long x) {
      int lo = 0;
      int hi = end;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (values[mid] <= x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  /** A run of strings or decimals. */
  private record ComparableRun(Comparable<Object>[] values, Object[] rows) implements Run {
    @Override
    public Object find(AsofMatch match, Object value) {
      int n = values.length;
      if (match.rightBelow()) {
        int end = match.strict() ? search(n, value, false) : search(n, value, true);
        return end == 0 ? null : rows[end - 1];
      }
      int start = match.strict() ? search(n, value, true) : search(n, value, false);
      return start == n ? null : rows[search(n, values[start], true) - 1];
    }

    /**
     * The first index below {@code end} whose value is {@code > x} ({@code above}) or
     * {@code >= x}, or {@code end}.
     */
    private int search(int end, Object x, boolean above) {
      int lo = 0;
      int hi = end;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        int c = values[mid].compareTo(x);
        if (c < 0 || above && c == 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  /** Builds a {@link LongRun}; sorts only if the rows did not arrive in order. */
  private static final class LongRunBuilder implements RunBuilder {
    private long[] values = new long[8];
    private Object[] rows = new Object[8];
    private int size;
    private boolean sorted = true;

    @Override
    public void add(AsofMatch match, Object value, Object row) {
      long v = match.right().key(value);
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        rows = Arrays.copyOf(rows, size * 2);
      }
      sorted &= size == 0 || values[size - 1] <= v;
      values[size] = v;
      rows[size++] = row;
    }

    @Override
    public Run build() {
      long[] v = Arrays.copyOf(values, size);
      Object[] r = Arrays.copyOf(rows, size);
      if (!sorted) {
        int[] order = stableOrder(size, (i, j) -> Long.compare(v[i], v[j]));
        long[] sv = new long[size];
        Object[] sr = new Object[size];
        for (int i = 0; i < size; i++) {
          sv[i] = v[order[i]];
          sr[i] = r[order[i]];
        }
        return new LongRun(sv, sr);
      }
      return new LongRun(v, r);
    }
  }

  /** Builds a {@link ComparableRun}. */
  private static final class ComparableRunBuilder implements RunBuilder {
    private Object[] values = new Object[8];
    private Object[] rows = new Object[8];
    private int size;

    @Override
    public void add(AsofMatch match, Object value, Object row) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        rows = Arrays.copyOf(rows, size * 2);
      }
      values[size] = value;
      rows[size++] = row;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Run build() {
      Comparable<Object>[] v = new Comparable[size];
      for (int i = 0; i < size; i++) {
        v[i] = (Comparable<Object>) values[i];
      }
      int[] order = stableOrder(size, (i, j) -> v[i].compareTo(v[j]));
      Comparable<Object>[] sv = new Comparable[size];
      Object[] sr = new Object[size];
      for (int i = 0; i < size; i++) {
        sv[i] = v[order[i]];
        sr[i] = rows[order[i]];
      }
      return new ComparableRun(sv, sr);
    }
  }

  /**
   * The permutation that sorts {@code 0..n-1} by {@code cmp}, keeping equal elements in index
   * order: a bottom-up merge sort over primitive indices (the JDK sorts {@code int[]} only by
   * natural order, and its stable sort needs boxed elements).
   */
  static int[] stableOrder(int n, IntBinaryOperator cmp) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] b = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          b[k++] = cmp.applyAsInt(a[j], a[i]) < 0 ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }
}
