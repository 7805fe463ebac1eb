package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.Temporals;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One column of the window operator's input as primitives: a {@code long} code per row that
 * orders and equates the values as Calcite does, and the NULLs. Integers (and booleans, dates,
 * times: ints and longs in Calcite's rows) are their value; doubles and reals are their bits
 * made to order as {@link Double#compare} does; kdb+ timestamps are their exact wall clock in
 * nanoseconds from 2000 (never {@code getTime()}, which moves a wall clock inside a
 * daylight-saving gap); strings and other comparable values are their rank among the column's
 * distinct values. The boxed values stay in the rows; only codes are compared.
 */
final class WindowKeys {
  /** How a column's values became codes. */
  enum Kind {
    /** Integers: the value itself, usable for RANGE offsets and sums. */
    LONG,
    /** Doubles: ordered bits; {@link #doubles} holds the values. */
    DOUBLE,
    /**
     * kdb+ timestamps and timespans: their stored nanoseconds (from 2000, from midnight), usable
     * for RANGE offsets in nanoseconds.
     */
    TIMESTAMP,
    /** Other comparable values: ranks. */
    RANK,
    /** No value at all. */
    NULL
  }

  final Kind kind;
  final long[] codes;
  /** Per row whether it is NULL. */
  final boolean[] nulls;
  /** The values of a DOUBLE column (0 where NULL), else null. */
  final double[] doubles;

  private WindowKeys(Kind kind, long[] codes, boolean[] nulls, double[] doubles) {
    this.kind = kind;
    this.codes = codes;
    this.nulls = nulls;
    this.doubles = doubles;
  }

  boolean isNull(int row) {
    return nulls != null && nulls[row];
  }

  /** Field {@code field} of {@code rows}, encoded. */
  static WindowKeys of(List<Object[]> rows, int field) {
    int n = rows.size();
    Object sample = null;
    int firstValue = 0;
    while (firstValue < n && (sample = rows.get(firstValue)[field]) == null) {
      firstValue++;
    }
    long[] codes = new long[n];
    // Allocated whatever the column holds (one pass over the rows, not two to find a null).
    boolean[] nulls = new boolean[n];
    if (sample == null) {
      Arrays.fill(nulls, true);
      return new WindowKeys(Kind.NULL, codes, nulls, null);
    }
    if (sample instanceof Double || sample instanceof Float) {
      double[] doubles = new double[n];
      for (int i = 0; i < n; i++) {
        Object v = rows.get(i)[field];
        if (v == null) {
          nulls[i] = true;
        } else {
          double d = ((Number) v).doubleValue();
          doubles[i] = d;
          codes[i] = orderedBits(d);
        }
      }
      return new WindowKeys(Kind.DOUBLE, codes, nulls, doubles);
    }
    if (sample instanceof Number && !(sample instanceof java.math.BigDecimal)
        && !(sample instanceof java.math.BigInteger)) {
      for (int i = 0; i < n; i++) {
        Object v = rows.get(i)[field];
        if (v == null) {
          nulls[i] = true;
        } else {
          codes[i] = ((Number) v).longValue();
        }
      }
      return new WindowKeys(Kind.LONG, codes, nulls, null);
    }
    if (sample instanceof Boolean) {
      for (int i = 0; i < n; i++) {
        Object v = rows.get(i)[field];
        if (v == null) {
          nulls[i] = true;
        } else {
          codes[i] = (Boolean) v ? 1 : 0;
        }
      }
      return new WindowKeys(Kind.LONG, codes, nulls, null);
    }
    if (sample instanceof KdbTimestamp || sample instanceof KdbTimespan) {
      for (int i = 0; i < n; i++) {
        Object v = rows.get(i)[field];
        if (v == null) {
          nulls[i] = true;
        } else {
          codes[i] = v instanceof KdbTimestamp t ? t.nanos() : ((KdbTimespan) v).nanos();
        }
      }
      return new WindowKeys(Kind.TIMESTAMP, codes, nulls, null);
    }
    if (sample instanceof Timestamp) {
      try {
        for (int i = 0; i < n; i++) {
          Object v = rows.get(i)[field];
          if (v == null) {
            nulls[i] = true;
          } else {
            codes[i] = Temporals.timestampValue(((Timestamp) v).toLocalDateTime());
          }
        }
        return new WindowKeys(Kind.TIMESTAMP, codes, nulls, null);
      } catch (ArithmeticException e) {
        // Outside kdb+'s range of nanoseconds (a computed value): ranked by wall clock below.
      }
    }
    return ranks(rows, field, nulls);
  }

  /** Ranks of the distinct values of a column of comparable values. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static WindowKeys ranks(List<Object[]> rows, int field, boolean[] nulls) {
    int n = rows.size();
    Map<Object, Integer> distinct = new HashMap<>();
    List<Object> values = new ArrayList<>();
    int[] index = new int[n];
    // Rows stored by sym come in runs of one value (often one instance): the previous row's
    // value is checked before the map.
    Object previous = null;
    int previousIndex = -1;
    for (int i = 0; i < n; i++) {
      Object v = rows.get(i)[field];
      if (v == null) {
        nulls[i] = true;
        continue;
      }
      if (previous != null && (v == previous || !(v instanceof Timestamp) && v.equals(previous))) {
        index[i] = previousIndex;
        continue;
      }
      Object key = v instanceof Timestamp t ? t.toLocalDateTime() : v;
      Integer d = distinct.get(key);
      if (d == null) {
        d = values.size();
        distinct.put(key, d);
        values.add(key);
      }
      index[i] = d;
      previous = v;
      previousIndex = d;
    }
    Integer[] byValue = new Integer[values.size()];
    for (int i = 0; i < byValue.length; i++) {
      byValue[i] = i;
    }
    Arrays.sort(byValue, (a, b) -> ((Comparable) values.get(a)).compareTo(values.get(b)));
    long[] rank = new long[byValue.length];
    for (int r = 0; r < byValue.length; r++) {
      rank[byValue[r]] = r;
    }
    long[] codes = new long[n];
    for (int i = 0; i < n; i++) {
      codes[i] = nulls != null && nulls[i] ? 0 : rank[index[i]];
    }
    return new WindowKeys(Kind.RANK, codes, nulls, null);
  }

  /** The bits of {@code d} as a long that orders as {@link Double#compare} orders doubles. */
  static long orderedBits(double d) {
    long bits = Double.doubleToLongBits(d);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }
}
