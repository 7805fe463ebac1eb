package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbRules.RuleConfig;
import dev.kdbsql.storage.KdbType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Rule that splits an aggregate over a kdb+ scan that the scan cannot compute whole into two:
 * a plain aggregate by base columns, which {@link KdbRules#AGGREGATE_SCAN} then computes in the
 * scan, and above it Calcite's aggregate over its few rows. Three shapes gain:
 * <ul>
 *   <li>{@code ROLLUP}, {@code CUBE} and {@code GROUPING SETS} (and so {@code COUNT(DISTINCT)}
 *       beside other calls, which Calcite expands into grouping sets): the scan groups by every
 *       key of every set; the sets are rolled up from those groups.
 *   <li>keys computed from one column of few values alone: the partition column
 *       ({@code EXTRACT(MONTH FROM "date")}, {@code FLOOR("date" TO WEEK)}, ...), whose groups
 *       come from the partition list, or a symbol column ({@code UPPER(sym)},
 *       {@code SUBSTRING(sym FROM 1 FOR 1)}, {@code CASE WHEN sym LIKE 'A%' THEN ...}, as BI
 *       tools' groups and bins write them), grouped by its enumeration's indices, or a char, byte
 *       or boolean column ({@code LOWER(ex)}): the scan groups by the column, and the keys are
 *       computed once per its group, not once per row;
 *   <li>a {@code CASE} of literal values over conditions the scan computes ({@code CASE WHEN
 *       price > 100 THEN 'high' ELSE 'low' END}, buckets as BI tools write them): the scan groups
 *       by the number of the branch taken, and the value is given per group.
 * </ul>
 * Splittable calls only: {@code COUNT} (summed), {@code SUM}, {@code $SUM0}, {@code MIN},
 * {@code MAX} (of their partial values), and {@code GROUPING} (computed above); no DISTINCT or
 * FILTER. Integer results are exact (sums of partial sums wrap as one sum does); floating-point
 * sums add partial sums, as the scan's own aggregation does.
 */
final class AggregateSplitRule extends RelRule<RuleConfig> {
  static final RuleConfig DEFAULT = RuleConfig.of("KdbAggregateSplitRule",
      b -> b.operand(LogicalAggregate.class).oneInput(s -> s.operand(KdbTableScan.class)
          .predicate(KdbTableScan::bare).noInputs()),
      AggregateSplitRule::new);
  /** The rule for an aggregate over a projection over a scan. */
  static final RuleConfig PROJECT = RuleConfig.of("KdbAggregateProjectSplitRule",
      b -> b.operand(LogicalAggregate.class).oneInput(p -> p.operand(LogicalProject.class)
          .oneInput(s -> s.operand(KdbTableScan.class).predicate(KdbTableScan::bare)
              .noInputs())),
      AggregateSplitRule::new);

  AggregateSplitRule(RuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    KdbTableScan scan = call.rel(call.getRelList().size() - 1);
    List<RexNode> inputs = KdbRules.aggregateInputs(call, scan);
    for (AggregateCall c : aggregate.getAggCallList()) {
      if (!PartialAggregates.splittable(c)) {
        return;
      }
    }
    ImmutableBitSet fewValued = fewValued(scan);
    AggregateTranslator translator = new AggregateTranslator(scan);
    // The inner keys: expressions the scan groups by, each the key itself or, for a key computed
    // from one column of few values only, that column.
    List<RexNode> innerKeys = new ArrayList<>();
    // Keys that are a CASE of constant branches, by the number of their branch (see branches).
    Map<RexNode, RexNode> branchKeys = new HashMap<>();
    boolean computed = false;
    RexBuilder rex = scan.getCluster().getRexBuilder();
    List<Integer> keyFields = aggregate.getGroupSet().asList();
    for (int k : keyFields) {
      RexNode e = inputs.get(k);
      ImmutableBitSet refs = RelOptUtil.InputFinder.bits(e);
      RexNode branch;
      if (!(e instanceof RexInputRef) && refs.cardinality() == 1 && fewValued.contains(refs)
          && RexUtil.isDeterministic(e)) {
        computed = true;
        add(innerKeys, rex.makeInputRef(scan, refs.nth(0)));
      } else if (e instanceof RexInputRef || translator.key(e) != null) {
        add(innerKeys, e);
      } else if ((branch = branches(rex, e)) != null && translator.key(branch) != null) {
        computed = true;
        branchKeys.put(e, branch);
        add(innerKeys, branch);
      } else {
        return;
      }
    }
    if (!computed && aggregate.getGroupType() == LogicalAggregate.Group.SIMPLE) {
      return;
    }
    RelBuilder b = call.builder();
    b.push(scan);
    List<RexNode> innerProjects = new ArrayList<>(innerKeys);
    List<List<Integer>> partialArgs = new ArrayList<>();
    for (AggregateCall c : aggregate.getAggCallList()) {
      if (c.getAggregation().getKind() == SqlKind.GROUPING) {
        continue;
      }
      List<Integer> args = new ArrayList<>();
      for (int a : c.getArgList()) {
        innerProjects.add(inputs.get(a));
        args.add(innerProjects.size() - 1);
      }
      partialArgs.add(args);
    }
    b.project(innerProjects);
    List<RelBuilder.AggCall> partial = new ArrayList<>();
    int n = 0;
    for (AggregateCall c : aggregate.getAggCallList()) {
      if (c.getAggregation().getKind() != SqlKind.GROUPING) {
        partial.add(b.aggregateCall(c.getAggregation(), b.fields(partialArgs.get(n++))));
      }
    }
    b.aggregate(b.groupKey(ImmutableBitSet.range(innerKeys.size())), partial);
    // The keys, computed from the inner keys, then the partial values.
    RexShuttle toInner = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        int at = innerKeys.indexOf(ref);
        if (at < 0) {
          throw new IllegalStateException("not an inner key: " + ref);
        }
        return b.field(at);
      }
    };
    List<RexNode> middle = new ArrayList<>();
    for (int k : keyFields) {
      RexNode e = inputs.get(k);
      RexNode branch = branchKeys.get(e);
      int at = innerKeys.indexOf(branch != null ? branch : e);
      middle.add(branch != null ? branchValue(rex, (RexCall) e, b.field(at))
          : at >= 0 ? b.field(at) : e.accept(toInner));
    }
    for (int i = 0; i < partial.size(); i++) {
      middle.add(b.field(innerKeys.size() + i));
    }
    b.project(middle);
    b.aggregate(b.groupKey(ImmutableBitSet.range(keyFields.size()),
            PartialAggregates.sets(aggregate.getGroupSets(), keyFields::indexOf)),
        PartialAggregates.combined(b, aggregate.getAggCallList(), keyFields.size(),
            keyFields::indexOf));
    b.convert(aggregate.getRowType(), false);
    call.transformTo(b.build());
  }

  /**
   * For {@code CASE WHEN c0 THEN v0 ... ELSE vn END} whose values are all literals (a BI tool's
   * buckets: {@code CASE WHEN price > 100 THEN 'high' ELSE 'low' END}): the number of the branch
   * taken, {@code CASE WHEN c0 THEN 0 ... ELSE n END}, an INTEGER the scan can group by when it
   * computes the conditions; null for any other key.
   */
  private static RexNode branches(RexBuilder rex, RexNode e) {
    if (!(e instanceof RexCall c) || c.getKind() != SqlKind.CASE) {
      return null;
    }
    List<RexNode> operands = c.getOperands();
    List<RexNode> numbered = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      boolean value = i % 2 == 1 || i == operands.size() - 1;
      if (value && !(operands.get(i) instanceof RexLiteral)) {
        return null;
      }
      numbered.add(value ? rex.makeExactLiteral(BigDecimal.valueOf(i / 2)) : operands.get(i));
    }
    return rex.makeCall(SqlStdOperatorTable.CASE, numbered);
  }

  /** The value of {@code key}, a CASE {@link #branches} numbered, from its branch number. */
  private static RexNode branchValue(RexBuilder rex, RexCall key, RexNode branch) {
    List<RexNode> operands = key.getOperands();
    List<RexNode> byBranch = new ArrayList<>();
    for (int i = 1; i < operands.size(); i += 2) {
      byBranch.add(rex.makeCall(SqlStdOperatorTable.EQUALS, branch,
          rex.makeExactLiteral(BigDecimal.valueOf(i / 2))));
      byBranch.add(operands.get(i));
    }
    byBranch.add(operands.get(operands.size() - 1));
    return rex.makeCall(key.getType(), SqlStdOperatorTable.CASE, byBranch);
  }

  private static void add(List<RexNode> keys, RexNode e) {
    if (!keys.contains(e)) {
      keys.add(e);
    }
  }

  /**
   * The scan's output fields whose columns hold few distinct values: the partition column (its
   * groups come from the partition list), symbol columns (grouped by their enumeration's
   * indices) and columns of one byte (chars, bytes, booleans: at most 256 values). A key
   * computed from one of them alone is computed once per group of that column, not once per
   * row.
   */
  private static ImmutableBitSet fewValued(KdbTableScan scan) {
    ImmutableBitSet.Builder out = ImmutableBitSet.builder();
    List<Integer> fields = scan.spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      int f = fields.get(i);
      KdbType type = scan.kdbTable.partitioned() && f == 0 ? null
          : scan.kdbTable.elementType(f);
      if (scan.kdbTable.partitioned() && f == 0 || type == KdbType.SYMBOL
          || type == KdbType.CHAR || type == KdbType.BYTE || type == KdbType.BOOLEAN) {
        out.set(i);
      }
    }
    return out.build();
  }
}
