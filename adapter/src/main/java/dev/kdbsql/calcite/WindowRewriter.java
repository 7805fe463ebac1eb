package dev.kdbsql.calcite;

import com.google.common.collect.ImmutableList;
import dev.kdbsql.calcite.rex.PlanRexShuttle;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttle;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.rex.RexWindowBounds;
import org.apache.calcite.rex.RexWindowExclusion;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Rewrites the window functions Calcite 1.42 validates but cannot run ("Unable to get aggregate
 * implementation"), or runs against the SQL standard, into ones it runs right, before planning,
 * so that they give the same rows over our window operator and Calcite's (and with
 * {@code pushdown=false}):
 *
 * <ul>
 *   <li>{@code PERCENT_RANK() OVER (PARTITION BY p ORDER BY o)} is
 *       {@code (RANK() OVER w - 1) / (n - 1)}, 0 when the partition has one row, where
 *       {@code n} is {@code COUNT(*) OVER (PARTITION BY p)};
 *   <li>{@code CUME_DIST() OVER (PARTITION BY p ORDER BY o)} is
 *       {@code COUNT(*) OVER (PARTITION BY p ORDER BY o RANGE UNBOUNDED PRECEDING) / n}: the
 *       rows up to the current row's last peer, over the partition's rows;
 *   <li>{@code NTILE(k)}: Calcite's operator puts row {@code i} (from 0) of {@code n} in bucket
 *       {@code 1 + k * i / n}, which for 1,250 rows in 4 buckets makes them 313, 312, 313 and
 *       312 rows; the standard (and Postgres, DuckDB) gives the first {@code n % k} buckets one
 *       row more (313, 313, 312, 312). Rewritten from {@code ROW_NUMBER() OVER w} and
 *       {@code n}: with {@code q = n / k} and {@code big = (n % k) * (q + 1)} rows in the larger
 *       buckets, row {@code r} (from 1) is in bucket {@code (r - 1) / (q + 1) + 1} when
 *       {@code r <= big}, else {@code n % k + (r - 1 - big) / q + 1};
 *   <li>{@code NTH_VALUE(x, m)}: Calcite's operator takes the {@code m}-th row from the frame's
 *       start even when the frame holds fewer rows (it reads a row outside the frame); the
 *       standard's value is then NULL. Rewritten as {@code CASE WHEN COUNT(*) OVER w >= m THEN
 *       NTH_VALUE(x, m) OVER w END}, the count over the same frame.
 * </ul>
 *
 * <p>PERCENT_RANK and CUME_DIST are DOUBLE, as Calcite types them
 * ({@code deriveFractionalRankType}); NTILE stays BIGINT, NTH_VALUE its argument's type made
 * nullable. A call whose count is not a literal, or with an {@code EXCLUDE} clause or
 * {@code IGNORE NULLS}, is left as it is.
 */
final class WindowRewriter {
  private WindowRewriter() {
  }

  /**
   * {@code rel} with its {@code PERCENT_RANK}, {@code CUME_DIST}, {@code NTILE} and
   * {@code NTH_VALUE} calls rewritten.
   */
  static RelNode rewrite(RelNode rel) {
    return PlanRexShuttle.rewrite(rel, Rexes::new);
  }

  /** Rewrites the window calls of one expression. */
  private static final class Rexes extends PlanRexShuttle {
    Rexes(RexBuilder rex, RelShuttle rels) {
      super(rex, rels);
    }

