package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbRules.RuleConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Rule that computes {@code ROLLUP}, {@code CUBE} and {@code GROUPING SETS} (and so
 * {@code COUNT(DISTINCT)} beside other calls, which Calcite expands into grouping sets) over any
 * input, a join above all, from a plain aggregate by every key of every set: the plain aggregate
 * then moves below the join into the scans (Calcite's {@code AggregateJoinTransposeRule}) or into
 * a scan ({@link KdbRules#AGGREGATE_SCAN}), and the sets are rolled up from its few groups instead
 * of from every joined row. Over a scan, {@link AggregateSplitRule} does this and more.
 *
 * <p>Splittable calls only ({@link PartialAggregates#splittable}); not taken where the input is
 * already unique on the keys (as the plain aggregate this rule makes is), which would gain
 * nothing and keeps the rule from firing on its own result.
 */
final class GroupingSetsSplitRule extends RelRule<RuleConfig> {
  static final RuleConfig DEFAULT = RuleConfig.of("KdbGroupingSetsSplitRule",
      b -> b.operand(LogicalAggregate.class)
          .predicate(a -> a.getGroupType() != Aggregate.Group.SIMPLE).anyInputs(),
      GroupingSetsSplitRule::new);

  GroupingSetsSplitRule(RuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    RelNode input = aggregate.getInput();
    for (AggregateCall c : aggregate.getAggCallList()) {
      if (!PartialAggregates.splittable(c)) {
        return;
      }
    }
    ImmutableBitSet keys = aggregate.getGroupSet();
    if (Boolean.TRUE.equals(call.getMetadataQuery().areColumnsUnique(input, keys))) {
      return;
    }
    RelBuilder b = call.builder();
    b.push(input);
    List<RelBuilder.AggCall> partial = new ArrayList<>();
    for (AggregateCall c : aggregate.getAggCallList()) {
      if (c.getAggregation().getKind() != SqlKind.GROUPING) {
        partial.add(b.aggregateCall(c.getAggregation(), b.fields(c.getArgList())));
      }
    }
    b.aggregate(b.groupKey(keys), partial);
    b.aggregate(b.groupKey(ImmutableBitSet.range(keys.cardinality()),
            PartialAggregates.sets(aggregate.getGroupSets(), keys::indexOf)),
        PartialAggregates.combined(b, aggregate.getAggCallList(), keys.cardinality(),
            keys::indexOf));
    b.convert(aggregate.getRowType(), false);
    call.transformTo(b.build());
  }
}
