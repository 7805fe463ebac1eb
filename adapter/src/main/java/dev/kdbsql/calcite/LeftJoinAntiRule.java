package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbRules.RuleConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;

/**
 * Rule that makes an anti join of a left join filtered to the left rows without a match: a
 * filter {@code r IS NULL} over a left join, where {@code r} is a column of the right input that
 * is never null there (the {@code true} marker Calcite adds when it removes {@code NOT EXISTS}),
 * keeps exactly the left rows no right row matches. The right columns of those rows are all
 * null, and stay so, projected as null literals; the filter's other terms see them as null.
 *
 * <p>The anti join then runs in {@link KdbHashJoin}, and an aggregate above it moves below it
 * into the scan ({@link AggregateSemiJoinRule}), where the left join with its filter ran every
 * left row through Calcite's operators.
 */
final class LeftJoinAntiRule extends RelRule<RuleConfig> {
  static final RuleConfig DEFAULT = RuleConfig.of("KdbLeftJoinAntiRule",
      b -> b.operand(LogicalFilter.class).oneInput(j -> j.operand(LogicalJoin.class)
          .predicate(join -> join.getJoinType() == JoinRelType.LEFT
              && join.getVariablesSet().isEmpty())
          .anyInputs()),
      LeftJoinAntiRule::new);

  LeftJoinAntiRule(RuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalFilter filter = call.rel(0);
    LogicalJoin join = call.rel(1);
    int leftCount = join.getLeft().getRowType().getFieldCount();
    List<RelDataTypeField> rightFields = join.getRight().getRowType().getFieldList();
    List<RexNode> rest = new ArrayList<>();
    boolean unmatched = false;
    for (RexNode c : RelOptUtil.conjunctions(filter.getCondition())) {
      if (!unmatched && c.getKind() == SqlKind.IS_NULL
          && ((RexCall) c).getOperands().get(0) instanceof RexInputRef ref
          && ref.getIndex() >= leftCount
          && !rightFields.get(ref.getIndex() - leftCount).getType().isNullable()) {
        unmatched = true;
      } else {
        rest.add(c);
      }
    }
    if (!unmatched) {
      return;
    }
    RexBuilder rex = filter.getCluster().getRexBuilder();
    List<RelDataTypeField> joinFields = join.getRowType().getFieldList();
    // The right columns of an unmatched row: nulls of the join's (nullable) types.
    List<RexNode> row = new ArrayList<>();
    for (int i = 0; i < joinFields.size(); i++) {
      row.add(i < leftCount ? rex.makeInputRef(joinFields.get(i).getType(), i)
          : rex.makeNullLiteral(joinFields.get(i).getType()));
    }
    RexShuttle padded = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return row.get(ref.getIndex());
      }
    };
    RelBuilder b = call.builder();
    b.push(join.getLeft()).push(join.getRight())
        .join(JoinRelType.ANTI, join.getCondition())
        .filter(filter.getVariablesSet(), padded.apply(rest))
        .project(row, join.getRowType().getFieldNames(), true)
        .convert(filter.getRowType(), false);
    call.transformTo(b.build());
  }
}
