package dev.kdbsql.calcite;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.rex.RexWindowBounds;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Rewrites the window functions Calcite 1.42 validates but cannot run ("Unable to get aggregate
 * implementation") into ones it can, before planning, so that they work over our window operator
 * and Calcite's alike (and with {@code pushdown=false}):
 *
 * <ul>
 *   <li>{@code PERCENT_RANK() OVER (PARTITION BY p ORDER BY o)} is
 *       {@code (RANK() OVER w - 1) / (n - 1)}, 0 when the partition has one row, where
 *       {@code n} is {@code COUNT(*) OVER (PARTITION BY p)};
 *   <li>{@code CUME_DIST() OVER (PARTITION BY p ORDER BY o)} is
 *       {@code COUNT(*) OVER (PARTITION BY p ORDER BY o RANGE UNBOUNDED PRECEDING) / n}: the
 *       rows up to the current row's last peer, over the partition's rows.
 * </ul>
 *
 * <p>Both are DOUBLE, as Calcite types them ({@code deriveFractionalRankType}).
 */
final class WindowRewriter {
  private WindowRewriter() {
  }

  /** {@code rel} with every {@code PERCENT_RANK} and {@code CUME_DIST} rewritten. */
  static RelNode rewrite(RelNode rel) {
    return rel.accept(new Rels());
  }

  /** Visits the projections and filters of a plan, and the plans of its sub-queries. */
  private static final class Rels extends RelShuttleImpl {
    @Override
    public RelNode visit(LogicalProject project) {
      RelNode visited = super.visit(project);
      return visited.accept(new Rexes(project.getCluster().getRexBuilder(), this));
    }

    @Override
    public RelNode visit(LogicalFilter filter) {
      RelNode visited = super.visit(filter);
      return visited.accept(new Rexes(filter.getCluster().getRexBuilder(), this));
    }
  }

  /** Rewrites the window calls of one expression. */
  private static final class Rexes extends RexShuttle {
    private final RexBuilder rex;
    private final Rels rels;

    Rexes(RexBuilder rex, Rels rels) {
      this.rex = rex;
      this.rels = rels;
    }

    @Override
    public RexNode visitSubQuery(RexSubQuery subQuery) {
      RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
      RelNode rel = visited.rel.accept(rels);
      return rel == visited.rel ? visited : visited.clone(rel);
    }

    @Override
    public RexNode visitOver(RexOver over) {
      SqlKind kind = over.getOperator().getKind();
      if (kind != SqlKind.PERCENT_RANK && kind != SqlKind.CUME_DIST) {
        return super.visitOver(over);
      }
      RexWindow w = over.getWindow();
      RelDataTypeFactory types = rex.getTypeFactory();
      RelDataType bigint = types.createSqlType(SqlTypeName.BIGINT);
      RelDataType dbl = types.createSqlType(SqlTypeName.DOUBLE);
      List<RexNode> partition = List.copyOf(w.partitionKeys);
      RexNode rows = rex.makeOver(bigint, SqlStdOperatorTable.COUNT, List.of(), partition,
          ImmutableList.of(), RexWindowBounds.UNBOUNDED_PRECEDING,
          RexWindowBounds.UNBOUNDED_FOLLOWING, true, true, false, false, false);
      RexNode result;
      if (kind == SqlKind.PERCENT_RANK) {
        RexNode rank = rex.makeOver(bigint, SqlStdOperatorTable.RANK, List.of(), partition,
            w.orderKeys, RexWindowBounds.UNBOUNDED_PRECEDING, RexWindowBounds.CURRENT_ROW,
            false, true, false, false, false);
        RexNode one = rex.makeExactLiteral(java.math.BigDecimal.ONE, bigint);
        RexNode fraction = rex.makeCall(SqlStdOperatorTable.DIVIDE,
            rex.makeCast(dbl, rex.makeCall(SqlStdOperatorTable.MINUS, rank, one)),
            rex.makeCast(dbl, rex.makeCall(SqlStdOperatorTable.MINUS, rows, one)));
        result = rex.makeCall(SqlStdOperatorTable.CASE,
            rex.makeCall(SqlStdOperatorTable.GREATER_THAN, rows, one), fraction,
            rex.makeApproxLiteral(java.math.BigDecimal.ZERO, dbl));
      } else {
        ImmutableList<RexFieldCollation> order = w.orderKeys;
        RexNode upTo = rex.makeOver(bigint, SqlStdOperatorTable.COUNT, List.of(), partition,
            order, RexWindowBounds.UNBOUNDED_PRECEDING,
            order.isEmpty() ? RexWindowBounds.UNBOUNDED_FOLLOWING : RexWindowBounds.CURRENT_ROW,
            false, true, false, false, false);
        result = rex.makeCall(SqlStdOperatorTable.DIVIDE, rex.makeCast(dbl, upTo),
            rex.makeCast(dbl, rows));
      }
      return rex.makeCast(over.getType(), result);
    }
  }
}
