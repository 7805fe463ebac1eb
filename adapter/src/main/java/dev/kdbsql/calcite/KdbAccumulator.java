package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbExprEvaluator.Vector;
import java.util.Arrays;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The state of one {@link KdbAggCall} for every group of a slice (or, after merging, of the
 * query), in primitive arrays indexed by group number.
 *
 * <p>{@link #add} takes a block of argument values ({@link Vector}s over the block's rows), the
 * positions of the selected rows in it and their group numbers, and loops over those positions
 * only: no boxing, one virtual call per block. {@link #merge} folds another accumulator's group
 * into one of this one's; merging slices in slice order keeps storage order for {@code first} and
 * {@code last}. {@link #value} boxes a result as the Java class of the call's SQL type.
 */
abstract class KdbAccumulator {
  /** Allocated group slots. */
  int capacity;

  /** A fresh accumulator for {@code call}, with no groups. */
  static KdbAccumulator create(KdbAggCall call) {
    SqlTypeName type = call.resultType();
    boolean doubles = !call.args().isEmpty() && call.args().get(0).kind() == KdbExpr.Kind.DOUBLE;
    return switch (call.function()) {
      case COUNT_STAR -> new Count(false);
      case COUNT -> new Count(true);
      case SUM, SUM0 -> doubles ? new DoubleSum(call.function() == KdbAggCall.Function.SUM0)
          : new LongSum(call.function() == KdbAggCall.Function.SUM0, type);
      case MIN, MAX -> doubles ? new DoubleExtreme(call.function() == KdbAggCall.Function.MIN)
          : new LongExtreme(call.function() == KdbAggCall.Function.MIN, type);
      case FIRST, LAST -> new FirstLast(call.function() == KdbAggCall.Function.FIRST, doubles,
          type);
      case WAVG -> new Wavg();
    };
  }

  /** Makes room for groups {@code [0, groups)}. */
  final void grow(int groups) {
    if (groups > capacity) {
      capacity = Math.max(16, Math.max(groups, capacity * 2));
      resize(capacity);
    }
  }

  abstract void resize(int size);

  /**
   * Adds the rows at block positions {@code positions[0..n)} of {@code args}, row {@code j} to
   * group {@code groups[j]}.
   */
  abstract void add(Vector[] args, int[] positions, int n, int[] groups);

  /** Block positions {@code 0, 1, 2, ...}: the positions of a block whose rows are all taken. */
  private static final int[] IDENTITY =
      java.util.stream.IntStream.range(0, KdbExprEvaluator.BLOCK).toArray();

  /**
   * {@link #add} for a global aggregate (group 0; {@code zeros} holds {@code n} zeros), where
   * {@code positions} is null when the rows are the block's first {@code n} in order (every row
   * of the block, or a gathered block). Accumulators override it to keep the running value in a
   * local, which the JIT can hold in a register, instead of a store and a load through the group
   * array per row, and to loop without the indirection through positions when there is none.
   */
  void addGlobal(Vector[] args, int[] positions, int n, int[] zeros) {
    add(args, positions == null ? IDENTITY : positions, n, zeros);
  }

  /** Folds group {@code from} of {@code other} (of the same call) into group {@code g}. */
  abstract void merge(int g, KdbAccumulator other, int from);

  /** The result of group {@code g}. */
  abstract Object value(int g);

  /** {@code v} wrapped and boxed as the Java class of SQL type {@code type}. */
  static Object box(long v, SqlTypeName type) {
    return switch (type) {
      case TINYINT -> (byte) v;
      case SMALLINT -> (short) v;
      case INTEGER -> (int) v;
      default -> v;
    };
  }

  /** {@code COUNT(*)}, or {@code COUNT(x)} counting only x's non-null rows. */
  static final class Count extends KdbAccumulator {
    private final boolean nonNull;
    private long[] counts = new long[0];

    Count(boolean nonNull) {
      this.nonNull = nonNull;
    }

    /** Adds {@code rows} rows to group {@code g} without looking at them ({@code COUNT(*)}). */
    void addRows(int g, long rows) {
      counts[g] += rows;
    }

    @Override
    void resize(int size) {
      counts = Arrays.copyOf(counts, size);
    }

    @Override
    void add(Vector[] args, int[] positions, int n, int[] groups) {
      if (nonNull && args[0].anyNull) {
        boolean[] nulls = args[0].nulls;
        for (int j = 0; j < n; j++) {
          if (!nulls[positions[j]]) {
            counts[groups[j]]++;
          }
        }
      } else {
        for (int j = 0; j < n; j++) {
          counts[groups[j]]++;
        }
      }
    }

    @Override
    void addGlobal(Vector[] args, int[] positions, int n, int[] zeros) {
      long c = n;
      if (nonNull && args[0].anyNull) {
        boolean[] nulls = args[0].nulls;
        for (int j = 0; j < n; j++) {
          c -= nulls[positions == null ? j : positions[j]] ? 1 : 0;
        }
      }
      counts[0] += c;
    }

    @Override
    void merge(int g, KdbAccumulator other, int from) {
      counts[g] += ((Count) other).counts[from];
    }

    @Override
    Object value(int g) {
      return counts[g];
    }
  }

  /** {@code SUM}/{@code $SUM0} of integers: a long sum, wrapped to the result type at the end. */
  static final class LongSum extends KdbAccumulator {
    private final boolean zero;
    private final SqlTypeName type;
    private long[] sums = new long[0];
    private long[] counts = new long[0];

    LongSum(boolean zero, SqlTypeName type) {
      this.zero = zero;
      this.type = type;
    }

    @Override
    void resize(int size) {
      sums = Arrays.copyOf(sums, size);
      counts = Arrays.copyOf(counts, size);
    }

    @Override
    void add(Vector[] args, int[] positions, int n, int[] groups) {
      long[] v = args[0].longs;
      boolean[] nulls = args[0].anyNull ? args[0].nulls : null;
      for (int j = 0; j < n; j++) {
        int p = positions[j];
        if (nulls == null || !nulls[p]) {
          sums[groups[j]] += v[p];
          counts[groups[j]]++;
        }
      }
    }

    @Override
    void addGlobal(Vector[] args, int[] positions, int n, int[] zeros) {
      long[] v = args[0].longs;
      long sum = 0;
      long count = 0;
      if (args[0].anyNull) {
        boolean[] nulls = args[0].nulls;
        for (int j = 0; j < n; j++) {
          int p = positions == null ? j : positions[j];
          if (!nulls[p]) {
            sum += v[p];
            count++;
          }
        }
      } else if (positions == null) {
        for (int j = 0; j < n; j++) {
          sum += v[j];
        }
        count = n;
      } else {
        for (int j = 0; j < n; j++) {
          sum += v[positions[j]];
        }
        count = n;
      }
      // Wrapping addition is associative: the block's sum added at once is the same.
      sums[0] += sum;
      counts[0] += count;
    }

    @Override
    void merge(int g, KdbAccumulator other, int from) {
      LongSum o = (LongSum) other;
      sums[g] += o.sums[from];
      counts[g] += o.counts[from];
    }

    @Override
    Object value(int g) {
      return counts[g] == 0 && !zero ? null : box(sums[g], type);
    }
  }

  /** {@code SUM}/{@code $SUM0} of doubles. */
  static final class DoubleSum extends KdbAccumulator {
    private final boolean zero;
    private double[] sums = new double[0];
    private long[] counts = new long[0];

    DoubleSum(boolean zero) {
      this.zero = zero;
    }

    @Override
    void resize(int size) {
      sums = Arrays.copyOf(sums, size);
      counts = Arrays.copyOf(counts, size);
    }

    @Override
    void add(Vector[] args, int[] positions, int n, int[] groups) {
      double[] v = args[0].doubles;
      boolean[] nulls = args[0].anyNull ? args[0].nulls : null;
      for (int j = 0; j < n; j++) {
        int p = positions[j];
        if (nulls == null || !nulls[p]) {
          sums[groups[j]] += v[p];
          counts[groups[j]]++;
        }
      }
    }

    @Override
    void addGlobal(Vector[] args, int[] positions, int n, int[] zeros) {
      double[] v = args[0].doubles;
      double sum = sums[0];
      long count = 0;
      if (args[0].anyNull) {
        boolean[] nulls = args[0].nulls;
        for (int j = 0; j < n; j++) {
          int p = positions == null ? j : positions[j];
          if (!nulls[p]) {
            sum += v[p];
            count++;
          }
        }
      } else if (positions == null) {
        // Four running sums, added up at the end of the block: one chain of additions waits on
        // each addition's latency, four go at the adder's throughput. Like the per-partition sums,
        // this regroups the additions (last bits may differ from a row-by-row sum), the same way
        // on every run and thread count: the lanes depend on the block's rows only.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
          s0 += v[j];
          s1 += v[j + 1];
          s2 += v[j + 2];
          s3 += v[j + 3];
        }
        for (; j < n; j++) {
          s0 += v[j];
        }
        sum += (s0 + s1) + (s2 + s3);
        count = n;
      } else {
        for (int j = 0; j < n; j++) {
          sum += v[positions[j]];
        }
        count = n;
      }
      sums[0] = sum;
      counts[0] += count;
    }

    @Override
    void merge(int g, KdbAccumulator other, int from) {
      DoubleSum o = (DoubleSum) other;
      sums[g] += o.sums[from];
      counts[g] += o.counts[from];
    }

    @Override
    Object value(int g) {
      return counts[g] == 0 && !zero ? null : Double.valueOf(sums[g]);
    }
  }

  /** {@code MIN}/{@code MAX} of integers. */
  static final class LongExtreme extends KdbAccumulator {
    private final boolean min;
    private final SqlTypeName type;
    private long[] extremes = new long[0];
    private boolean[] seen = new boolean[0];

    LongExtreme(boolean min, SqlTypeName type) {
      this.min = min;
      this.type = type;
    }

    @Override
    void resize(int size) {
      extremes = Arrays.copyOf(extremes, size);
      seen = Arrays.copyOf(seen, size);
    }

    @Override
    void add(Vector[] args, int[] positions, int n, int[] groups) {
      long[] v = args[0].longs;
      boolean[] nulls = args[0].anyNull ? args[0].nulls : null;
      for (int j = 0; j < n; j++) {
        int p = positions[j];
        if (nulls == null || !nulls[p]) {
          offer(groups[j], v[p]);
        }
      }
    }

    private void offer(int g, long v) {
      if (!seen[g] || (min ? v < extremes[g] : v > extremes[g])) {
        extremes[g] = v;
        seen[g] = true;
      }
    }

    @Override
    void merge(int g, KdbAccumulator other, int from) {
      LongExtreme o = (LongExtreme) other;
      if (o.seen[from]) {
        offer(g, o.extremes[from]);
      }
    }

    @Override
    Object value(int g) {
      return seen[g] ? box(extremes[g], type) : null;
    }
  }

  /**
   * {@code MIN}/{@code MAX} of doubles, exactly as Calcite's Enumerable code computes them: the
   * accumulator starts at {@code Double.MAX_VALUE} (MIN) or {@code -Double.MAX_VALUE} (MAX) and
   * takes {@code acc > v ? v : acc} (MIN) or {@code acc > v ? acc : v} (MAX) per value, so a group
   * of only negative infinities has a MAX of {@code -Double.MAX_VALUE}. Merging partials applies
   * the same step to each partial's result, which is the same for every order of non-NaN values.
   */
  static final class DoubleExtreme extends KdbAccumulator {
    private final boolean min;
    private double[] extremes = new double[0];
    private boolean[] seen = new boolean[0];

    DoubleExtreme(boolean min) {
      this.min = min;
    }

    @Override
    void resize(int size) {
      extremes = Arrays.copyOf(extremes, size);
      seen = Arrays.copyOf(seen, size);
    }

    @Override
    void add(Vector[] args, int[] positions, int n, int[] groups) {
      double[] v = args[0].doubles;
      boolean[] nulls = args[0].anyNull ? args[0].nulls : null;
      for (int j = 0; j < n; j++) {
        int p = positions[j];
        if (nulls == null || !nulls[p]) {
          offer(groups[j], v[p]);
        }
      }
    }

    private void offer(int g, double v) {
      if (!seen[g]) {
        extremes[g] = min ? Double.MAX_VALUE : -Double.MAX_VALUE;
        seen[g] = true;
      }
      double acc = extremes[g];
      extremes[g] = min ? (acc > v ? v : acc) : (acc > v ? acc : v);
    }

    @Override
    void merge(int g, KdbAccumulator other, int from) {
      DoubleExtreme o = (DoubleExtreme) other;
      if (o.seen[from]) {
        offer(g, o.extremes[from]);
      }
    }

    @Override
    Object value(int g) {
      return seen[g] ? Double.valueOf(extremes[g]) : null;
    }
  }

  /**
   * q's {@code first}/{@code last} as {@link FirstLastAggregates} gives them in Calcite: the value
   * of the group's first or last row in storage order among the rows where it is not NULL (Calcite
   * calls a user-defined aggregate for non-null arguments only), NULL if there is none.
   */
  static final class FirstLast extends KdbAccumulator {
    private final boolean first;
    private final boolean doubles;
    private final SqlTypeName type;
    private long[] longValues = new long[0];
    private double[] doubleValues = new double[0];
    private boolean[] seen = new boolean[0];

    FirstLast(boolean first, boolean doubles, SqlTypeName type) {
      this.first = first;
      this.doubles = doubles;
      this.type = type;
    }

    @Override
    void resize(int size) {
      longValues = Arrays.copyOf(longValues, doubles ? 0 : size);
      doubleValues = Arrays.copyOf(doubleValues, doubles ? size : 0);
      seen = Arrays.copyOf(seen, size);
    }

    @Override
    void add(Vector[] args, int[] positions, int n, int[] groups) {
      Vector v = args[0];
      for (int j = 0; j < n; j++) {
        int g = groups[j];
        int p = positions[j];
        if ((first && seen[g]) || (v.anyNull && v.nulls[p])) {
          continue;
        }
        seen[g] = true;
        if (doubles) {
          doubleValues[g] = v.doubles[p];
        } else {
          longValues[g] = v.longs[p];
        }
      }
    }

    @Override
    void merge(int g, KdbAccumulator other, int from) {
      FirstLast o = (FirstLast) other;
      if (!o.seen[from] || (first && seen[g])) {
        return;
      }
      seen[g] = true;
      if (doubles) {
        doubleValues[g] = o.doubleValues[from];
      } else {
        longValues[g] = o.longValues[from];
      }
    }

    @Override
    Object value(int g) {
      if (!seen[g]) {
        return null;
      }
      return doubles ? Double.valueOf(doubleValues[g]) : box(longValues[g], type);
    }
  }

  /** q's {@code wavg(w, x)}: sums of weights and of weighted values over rows with both. */
  static final class Wavg extends KdbAccumulator {
    private double[] weights = new double[0];
    private double[] weighted = new double[0];
    private boolean[] any = new boolean[0];

    @Override
    void resize(int size) {
      weights = Arrays.copyOf(weights, size);
      weighted = Arrays.copyOf(weighted, size);
      any = Arrays.copyOf(any, size);
    }

    @Override
    void add(Vector[] args, int[] positions, int n, int[] groups) {
      double[] w = args[0].doubles;
      double[] x = args[1].doubles;
      boolean checkNulls = args[0].anyNull || args[1].anyNull;
      for (int j = 0; j < n; j++) {
        int p = positions[j];
        if (checkNulls && ((args[0].anyNull && args[0].nulls[p])
            || (args[1].anyNull && args[1].nulls[p]))) {
          continue;
        }
        int g = groups[j];
        weights[g] += w[p];
        weighted[g] += w[p] * x[p];
        any[g] = true;
      }
    }

    @Override
    void merge(int g, KdbAccumulator other, int from) {
      Wavg o = (Wavg) other;
      weights[g] += o.weights[from];
      weighted[g] += o.weighted[from];
      any[g] |= o.any[from];
    }

    @Override
    Object value(int g) {
      return !any[g] || weights[g] == 0 ? null : Double.valueOf(weighted[g] / weights[g]);
    }
  }
}
