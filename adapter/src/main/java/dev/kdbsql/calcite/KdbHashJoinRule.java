package dev.kdbsql.calcite;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalJoin;

/**
 * Rule that converts a {@link LogicalJoin} to a {@link KdbHashJoin}. Calcite's own join rules
 * still offer their operators; ours costs less, so the planner takes it wherever
 * {@link KdbHashJoin#create} accepts the join (equi-joins and cross joins, inner, left, right,
 * semi and anti), and Calcite's otherwise.
 */
final class KdbHashJoinRule extends ConverterRule {
  private final long memoryLimit;

  /** The rule for joins whose build side may take {@code memoryLimit} bytes. */
  static KdbHashJoinRule of(long memoryLimit) {
    return new KdbHashJoinRule(Config.INSTANCE
        .withConversion(LogicalJoin.class, Convention.NONE, EnumerableConvention.INSTANCE,
            "KdbHashJoinRule")
        .withRuleFactory(c -> new KdbHashJoinRule(c, memoryLimit)), memoryLimit);
  }

  private KdbHashJoinRule(Config config, long memoryLimit) {
    super(config);
    this.memoryLimit = memoryLimit;
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalJoin join = (LogicalJoin) rel;
    return KdbHashJoin.create(enumerable(join.getLeft()), enumerable(join.getRight()),
        join.getCondition(), join.getVariablesSet(), join.getJoinType(), memoryLimit);
  }

  private static RelNode enumerable(RelNode input) {
    return convert(input, input.getTraitSet().replace(EnumerableConvention.INSTANCE));
  }
}
