package dev.kdbsql.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.function.Function2;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.AsofJoin;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactoryImpl.JavaType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * As-of join in the Enumerable convention that indexes the right input and binary-searches it for
 * each left row ({@link AsofJoinRuntime}), instead of Calcite's {@code EnumerableAsofJoin}, which
 * compares every left row with every right row of its key. The rows are the same as Calcite's for
 * the spelling Calcite gets right ({@code right.t <= left.t}); the direction here comes from which
 * input each operand of the match condition belongs to, so {@code left.t >= right.t} means the same
 * (calcite-notes §4). Rows come out in the left input's order, so the left input's collation is
 * kept.
 *
 * <p>Built only by {@link #create}, which declines (returns null) whatever it cannot run exactly as
 * Calcite would: join conditions other than a conjunction of equalities, joins other than
 * {@code ASOF} and {@code LEFT_ASOF}, and match conditions other than a comparison of two columns
 * held alike (integers, dates, times, floats, strings, decimals; not kdb+ timestamps, which are
 * Java-typed, nor anything the validator wrapped in a cast).
 */
final class KdbAsofJoin extends AsofJoin implements EnumerableRel {
  private final AsofMatch match;
  private final int leftField;
  private final int rightField;

  private KdbAsofJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right,
      RexNode condition, RexNode matchCondition, Set<CorrelationId> variablesSet,
      JoinRelType joinType, AsofMatch match, int leftField, int rightField) {
    super(cluster, traits, List.of(), left, right, condition, matchCondition, variablesSet,
        joinType);
    this.match = match;
    this.leftField = leftField;
    this.rightField = rightField;
  }

  /**
   * An as-of join of Enumerable inputs {@code left} and {@code right}, or null if this operator
   * cannot run it with Calcite's results.
   */
  static KdbAsofJoin create(RelNode left, RelNode right, RexNode condition,
      RexNode matchCondition, Set<CorrelationId> variablesSet, JoinRelType joinType) {
    if (joinType != JoinRelType.ASOF && joinType != JoinRelType.LEFT_ASOF
        || !JoinInfo.of(left, right, condition).isEqui()
        || !(matchCondition instanceof RexCall call) || call.getOperands().size() != 2
        || !(call.getOperands().get(0) instanceof RexInputRef a)
        || !(call.getOperands().get(1) instanceof RexInputRef b)) {
      return null;
    }
    int leftCount = left.getRowType().getFieldCount();
    boolean leftFirst = a.getIndex() < leftCount;
    if (leftFirst == b.getIndex() < leftCount) {
      return null;
    }
    RexInputRef l = leftFirst ? a : b;
    RexInputRef r = leftFirst ? b : a;
    SqlKind kind = leftFirst ? call.getKind().reverse() : call.getKind();
    boolean rightBelow;
    switch (kind) {
      case LESS_THAN, LESS_THAN_OR_EQUAL -> rightBelow = true;
      case GREATER_THAN, GREATER_THAN_OR_EQUAL -> rightBelow = false;
      default -> {
        return null;
      }
    }
    AsofMatch.Encoding encoding = encoding(l.getType(), r.getType());
    if (encoding == null) {
      return null;
    }
    boolean strict = kind == SqlKind.LESS_THAN || kind == SqlKind.GREATER_THAN;
    RelOptCluster cluster = left.getCluster();
    List<RelCollation> collations = cluster.getMetadataQuery().collations(left);
    RelTraitSet traits = cluster.traitSetOf(EnumerableConvention.INSTANCE)
        .replaceIfs(RelCollationTraitDef.INSTANCE,
            () -> collations == null ? List.of() : collations);
    return new KdbAsofJoin(cluster, traits, left, right, condition, matchCondition, variablesSet,
        joinType, new AsofMatch(encoding, encoding, rightBelow, strict), l.getIndex(),
        r.getIndex() - leftCount);
  }

  /**
   * How values of the two match columns compare, or null if not in a way the index reproduces.
   * Both must be held the same way by Enumerable (the validator casts otherwise, and then the
   * operands are not plain columns).
   */
  private static AsofMatch.Encoding encoding(RelDataType left, RelDataType right) {
    if (left instanceof JavaType || right instanceof JavaType) {
      // kdb+ timestamps (java.sql.Timestamp): Calcite's match condition compares them to the
      // millisecond but its tie-break orders them to the nanosecond; not reproduced here.
      return null;
    }
    SqlTypeName l = left.getSqlTypeName();
    SqlTypeName r = right.getSqlTypeName();
    if (SqlTypeName.INT_TYPES.contains(l) && SqlTypeName.INT_TYPES.contains(r)) {
      return AsofMatch.Encoding.LONG;
    }
    if (SqlTypeName.APPROX_TYPES.contains(l) && SqlTypeName.APPROX_TYPES.contains(r)) {
      return AsofMatch.Encoding.DOUBLE;
    }
    if (l != r) {
      return SqlTypeName.CHAR_TYPES.contains(l) && SqlTypeName.CHAR_TYPES.contains(r)
          ? AsofMatch.Encoding.COMPARABLE : null;
    }
    return switch (l) {
      case DATE, TIME, TIMESTAMP -> AsofMatch.Encoding.LONG;
      case CHAR, VARCHAR, DECIMAL -> AsofMatch.Encoding.COMPARABLE;
      default -> null;
    };
  }

  @Override
  public Join copy(RelTraitSet traitSet, RexNode condition, RelNode left, RelNode right,
      JoinRelType joinType, boolean semiJoinDone) {
    return new KdbAsofJoin(getCluster(), traitSet, left, right, condition, matchCondition,
        variablesSet, joinType, match, leftField, rightField);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Half of EnumerableAsofJoin's estimate, so that the planner prefers this operator: the same
    // rows for O((n + m) log m) work instead of O(n·m) per key.
    return planner.getCostFactory().makeCost(mq.getRowCount(this) * 0.5, 0, 0);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("match", match.describe());
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    Result leftResult = implementor.visitChild(this, 0, (EnumerableRel) left, pref);
    Expression leftRows = builder.append("left", leftResult.block);
    Result rightResult = implementor.visitChild(this, 1, (EnumerableRel) right, pref);
    Expression rightRows = builder.append("right", rightResult.block);
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        pref.preferArray());
    PhysType leftType = leftResult.physType;
    PhysType rightType = rightResult.physType;
    Expression call = Expressions.call(AsofJoinRuntime.JOIN, leftRows, rightRows,
        leftType.generateAccessorWithoutNulls(joinInfo.leftKeys),
        rightType.generateAccessorWithoutNulls(joinInfo.rightKeys),
        leftType.generateAccessor(List.of(leftField)),
        rightType.generateAccessor(List.of(rightField)),
        selector(physType, leftType, rightType, joinType == JoinRelType.LEFT_ASOF),
        implementor.stash(match, AsofMatch.class),
        Expressions.constant(joinType == JoinRelType.LEFT_ASOF));
    return implementor.result(physType, builder.append(call).toBlock());
  }

  /**
   * The function that makes an output row from a left row and its right match, which may be null
   * when {@code nullable} (a left join). The same as Calcite's join selector, which is not
   * public.
   */
  private static Expression selector(PhysType out, PhysType left, PhysType right,
      boolean nullable) {
    ParameterExpression l = Expressions.parameter(Primitive.box(left.getJavaRowType()), "left");
    ParameterExpression r = Expressions.parameter(Primitive.box(right.getJavaRowType()), "right");
    List<Expression> fields = new ArrayList<>();
    for (int i = 0; i < left.getRowType().getFieldCount(); i++) {
      fields.add(left.fieldReference(l, i, out.getJavaFieldType(fields.size())));
    }
    for (int i = 0; i < right.getRowType().getFieldCount(); i++) {
      Expression field = right.fieldReference(r, i, out.getJavaFieldType(fields.size()));
      fields.add(nullable ? Expressions.condition(
          Expressions.equal(r, Expressions.constant(null)), Expressions.constant(null), field)
          : field);
    }
    return Expressions.lambda(Function2.class, out.record(fields), l, r);
  }
}
