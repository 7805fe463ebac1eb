package dev.kdbsql.calcite;

import dev.kdbsql.calcite.asof.KdbAsofJoinRule;
import dev.kdbsql.calcite.exec.TopN;
import dev.kdbsql.calcite.spec.AggCall;
import dev.kdbsql.calcite.spec.GroupKey;
import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.ScanSpec;
import dev.kdbsql.calcite.spec.SortKey;
import dev.kdbsql.calcite.sort.KdbSortRule;
import dev.kdbsql.calcite.window.KdbWindowRule;
import dev.kdbsql.storage.Partition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilderFactory;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.ImmutableIntList;

/**
 * Planner rules that push work into {@link KdbTableScan}. Kept to a few so planning stays cheap:
 * every rule matches a logical operator directly on a kdb+ scan, folds what it can into the scan's
 * {@link ScanSpec}, leaves the rest above it, and does nothing when it could change nothing
 * (so the planner does not loop). What a rule cannot translate stays in Enumerable.
 */
public final class KdbRules {
  private KdbRules() {
  }

  /** Rule that pushes a filter's partition and column predicates into the scan. */
  public static final RelOptRule FILTER_SCAN = FilterScanRule.DEFAULT.toRule();
  /** Rule that maps only the columns a projection uses. */
  public static final RelOptRule PROJECT_SCAN = ProjectScanRule.DEFAULT.toRule();
  /** Rule that computes aggregates (global or by keys) in the scan. */
  public static final RelOptRule AGGREGATE_SCAN = AggregateScanRule.DEFAULT.toRule();
  /** Rule that computes aggregates of expressions or xbar keys, projected over a scan, in it. */
  public static final RelOptRule AGGREGATE_PROJECT_SCAN = AggregateScanRule.PROJECT.toRule();
  /**
   * Rule that computes grouping sets (ROLLUP, CUBE, COUNT(DISTINCT) beside other calls) over a
   * plain aggregate in the scan ({@link AggregateSplitRule}).
   */
  public static final RelOptRule AGGREGATE_SPLIT = AggregateSplitRule.DEFAULT.toRule();
  /**
   * Rule that computes grouping sets, and keys computed from the partition column, projected over
   * a scan, over a plain aggregate in the scan ({@link AggregateSplitRule}).
   */
  public static final RelOptRule AGGREGATE_PROJECT_SPLIT = AggregateSplitRule.PROJECT.toRule();
  /** Rule that pushes {@code LIMIT}/{@code FETCH} without ordering into the scan. */
  public static final RelOptRule LIMIT_SCAN = LimitScanRule.DEFAULT.toRule();
  /** Rule that computes {@code ORDER BY ... LIMIT} as a top-N in the scan. */
  public static final RelOptRule TOP_N_SCAN = TopNScanRule.DEFAULT.toRule();
  /** Rule that computes {@code ORDER BY} without a limit in the scan. */
  public static final RelOptRule SORT_SCAN = SortScanRule.DEFAULT.toRule();
  /** Rule that orders (and limits) the groups of an aggregate computed in the scan. */
  public static final RelOptRule AGGREGATE_SORT_SCAN = AggregateSortScanRule.DEFAULT.toRule();
  /** Rule that converts the kdb+ convention to Enumerable. */
  public static final RelOptRule TO_ENUMERABLE = ToEnumerableConverterRule.DEFAULT.toRule();
  /** Rule that computes {@code ORDER BY ... LIMIT} over a join as a top-N of its probe scan. */
  public static final RelOptRule JOIN_TOP_N = JoinTopNRule.LEFT.toRule();
  /** {@link #JOIN_TOP_N} with the scan on the right of the join. */
  public static final RelOptRule JOIN_TOP_N_RIGHT = JoinTopNRule.RIGHT.toRule();
  /** Rule that moves an aggregate below a semi or anti join ({@link AggregateSemiJoinRule}). */
  public static final RelOptRule AGGREGATE_SEMI_JOIN = AggregateSemiJoinRule.DEFAULT.toRule();
  /** Rule that moves an aggregate of right columns below a left join's right side. */
  public static final RelOptRule AGGREGATE_LEFT_JOIN = AggregateLeftJoinRule.DEFAULT.toRule();
  /** Rule that rolls grouping sets over any input up from a plain aggregate below them. */
  public static final RelOptRule GROUPING_SETS_SPLIT = GroupingSetsSplitRule.DEFAULT.toRule();
  /** Rule that makes an anti join of a left join filtered to unmatched rows. */
  public static final RelOptRule LEFT_JOIN_ANTI = LeftJoinAntiRule.DEFAULT.toRule();

