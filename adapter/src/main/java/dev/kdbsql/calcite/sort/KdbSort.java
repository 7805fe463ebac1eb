package dev.kdbsql.calcite.sort;

import dev.kdbsql.calcite.exec.SortRuntime;
import dev.kdbsql.calcite.exec.WindowProgram.OrderKey;
import dev.kdbsql.calcite.window.ArrayRowsCall;
import dev.kdbsql.calcite.window.KdbWindow;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code ORDER BY}, with or without {@code OFFSET}/{@code FETCH}, in the Enumerable convention,
 * computed by {@link SortRuntime} on keys encoded as primitives instead of by Calcite's
 * {@code EnumerableSort} and {@code EnumerableLimitSort}, whose comparators convert values at
 * every comparison. Built only by {@link #create}, which declines (returns null) what the runtime
 * does not order exactly as Calcite would: keys of other types (DECIMAL, whose equal values may
 * differ in scale; structured and user types) and offsets or fetches that are not literals.
 */
public final class KdbSort extends Sort implements EnumerableRel {
  /** What {@link #count} gives for an offset or fetch that is not a literal count. */
  private static final long UNUSABLE = -2;

  private final SortRuntime.Spec spec;

  private KdbSort(RelOptCluster cluster, RelTraitSet traits, RelNode input,
      RelCollation collation, RexNode offset, RexNode fetch, SortRuntime.Spec spec) {
    super(cluster, traits, input, collation, offset, fetch);
    this.spec = spec;
  }

  /**
   * The sort of {@code sort} over the Enumerable input {@code input}, or null if it has no keys
   * or one the runtime does not order.
   */
  static KdbSort create(Sort sort, RelNode input) {
    RelCollation collation = sort.getCollation();
    if (collation.getFieldCollations().isEmpty()) {
      return null;
    }
    long offset = count(sort.offset, 0);
    long fetch = count(sort.fetch, -1);
    if (offset == UNUSABLE || fetch == UNUSABLE) {
      return null;
    }
    List<OrderKey> keys = new ArrayList<>();
    List<RelDataType> types = input.getRowType().getFieldList().stream()
        .map(f -> f.getType()).toList();
    for (RelFieldCollation fc : collation.getFieldCollations()) {
      RelDataType type = types.get(fc.getFieldIndex());
      if (type.getSqlTypeName() == SqlTypeName.DECIMAL || !KdbWindow.orderable(type)) {
        return null;
      }
      RelFieldCollation.NullDirection nulls = fc.nullDirection
          == RelFieldCollation.NullDirection.UNSPECIFIED
          ? fc.getDirection().defaultNullDirection() : fc.nullDirection;
      keys.add(new OrderKey(fc.getFieldIndex(),
          fc.getDirection() == RelFieldCollation.Direction.DESCENDING
              || fc.getDirection() == RelFieldCollation.Direction.STRICTLY_DESCENDING,
          nulls == RelFieldCollation.NullDirection.FIRST));
    }
    RelTraitSet traits = sort.getTraitSet().replace(EnumerableConvention.INSTANCE)
        .replace(collation);
    return new KdbSort(sort.getCluster(), traits, input, collation, sort.offset, sort.fetch,
        new SortRuntime.Spec(keys, offset, fetch));
  }

  /**
   * The value of an offset or fetch literal; {@code absent} if there is none, {@link #UNUSABLE}
   * for a parameter or other expression.
   */
  private static long count(RexNode n, long absent) {
    if (n == null) {
      return absent;
    }
    Long v = n instanceof RexLiteral l ? l.getValueAs(Long.class) : null;
    return v == null || v < 0 ? UNUSABLE : v;
  }

  @Override
  public KdbSort copy(RelTraitSet traitSet, RelNode newInput, RelCollation newCollation,
      RexNode offset, RexNode fetch) {
    Sort sort = new KdbSort(getCluster(), traitSet, newInput, newCollation, offset, fetch,
        spec);
    KdbSort copy = create(sort, newInput);
    if (copy == null) {
      throw new IllegalStateException("no longer a sort the runtime computes: " + sort);
    }
    return copy;
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Half of Calcite's sorts' estimate, so that the planner prefers this operator.
    RelOptCost cost = super.computeSelfCost(planner, mq);
    return cost == null ? null : cost.multiplyBy(0.5);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return ArrayRowsCall.implement(implementor, this, SortRuntime.SORT, spec,
        SortRuntime.Spec.class);
  }
}
