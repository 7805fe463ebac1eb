package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.ScanSpec;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Relational expression that turns a kdb+ scan into Enumerable rows: generated code calls
 * {@link KdbCalciteTable#query} ({@link KdbMethod#QUERY}) with the scan's {@link ScanSpec}.
 * Rows are {@code Object[]}, one element per field, except for a single field, whose rows are
 * the value itself (Enumerable's scalar format, which operators above assume for one field).
 */
final class KdbToEnumerableConverter extends ConverterImpl implements EnumerableRel {
  /** Creates a converter of {@code input}. */
  KdbToEnumerableConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
    super(cluster, ConventionTraitDef.INSTANCE, traits, input);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new KdbToEnumerableConverter(getCluster(), traitSet, sole(inputs));
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    RelOptCost cost = super.computeSelfCost(planner, mq);
    return cost == null ? null : cost.multiplyBy(0.1);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    KdbRel.Implementor kdb = new KdbRel.Implementor();
    kdb.visitChild(getInput());
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        getRowType().getFieldCount() == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY, false);
    BlockBuilder block = new BlockBuilder();
    Expression table = block.append("table",
        implementor.stash(kdb.table, KdbCalciteTable.class));
    Expression spec = block.append("spec", implementor.stash(kdb.spec, ScanSpec.class));
    block.add(Expressions.return_(null, Expressions.call(table, KdbMethod.QUERY.method,
        implementor.getRootExpression(), spec)));
    return implementor.result(physType, block.toBlock());
  }
}
