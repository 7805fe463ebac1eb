package dev.kdbsql.calcite;

import com.google.common.collect.ImmutableList;
import java.lang.reflect.Type;
import java.util.Objects;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Hook;

/**
 * Calcite's statement preparation as kdb+ schemas need it: it hands the optimized plan of each
 * query to {@link ScanPlan#of}, so a caller learns whether the query is a pure kdb+ scan that can
 * be read straight from the columns ({@link #prepareAnalyzed}); it converts SQL to relational
 * algebra keeping IN lists of any length as one predicate ({@link #IN_LIST_THRESHOLD}), which the
 * scan evaluates; and it runs a plan the kdb+ scan answers whole without generating code
 * ({@link DirectScan}). The driver's preparation (with its plan cache) extends it, and so do the
 * adapter's tests, so both plan as a connection does.
 *
 * <p>Calcite makes one instance per statement it prepares, so the plan seen while preparing is
 * kept in the instance until the preparation returns. Not thread-safe.
 */
public class KdbCalcitePrepare extends CalcitePrepareImpl {
  /** A prepared statement's signature and what its plan is. */
  public record Prepared<T>(CalciteSignature<T> signature, ScanPlan.Analysis scan) {
  }

  /**
   * IN lists of values of any length stay one predicate (a {@code SEARCH} of a Sarg) that the
   * scan evaluates; Calcite's default (20) turns longer ones into a join with a VALUES table,
   * which takes the filter out of the scan.
   */
  static final int IN_LIST_THRESHOLD = Integer.MAX_VALUE;

  private ScanPlan.Analysis analysis;

  /** Creates the preparation of one statement. */
  public KdbCalcitePrepare() {
  }

  /** Prepares {@code query} as {@link #prepareSql} does, and says whether its plan is a scan. */
  public <T> Prepared<T> prepareAnalyzed(Context context, Query<T> query, Type elementType,
      long maxRowCount) {
    analysis = null;
    CalciteSignature<T> signature = super.prepareSql(context, query, elementType, maxRowCount);
    return new Prepared<>(signature, analysis != null ? analysis
        : new ScanPlan.Analysis(null, "the statement was not planned as a query"));
  }

  /**
   * Calcite's preparing statement, which converts with {@link #IN_LIST_THRESHOLD}, hands the
   * optimized plan to {@link ScanPlan#of} and implements a plan the scan answers whole as a
   * {@link DirectScan}, generating code for the others.
   */
  @Override
  protected CalcitePreparingStmt getPreparingStmt(Context context, Type elementType,
      CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    EnumerableRel.Prefer prefer = elementType == Object[].class
        ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
    return new CalcitePreparingStmt(this, context, catalogReader, context.getTypeFactory(),
        context.getRootSchema(), prefer,
        createCluster(planner, new RexBuilder(context.getTypeFactory())),
        EnumerableConvention.INSTANCE, createConvertletTable()) {
      @Override
      protected SqlToRelConverter getSqlToRelConverter(SqlValidator validator,
          CatalogReader catalogReader, SqlToRelConverter.Config config) {
        return super.getSqlToRelConverter(validator, catalogReader,
            config.withInSubQueryThreshold(IN_LIST_THRESHOLD));
      }

      @Override
      protected PreparedResult implement(RelRoot root) {
        analysis = ScanPlan.of(root);
        DirectScan direct = DirectScan.of(root);
        if (direct == null) {
          return super.implement(root);
        }
        Hook.PLAN_BEFORE_IMPLEMENTATION.run(root);
        return new PreparedResultImpl(root.rel.getRowType(),
            Objects.requireNonNull(parameterRowType, "parameterRowType"),
            Objects.requireNonNull(fieldOrigins, "fieldOrigins"),
            root.collation.getFieldCollations().isEmpty() ? ImmutableList.of()
                : ImmutableList.of(root.collation),
            root.rel, null, false) {
          @Override
          public String getCode() {
            throw new UnsupportedOperationException("no code is generated for " + direct);
          }

          @Override
          public Bindable getBindable(Meta.CursorFactory cursorFactory) {
            return direct;
          }

          @Override
          public Type getElementType() {
            return direct.getElementType();
          }
        };
      }
    };
  }
}
