package dev.kdbsql.calcite;

import dev.kdbsql.calcite.temporal.KdbTemporalType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.tools.RelBuilder;

/**
 * Rewrites {@code x NOT IN (SELECT y ...)} in a filter into an anti join, before Calcite's
 * sub-query removal, which would make it a cross join with the sub-query's counts, a left join
 * with its distinct values and a filter over their null rules, run row by row over every outer
 * row.
 *
 * <p>The anti join's condition is {@code x = y OR x IS NULL OR y IS NULL}, which is what
 * {@code NOT IN} means where only TRUE keeps a row: an outer row is kept when no sub-query row
 * equals it, is null, or meets a null {@code x}. So an empty sub-query keeps every row (a null
 * {@code x} too) and a null among its values keeps none. {@link KdbHashJoin} runs this condition
 * as a null-aware anti join, whose sub-query values filter the outer table's scan.
 *
 * <p>Rewritten: an uncorrelated single-column {@code NOT IN} that is a conjunct of a filter's
 * condition (WHERE or HAVING: there UNKNOWN drops a row as FALSE does), in plans over tables with
 * pushdown; with {@code pushdown=false} Calcite's own rewrite stays, the reference the tests
 * compare with.
 */
final class NotInRewriter {
  private NotInRewriter() {
  }

  /** {@code rel} with its filters' {@code NOT IN} sub-queries as anti joins. */
  static RelNode rewrite(RelNode rel) {
    return pushdown(rel) ? rel.accept(new Rels()) : rel;
  }

  /** Whether a kdb+ table of {@code rel} plans with our rules. */
  private static boolean pushdown(RelNode rel) {
    boolean[] found = {false};
    new RelVisitor() {
      @Override
      public void visit(RelNode node, int ordinal, RelNode parent) {
        if (node instanceof KdbTableScan scan && scan.kdbTable.pushdown()) {
          found[0] = true;
        }
        super.visit(node, ordinal, parent);
      }
    }.go(rel);
    return found[0];
  }

  /** The sub-query of {@code NOT (x IN (SELECT y ...))} when it can be an anti join, or null. */
  private static RexSubQuery notIn(RexNode conjunct) {
    if (conjunct.getKind() == SqlKind.NOT
        && ((RexCall) conjunct).getOperands().get(0) instanceof RexSubQuery q
        && q.getKind() == SqlKind.IN && q.getOperands().size() == 1
        && q.rel.getRowType().getFieldCount() == 1
        && RelOptUtil.getVariablesUsed(q.rel).isEmpty()
        && RexUtil.SubQueryFinder.find(q.getOperands().get(0)) == null
        && keyType(q) != null) {
      return q;
    }
    return null;
  }

  /**
   * The type both sides of {@code NOT IN} are compared in, so that the hash join compares equal
   * Java values: the operand's if the sub-query's column has it too, else the least restrictive
   * of the two; null where they cannot be brought together without changing values (kdb+'s
   * exact temporals are never cast).
   */
  private static RelDataType keyType(RexSubQuery q) {
    RelDataTypeFactory types = q.rel.getCluster().getTypeFactory();
    RelDataType x = q.getOperands().get(0).getType();
    RelDataType y = q.rel.getRowType().getFieldList().get(0).getType();
    if (SqlTypeUtil.equalSansNullability(types, x, y)) {
      return x;
    }
    if (x instanceof KdbTemporalType || y instanceof KdbTemporalType) {
      return null;
    }
    return types.leastRestrictive(List.of(x, y));
  }

  /** {@code e} as {@code type} (its own nullability kept), or {@code e} if it has that type. */
  private static RexNode cast(RelBuilder b, RexNode e, RelDataType type) {
    RelDataTypeFactory types = b.getTypeFactory();
    if (SqlTypeUtil.equalSansNullability(types, e.getType(), type)) {
      return e;
    }
    return b.getRexBuilder().makeCast(
        types.createTypeWithNullability(type, e.getType().isNullable()), e);
  }

  /** Rewrites the filters of a plan, and of the sub-queries it rewrites. */
  private static final class Rels extends RelShuttleImpl {
    @Override
    public RelNode visit(LogicalFilter filter) {
      RelNode visited = super.visit(filter);
      if (!(visited instanceof LogicalFilter f)) {
        return visited;
      }
      List<RexNode> rest = new ArrayList<>();
      List<RexSubQuery> notIns = new ArrayList<>();
      for (RexNode c : RelOptUtil.conjunctions(f.getCondition())) {
        RexSubQuery q = notIn(c);
        if (q == null) {
          rest.add(c);
        } else {
          notIns.add(q);
        }
      }
      if (notIns.isEmpty()) {
        return f;
      }
      RelBuilder b = RelFactories.LOGICAL_BUILDER.create(f.getCluster(), null);
      b.push(f.getInput());
      int width = f.getInput().getRowType().getFieldCount();
      for (RexSubQuery q : notIns) {
        RelDataType type = keyType(q);
        RexNode x = cast(b, q.getOperands().get(0), type);
        int key;
        if (x instanceof RexInputRef ref) {
          key = ref.getIndex();
        } else {
          // An expression: computed as one more column, dropped after the join.
          List<RexNode> fields = new ArrayList<>(b.fields());
          fields.add(x);
          b.project(fields);
          key = width;
        }
        b.push(q.rel.accept(this));
        RexNode column = b.field(0);
        RexNode y = cast(b, column, type);
        if (y != column) {
          b.project(y);
        }
        RexNode outer = b.field(2, 0, key);
        RexNode inner = b.field(2, 1, 0);
        b.join(JoinRelType.ANTI, b.or(b.equals(outer, inner), b.isNull(outer), b.isNull(inner)));
        if (key == width) {
          b.project(b.fields().subList(0, width));
        }
      }
      return b.filter(f.getVariablesSet(), rest).build();
    }
  }
}
