package dev.kdbsql.calcite.sort;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexOver;

/**
 * Rule that converts a {@link LogicalSort} with sort keys to a {@link KdbSort}. Calcite's own
 * sort rules still offer their operators; ours costs less, so the planner takes it whenever
 * {@link KdbSort#create} accepts the sort, and Calcite's otherwise. A sort over a scan (or a
 * projection, filter or aggregate of one) is left to the scan's sort and top-N rules.
 */
public final class KdbSortRule extends ConverterRule {
  /** The rule's configuration; its description, {@code KdbSortRule}, names it in traces. */
  static final Config DEFAULT = Config.INSTANCE
      .withConversion(LogicalSort.class, Convention.NONE, EnumerableConvention.INSTANCE,
          "KdbSortRule")
      .withRuleFactory(KdbSortRule::new);

  /** The rule, which the kdb+ table scan registers with the planner. */
  public static final KdbSortRule INSTANCE = (KdbSortRule) DEFAULT.toRule();

  /** Creates a KdbSortRule. */
  KdbSortRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalSort sort = (LogicalSort) rel;
    RelNode input = sort.getInput();
    if (overScan(input)) {
      return null;
    }
    return KdbSort.create(sort,
        convert(input, input.getTraitSet().replace(EnumerableConvention.INSTANCE)));
  }

  /**
   * Whether {@code input} is a table scan, or an aggregate, filter or projection of one (not a
   * window, which a projection with {@code OVER} becomes): its sort is the scan's to compute (from
   * the mapped columns, only the rows it keeps decoded), or, where the scan's rules decline,
   * Calcite's.
   */
  private static boolean overScan(RelNode input) {
    RelNode r = input instanceof RelSubset s ? s.getOriginal() : input;
    if (r instanceof TableScan) {
      return true;
    }
    boolean window = r instanceof Project p && p.containsOver()
        || r instanceof Calc c && RexOver.containsOver(c.getProgram());
    return !window && (r instanceof Project || r instanceof Filter || r instanceof Calc
        || r instanceof Aggregate) && overScan(r.getInput(0));
  }
}