    @Override
    public RexNode visitOver(RexOver over) {
      SqlKind kind = over.getOperator().getKind();
      if (kind == SqlKind.NTILE) {
        return ntile(over);
      }
      if (kind == SqlKind.NTH_VALUE) {
        return nthValue((RexOver) super.visitOver(over));
      }
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

    /** {@code NTILE(k) OVER w} in the standard's buckets (see the class comment). */
    private RexNode ntile(RexOver over) {
      RexWindow w = over.getWindow();
      Long k = positiveLiteral(over.getOperands().get(0));
      if (k == null || w.getExclude() != RexWindowExclusion.EXCLUDE_NO_OTHER) {
        return super.visitOver(over);
      }
      RelDataType bigint = rex.getTypeFactory().createSqlType(SqlTypeName.BIGINT);
      List<RexNode> partition = List.copyOf(w.partitionKeys);
      RexNode r = rex.makeOver(bigint, SqlStdOperatorTable.ROW_NUMBER, List.of(), partition,
          w.orderKeys, RexWindowBounds.UNBOUNDED_PRECEDING, RexWindowBounds.CURRENT_ROW,
          true, true, false, false, false);
      RexNode n = rex.makeOver(bigint, SqlStdOperatorTable.COUNT, List.of(), partition,
          ImmutableList.of(), RexWindowBounds.UNBOUNDED_PRECEDING,
          RexWindowBounds.UNBOUNDED_FOLLOWING, true, true, false, false, false);
      RexNode one = bigint(1, bigint);
      RexNode buckets = bigint(k, bigint);
      RexNode q = rex.makeCall(SqlStdOperatorTable.DIVIDE, n, buckets);
      RexNode rem = rex.makeCall(SqlStdOperatorTable.MOD, n, buckets);
      RexNode larger = rex.makeCall(SqlStdOperatorTable.PLUS, q, one);
      RexNode big = rex.makeCall(SqlStdOperatorTable.MULTIPLY, rem, larger);
      RexNode before = rex.makeCall(SqlStdOperatorTable.MINUS, r, one);
      // q is at least 1 wherever the second branch is taken; the guard keeps an evaluator that
      // computes both branches from dividing by zero when the partition has fewer than k rows.
      RexNode smaller = rex.makeCall(SqlStdOperatorTable.CASE,
          rex.makeCall(SqlStdOperatorTable.GREATER_THAN, q, bigint(0, bigint)), q, one);
      RexNode inLarger = rex.makeCall(SqlStdOperatorTable.PLUS,
          rex.makeCall(SqlStdOperatorTable.DIVIDE, before, larger), one);
      RexNode inSmaller = rex.makeCall(SqlStdOperatorTable.PLUS, rem,
          rex.makeCall(SqlStdOperatorTable.PLUS, rex.makeCall(SqlStdOperatorTable.DIVIDE,
              rex.makeCall(SqlStdOperatorTable.MINUS, before, big), smaller), one));
      RexNode bucket = rex.makeCall(SqlStdOperatorTable.CASE,
          rex.makeCall(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, r, big), inLarger, inSmaller);
      return rex.makeCast(over.getType(), bucket);
    }

    /** {@code NTH_VALUE(x, m) OVER w}, NULL where the frame holds fewer than m rows. */
    private RexNode nthValue(RexOver over) {
      RexWindow w = over.getWindow();
      Long m = over.getOperands().size() == 2 ? positiveLiteral(over.getOperands().get(1)) : null;
      if (m == null || over.ignoreNulls()
          || w.getExclude() != RexWindowExclusion.EXCLUDE_NO_OTHER) {
        return over;
      }
      RelDataType bigint = rex.getTypeFactory().createSqlType(SqlTypeName.BIGINT);
      RexNode rows = rex.makeOver(bigint, SqlStdOperatorTable.COUNT, List.of(),
          List.copyOf(w.partitionKeys), w.orderKeys, w.getLowerBound(), w.getUpperBound(),
          w.isRows(), true, false, false, false);
      RelDataType type = rex.getTypeFactory().createTypeWithNullability(over.getType(), true);
      RexNode value = over.getType().isNullable() ? over : rex.makeCast(type, over);
      return rex.makeCall(SqlStdOperatorTable.CASE,
          rex.makeCall(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, rows, bigint(m, bigint)),
          value, rex.makeNullLiteral(type));
    }

    private RexNode bigint(long v, RelDataType bigint) {
      return rex.makeExactLiteral(java.math.BigDecimal.valueOf(v), bigint);
    }

    /** The value of an integer literal greater than zero, else null. */
    private static Long positiveLiteral(RexNode e) {
      if (e instanceof RexLiteral l && !l.isNull()
          && SqlTypeName.INT_TYPES.contains(l.getType().getSqlTypeName())) {
        Long v = l.getValueAs(Long.class);
        return v != null && v > 0 ? v : null;
      }
      return null;
    }
  }
}
