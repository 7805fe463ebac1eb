package dev.kdbsql.calcite;

import dev.kdbsql.calcite.sql.RegressionFunctions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Computes the regression functions ({@link RegressionFunctions}: {@code CORR},
 * {@code REGR_SLOPE}, ...) from sums over the pairs where neither value is NULL: their count
 * {@code n} and the sums of x, y, x², y² and xy, each of the DOUBLE values, x taken where y is
 * not NULL and y where x is not NULL. An aggregate then holds only COUNT and SUM, which the scan
 * computes; a window function ({@code CORR(y, x) OVER (...)}, a rolling correlation) becomes the
 * same formula over windowed sums. The functions are the standard's formulas over the sums, as
 * Calcite reduces its covariances: with {@code Sxx = Σx² - (Σx)²/n}, {@code Syy} and
 * {@code Sxy = Σxy - ΣxΣy/n}, the correlation is {@code Sxy / √(Sxx·Syy)} (the square root as
 * Calcite computes {@code SQRT}, a power of 0.5; NULL where either is zero), the slope
 * {@code Sxy / Sxx} and the intercept {@code (Σy - slope·Σx) / n} (NULL where {@code Sxx} is
 * zero), R² {@code Sxy² / (Sxx·Syy)} (1 where only {@code Syy} is zero), the averages
 * {@code Σx / n} and {@code Σy / n}; every one NULL over no pair. Calcite's own
 * ({@code REGR_COUNT}, {@code REGR_SXX}, {@code REGR_SYY}, {@code COVAR_POP}: {@code Sxy / n},
 * {@code COVAR_SAMP}: {@code Sxy / (n - 1)}, NULL over fewer than two pairs) are computed here
 * too, the same way Calcite reduces them but for the count, which it keeps a {@code REGR_COUNT}
 * the scan does not compute. Runs on every plan (with or without pushdown), sub-queries
 * included: the functions have no implementation of their own.
 */
final class RegressionRewriter {
  /** Calcite's binary set functions, computed here too: see {@link #regression}. */
  private static final List<SqlAggFunction> CALCITE = List.of(SqlStdOperatorTable.REGR_COUNT,
      SqlStdOperatorTable.REGR_SXX, SqlStdOperatorTable.REGR_SYY, SqlStdOperatorTable.COVAR_POP,
      SqlStdOperatorTable.COVAR_SAMP);

  private RegressionRewriter() {
  }

