package dev.kdbsql.calcite.sql;

import org.apache.calcite.schema.AggregateFunction;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;

/**
 * q's {@code wavg}: {@code wavg(w, x)} is {@code sum(w * x) / sum(w)}, weights first as in q
 * ({@code w wavg x}). Rows where either value is NULL are ignored, as q ignores nulls; the
 * result is NULL when no row counts or the weights sum to zero. Calcite instantiates this class
 * and calls {@link #init}, {@link #add} and {@link #result} through code generation.
 */
public final class WavgAggregate {
  /** The running sums. */
  public static final class Sums {
    double weights;
    double weighted;
    boolean any;
  }

  /** Creates the aggregate; Calcite calls this through code generation. */
  public WavgAggregate() {
  }

  static AggregateFunction function() {
    return AggregateFunctionImpl.create(WavgAggregate.class);
  }

  /** Starts a group. Called via code generation. */
  public Sums init() {
    return new Sums();
  }

  /** Adds one row. Called via code generation. */
  public Sums add(Sums sums, Double weight, Double value) {
    if (weight != null && value != null) {
      sums.weights += weight;
      sums.weighted += weight * value;
      sums.any = true;
    }
    return sums;
  }

  /** The weighted average of a group. Called via code generation. */
  public Double result(Sums sums) {
    return !sums.any || sums.weights == 0 ? null : sums.weighted / sums.weights;
  }
}
