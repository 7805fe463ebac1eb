package dev.kdbsql.calcite.asof;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalAsofJoin;

/**
 * Rule that converts a {@link LogicalAsofJoin} to a {@link KdbAsofJoin}. Calcite's
 * {@code EnumerableAsofJoinRule} still offers its own operator; ours costs less, so the planner
 * takes it whenever {@link KdbAsofJoin#create} accepts the join, and Calcite's otherwise.
 *
 * <p>Taken: {@code ASOF} and {@code LEFT ASOF} joins on a conjunction of equalities whose match
 * condition ({@code <}, {@code <=}, {@code >}, {@code >=}, either input first) compares two
 * operands that order exactly alike:
 * <ul>
 *   <li>columns of one kind: integers (any widths), reals and floats, dates and months (DATE),
 *       datetimes (TIMESTAMP(3)), times, minutes and seconds (milliseconds of the day),
 *       timespans as BIGINT (exact nanoseconds), symbols, chars and strings;
 *   <li>kdb+ timestamps and timespans (the exact kdb+ types), compared to the nanosecond, and
 *       compared with Calcite's own TIMESTAMP, DATE or TIME (a datetime, date, time, minute or
 *       second column) in nanoseconds, exactly; Calcite's operator does not take them;
 *   <li>a column cast by the validator or by the query to a type whose value Calcite's cast
 *       gives as a plain function of the column's: an integer to a wider integer, a number to
 *       DOUBLE or REAL ({@code doubleValue}, {@code floatValue}), a DATE to TIMESTAMP (a date or
 *       month compared with a datetime), a TIME or TIMESTAMP to another precision (unchanged: a
 *       minute or second compared with a time), and a kdb+ timestamp or timespan to Calcite's
 *       TIMESTAMP or TIME (its value floored to the millisecond, as Calcite's cast gives it).
 *       Calcite's own operator cannot run any cast: it takes both operands for plain column
 *       references and fails.
 * </ul>
 *
 * <p>Refused, and so left to Calcite's operator (which fails on a cast): casts whose value
 * Calcite computes with rounding or range checks this operator does not repeat (an integer to a
 * narrower one, a float to an integer, a timestamp or datetime to DATE or TIME, anything to
 * DECIMAL, FLOAT or a string); operands of other types (booleans, intervals, unsigned integers,
 * Java types); join conditions that are not equalities.
 */
public final class KdbAsofJoinRule extends ConverterRule {
  /** The rule's configuration; its description, {@code KdbAsofJoinRule}, names it in traces. */
  static final Config DEFAULT = Config.INSTANCE
      .withConversion(LogicalAsofJoin.class, Convention.NONE, EnumerableConvention.INSTANCE,
          "KdbAsofJoinRule")
      .withRuleFactory(KdbAsofJoinRule::new);

  /** The rule, which the kdb+ table scan registers with the planner. */
  public static final KdbAsofJoinRule INSTANCE = (KdbAsofJoinRule) DEFAULT.toRule();

  /** Creates a KdbAsofJoinRule. */
  KdbAsofJoinRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalAsofJoin join = (LogicalAsofJoin) rel;
    return KdbAsofJoin.create(enumerable(join.getLeft()), enumerable(join.getRight()),
        join.getCondition(), join.getMatchCondition(), join.getVariablesSet(),
        join.getJoinType());
  }

  private static RelNode enumerable(RelNode input) {
    return convert(input, input.getTraitSet().replace(EnumerableConvention.INSTANCE));
  }
}
