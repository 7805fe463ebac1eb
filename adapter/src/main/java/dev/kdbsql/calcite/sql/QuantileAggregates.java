package dev.kdbsql.calcite.sql;

import com.google.common.base.Suppliers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;

/**
 * Quantiles as SQL aggregates, which Calcite 1.42 validates but cannot run ("Unable to get
 * aggregate implementation" for {@code PERCENTILE_CONT}/{@code PERCENTILE_DISC}, no
 * {@code MEDIAN} at all): {@code quantile_cont(x, q)} and {@code median(x)} interpolate
 * linearly between the two values around position {@code q·(n-1)} of the sorted non-null
 * values (a DOUBLE, as in Postgres and DuckDB); {@code quantile_disc(x, q)} is the first
 * sorted value whose cumulative share of the rows reaches {@code q} (a value of {@code x}'s
 * type). NULL for a group without values; a fraction outside [0, 1] fails the query. The names
 * are DuckDB's; the parser turns the standard spellings
 * {@code PERCENTILE_CONT(q) WITHIN GROUP (ORDER BY x)} and {@code PERCENTILE_DISC(q) WITHIN
 * GROUP (ORDER BY x)} into them ({@link KdbSqlShuttle}), and casts the arguments of
 * {@code median} and {@code quantile_cont} to DOUBLE.
 *
 * <p>Calcite picks among overloads by argument type, so {@code quantile_disc} has one class per
 * Java type; Calcite calls a user-defined aggregate for non-null values only.
 */
public final class QuantileAggregates {
  private QuantileAggregates() {
  }

  /** Registers {@code median}, {@code quantile_cont} and {@code quantile_disc}. */
  static void register(Map<String, Supplier<List<Function>>> functions) {
    functions.put("median",
        Suppliers.memoize(() -> List.of(AggregateFunctionImpl.create(Median.class))));
    functions.put("quantile_cont",
        Suppliers.memoize(() -> List.of(AggregateFunctionImpl.create(Cont.class))));
    functions.put("quantile_disc", Suppliers.memoize(() -> List.of(
        AggregateFunctionImpl.create(DiscLong.class),
        AggregateFunctionImpl.create(DiscInteger.class),
        AggregateFunctionImpl.create(DiscDouble.class),
        AggregateFunctionImpl.create(DiscString.class))));
  }

  /** The values of a group and the fraction asked for. */
  public static final class Values {
    private double[] doubles = new double[8];
    private final List<Object> objects = new ArrayList<>();
    private int n;
    private double fraction = Double.NaN;

    Values addDouble(double v, double q) {
      fraction(q);
      if (n == doubles.length) {
        doubles = Arrays.copyOf(doubles, n * 2);
      }
      doubles[n++] = v;
      return this;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Values addObject(Comparable v, double q) {
      fraction(q);
      objects.add(v);
      return this;
    }

    private void fraction(double q) {
      if (!(q >= 0 && q <= 1)) {
        throw new IllegalArgumentException("quantile fraction must be between 0 and 1, not " + q);
      }
      fraction = q;
    }

    /** Linear interpolation at {@code fraction·(n-1)}, or null without values. */
    Double continuous() {
      if (n == 0) {
        return null;
      }
      double[] v = Arrays.copyOf(doubles, n);
      Arrays.sort(v);
      double position = fraction * (n - 1);
      int lo = (int) Math.floor(position);
      int hi = (int) Math.ceil(position);
      return lo == hi ? v[lo] : v[lo] + (position - lo) * (v[hi] - v[lo]);
    }

    /** Index of the first sorted value whose cumulative share reaches the fraction. */
    private static int discrete(double fraction, int n) {
      return Math.max(0, (int) Math.ceil(fraction * n) - 1);
    }

    Double discreteDouble() {
      if (n == 0) {
        return null;
      }
      double[] v = Arrays.copyOf(doubles, n);
      Arrays.sort(v);
      return v[discrete(fraction, n)];
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Object discreteObject() {
      if (objects.isEmpty()) {
        return null;
      }
      List<Comparable> sorted = new ArrayList<>((List) objects);
      sorted.sort(null);
      return sorted.get(discrete(fraction, sorted.size()));
    }
  }

  /** {@code median(x)}: {@code quantile_cont(x, 0.5)}. Called via code generation. */
  public static final class Median {
    /** Creates the aggregate. */
    public Median() {
    }

    /** Starts a group. */
    public Values init() {
      return new Values();
    }

    /** Adds one value. */
    public Values add(Values values, Double x) {
      return values.addDouble(x, 0.5);
    }

    /** The group's median. */
    public Double result(Values values) {
      return values.continuous();
    }
  }

  /** {@code quantile_cont(x, q)}. Called via code generation. */
  public static final class Cont {
    /** Creates the aggregate. */
    public Cont() {
    }

    /** Starts a group. */
    public Values init() {
      return new Values();
    }

    /** Adds one value. */
    public Values add(Values values, Double x, Double q) {
      return values.addDouble(x, q);
    }

    /** The group's quantile. */
    public Double result(Values values) {
      return values.continuous();
    }
  }

  /** {@code quantile_disc(x, q)} of BIGINT. Called via code generation. */
  public static final class DiscLong {
    /** Creates the aggregate. */
    public DiscLong() {
    }

    /** Starts a group. */
    public Values init() {
      return new Values();
    }

    /** Adds one value. */
    public Values add(Values values, Long x, Double q) {
      return values.addObject(x, q);
    }

    /** The group's quantile. */
    public Long result(Values values) {
      return (Long) values.discreteObject();
    }
  }

  /** {@code quantile_disc(x, q)} of INTEGER. Called via code generation. */
  public static final class DiscInteger {
    /** Creates the aggregate. */
    public DiscInteger() {
    }

    /** Starts a group. */
    public Values init() {
      return new Values();
    }

    /** Adds one value. */
    public Values add(Values values, Integer x, Double q) {
      return values.addObject(x, q);
    }

    /** The group's quantile. */
    public Integer result(Values values) {
      return (Integer) values.discreteObject();
    }
  }

  /** {@code quantile_disc(x, q)} of DOUBLE. Called via code generation. */
  public static final class DiscDouble {
    /** Creates the aggregate. */
    public DiscDouble() {
    }

    /** Starts a group. */
    public Values init() {
      return new Values();
    }

    /** Adds one value. */
    public Values add(Values values, Double x, Double q) {
      return values.addDouble(x, q);
    }

    /** The group's quantile. */
    public Double result(Values values) {
      return values.discreteDouble();
    }
  }

  /** {@code quantile_disc(x, q)} of strings. Called via code generation. */
  public static final class DiscString {
    /** Creates the aggregate. */
    public DiscString() {
    }

    /** Starts a group. */
    public Values init() {
      return new Values();
    }

    /** Adds one value. */
    public Values add(Values values, String x, Double q) {
      return values.addObject(x, q);
    }

    /** The group's quantile. */
    public String result(Values values) {
      return (String) values.discreteObject();
    }
  }
}
