package dev.kdbsql.calcite;

import com.google.common.collect.ImmutableList;
import dev.kdbsql.calcite.sql.CommonFunctions;
import dev.kdbsql.calcite.temporal.ExactConvertlets;
import dev.kdbsql.calcite.temporal.ExactTemporals;
import dev.kdbsql.calcite.temporal.KdbRexExecutor;
import dev.kdbsql.calcite.temporal.KdbSqlValidator;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import dev.kdbsql.calcite.temporal.KdbTypeCoercion;
import dev.kdbsql.calcite.temporal.KdbTypeFactory;
import dev.kdbsql.calcite.temporal.TimestampRangeComparisons;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.calcite.DataContext;
import org.apache.calcite.DataContexts;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableMergeUnionRule;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteSystemProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.ProxyingMetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.RelRunner;

/**
 * Calcite's statement preparation as kdb+ schemas need it: it hands the optimized plan of each
 * query to {@link ScanPlan#of}, so a caller learns whether the query is a pure kdb+ scan that can
 * be read straight from the columns ({@link #prepareAnalyzed}); it converts SQL to relational
 * algebra keeping IN lists of any length as one predicate ({@link #IN_LIST_THRESHOLD}), which the
 * scan evaluates; it rewrites the window functions Calcite cannot run into ones it can
 * ({@link WindowRewriter}) and computes the standard's regression functions from sums
 * ({@link RegressionRewriter}); and it runs a plan the kdb+ scan answers whole without generating code
 * ({@link DirectScan}). The driver's preparation (with its plan cache) extends it, and so do the
 * adapter's tests, so both plan as a connection does.
 *
 * <p>It also installs what exact kdb+ timestamps and timespans need
 * ({@link dev.kdbsql.calcite.temporal}), so that every connection planning with it gets them:
 * the type factory that makes their types ({@link KdbTypeFactory}, put in place of a plain
 * Calcite connection's own), the validator ({@link KdbSqlValidator}) and its coercion
 * ({@link KdbTypeCoercion}), the conversions Calcite's would cut ({@link ExactConvertlets}),
 * exact constant folding on the planner ({@link KdbRexExecutor}), the rewrite as the last
 * planning step ({@link ExactTemporals}), opaque code generation
 * ({@link KdbTemporalType#opaque}) and column descriptions of their values
 * ({@link #exactColumnType}). A plain Calcite connection plans with it when made by
 * {@link KdbConnectionDefaults#driver()}.
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
  /** The types of the parameters of the statement being prepared, once planned. */
  private RelDataType parameterTypes;
  /** The statement's JDBC max rows when given before preparing ({@code setMaxRows}), else 0. */
  private long maxRows;

  /** Creates the preparation of one statement. */
  public KdbCalcitePrepare() {
  }

  @Override
  public <T> CalciteSignature<T> prepareSql(Context context, Query<T> query, Type elementType,
      long maxRowCount) {
    return prepareAnalyzed(context, query, elementType, maxRowCount).signature();
  }

  /** Prepares {@code query} as {@link #prepareSql} does, and says whether its plan is a scan. */
  public <T> Prepared<T> prepareAnalyzed(Context context, Query<T> query, Type elementType,
      long maxRowCount) {
    analysis = null;
    parameterTypes = null;
    maxRows = Math.max(0, maxRowCount);
    CalciteSignature<T> signature =
        exactColumns(super.prepareSql(exact(context), query, elementType, maxRowCount));
    return new Prepared<>(signature, analysis != null ? analysis
        : new ScanPlan.Analysis(null, "the statement was not planned as a query"));
  }

  /**
   * {@code rel} returning at most {@code maxRows} rows, the JDBC max rows of the statement: the
   * caller reads no more, and as a limit of the plan an {@code ORDER BY} becomes a top-N instead
   * of a sort of every row (a GUI sorting a table by a column sends {@code ORDER BY} without
   * {@code LIMIT}, and max rows). The root sort's fetch (under the projection that drops its
   * extra keys, if any) is lowered; any other root gets a limit.
   */
  static RelNode limitedTo(RelNode rel, long maxRows) {
    RexBuilder rex = rel.getCluster().getRexBuilder();
    if (rel instanceof LogicalProject p && p.getInput() instanceof Sort) {
      return p.copy(p.getTraitSet(), List.of(limitedTo(p.getInput(), maxRows)));
    }
    if (rel instanceof Sort s && (s.fetch == null || s.fetch instanceof RexLiteral)) {
      long fetch = s.fetch == null ? maxRows
          : Math.min(maxRows, ((RexLiteral) s.fetch).getValueAs(Long.class));
      return s.copy(s.getTraitSet(), s.getInput(), s.getCollation(), s.offset,
          rex.makeExactLiteral(BigDecimal.valueOf(fetch)));
    }
    return LogicalSort.create(rel, RelCollations.EMPTY, null,
        rex.makeExactLiteral(BigDecimal.valueOf(maxRows)));
  }

  /**
   * Calcite's metadata handlers called through proxies over its reflective providers. Calcite's
   * default generates a class per handler with Janino, and again each time a plan holds a
   * relational class it has not met: a fresh JVM's first statements spent a third of their time
   * compiling them (the first browse 1.98 s against 1.39 s), while warm planning is the same
   * either way.
   */
  private static final MetadataHandlerProvider HANDLERS =
      new ProxyingMetadataHandlerProvider(DefaultRelMetadataProvider.INSTANCE);

  /**
   * Calcite's convertlets, with those that would cut a kdb+ value to the millisecond made exact
   * ({@link ExactConvertlets}).
   */
  @Override
  protected SqlRexConvertletTable createConvertletTable() {
    return ExactConvertlets.over(super.createConvertletTable());
  }

  /** The cluster of a statement's plan, its metadata through {@link #HANDLERS}. */
  @Override
  protected RelOptCluster createCluster(RelOptPlanner planner, RexBuilder rexBuilder) {
    RelOptCluster cluster = super.createCluster(planner, rexBuilder);
    cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(HANDLERS));
    return cluster;
  }

  /**
   * The planner, its constant folding exact for kdb+ temporals from conversion on: Calcite's,
   * without its default rules, which {@link #costBased} registers when the cost-based planner
   * runs. A statement {@link SingleScanProgram} plans never uses them, and registering them (and
   * initialising the classes that hold them) was a sixth of a fresh JVM's first statement.
   */
  @Override
  protected RelOptPlanner createPlanner(Context prepareContext,
      org.apache.calcite.plan.Context externalContext, RelOptCostFactory costFactory) {
    VolcanoPlanner planner = new VolcanoPlanner(costFactory,
        externalContext != null ? externalContext : Contexts.of(prepareContext.config()));
    planner.setExecutor(new KdbRexExecutor(new RexExecutorImpl(DataContexts.EMPTY)));
    planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
    if (CalciteSystemProperty.ENABLE_COLLATION_TRAIT.value()) {
      planner.addRelTraitDef(RelCollationTraitDef.INSTANCE);
    }
    planner.setTopDownOpt(prepareContext.config().topDownOpt());
    return planner;
  }

  /**
   * Calcite's merge of sorted inputs for {@code ORDER BY ... LIMIT n} over a union, for UNION ALL
   * only. Calcite 1.42's rule also takes a UNION, and gives each input {@code LIMIT n} before the
   * union removes duplicates: when an input's first {@code n} rows repeat a value, the union gives
   * fewer than {@code n} rows ({@code SELECT sym FROM trade UNION SELECT sym FROM quote ORDER BY 1
   * LIMIT 2} gave one).
   */
  private static final RelOptRule MERGE_UNION_ALL =
      EnumerableMergeUnionRule.Config.DEFAULT_CONFIG
          .withDescription("EnumerableMergeUnionRule(all)")
          .withOperandSupplier(b0 -> b0.operand(LogicalSort.class).oneInput(
              b1 -> b1.operand(LogicalUnion.class).predicate(u -> u.all).anyInputs()))
          .as(EnumerableMergeUnionRule.Config.class)
          .toRule();

  /**
   * The program {@code standard} gives (made only when needed: Calcite's {@code Programs} makes
   * its rule sets when first used), run after registering the rules Calcite's planner is created
   * with (the default rules, then {@link Hook#PLANNER}'s changes, as Calcite's createPlanner
   * does).
   */
  private Program costBased(Context context, Supplier<Program> standard) {
    return (planner, rel, traits, materializations, lattices) -> {
      RelOptUtil.registerDefaultRules(planner, context.config().materializationsEnabled(),
          enableBindable);
      if (planner.removeRule(EnumerableRules.ENUMERABLE_MERGE_UNION_RULE)) {
        planner.addRule(MERGE_UNION_ALL);
      }
      // ORDER BY ... LIMIT that the scan cannot take (an expression as the key) keeps the best
      // rows in a bounded heap, instead of sorting every row and then cutting.
      planner.addRule(EnumerableRules.ENUMERABLE_LIMIT_SORT_RULE);
      Hook.PLANNER.run(planner);
      return standard.get().run(planner, rel, traits, materializations, lattices);
    };
  }

  /** {@code programs} run in order, each on the plan of the one before ({@code Programs}'). */
  private static Program sequence(Program... programs) {
    return (planner, rel, traits, materializations, lattices) -> {
      RelNode plan = rel;
      for (Program p : programs) {
        plan = p.run(planner, plan, traits, materializations, lattices);
      }
      return plan;
    };
  }

  /**
   * How a column of an exact kdb+ timestamp or timespan is described to JDBC: here an object
   * column ({@code getObject} gives the {@code KdbTimestamp} or {@code KdbTimespan}, {@code
   * getString} its text with nine digits), which any Avatica result set reads; the driver, whose
   * result set turns the objects into JDBC values, describes them as TIMESTAMP and TIME.
   */
  protected ColumnMetaData.AvaticaType exactColumnType(KdbTemporalType type) {
    return ColumnMetaData.scalar(Types.JAVA_OBJECT,
        type.isTimestamp() ? "TIMESTAMP(9)" : "TIME(9)", ColumnMetaData.Rep.OBJECT);
  }

  /**
   * The type names of parameters of kdb+ timestamp and timespan types (Calcite names its own
   * {@code TIMESTAMP} and {@code TIME}): what tells the driver to bind the exact value set (a
   * {@code Timestamp}'s nanoseconds), which Avatica would cut to milliseconds
   * ({@link dev.kdbsql.calcite.temporal.TemporalFunctions#timestampOfParameter}).
   */
  public static final String EXACT_TIMESTAMP_PARAMETER = "TIMESTAMP(9)";
  /** See {@link #EXACT_TIMESTAMP_PARAMETER}. */
  public static final String EXACT_TIME_PARAMETER = "TIME(9)";

  /**
   * The signature with the columns of exact kdb+ temporal types as {@link #exactColumnType},
   * and the parameters of these types named as {@link #EXACT_TIMESTAMP_PARAMETER} says.
   */
  private <T> CalciteSignature<T> exactColumns(CalciteSignature<T> signature) {
    List<RelDataTypeField> parameters = parameterTypes == null ? List.of()
        : parameterTypes.getFieldList();
    for (int i = 0; i < signature.parameters.size() && i < parameters.size(); i++) {
      if (parameters.get(i).getType() instanceof KdbTemporalType k) {
        AvaticaParameter p = signature.parameters.get(i);
        signature.parameters.set(i, new AvaticaParameter(p.signed, p.precision, p.scale,
            p.parameterType, k.isTimestamp() ? EXACT_TIMESTAMP_PARAMETER : EXACT_TIME_PARAMETER,
            p.className, p.name));
      }
    }
    if (signature.rowType == null) {
      return signature;
    }
    List<RelDataTypeField> fields = signature.rowType.getFieldList();
    for (int i = 0; i < signature.columns.size() && i < fields.size(); i++) {
      if (fields.get(i).getType() instanceof KdbTemporalType k) {
        ColumnMetaData c = signature.columns.get(i);
        ColumnMetaData.AvaticaType type = exactColumnType(k);
        signature.columns.set(i, new ColumnMetaData(c.ordinal, c.autoIncrement,
            c.caseSensitive, c.searchable, c.currency, c.nullable, c.signed,
            k.isTimestamp() ? 29 : 18, c.label, c.columnName, c.schemaName,
            KdbTemporalType.PRECISION, 0, c.tableName, c.catalogName, type, c.readOnly,
            c.writable, c.definitelyWritable, type.rep == ColumnMetaData.Rep.OBJECT
                ? k.javaClass().getName() : type.columnClassName()));
      }
    }
    return signature;
  }

  /** Type factories made for plain Calcite connections, by the connection's own factory. */
  private static final Map<JavaTypeFactory, KdbTypeFactory> FACTORIES = new WeakHashMap<>();

  /**
   * {@code context} with kdb+'s type factory: itself if its factory is one (jdbc:kdb:
   * connections), else a view of it whose factory is a {@link KdbTypeFactory} over the same
   * type system, one per connection factory.
   */
  private static Context exact(Context context) {
    JavaTypeFactory own = context.getTypeFactory();
    if (own instanceof KdbTypeFactory) {
      return context;
    }
    KdbTypeFactory kdb;
    synchronized (FACTORIES) {
      kdb = FACTORIES.computeIfAbsent(own, f -> new KdbTypeFactory(f.getTypeSystem()));
    }
    return new Context() {
      @Override
      public JavaTypeFactory getTypeFactory() {
        return kdb;
      }

      @Override
      public CalciteSchema getRootSchema() {
        return context.getRootSchema();
      }

      @Override
      public CalciteSchema getMutableRootSchema() {
        return context.getMutableRootSchema();
      }

      @Override
      public List<String> getDefaultSchemaPath() {
        return context.getDefaultSchemaPath();
      }

      @Override
      public CalciteConnectionConfig config() {
        return context.config();
      }

      @Override
      public SparkHandler spark() {
        return context.spark();
      }

      @Override
      public DataContext getDataContext() {
        return context.getDataContext();
      }

      @Override
      public List<String> getObjectPath() {
        return context.getObjectPath();
      }

      @Override
      public RelRunner getRelRunner() {
        return context.getRelRunner();
      }
    };
  }

  /**
   * Calcite's preparing statement, which validates with {@link KdbSqlValidator} and
   * {@link KdbTypeCoercion}, converts with {@link #IN_LIST_THRESHOLD}, plans with
   * {@link ExactTemporals} as the last step, hands the optimized plan to {@link ScanPlan#of} and
   * generates its code with the exact temporal types opaque, or implements a plan the scan
   * answers whole as a {@link DirectScan}, which generates no code.
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
      public RelNode flattenTypes(RelNode rootRel, boolean restructure) {
        RelNode rel = NotInRewriter.rewrite(WindowRewriter.rewrite(RegressionRewriter.rewrite(
            TimestampRangeComparisons.rewrite(super.flattenTypes(rootRel, restructure)))));
        return maxRows > 0 ? limitedTo(rel, maxRows) : rel;
      }

      /** Calcite's validator as its preparation makes it, as a {@link KdbSqlValidator}. */
      @Override
      protected SqlValidator createSqlValidator(CatalogReader reader,
          UnaryOperator<SqlValidator.Config> configTransform) {
        CalciteConnectionConfig config = context.config();
        SqlOperatorTable library =
            config.fun(SqlOperatorTable.class, SqlStdOperatorTable.instance());
        SqlOperatorTable operators = SqlOperatorTables.chain(library,
            CommonFunctions.missingFrom(library), reader);
        return new KdbSqlValidator(operators, (CalciteCatalogReader) reader,
            context.getTypeFactory(), configTransform.apply(SqlValidator.Config.DEFAULT
                    .withLenientOperatorLookup(config.lenientOperatorLookup())
                    .withConformance(config.conformance())
                    .withDefaultNullCollation(config.defaultNullCollation())
                    .withIdentifierExpansion(true))
                .withTypeCoercionFactory(KdbTypeCoercion::new));
      }

      @Override
      protected Program getProgram() {
        return sequence(ExactTemporals.FOLDING,
            new SingleScanProgram(costBased(context, () -> super.getProgram())),
            ExactTemporals.PROGRAM);
      }

      @Override
      protected SqlToRelConverter getSqlToRelConverter(SqlValidator validator,
          CatalogReader catalogReader, SqlToRelConverter.Config config) {
        return super.getSqlToRelConverter(validator, catalogReader,
            config.withInSubQueryThreshold(IN_LIST_THRESHOLD));
      }

      @Override
      protected PreparedResult implement(RelRoot root) {
        analysis = ScanPlan.of(root);
        parameterTypes = parameterRowType;
        DirectScan direct = DirectScan.of(root);
        if (direct == null) {
          return KdbTemporalType.opaque(() -> super.implement(root));
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