  /** All kdb+ rules, registered by {@link KdbTableScan#register}. */
  public static final List<RelOptRule> RULES =
      List.of(FILTER_SCAN, PROJECT_SCAN, AGGREGATE_SCAN, AGGREGATE_PROJECT_SCAN, LIMIT_SCAN,
          TOP_N_SCAN, SORT_SCAN, AGGREGATE_SORT_SCAN, TO_ENUMERABLE, KdbAsofJoinRule.INSTANCE,
          JOIN_TOP_N, JOIN_TOP_N_RIGHT, KdbWindowRule.INSTANCE, KdbSortRule.INSTANCE, AGGREGATE_SPLIT,
          AGGREGATE_PROJECT_SPLIT, AGGREGATE_SEMI_JOIN, LEFT_JOIN_ANTI,
          GROUPING_SETS_SPLIT, AGGREGATE_LEFT_JOIN);

  /**
   * Configuration of a kdb+ {@link RelRule}: its operands, description and builder factory, and
   * the constructor that makes the rule from it (Calcite's own configs are generated by Immutables,
   * which this project does not use).
   */
  record RuleConfig(String description, RelRule.OperandTransform operandSupplier,
      RelBuilderFactory relBuilderFactory, Function<RuleConfig, RelOptRule> factory)
      implements RelRule.Config {
    static RuleConfig of(String description, RelRule.OperandTransform operands,
        Function<RuleConfig, RelOptRule> factory) {
      return new RuleConfig(description, operands, RelFactories.LOGICAL_BUILDER, factory);
    }

    @Override
    public RelOptRule toRule() {
      return factory.apply(this);
    }

    @Override
    public RuleConfig withRelBuilderFactory(RelBuilderFactory f) {
      return new RuleConfig(description, operandSupplier, f, factory);
    }

    @Override
    public RuleConfig withDescription(String d) {
      return new RuleConfig(d, operandSupplier, relBuilderFactory, factory);
    }

    @Override
    public RuleConfig withOperandSupplier(RelRule.OperandTransform o) {
      return new RuleConfig(description, o, relBuilderFactory, factory);
    }
  }

  /**
   * What an aggregate matched over {@code scan}, directly or through a projection, aggregates:
   * the projection's expressions, or the scan's fields.
   */
  static List<RexNode> aggregateInputs(RelOptRuleCall call, KdbTableScan scan) {
    return call.getRelList().size() == 3 ? ((LogicalProject) call.rel(1)).getProjects()
        : scan.getCluster().getRexBuilder().identityProjects(scan.getRowType());
  }

  /**
   * Rule that splits a filter over a kdb+ scan: conjuncts on the partition column prune the
   * partition list (enforced); conjuncts {@link PredicateTranslator} understands become the
   * scan's filter, enforced or, for floats, evaluated but re-applied by a filter kept above;
   * the others stay in that filter.
   */
  static final class FilterScanRule extends RelRule<RuleConfig> {
    static final RuleConfig DEFAULT = RuleConfig.of("KdbFilterScanRule",
        b -> b.operand(LogicalFilter.class).oneInput(s -> s.operand(KdbTableScan.class)
            .predicate(scan -> !scan.spec.aggregated() && scan.spec.fetch() < 0
                && scan.spec.evaluated() == null && scan.spec.sort().isEmpty()).noInputs()),
        FilterScanRule::new);

