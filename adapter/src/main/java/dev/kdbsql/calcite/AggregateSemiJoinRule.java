package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbRules.RuleConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Rule that moves an aggregate below a semi or anti join (an {@code IN}, {@code EXISTS},
 * {@code NOT IN} or {@code NOT EXISTS} sub-query), as a partial aggregate grouped by its keys and
 * the join's keys. A semi or anti join keeps or drops a row by the columns its condition reads,
 * so it keeps or drops the groups of those columns whole: the partial aggregate runs in the kdb+
 * scan ({@link KdbRules#AGGREGATE_SCAN}), the join filters its groups (the build side's keys
 * still filter the scan, {@link KdbHashJoin}) and the aggregate above rolls the groups up, so no
 * row of the big table leaves the scan.
 *
 * <p>Splittable calls only ({@link PartialAggregates#splittable}); the condition may read, of the
 * left input, its equality keys and the aggregate's keys only; taken only where the grouping
 * reduces the join's input (its rows are not already unique on those columns), which also keeps
 * the rule from firing again on what it made.
 */
final class AggregateSemiJoinRule extends RelRule<RuleConfig> {
  static final RuleConfig DEFAULT = RuleConfig.of("KdbAggregateSemiJoinRule",
      b -> b.operand(LogicalAggregate.class)
          .predicate(a -> a.getGroupType() == Aggregate.Group.SIMPLE)
          .oneInput(j -> j.operand(LogicalJoin.class)
              .predicate(join -> (join.getJoinType() == JoinRelType.SEMI
                  || join.getJoinType() == JoinRelType.ANTI) && join.getVariablesSet().isEmpty())
              .anyInputs()),
      AggregateSemiJoinRule::new);

  AggregateSemiJoinRule(RuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    LogicalJoin join = call.rel(1);
    for (AggregateCall c : aggregate.getAggCallList()) {
      if (!PartialAggregates.splittable(c) || c.getAggregation().getKind() == SqlKind.GROUPING) {
        return;
      }
    }
    int leftCount = join.getLeft().getRowType().getFieldCount();
    ImmutableBitSet read = RelOptUtil.InputFinder.bits(join.getCondition()).get(0, leftCount);
    // Only the equality keys may add to the grouping: a column compared otherwise (a price
    // against an average) could make nearly as many groups as rows.
    ImmutableBitSet keys = ImmutableBitSet.of(KdbHashJoin.keys(join.getLeft(), join.getRight(),
        join.getCondition(), join.getJoinType()).leftKeys);
    if (!aggregate.getGroupSet().union(keys).contains(read)) {
      return;
    }
    ImmutableBitSet inner = aggregate.getGroupSet().union(read);
    Boolean unique = call.getMetadataQuery().areColumnsUnique(join.getLeft(), inner);
    if (Boolean.TRUE.equals(unique)) {
      return;
    }
    RelBuilder b = call.builder();
    b.push(join.getLeft());
    List<RelBuilder.AggCall> partial = new ArrayList<>();
    for (AggregateCall c : aggregate.getAggCallList()) {
      partial.add(b.aggregateCall(c.getAggregation(), b.fields(c.getArgList())));
    }
    b.aggregate(b.groupKey(inner), partial);
    b.push(join.getRight());
    RexNode condition = join.getCondition().accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        int i = ref.getIndex();
        return i < leftCount ? b.field(2, 0, inner.indexOf(i)) : b.field(2, 1, i - leftCount);
      }
    });
    b.join(join.getJoinType(), condition);
    ImmutableBitSet.Builder outerKeys = ImmutableBitSet.builder();
    for (int k : aggregate.getGroupSet()) {
      outerKeys.set(inner.indexOf(k));
    }
    b.aggregate(b.groupKey(outerKeys.build()), PartialAggregates.combined(b,
        aggregate.getAggCallList(), inner.cardinality(), inner::indexOf));
    b.convert(aggregate.getRowType(), false);
    call.transformTo(b.build());
  }
}
