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
 *       datetimes (TIMESTAMP(3)), times, minutes, seconds and timespans as TIME (milliseconds of
 *       the day; a timespan's nanoseconds below the millisecond are not in its SQL value, so
 *       those tie), timespans as BIGINT (exact nanoseconds), symbols, chars and strings;
 *   <li>kdb+ timestamps, compared exactly by their wall clock to the nanosecond. Calcite's
 *       operator, which gets them when this rule does not fire, compares
 *       {@code java.sql.Timestamp}s to the millisecond through {@code getTime()} but orders them
 *       to the nanosecond, so it can match a right row later than the left one within the same
 *       millisecond; {@code getTime()} also moves a wall clock inside a daylight-saving gap of the
 *       JVM's zone by the gap, which the wall clock does not;
 *   <li>a column cast by the validator or by the query to a type whose value Calcite's cast
 *       gives as a plain function of the column's: an integer to a wider integer, a number to
 *       DOUBLE or REAL ({@code doubleValue}, {@code floatValue}), a DATE to TIMESTAMP (a date or
 *       month compared with a datetime), a TIME or TIMESTAMP to another precision (unchanged: a
 *       minute or second compared with a time or a timespan), and a kdb+ timestamp to TIMESTAMP
 *       (compared with a datetime: its wall clock floored to the millisecond, where Calcite's
 *       cast, through {@code getTime()}, would move a wall clock inside a daylight-saving gap).
 *       Calcite's own operator cannot run any cast: it takes both operands for plain column
 *       references and fails.
 * </ul>
 *
 * <p>Refused, and so left to Calcite's operator (which fails on a cast): casts whose value
 * Calcite computes with rounding or range checks this operator does not repeat (an integer to a
 * narrower one, a float to an integer, a timestamp or datetime to DATE or TIME, anything to
 * DECIMAL, FLOAT or a string); operands of other types (booleans, intervals, unsigned integers,
 * Java types other than {@code java.sql.Timestamp}); join conditions that are not equalities.
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