  /** {@code rel} with its regression functions, aggregate and windowed, computed from sums. */
  static RelNode rewrite(RelNode rel) {
    return rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        RexBuilder rex = other.getCluster().getRexBuilder();
        RelNode visited = super.visit(other).accept(new RexShuttle() {
          @Override
          public RexNode visitSubQuery(RexSubQuery subQuery) {
            return super.visitSubQuery(subQuery.clone(rewrite(subQuery.rel)));
          }

          @Override
          public RexNode visitOver(RexOver over) {
            RexNode visited = super.visitOver(over);
            return visited instanceof RexOver o && regression(o.getAggOperator())
                && !o.isDistinct() ? windowed(rex, o) : visited;
          }
        });
        return visited instanceof LogicalAggregate a && a.getAggCallList().stream()
            .anyMatch(c -> regression(c.getAggregation()) && !c.isDistinct())
            ? expand(a) : visited;
      }
    });
  }

  /**
   * Whether {@code f} is computed here: one of {@link RegressionFunctions}, or one of Calcite's
   * binary set functions, whose own reductions count the pairs with {@code REGR_COUNT}, which
   * keeps the whole aggregate out of the scan.
   */
  private static boolean regression(SqlAggFunction f) {
    return RegressionFunctions.all().contains(f) || CALCITE.contains(f);
  }

  private static RelDataType nullableDouble(RexBuilder rex) {
    return rex.getTypeFactory().createTypeWithNullability(
        rex.getTypeFactory().createSqlType(SqlTypeName.DOUBLE), true);
  }

  /** x and y of the pairs (DOUBLE, NULL unless both are not), then x², y², xy. */
  private static List<RexNode> pairTerms(RexBuilder rex, RexNode y, RexNode x) {
    RelDataType dbl = nullableDouble(rex);
    RexNode nul = rex.makeNullLiteral(dbl);
    RexNode xp = rex.makeCall(SqlStdOperatorTable.CASE,
        rex.makeCall(SqlStdOperatorTable.IS_NULL, y), nul, rex.makeCast(dbl, x, true, false));
    RexNode yp = rex.makeCall(SqlStdOperatorTable.CASE,
        rex.makeCall(SqlStdOperatorTable.IS_NULL, x), nul, rex.makeCast(dbl, y, true, false));
    return List.of(xp, yp, call(rex, SqlStdOperatorTable.MULTIPLY, xp, xp),
        call(rex, SqlStdOperatorTable.MULTIPLY, yp, yp),
        call(rex, SqlStdOperatorTable.MULTIPLY, xp, yp));
  }

  /** The aggregate with its regression calls made of COUNT and SUMs, under a projection. */
  private static RelNode expand(LogicalAggregate aggregate) {
    RelBuilder b = RelFactories.LOGICAL_BUILDER.create(aggregate.getCluster(), null);
    RexBuilder rex = aggregate.getCluster().getRexBuilder();
    b.push(aggregate.getInput());
    // The input's fields, then five per regression call.
    List<RexNode> projects = new ArrayList<>(b.fields());
    List<AggregateCall> calls = aggregate.getAggCallList();
    for (AggregateCall c : calls) {
      if (computedHere(c)) {
        projects.addAll(pairTerms(rex, b.field(c.getArgList().get(0)),
            b.field(c.getArgList().get(1))));
      }
    }
    int inputs = aggregate.getInput().getRowType().getFieldCount();
    b.project(projects);
    // Every other call as it was, and per regression call n, Σx, Σy, Σx², Σy², Σxy.
    List<RelBuilder.AggCall> aggCalls = new ArrayList<>();
    int extra = inputs;
    for (AggregateCall c : calls) {
      RexNode filter = c.filterArg >= 0 ? b.field(c.filterArg) : null;
      if (!computedHere(c)) {
        aggCalls.add(b.aggregateCall(c.getAggregation(), b.fields(c.getArgList()))
            .distinct(c.isDistinct()).filter(filter).approximate(c.isApproximate())
            .sort(b.fields(c.getCollation())).as(c.getName()));
        continue;
      }
      aggCalls.add(b.count(false, null, b.field(extra)).filter(filter));
      for (int i = 0; i < 5; i++) {
        aggCalls.add(b.sum(false, null, b.field(extra + i)).filter(filter));
      }
      extra += 5;
    }
    b.aggregate(b.groupKey(aggregate.getGroupSet(), aggregate.getGroupSets()), aggCalls);
    // The keys, then each call's value.
    int keys = aggregate.getGroupCount();
    List<RexNode> out = new ArrayList<>(b.fields(ImmutableBitSet.range(keys).asList()));
    int at = keys;
    for (AggregateCall c : calls) {
      if (!computedHere(c)) {
        out.add(b.field(at++));
        continue;
      }
      List<RexNode> sums = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        sums.add(b.field(at + i));
      }
      out.add(value(rex, c.getAggregation(), sums));
      at += 6;
    }
    b.project(out, aggregate.getRowType().getFieldNames(), true);
    b.convert(aggregate.getRowType(), false);
    return b.build();
  }

  private static boolean computedHere(AggregateCall c) {
    return regression(c.getAggregation()) && !c.isDistinct();
  }

  /** {@code over}'s value from the same window's COUNT and SUMs of the pairs' terms. */
  private static RexNode windowed(RexBuilder rex, RexOver over) {
    RexWindow w = over.getWindow();
    List<RexNode> terms = pairTerms(rex, over.getOperands().get(0), over.getOperands().get(1));
    List<RexNode> sums = new ArrayList<>();
    sums.add(rex.makeOver(rex.getTypeFactory().createSqlType(SqlTypeName.BIGINT),
        SqlStdOperatorTable.COUNT, List.of(terms.get(0)), w.partitionKeys, w.orderKeys,
        w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(), true, false, false,
        false));
    for (RexNode t : terms) {
      sums.add(rex.makeOver(nullableDouble(rex), SqlStdOperatorTable.SUM, List.of(t),
          w.partitionKeys, w.orderKeys, w.getLowerBound(), w.getUpperBound(), w.getExclude(),
          w.isRows(), true, true, false, false));
    }
    return rex.makeCast(over.getType(), value(rex, over.getAggOperator(), sums), true, false);
  }

  /** The function's value from {@code sums}: n, Σx, Σy, Σx², Σy², Σxy. */
  private static RexNode value(RexBuilder rex, SqlAggFunction f, List<RexNode> sums) {
    RelDataType dbl = nullableDouble(rex);
    RexNode n = rex.makeCast(dbl, sums.get(0), true, false);
    RexNode sx = sums.get(1);
    RexNode sy = sums.get(2);
    RexNode sxx = minus(rex, sums.get(3), divide(rex, times(rex, sx, sx), n));
    RexNode syy = minus(rex, sums.get(4), divide(rex, times(rex, sy, sy), n));
    RexNode sxy = minus(rex, sums.get(5), divide(rex, times(rex, sx, sy), n));
    RexNode zero = rex.makeApproxLiteral(BigDecimal.ZERO, dbl);
    RexNode one = rex.makeApproxLiteral(BigDecimal.ONE, dbl);
    RexNode nul = rex.makeNullLiteral(dbl);
    RexNode slope = divide(rex, sxy, sxx);
    if (f == RegressionFunctions.CORR) {
      return call(rex, SqlStdOperatorTable.CASE,
          call(rex, SqlStdOperatorTable.OR, isZero(rex, sxx, zero), isZero(rex, syy, zero)), nul,
          divide(rex, sxy, call(rex, SqlStdOperatorTable.POWER, times(rex, sxx, syy),
              rex.makeApproxLiteral(new BigDecimal("0.5"), dbl))));
    }
    if (f == RegressionFunctions.REGR_SLOPE) {
      return call(rex, SqlStdOperatorTable.CASE, isZero(rex, sxx, zero), nul, slope);
    }
    if (f == RegressionFunctions.REGR_INTERCEPT) {
      return call(rex, SqlStdOperatorTable.CASE, isZero(rex, sxx, zero), nul,
          divide(rex, minus(rex, sy, times(rex, slope, sx)), n));
    }
    if (f == RegressionFunctions.REGR_R2) {
      return call(rex, SqlStdOperatorTable.CASE, isZero(rex, sxx, zero), nul,
          isZero(rex, syy, zero), one, divide(rex, times(rex, sxy, sxy), times(rex, sxx, syy)));
    }
    if (f == RegressionFunctions.REGR_AVGX) {
      return divide(rex, sx, n);
    }
    if (f == RegressionFunctions.REGR_AVGY) {
      return divide(rex, sy, n);
    }
    if (f == SqlStdOperatorTable.REGR_COUNT) {
      return sums.get(0);
    }
    if (f == SqlStdOperatorTable.REGR_SXX) {
      return sxx;
    }
    if (f == SqlStdOperatorTable.REGR_SYY) {
      return syy;
    }
    if (f == SqlStdOperatorTable.COVAR_POP) {
      return divide(rex, sxy, n);
    }
    if (f == SqlStdOperatorTable.COVAR_SAMP) {
      return call(rex, SqlStdOperatorTable.CASE,
          call(rex, SqlStdOperatorTable.LESS_THAN_OR_EQUAL, n, one), nul,
          divide(rex, sxy, minus(rex, n, one)));
    }
    return sxy;
  }

  private static RexNode isZero(RexBuilder rex, RexNode x, RexNode zero) {
    return call(rex, SqlStdOperatorTable.EQUALS, x, zero);
  }

  private static RexNode minus(RexBuilder rex, RexNode x, RexNode y) {
    return call(rex, SqlStdOperatorTable.MINUS, x, y);
  }

  private static RexNode times(RexBuilder rex, RexNode x, RexNode y) {
    return call(rex, SqlStdOperatorTable.MULTIPLY, x, y);
  }

  private static RexNode divide(RexBuilder rex, RexNode x, RexNode y) {
    return call(rex, SqlStdOperatorTable.DIVIDE, x, y);
  }

  private static RexNode call(RexBuilder rex, SqlOperator op, RexNode... operands) {
    return rex.makeCall(op, operands);
  }
}
