package dev.kdbsql.calcite.rex;

import java.util.function.BiFunction;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttle;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * A rewrite of the expressions of a logical plan before planning: those of its projections,
 * filters and joins, and, through the sub-queries among them ({@code IN}, {@code EXISTS},
 * scalar), those of the sub-queries' plans. A subclass rewrites one expression; {@link #rewrite}
 * makes one for each node it visits.
 */
public abstract class PlanRexShuttle extends RexShuttle {
  /** The builder of the node whose expression is rewritten. */
  protected final RexBuilder rex;
  private final RelShuttle rels;

  /** Creates a shuttle for a node built by {@code rex}; {@code rels} visits sub-query plans. */
  protected PlanRexShuttle(RexBuilder rex, RelShuttle rels) {
    this.rex = rex;
    this.rels = rels;
  }

  @Override
  public RexNode visitSubQuery(RexSubQuery subQuery) {
    RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
    RelNode rel = visited.rel.accept(rels);
    return rel == visited.rel ? visited : visited.clone(rel);
  }

  /**
   * {@code rel} with the expressions of its projections, filters and joins, inputs first,
   * rewritten by the shuttles {@code shuttles} makes from a node's builder and the visitor of
   * sub-query plans.
   */
  public static RelNode rewrite(RelNode rel,
      BiFunction<RexBuilder, RelShuttle, ? extends PlanRexShuttle> shuttles) {
    return rel.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(LogicalProject project) {
        return super.visit(project).accept(shuttles.apply(rexBuilder(project), this));
      }

      @Override
      public RelNode visit(LogicalFilter filter) {
        return super.visit(filter).accept(shuttles.apply(rexBuilder(filter), this));
      }

      @Override
      public RelNode visit(LogicalJoin join) {
        return super.visit(join).accept(shuttles.apply(rexBuilder(join), this));
      }
    });
  }

  private static RexBuilder rexBuilder(RelNode rel) {
    return rel.getCluster().getRexBuilder();
  }
}
