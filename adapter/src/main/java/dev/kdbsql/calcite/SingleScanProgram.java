package dev.kdbsql.calcite;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptCostImpl;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.rules.AggregateReduceFunctionsRule;
import org.apache.calcite.rel.rules.AggregateProjectMergeRule;
import org.apache.calcite.rel.rules.FilterAggregateTransposeRule;
import org.apache.calcite.rel.rules.FilterMergeRule;
import org.apache.calcite.rel.rules.FilterProjectTransposeRule;
import org.apache.calcite.rel.rules.ProjectMergeRule;
import org.apache.calcite.rel.rules.ProjectRemoveRule;
import org.apache.calcite.rel.rules.PruneEmptyRules;
import org.apache.calcite.rel.rules.ReduceExpressionsRule;
import org.apache.calcite.rel.rules.SortProjectTransposeRule;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.Program;

/**
 * Plans a statement over one table whose every operator the scan takes (a browse, a count, a
 * one-table filter, aggregate or top-N: most of what a GUI sends) without the cost-based planner:
 * the scan rules and the few rewrites they need are applied in three rounds, bottom up, and the
 * plan is kept only when nothing but the scan is left, under at most a projection; anything
 * else is planned by {@code fallback}, Calcite's standard program, from the same input. The
 * cost-based planner explores every rule over every operator, and for such a statement arrives
 * at the same single scan: skipping it is about a third of a new statement's planning.
 */
final class SingleScanProgram implements Program {
  /**
   * Aggregate functions rewritten into ones the scan computes (AVG into SUM and COUNT, the
   * variances into sums of squares); not SUM, whose rewrite into {@code $SUM0} and COUNT the
   * cost-based planner takes only where the scan cannot compute the SUM itself.
   */
  private static final RelOptRule REDUCE_FUNCTIONS = AggregateReduceFunctionsRule.Config.DEFAULT
      .withFunctionsToReduce(AggregateReduceFunctionsRule.Config.DEFAULT_FUNCTIONS_TO_REDUCE
          .stream().filter(k -> k != SqlKind.SUM && k != SqlKind.SUM0).toList())
      .toRule();

  // Calcite's rules of the same configuration as in CoreRules, made from their configurations:
  // CoreRules makes all its two hundred rules at once, which a statement planned here never
  // needs (in a fresh JVM, part of the first statement's time).
  private static final RelOptRule FILTER_REDUCE_EXPRESSIONS = ReduceExpressionsRule
      .FilterReduceExpressionsRule.FilterReduceExpressionsRuleConfig.DEFAULT.toRule();
  private static final RelOptRule SORT_FETCH_ZERO =
      PruneEmptyRules.SortFetchZeroRuleConfig.DEFAULT.toRule();
  private static final RelOptRule FILTER_MERGE = FilterMergeRule.Config.DEFAULT.toRule();
  private static final RelOptRule FILTER_PROJECT_TRANSPOSE =
      FilterProjectTransposeRule.Config.DEFAULT.toRule();
  private static final RelOptRule FILTER_AGGREGATE_TRANSPOSE =
      FilterAggregateTransposeRule.Config.DEFAULT.toRule();
  private static final RelOptRule PROJECT_REMOVE = ProjectRemoveRule.Config.DEFAULT.toRule();
  private static final RelOptRule AGGREGATE_PROJECT_MERGE =
      AggregateProjectMergeRule.Config.DEFAULT.toRule();
  private static final RelOptRule SORT_PROJECT_TRANSPOSE =
      SortProjectTransposeRule.Config.DEFAULT.toRule();
  private static final RelOptRule PROJECT_MERGE = ProjectMergeRule.Config.DEFAULT.toRule();

