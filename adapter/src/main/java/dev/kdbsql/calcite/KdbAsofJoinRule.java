package dev.kdbsql.calcite;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalAsofJoin;

/**
 * Rule that converts a {@link LogicalAsofJoin} to a {@link KdbAsofJoin}. Calcite's
 * {@code EnumerableAsofJoinRule} still offers its own operator; ours costs less, so the planner
 * takes it whenever {@link KdbAsofJoin#create} accepts the join, and Calcite's otherwise.
 */
final class KdbAsofJoinRule extends ConverterRule {
  /** The rule's configuration; its description, {@code KdbAsofJoinRule}, names it in traces. */
  static final Config DEFAULT = Config.INSTANCE
      .withConversion(LogicalAsofJoin.class, Convention.NONE, EnumerableConvention.INSTANCE,
          "KdbAsofJoinRule")
      .withRuleFactory(KdbAsofJoinRule::new);

  /** The rule, listed in {@link KdbRules#RULES}. */
  static final KdbAsofJoinRule INSTANCE = (KdbAsofJoinRule) DEFAULT.toRule();

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
