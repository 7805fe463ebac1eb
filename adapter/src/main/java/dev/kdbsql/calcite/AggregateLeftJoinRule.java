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
 * Rule that moves an aggregate over a left join below the join's right (padded) side, when its
 * calls read only right columns: {@code SELECT r.sector, count(t.sym) FROM ref r LEFT JOIN trade
 * t ON ... GROUP BY r.sector} counts trades by symbol in the scan, joins {@code ref} with those
 * groups and sums the counts. A group stands for right rows that meet the same left rows (it is
 * keyed by every right column the condition or the keys read), so summing partial values over
 * the joined groups gives the values over the joined rows; a left row without a match meets a
 * padded null partial value, which {@code COUNT} (summed with {@code $SUM0}: 0), {@code SUM},
 * {@code MIN} and {@code MAX} skip as they skip the padded row. {@code COUNT(*)}, which counts
 * padded rows, is not moved (Calcite's {@code AggregateJoinTransposeRule} takes inner joins).
 *
 * <p>Taken only where the grouping reduces the right input (not already unique on its keys),
 * which also keeps the rule from firing on what it made.
 */
final class AggregateLeftJoinRule extends RelRule<RuleConfig> {
  static final RuleConfig DEFAULT = RuleConfig.of("KdbAggregateLeftJoinRule",
      b -> b.operand(LogicalAggregate.class)
          .predicate(a -> a.getGroupType() == Aggregate.Group.SIMPLE)
          .oneInput(j -> j.operand(LogicalJoin.class)
              .predicate(join -> join.getJoinType() == JoinRelType.LEFT
                  && join.getVariablesSet().isEmpty())
              .anyInputs()),
      AggregateLeftJoinRule::new);

  AggregateLeftJoinRule(RuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    LogicalJoin join = call.rel(1);
    int leftCount = join.getLeft().getRowType().getFieldCount();
    int rightCount = join.getRight().getRowType().getFieldCount();
    for (AggregateCall c : aggregate.getAggCallList()) {
      if (!PartialAggregates.splittable(c) || c.getAggregation().getKind() == SqlKind.GROUPING
          || c.getArgList().isEmpty() || c.getArgList().stream().anyMatch(a -> a < leftCount)) {
        return;
      }
    }
    if (aggregate.getAggCallList().isEmpty()) {
      return;
    }
    // The right columns the groups are keyed by, in the right input's numbering.
    ImmutableBitSet.Builder keyed = ImmutableBitSet.builder();
    ImmutableBitSet read = aggregate.getGroupSet()
        .union(RelOptUtil.InputFinder.bits(join.getCondition()));
    for (int i : read) {
      if (i >= leftCount) {
        keyed.set(i - leftCount);
      }
    }
    ImmutableBitSet inner = keyed.build();
    if (Boolean.TRUE.equals(call.getMetadataQuery().areColumnsUnique(join.getRight(), inner))) {
      return;
    }
    RelBuilder b = call.builder();
    b.push(join.getLeft());
    b.push(join.getRight());
    List<RelBuilder.AggCall> partial = new ArrayList<>();
    for (AggregateCall c : aggregate.getAggCallList()) {
      List<RexNode> args = new ArrayList<>();
      for (int a : c.getArgList()) {
        args.add(b.field(a - leftCount));
      }
      partial.add(b.aggregateCall(c.getAggregation(), args));
    }
    b.aggregate(b.groupKey(inner), partial);
    RexNode condition = join.getCondition().accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        int i = ref.getIndex();
        return i < leftCount ? b.field(2, 0, i) : b.field(2, 1, inner.indexOf(i - leftCount));
      }
    });
    b.join(JoinRelType.LEFT, condition);
    // The joined row: the left columns, then the right keys, then the partial values.
    ImmutableBitSet.Builder outerKeys = ImmutableBitSet.builder();
    for (int k : aggregate.getGroupSet()) {
      outerKeys.set(k < leftCount ? k : leftCount + inner.indexOf(k - leftCount));
    }
    b.aggregate(b.groupKey(outerKeys.build()), PartialAggregates.combined(b,
        aggregate.getAggCallList(), leftCount + inner.cardinality(), k -> -1));
    b.convert(aggregate.getRowType(), false);
    call.transformTo(b.build());
  }
}
