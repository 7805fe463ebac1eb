package dev.kdbsql.calcite.window;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalWindow;

/**
 * Rule that converts a {@link LogicalWindow} to a {@link KdbWindow}. Calcite's
 * {@code EnumerableWindowRule} still offers its own operator; ours costs less, so the planner
 * takes it whenever {@link KdbWindow#create} accepts the window, and Calcite's otherwise.
 *
 * <p>Taken: {@code ROW_NUMBER}, {@code RANK}, {@code DENSE_RANK}, {@code PERCENT_RANK},
 * {@code CUME_DIST}, {@code NTILE(n)} (as {@code WindowRewriter} spells it),
 * {@code LAG}/{@code LEAD} (constant offset, a default of the same type), {@code FIRST_VALUE}, {@code LAST_VALUE}, {@code NTH_VALUE}, {@code COUNT},
 * {@code SUM} (integers and doubles), {@code MIN} and {@code MAX} (every comparable type: numbers,
 * strings, booleans, dates, times, timestamps, kdb+ timestamps exactly), so {@code AVG} too (a
 * sum over a count), with any PARTITION BY and ORDER BY of such types and ROWS or RANGE frames
 * (RANGE offsets over one order key: numbers, and days-to-seconds intervals over dates, times
 * and timestamps; a row whose key is NULL has its NULL peers as offset bounds). Left to Calcite: DISTINCT and IGNORE NULLS calls, frames
 * with EXCLUDE, aggregates of other types (DECIMAL and REAL sums, user-defined aggregates).
 */
public final class KdbWindowRule extends ConverterRule {
  /** The rule's configuration; its description, {@code KdbWindowRule}, names it in traces. */
  static final Config DEFAULT = Config.INSTANCE
      .withConversion(LogicalWindow.class, Convention.NONE, EnumerableConvention.INSTANCE,
          "KdbWindowRule")
      .withRuleFactory(KdbWindowRule::new);

  /** The rule, which the kdb+ table scan registers with the planner. */
  public static final KdbWindowRule INSTANCE = (KdbWindowRule) DEFAULT.toRule();

  /** Creates a KdbWindowRule. */
  KdbWindowRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalWindow window = (LogicalWindow) rel;
    RelNode input = window.getInput();
    return KdbWindow.create(window,
        convert(input, input.getTraitSet().replace(EnumerableConvention.INSTANCE)));
  }
}