  /**
   * The rewrites (in the cost-based planner too) and the scan rules, in three rounds, each to its
   * fixed point: constants in filters folded (so the scan sees literals, as it does after the
   * cost-based planner), a {@code LIMIT 0} made empty, filters moved down to the scan (below a
   * projection, and a filter of groups below its aggregate) and aggregates reduced; then the filters and the projection of the columns
   * used (the trimmer's) taken by the scan, before a sort is; then sorts moved down and
   * aggregates, sorts and limits taken. Made per statement: a program keeps state while it runs.
   */
  private static HepProgram program() {
    return new HepProgramBuilder()
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleCollection(List.of(FILTER_REDUCE_EXPRESSIONS, SORT_FETCH_ZERO,
              REDUCE_FUNCTIONS, FILTER_MERGE, FILTER_PROJECT_TRANSPOSE,
              FILTER_AGGREGATE_TRANSPOSE, PROJECT_REMOVE, AGGREGATE_PROJECT_MERGE))
          .addRuleCollection(List.of(KdbRules.FILTER_SCAN, KdbRules.PROJECT_SCAN))
          .addRuleCollection(List.of(SORT_PROJECT_TRANSPOSE, KdbRules.FILTER_SCAN,
              KdbRules.PROJECT_SCAN, KdbRules.AGGREGATE_SCAN, KdbRules.AGGREGATE_PROJECT_SCAN,
              KdbRules.LIMIT_SCAN, KdbRules.TOP_N_SCAN, KdbRules.SORT_SCAN,
              KdbRules.AGGREGATE_SORT_SCAN, PROJECT_MERGE, PROJECT_REMOVE))
          .build();
  }

  private final Program fallback;

  /** Creates the program, which plans with {@code fallback} what is not one scan. */
  SingleScanProgram(Program fallback) {
    this.fallback = fallback;
  }

  @Override
  public RelNode run(RelOptPlanner planner, RelNode rel, RelTraitSet requiredOutputTraits,
      List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
    RelNode planned = eligible(rel) ? plan(rel, requiredOutputTraits) : null;
    return planned != null ? planned
        : fallback.run(planner, rel, requiredOutputTraits, materializations, lattices);
  }

  /**
   * Whether {@code rel} is projections, filters, plain aggregates and sorts over one scan with
   * pushdown and the direct path ({@code directScan}), with no subquery, correlation or window.
   */
  static boolean eligible(RelNode rel) {
    if (rel instanceof KdbTableScan scan) {
      return scan.kdbTable.pushdown() && scan.kdbTable.directScan();
    }
    if (rel instanceof LogicalProject p) {
      return p.getVariablesSet().isEmpty() && !RexOver.containsOver(p.getProjects(), null)
          && !RexUtil.SubQueryFinder.containsSubQuery(p) && eligible(p.getInput());
    }
    if (rel instanceof LogicalFilter f) {
      return f.getVariablesSet().isEmpty() && !RexUtil.SubQueryFinder.containsSubQuery(f)
          && eligible(f.getInput());
    }
    if (rel instanceof LogicalAggregate a) {
      return a.getGroupType() == Aggregate.Group.SIMPLE && eligible(a.getInput());
    }
    return rel instanceof LogicalSort s && eligible(s.getInput());
  }

  /** The plan of {@code rel} as one scan (under a calculation), or null when it is not one. */
  static RelNode plan(RelNode rel, RelTraitSet requiredOutputTraits) {
    // The columns each operator uses, as the standard program trims them before planning.
    RelNode trimmed = new RelFieldTrimmer(null,
        RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null)).trim(rel);
    HepPlanner hep = new HepPlanner(program(), null, true, null, RelOptCostImpl.FACTORY);
    hep.setRoot(trimmed);
    RelNode best = hep.findBestExp();
    LogicalProject project = best instanceof LogicalProject p
        && !RexOver.containsOver(p.getProjects(), null) ? p : null;
    RelNode below = project != null ? project.getInput() : best;
    if (!(below instanceof KdbTableScan scan)) {
      return null;
    }
    RelNode result = new KdbToEnumerableConverter(scan.getCluster(),
        scan.getTraitSet().replace(EnumerableConvention.INSTANCE), scan);
    if (project != null) {
      result = EnumerableCalc.create(result, RexProgram.create(scan.getRowType(),
          project.getProjects(), null, project.getRowType(), scan.getCluster().getRexBuilder()));
    }
    // The scan took every sort, so the rows are in the order the statement asks for.
    return result.getConvention() == requiredOutputTraits.getConvention()
        ? result.copy(requiredOutputTraits, result.getInputs()) : null;
  }
}