    /** Creates a FilterScanRule. */
    FilterScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      KdbTableScan scan = call.rel(1);
      KdbCalciteTable table = scan.kdbTable;
      int[] fields = scan.spec.fieldArray();
      PartitionPruner pruner = table.pruner(fields);
      PredicateTranslator translator = table.translator(fields);
      List<java.util.function.Predicate<Comparable<?>>> partitionTests = new ArrayList<>();
      List<Predicate> enforced = new ArrayList<>();
      List<Predicate> evaluated = new ArrayList<>();
      List<RexNode> remaining = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
        java.util.function.Predicate<Comparable<?>> test =
            pruner == null ? null : pruner.translate(conjunct);
        if (test != null) {
          partitionTests.add(test);
          continue;
        }
        Predicate p = translator.translate(conjunct);
        if (p == null) {
          remaining.add(conjunct);
        } else if (translator.enforced(p)) {
          enforced.add(p);
        } else {
          evaluated.add(p);
          remaining.add(conjunct);
        }
      }
      if (partitionTests.isEmpty() && enforced.isEmpty() && evaluated.isEmpty()) {
        return;
      }
      List<Partition> kept = pruner == null ? scan.spec.partitions()
          : pruner.prune(scan.spec.partitions(), partitionTests);
      RelNode result = scan.with(scan.spec.withPartitions(kept, Predicate.and(enforced),
          Predicate.and(evaluated)), scan.getRowType());
      if (!remaining.isEmpty()) {
        result = filter.copy(filter.getTraitSet(), result,
            RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), remaining));
      }
      call.transformTo(result);
    }
  }

  /**
   * Rule that narrows a kdb+ scan to the fields a projection uses: a projection of field
   * references disappears into the scan; one with expressions stays above a narrowed scan.
   */
  static final class ProjectScanRule extends RelRule<RuleConfig> {
    static final RuleConfig DEFAULT = RuleConfig.of("KdbProjectScanRule",
        b -> b.operand(LogicalProject.class).oneInput(s -> s.operand(KdbTableScan.class)
            .predicate(scan -> !scan.spec.aggregated() && scan.spec.sort().isEmpty()).noInputs()),
        ProjectScanRule::new);

    /** Creates a ProjectScanRule. */
    ProjectScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      KdbTableScan scan = call.rel(1);
      List<Integer> fields = scan.spec.fields();
      if (project.getProjects().stream().allMatch(e -> e instanceof RexInputRef)) {
        List<Integer> picked = new ArrayList<>();
        for (RexNode e : project.getProjects()) {
          picked.add(fields.get(((RexInputRef) e).getIndex()));
        }
        call.transformTo(scan.with(scan.spec.withFields(picked),
            project.getRowType()));
        return;
      }
      ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
      if (used.cardinality() == fields.size()) {
        return;
      }
      int[] position = new int[fields.size()];
      List<Integer> picked = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i : used) {
        position[i] = picked.size();
        picked.add(fields.get(i));
        names.add(scan.getRowType().getFieldNames().get(i));
      }
      KdbTableScan narrowed = scan.with(scan.spec.withFields(picked),
          project.getCluster().getTypeFactory().createStructType(
              used.asList().stream().map(i -> scan.getRowType().getFieldList().get(i).getType())
                  .toList(), names));
      RexShuttle remap = new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(position[ref.getIndex()], ref.getType());
        }
      };
      call.transformTo(project.copy(project.getTraitSet(), narrowed,
          remap.apply(project.getProjects()), project.getRowType()));
    }
  }

  /**
   * Rule that computes an aggregate in the scan, directly on it or on a projection over it
   * ({@link #PROJECT}), when {@link AggregateTranslator} translates every key and call.
   */
  static final class AggregateScanRule extends RelRule<RuleConfig> {
    static final RuleConfig DEFAULT = RuleConfig.of("KdbAggregateScanRule",
        b -> b.operand(LogicalAggregate.class).predicate(AggregateScanRule::plain)
            .oneInput(s -> s.operand(KdbTableScan.class)
                .predicate(KdbTableScan::bare).noInputs()),
        AggregateScanRule::new);
    /** The rule for an aggregate over a projection (of keys and arguments) over a scan. */
    static final RuleConfig PROJECT = RuleConfig.of("KdbAggregateProjectScanRule",
        b -> b.operand(LogicalAggregate.class).predicate(AggregateScanRule::plain)
            .oneInput(p -> p.operand(LogicalProject.class).oneInput(s -> s
                .operand(KdbTableScan.class).predicate(KdbTableScan::bare).noInputs())),
        AggregateScanRule::new);

    /** Creates an AggregateScanRule. */
    AggregateScanRule(RuleConfig config) {
      super(config);
    }

    private static boolean plain(LogicalAggregate a) {
      return a.getGroupSets().size() == 1
          && (!a.getGroupSet().isEmpty() || !a.getAggCallList().isEmpty());
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalAggregate aggregate = call.rel(0);
      KdbTableScan scan = call.rel(call.getRelList().size() - 1);
      List<RexNode> inputs = aggregateInputs(call, scan);
      AggregateTranslator translator = new AggregateTranslator(scan);
      List<GroupKey> keys = new ArrayList<>();
      for (int i : aggregate.getGroupSet()) {
        GroupKey key = translator.key(inputs.get(i));
        if (key == null) {
          return;
        }
        keys.add(key);
      }
      List<AggCall> calls = new ArrayList<>();
      for (AggregateCall c : aggregate.getAggCallList()) {
        AggCall k = translator.call(c, inputs);
        if (k == null) {
          return;
        }
        calls.add(k);
      }
      if (AggCall.computable(calls)) {
        call.transformTo(scan.with(scan.spec.withAggregates(keys, calls),
            aggregate.getRowType()));
      }
    }
  }

  /** Rule that pushes a fetch without ordering or offset into the scan: it stops reading there. */
  static final class LimitScanRule extends RelRule<RuleConfig> {
    static final RuleConfig DEFAULT = RuleConfig.of("KdbLimitScanRule",
        b -> b.operand(LogicalSort.class)
            .predicate(s -> s.getCollation().getFieldCollations().isEmpty() && s.offset == null
                && s.fetch instanceof RexLiteral)
            .oneInput(s -> s.operand(KdbTableScan.class)
                .predicate(scan -> !scan.spec.aggregated() && scan.spec.fetch() < 0
                    && scan.spec.sort().isEmpty()).noInputs()),
        LimitScanRule::new);

    /** Creates a LimitScanRule. */
    LimitScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalSort sort = call.rel(0);
      KdbTableScan scan = call.rel(1);
      Long fetch = ((RexLiteral) sort.fetch).getValueAs(Long.class);
      if (fetch != null) {
        call.transformTo(scan.with(scan.spec.withFetch(fetch), scan.getRowType()));
      }
    }
  }

  /**
   * Rule that computes {@code ORDER BY ... LIMIT n} in the scan as a top-N: each partition keeps
   * its best {@code n} rows in a small heap, comparing keys read from the mapped columns, and
   * only those rows are decoded; an {@code OFFSET} is pushed as a top {@code offset + n} under
   * the sort that skips it. Every column can be a key, ordered exactly as Calcite orders the
   * values its reader yields (see {@link TopN}); taken when {@code n} is at most
   * {@link TopN#MAX_ROWS}, otherwise Calcite sorts.
   */
  static final class TopNScanRule extends RelRule<RuleConfig> {
    static final RuleConfig DEFAULT = RuleConfig.of("KdbTopNScanRule",
        b -> b.operand(LogicalSort.class)
            .predicate(s -> !s.getCollation().getFieldCollations().isEmpty()
                && s.fetch instanceof RexLiteral
                && (s.offset == null || s.offset instanceof RexLiteral))
            .oneInput(s -> s.operand(KdbTableScan.class).predicate(KdbTableScan::bare)
                .noInputs()),
        TopNScanRule::new);

    /** Creates a TopNScanRule. */
    TopNScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalSort sort = call.rel(0);
      KdbTableScan scan = call.rel(1);
      Long fetch = ((RexLiteral) sort.fetch).getValueAs(Long.class);
      Long offset = sort.offset == null ? Long.valueOf(0)
          : ((RexLiteral) sort.offset).getValueAs(Long.class);
      if (fetch == null || offset == null || fetch + offset > TopN.MAX_ROWS) {
        return;
      }
      List<SortKey> keys = new ArrayList<>();
      for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
        keys.add(sortKey(fc));
      }
      KdbTableScan top = new KdbTableScan(scan.getCluster(),
          scan.getTraitSet().replace(sort.getCollation()), scan.getTable(), scan.kdbTable,
          scan.spec.withTopN(keys, fetch + offset), scan.getRowType());
      call.transformTo(offset == 0 ? top
          : sort.copy(sort.getTraitSet(), top, sort.getCollation(), sort.offset, sort.fetch));
    }
  }

  /**
   * Rule that computes {@code ORDER BY} without {@code LIMIT} or {@code OFFSET} in the scan: each
   * slice's selected rows decoded and sorted, the slices' sorted runs merged, ties in storage
   * order (see the engine's {@code SortedRows}), in the order of the decoded values as the
   * top-N's merge and Calcite's sort have it. Taken when every key's SQL type has values that
   * compare as Calcite compares them ({@link AggregateSortScanRule#ORDERED}); it replaces
   * Calcite's sort, whose comparator makes a {@code BigDecimal} of every number it compares.
   */
  static final class SortScanRule extends RelRule<RuleConfig> {
    static final RuleConfig DEFAULT = RuleConfig.of("KdbSortScanRule",
        b -> b.operand(LogicalSort.class)
            .predicate(s -> !s.getCollation().getFieldCollations().isEmpty() && s.fetch == null
                && s.offset == null)
            .oneInput(s -> s.operand(KdbTableScan.class).predicate(KdbTableScan::bare)
                .noInputs()),
        SortScanRule::new);

    /** Creates a SortScanRule. */
    SortScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalSort sort = call.rel(0);
      KdbTableScan scan = call.rel(1);
      List<SortKey> keys = new ArrayList<>();
      for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
        RelDataType type = scan.getRowType().getFieldList().get(fc.getFieldIndex()).getType();
        if (!AggregateSortScanRule.ORDERED.contains(type.getSqlTypeName())) {
          return;
        }
        keys.add(sortKey(fc));
      }
      call.transformTo(new KdbTableScan(scan.getCluster(),
          scan.getTraitSet().replace(sort.getCollation()), scan.getTable(), scan.kdbTable,
          scan.spec.withTopN(keys, -1), scan.getRowType()));
    }
  }

  /**
   * Rule that orders the groups of an aggregate the scan computes, and cuts them to a
   * {@code LIMIT}: a stable sort of the merged groups, which come out of the scan in the order
   * Calcite's own hash aggregate gives them, so ties stay in that order as Calcite's sort keeps
   * them. It replaces Calcite's sort, which builds a tree of its keys (a third of the time of a
   * query that returns thousands of groups). Taken when every key's SQL type has values that
   * compare as Calcite compares them ({@link #ORDERED}); an {@code OFFSET} stays in a sort above
   * the scan, which then returns {@code offset + fetch} groups.
   */
  static final class AggregateSortScanRule extends RelRule<RuleConfig> {
    static final RuleConfig DEFAULT = RuleConfig.of("KdbAggregateSortScanRule",
        b -> b.operand(LogicalSort.class)
            .predicate(s -> (s.fetch == null || s.fetch instanceof RexLiteral)
                && (s.offset == null || s.offset instanceof RexLiteral)
                && (s.fetch != null || !s.getCollation().getFieldCollations().isEmpty()))
            .oneInput(s -> s.operand(KdbTableScan.class)
                .predicate(scan -> scan.spec.aggregated() && scan.spec.sort().isEmpty()
                    && scan.spec.fetch() < 0).noInputs()),
        AggregateSortScanRule::new);

    /**
     * Types whose values (as the scan and Calcite's readers produce them: numbers, strings,
     * booleans, and temporals as ints and longs) order by {@code compareTo} exactly as Calcite's
     * sort orders them.
     */
    static final Set<SqlTypeName> ORDERED = EnumSet.of(SqlTypeName.BOOLEAN,
        SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT,
        SqlTypeName.REAL, SqlTypeName.FLOAT, SqlTypeName.DOUBLE, SqlTypeName.DECIMAL,
        SqlTypeName.CHAR, SqlTypeName.VARCHAR, SqlTypeName.DATE, SqlTypeName.TIME,
        SqlTypeName.TIMESTAMP);

    /** Creates an AggregateSortScanRule. */
    AggregateSortScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalSort sort = call.rel(0);
      KdbTableScan scan = call.rel(1);
      Long fetch = sort.fetch == null ? Long.valueOf(-1)
          : ((RexLiteral) sort.fetch).getValueAs(Long.class);
      Long offset = sort.offset == null ? Long.valueOf(0)
          : ((RexLiteral) sort.offset).getValueAs(Long.class);
      if (fetch == null || offset == null) {
        return;
      }
      List<SortKey> keys = new ArrayList<>();
      for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
        RelDataType type = scan.getRowType().getFieldList().get(fc.getFieldIndex()).getType();
        if (!ORDERED.contains(type.getSqlTypeName())) {
          return;
        }
        keys.add(sortKey(fc));
      }
      KdbTableScan sorted = new KdbTableScan(scan.getCluster(),
          scan.getTraitSet().replace(sort.getCollation()), scan.getTable(), scan.kdbTable,
          scan.spec.withTopN(keys, fetch < 0 ? -1 : fetch + offset), scan.getRowType());
      call.transformTo(offset == 0 ? sorted
          : sort.copy(sort.getTraitSet(), sorted, sort.getCollation(), sort.offset, sort.fetch));
    }
  }

  /**
   * Rule that computes {@code ORDER BY ... LIMIT n} over an inner join ordered by columns of a
   * kdb+ row scan on one side as a top-N of that scan, joined with the other side as a hash
   * join's probe ({@link KdbHashJoin#topN}); the sort stays above, over at most the rows those
   * {@code n} probe rows join with. Exact because the join has one equality key, whose build
   * keys filter the scan before it picks its rows, and no other condition: every row the scan
   * returns then joins with at least one build row, and join rows order as their probe rows, so
   * the first {@code n} join rows come from the first {@code n} probe rows.
   */
  static final class JoinTopNRule extends RelRule<RuleConfig> {
    static final RuleConfig LEFT = config("KdbJoinTopNRule:left", true);
    static final RuleConfig RIGHT = config("KdbJoinTopNRule:right", false);

    private final boolean scanLeft;

    private static RuleConfig config(String description, boolean scanLeft) {
      RelRule.OperandTransform scan = s -> s.operand(KdbTableScan.class)
          .predicate(t -> !t.spec.aggregated() && t.spec.fetch() < 0 && t.spec.sort().isEmpty()
              && t.spec.remaining() == null).noInputs();
      RelRule.OperandTransform other = o -> o.operand(RelNode.class).anyInputs();
      return RuleConfig.of(description,
          b -> b.operand(LogicalSort.class)
              .predicate(s -> !s.getCollation().getFieldCollations().isEmpty()
                  && s.fetch instanceof RexLiteral
                  && (s.offset == null || s.offset instanceof RexLiteral))
              .oneInput(j -> j.operand(org.apache.calcite.rel.logical.LogicalJoin.class)
                  .predicate(join -> join.getJoinType()
                      == org.apache.calcite.rel.core.JoinRelType.INNER
                      && join.getVariablesSet().isEmpty())
                  .inputs(scanLeft ? scan : other, scanLeft ? other : scan)),
          c -> new JoinTopNRule(c, scanLeft));
    }

    /** Creates a JoinTopNRule for a scan on the left or the right. */
    JoinTopNRule(RuleConfig config, boolean scanLeft) {
      super(config);
      this.scanLeft = scanLeft;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalSort sort = call.rel(0);
      org.apache.calcite.rel.logical.LogicalJoin join = call.rel(1);
      KdbTableScan scan = call.rel(scanLeft ? 2 : 3);
      Long fetch = ((RexLiteral) sort.fetch).getValueAs(Long.class);
      Long offset = sort.offset == null ? Long.valueOf(0)
          : ((RexLiteral) sort.offset).getValueAs(Long.class);
      if (fetch == null || offset == null || fetch + offset > TopN.MAX_ROWS) {
        return;
      }
      org.apache.calcite.rel.core.JoinInfo info = join.analyzeCondition();
      if (info.leftKeys.size() != 1 || !info.nonEquiConditions.isEmpty()
          || info.nullExclusionFlags.contains(Boolean.FALSE)) {
        return;
      }
      int leftCount = join.getLeft().getRowType().getFieldCount();
      int key = scanLeft ? info.leftKeys.get(0) : info.rightKeys.get(0);
      if (KdbHashJoin.filterKind(scan, key) == null) {
        return;
      }
      List<SortKey> keys = new ArrayList<>();
      for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
        int position = fc.getFieldIndex() - (scanLeft ? 0 : leftCount);
        if (position < 0 || position >= scan.getRowType().getFieldCount()) {
          return;
        }
        keys.add(sortKey(fc.withFieldIndex(position)));
      }
      KdbTableScan top = scan.with(scan.spec.withTopN(keys, fetch + offset), scan.getRowType());
      RelNode other = join.getInput(scanLeft ? 1 : 0);
      RelNode probe = convert(top, top.getTraitSet().replace(EnumerableConvention.INSTANCE));
      RelNode build = convert(other, other.getTraitSet().replace(EnumerableConvention.INSTANCE));
      KdbHashJoin joined = KdbHashJoin.topN(scanLeft ? probe : build, scanLeft ? build : probe,
          join.getCondition(), scanLeft, scan.kdbTable.joinMemory());
      call.transformTo(sort.copy(sort.getTraitSet(), joined, sort.getCollation(), sort.offset,
          sort.fetch));
    }
  }

  /** The scan's version of one key of a sort: direction, and nulls where the planner puts them. */
  private static SortKey sortKey(RelFieldCollation fc) {
    boolean descending = fc.getDirection() == RelFieldCollation.Direction.DESCENDING;
    RelFieldCollation.NullDirection nulls = fc.nullDirection
        == RelFieldCollation.NullDirection.UNSPECIFIED
        ? fc.getDirection().defaultNullDirection() : fc.nullDirection;
    return new SortKey(fc.getFieldIndex(), descending,
        nulls == RelFieldCollation.NullDirection.FIRST);
  }

  /** Rule that converts a relational expression from the kdb+ convention to Enumerable. */
  static final class ToEnumerableConverterRule extends ConverterRule {
    static final ConverterRule.Config DEFAULT = ConverterRule.Config.INSTANCE
        .withConversion(RelNode.class, KdbRel.CONVENTION, EnumerableConvention.INSTANCE,
            "KdbToEnumerableConverterRule")
        .withRuleFactory(ToEnumerableConverterRule::new);

    /** Creates a ToEnumerableConverterRule. */
    ToEnumerableConverterRule(ConverterRule.Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      return new KdbToEnumerableConverter(rel.getCluster(),
          rel.getTraitSet().replace(EnumerableConvention.INSTANCE), rel);
    }
  }
}
