package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.exec.ExprEvaluator.Vector;
import dev.kdbsql.calcite.spec.AggCall;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.Value;
import dev.kdbsql.calcite.sql.FirstLastAggregates;
import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * The state of one {@link AggCall} for every group of a slice (or, after merging, of the
 * query), in primitive arrays indexed by group number.
 *
 * <p>{@link #add} takes a block of argument values ({@link Vector}s over the block's rows), the
 * positions of the selected rows in it and their group numbers, and loops over those positions
 * only: no boxing, one virtual call per block. {@link #merge} folds another accumulator's group
 * into one of this one's; merging slices in slice order keeps storage order for {@code first} and
 * {@code last}. {@link #value} boxes a result as the Java class of the call's SQL type.
 */
abstract class Accumulator {
  /** Allocated group slots. */
  int capacity;

  /** A fresh accumulator for {@code call}, with no groups. */
  static Accumulator create(AggCall call) {
    boolean doubles = !call.args().isEmpty() && call.args().get(0).kind() == Expr.Kind.DOUBLE;
    LongFunction<Object> box = boxer(call);
    boolean zero = call.function() == AggCall.Function.SUM0;
    Class<?> result = call.resultClass();
    return switch (call.function()) {
      case COUNT_STAR -> new Count(false);
      case COUNT -> new Count(true);
      case SUM, SUM0 -> doubles ? new DoubleSum(zero)
          : new LongSum(zero, box);
      case MIN, MAX -> doubles
          ? new DoubleExtreme(call.function() == AggCall.Function.MIN, result == Float.class)
          : new LongExtreme(call.function() == AggCall.Function.MIN, box);
      case FIRST, LAST -> new FirstLast(call.function() == AggCall.Function.FIRST, doubles,
          box);
      case WAVG -> new Wavg();
      case COUNT_DISTINCT -> throw new IllegalArgumentException(
          "COUNT(DISTINCT) is counted from groups (DistinctCounts), not accumulated");
    };
  }

  /**
   * How a long result of {@code call} becomes the object Calcite expects: narrowed and boxed as
   * the call's result class (epoch days and milliseconds of the day are Integers, booleans 0 or
   * 1, chars one-char Strings); the raw nanoseconds of a kdb+ timestamp or timespan (MIN, MAX,
   * first, last) as the exact object Calcite's generated code holds ({@link KdbTimestamp},
   * {@link KdbTimespan}).
   */
  static LongFunction<Object> boxer(AggCall call) {
    Class<?> c = call.resultClass();
    if (call.args().size() == 1 && call.args().get(0) instanceof Expr.Read) {
      if (c == KdbTimestamp.class) {
        return KdbTimestamp::of;
      }
      if (c == KdbTimespan.class) {
        return KdbTimespan::ofDay;
      }
    }
    if (c == Byte.class) {
      return v -> (byte) v;
    }
    if (c == Short.class) {
      return v -> (short) v;
    }
    if (c == Integer.class) {
      return v -> (int) v;
    }
    if (c == Boolean.class) {
      return v -> v != 0;
    }
    if (c == String.class) {
      return v -> String.valueOf((char) v);
    }
    return v -> v;
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

  /**
   * Block positions {@code 0, 1, 2, ...}: the positions of a block whose rows are all taken, or
   * of gathered rows. Shared and never written.
   */
  static final int[] IDENTITY =
      java.util.stream.IntStream.range(0, Blocks.ROWS).toArray();

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

  /**
   * Takes {@code v} as the value of group {@code g}'s rows (a value constant over them, as the
   * partition column is within a slice): extremes only.
   */
  void addConstant(int g, long v) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " of a constant");
  }

  /** Folds group {@code from} of {@code other} (of the same call) into group {@code g}. */
  abstract void merge(int g, Accumulator other, int from);

  /** The result of group {@code g}. */
  abstract Object value(int g);


  /** {@code COUNT(*)}, or {@code COUNT(x)} counting only x's non-null rows. */
  static final class Count extends Accumulator {
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
    void merge(int g, Accumulator other, int from) {
      counts[g] += ((Count) other).counts[from];
    }

    @Override
    Object value(int g) {
      return counts[g];
    }
  }

  /**
   * {@code SUM}/{@code $SUM0} with an INTEGER or BIGINT result: a long sum, wrapped to the result
   * type at the end, as Calcite's int and long additions wrap.
   */
  static final class LongSum extends Accumulator {
    private final boolean zero;
    private final LongFunction<Object> box;
    private long[] sums = new long[0];
    private long[] counts = new long[0];

    LongSum(boolean zero, LongFunction<Object> box) {
      this.zero = zero;
      this.box = box;
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
    void merge(int g, Accumulator other, int from) {
      LongSum o = (LongSum) other;
      sums[g] += o.sums[from];
      counts[g] += o.counts[from];
    }

    @Override
    Object value(int g) {
      return counts[g] == 0 && !zero ? null : box.apply(sums[g]);
    }
  }

  /** {@code SUM}/{@code $SUM0} of doubles. */
  static final class DoubleSum extends Accumulator {
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
    void merge(int g, Accumulator other, int from) {
      DoubleSum o = (DoubleSum) other;
      sums[g] += o.sums[from];
      counts[g] += o.counts[from];
    }

    @Override
    Object value(int g) {
      return counts[g] == 0 && !zero ? null : Double.valueOf(sums[g]);
    }
  }

  /**
   * {@code MIN}/{@code MAX} of values held as longs: integers, and the values of
   * {@link Expr.Read} columns, which order as Calcite's do (timestamps' raw nanoseconds too).
   */
  static final class LongExtreme extends Accumulator {
    private final boolean min;
    private final LongFunction<Object> box;
    private long[] extremes = new long[0];
    private boolean[] seen = new boolean[0];

    LongExtreme(boolean min, LongFunction<Object> box) {
      this.min = min;
      this.box = box;
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

    @Override
    void addConstant(int g, long v) {
      offer(g, v);
    }

    private void offer(int g, long v) {
      if (!seen[g] || (min ? v < extremes[g] : v > extremes[g])) {
        extremes[g] = v;
        seen[g] = true;
      }
    }

    @Override
    void merge(int g, Accumulator other, int from) {
      LongExtreme o = (LongExtreme) other;
      if (o.seen[from]) {
        offer(g, o.extremes[from]);
      }
    }

    @Override
    Object value(int g) {
      return seen[g] ? box.apply(extremes[g]) : null;
    }
  }

  /**
   * {@code MIN}/{@code MAX} of doubles (or of reals, held as doubles), exactly as Calcite's
   * Enumerable code computes them: the accumulator starts at {@code Double.MAX_VALUE} (MIN) or
   * {@code -Double.MAX_VALUE} (MAX), {@code Float.MAX_VALUE} for reals, and takes
   * {@code acc > v ? v : acc} (MIN) or {@code acc > v ? acc : v} (MAX) per value, so a group of
   * only negative infinities has a MAX of {@code -Double.MAX_VALUE}. Comparing reals widened to
   * double is comparing them as floats. Merging partials applies the same step to each partial's
   * result, which is the same for every order of non-NaN values.
   */
  static final class DoubleExtreme extends Accumulator {
    private final boolean min;
    private final boolean real;
    private final double start;
    private double[] extremes = new double[0];
    private boolean[] seen = new boolean[0];

    DoubleExtreme(boolean min, boolean real) {
      this.min = min;
      this.real = real;
      double bound = real ? Float.MAX_VALUE : Double.MAX_VALUE;
      this.start = min ? bound : -bound;
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
        extremes[g] = start;
        seen[g] = true;
      }
      double acc = extremes[g];
      extremes[g] = min ? (acc > v ? v : acc) : (acc > v ? acc : v);
    }

    @Override
    void merge(int g, Accumulator other, int from) {
      DoubleExtreme o = (DoubleExtreme) other;
      if (o.seen[from]) {
        offer(g, o.extremes[from]);
      }
    }

    @Override
    Object value(int g) {
      if (!seen[g]) {
        return null;
      }
      return real ? (Object) (float) extremes[g] : (Object) extremes[g];
    }
  }

  /**
   * q's {@code first}/{@code last} as {@link FirstLastAggregates} gives them in Calcite: the value
   * of the group's first or last row in storage order among the rows where it is not NULL (Calcite
   * calls a user-defined aggregate for non-null arguments only), NULL if there is none.
   */
  static final class FirstLast extends Accumulator {
    private final boolean first;
    private final boolean doubles;
    private final LongFunction<Object> box;
    private long[] longValues = new long[0];
    private double[] doubleValues = new double[0];
    private boolean[] seen = new boolean[0];

    FirstLast(boolean first, boolean doubles, LongFunction<Object> box) {
      this.first = first;
      this.doubles = doubles;
      this.box = box;
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
    void merge(int g, Accumulator other, int from) {
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
      return doubles ? Double.valueOf(doubleValues[g]) : box.apply(longValues[g]);
    }
  }

  /** q's {@code wavg(w, x)}: sums of weights and of weighted values over rows with both. */
  static final class Wavg extends Accumulator {
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
    void merge(int g, Accumulator other, int from) {
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
