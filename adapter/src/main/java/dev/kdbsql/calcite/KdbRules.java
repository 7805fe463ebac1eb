package dev.kdbsql.calcite;

import dev.kdbsql.calcite.asof.KdbAsofJoinRule;
import dev.kdbsql.calcite.spec.AggCall;
import dev.kdbsql.calcite.spec.GroupKey;
import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.ScanSpec;
import dev.kdbsql.calcite.sort.KdbSortRule;
import dev.kdbsql.calcite.window.KdbWindowRule;
import dev.kdbsql.storage.Partition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.RelBuilderFactory;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Planner rules that push work into {@link KdbTableScan}. Kept to a few so planning stays cheap:
 * every rule matches a logical operator directly on a kdb+ scan, folds what it can into the scan's
 * {@link ScanSpec}, leaves the rest above it, and does nothing when it could change nothing
 * (so the planner does not loop). What a rule cannot translate stays in Enumerable. The rules
 * that take sorts and limits are in {@link SortScanRules}.
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
  public static final RelOptRule LIMIT_SCAN = SortScanRules.LimitScanRule.DEFAULT.toRule();
  /** Rule that computes {@code ORDER BY ... LIMIT} as a top-N in the scan. */
  public static final RelOptRule TOP_N_SCAN = SortScanRules.TopNScanRule.DEFAULT.toRule();
  /** Rule that computes {@code ORDER BY ... LIMIT} on keys computed from the row in the scan. */
  public static final RelOptRule COMPUTED_TOP_N_SCAN =
      SortScanRules.ComputedTopNScanRule.DEFAULT.toRule();
  /** Rule that computes {@code ORDER BY} without a limit in the scan. */
  public static final RelOptRule SORT_SCAN = SortScanRules.SortScanRule.DEFAULT.toRule();
  /** Rule that orders (and limits) the groups of an aggregate computed in the scan. */
  public static final RelOptRule AGGREGATE_SORT_SCAN =
      SortScanRules.AggregateSortScanRule.DEFAULT.toRule();
  /** Rule that converts the kdb+ convention to Enumerable. */
  public static final RelOptRule TO_ENUMERABLE = ToEnumerableConverterRule.DEFAULT.toRule();
  /** Rule that computes {@code ORDER BY ... LIMIT} over a join as a top-N of its probe scan. */
  public static final RelOptRule JOIN_TOP_N = SortScanRules.JoinTopNRule.LEFT.toRule();
  /** {@link #JOIN_TOP_N} with the scan on the right of the join. */
  public static final RelOptRule JOIN_TOP_N_RIGHT = SortScanRules.JoinTopNRule.RIGHT.toRule();
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
          TOP_N_SCAN, COMPUTED_TOP_N_SCAN, SORT_SCAN, AGGREGATE_SORT_SCAN, TO_ENUMERABLE,
          KdbAsofJoinRule.INSTANCE,
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
      PredicateTranslator translator = table.translator(fields,
          filter.getCluster().getRexBuilder());
      List<java.util.function.Predicate<Comparable<?>>> partitionTests = new ArrayList<>();
      boolean pruned = false;
      List<Predicate> enforced = new ArrayList<>();
      List<Predicate> evaluated = new ArrayList<>();
      List<RexNode> remaining = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
        PartitionPruner.Test test = pruner == null ? null : pruner.test(conjunct);
        if (test != null) {
          partitionTests.add(test.admits());
          if (test.exact()) {
            pruned = true;
            continue;
          }
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
      List<Partition> kept = pruner == null ? scan.spec.partitions()
          : pruner.prune(scan.spec.partitions(), partitionTests);
      if (!pruned && enforced.isEmpty() && evaluated.isEmpty()
          && kept.size() == scan.spec.partitions().size()) {
        return;
      }
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
