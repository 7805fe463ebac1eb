package dev.kdbsql.calcite.sql;

import java.util.List;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlBasicAggFunction;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * The SQL standard's binary set functions that Calcite does not define ({@code CORR},
 * {@code REGR_SLOPE}, {@code REGR_INTERCEPT}, {@code REGR_R2}, {@code REGR_AVGX},
 * {@code REGR_AVGY}, {@code REGR_SXY}; it has {@code COVAR_POP}, {@code COVAR_SAMP},
 * {@code REGR_COUNT}, {@code REGR_SXX} and {@code REGR_SYY}), as BI tools send them (Tableau's
 * correlation is {@code CORR}). Each takes the dependent value first ({@code REGR_SLOPE(y, x)}),
 * ignores rows where either is NULL, and is a DOUBLE, NULL over no such row. They have no
 * implementation of their own: {@code dev.kdbsql.calcite.RegressionRewriter} computes them from
 * sums the scan can take, as Calcite reduces its own covariances.
 */
public final class RegressionFunctions {
  /** {@code CORR(y, x)}: the correlation coefficient, NULL where either variance is zero. */
  public static final SqlAggFunction CORR = aggregate("CORR");
  /** {@code REGR_SLOPE(y, x)}: the least-squares line's slope, NULL where x does not vary. */
  public static final SqlAggFunction REGR_SLOPE = aggregate("REGR_SLOPE");
  /** {@code REGR_INTERCEPT(y, x)}: its intercept, NULL where x does not vary. */
  public static final SqlAggFunction REGR_INTERCEPT = aggregate("REGR_INTERCEPT");
  /** {@code REGR_R2(y, x)}: the coefficient of determination (1 where y does not vary). */
  public static final SqlAggFunction REGR_R2 = aggregate("REGR_R2");
  /** {@code REGR_AVGX(y, x)}: the average of x over the pairs. */
  public static final SqlAggFunction REGR_AVGX = aggregate("REGR_AVGX");
  /** {@code REGR_AVGY(y, x)}: the average of y over the pairs. */
  public static final SqlAggFunction REGR_AVGY = aggregate("REGR_AVGY");
  /** {@code REGR_SXY(y, x)}: the sum of products of the deviations from the averages. */
  public static final SqlAggFunction REGR_SXY = aggregate("REGR_SXY");

  private RegressionFunctions() {
  }

  /** Every function of this class. */
  public static List<SqlAggFunction> all() {
    return List.of(CORR, REGR_SLOPE, REGR_INTERCEPT, REGR_R2, REGR_AVGX, REGR_AVGY, REGR_SXY);
  }

  private static SqlAggFunction aggregate(String name) {
    return SqlBasicAggFunction.create(name, SqlKind.OTHER_FUNCTION,
            ReturnTypes.DOUBLE.andThen(SqlTypeTransforms.FORCE_NULLABLE),
            OperandTypes.NUMERIC_NUMERIC)
        .withFunctionType(SqlFunctionCategory.NUMERIC);
  }
}
