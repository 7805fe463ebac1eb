package dev.kdbsql.calcite;

import dev.kdbsql.calcite.KdbRules.RuleConfig;
import dev.kdbsql.calcite.exec.TopN;
import dev.kdbsql.calcite.spec.Expr;
import dev.kdbsql.calcite.spec.SortKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The rules of {@link KdbRules} that take a sort or a limit into a kdb+ scan: a fetch without
 * ordering (the scan stops reading), {@code ORDER BY ... LIMIT} as a top-N, {@code ORDER BY}
 * alone, the ordering of groups an aggregate in the scan computes, a top-N on keys computed
 * from the row, and a top-N over a join as a top-N of its probe scan.
 */
final class SortScanRules {
  private SortScanRules() {
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
      long rows = topRows(sort);
      if (rows < 0) {
        return;
      }
      List<SortKey> keys = new ArrayList<>();
      for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
        keys.add(sortKey(fc));
      }
      KdbTableScan top = new KdbTableScan(scan.getCluster(),
          scan.getTraitSet().replace(sort.getCollation()), scan.getTable(), scan.kdbTable,
          scan.spec.withTopN(keys, rows), scan.getRowType());
      call.transformTo(!skips(sort) ? top
          : sort.copy(sort.getTraitSet(), top, sort.getCollation(), sort.offset, sort.fetch));
    }
  }

  /**
   * Rule that computes {@code ORDER BY ... LIMIT n} on keys computed from the row
   * ({@code ORDER BY price * size DESC}, {@code ORDER BY ask - bid}) as a top-N of the scan under
   * the projection that computes them: the scan evaluates each computed key a block at a time
   * ({@link ExprTranslator}'s expressions, exactly as Calcite's code computes them) and keeps its
   * best {@code offset + n} rows, so the projection and Calcite's sort above it see those rows
   * only, where they would see every row. Keys that are the projection's plain columns are the
   * scan's fields; a key the scan cannot compute leaves the plan to Calcite.
   */
  static final class ComputedTopNScanRule extends RelRule<RuleConfig> {
    static final RuleConfig DEFAULT = RuleConfig.of("KdbComputedTopNScanRule",
        b -> b.operand(LogicalSort.class)
            .predicate(s -> !s.getCollation().getFieldCollations().isEmpty()
                && s.fetch instanceof RexLiteral
                && (s.offset == null || s.offset instanceof RexLiteral))
            .oneInput(p -> p.operand(LogicalProject.class)
                .oneInput(s -> s.operand(KdbTableScan.class).predicate(KdbTableScan::bare)
                    .noInputs())),
        ComputedTopNScanRule::new);

    /** Creates a ComputedTopNScanRule. */
    ComputedTopNScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalSort sort = call.rel(0);
      LogicalProject project = call.rel(1);
      KdbTableScan scan = call.rel(2);
      long rows = topRows(sort);
      if (rows < 0) {
        return;
      }
      ExprTranslator translator = new ExprTranslator(scan.kdbTable, scan.spec.fields()::get,
          scan.getCluster().getRexBuilder());
      int width = scan.spec.fields().size();
      int computed = 0;
      List<SortKey> keys = new ArrayList<>();
      for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
        RexNode e = project.getProjects().get(fc.getFieldIndex());
        SortKey k = sortKey(fc);
        if (e instanceof RexInputRef ref) {
          keys.add(new SortKey(ref.getIndex(), k.descending(), k.nullsFirst()));
          continue;
        }
        Expr x = translator.expr(e);
        if (x == null) {
          return;
        }
        keys.add(new SortKey(width + computed++, k.descending(), k.nullsFirst(), x));
      }
      if (computed == 0) {
        // Plain columns: the sort moves past the projection to TopNScanRule.
        return;
      }
      KdbTableScan top = scan.with(scan.spec.withTopN(keys, rows), scan.getRowType());
      call.transformTo(sort.copy(sort.getTraitSet(),
          project.copy(project.getTraitSet(), List.of(top)), sort.getCollation(), sort.offset,
          sort.fetch));
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
      long rows = topRows(sort);
      if (rows < 0) {
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
      KdbTableScan top = scan.with(scan.spec.withTopN(keys, rows), scan.getRowType());
      RelNode other = join.getInput(scanLeft ? 1 : 0);
      RelNode probe = convert(top, top.getTraitSet().replace(EnumerableConvention.INSTANCE));
      RelNode build = convert(other, other.getTraitSet().replace(EnumerableConvention.INSTANCE));
      KdbHashJoin joined = KdbHashJoin.topN(scanLeft ? probe : build, scanLeft ? build : probe,
          join.getCondition(), scanLeft, scan.kdbTable.joinMemory());
      call.transformTo(sort.copy(sort.getTraitSet(), joined, sort.getCollation(), sort.offset,
          sort.fetch));
    }
  }

  /**
   * The rows a top-N of the scan keeps for {@code sort} (literal fetch and offset): its
   * {@code offset + fetch}, or -1 when more than {@link TopN#MAX_ROWS}, which Calcite sorts.
   */
  private static long topRows(LogicalSort sort) {
    Long fetch = ((RexLiteral) sort.fetch).getValueAs(Long.class);
    Long offset = sort.offset == null ? Long.valueOf(0)
        : ((RexLiteral) sort.offset).getValueAs(Long.class);
    return fetch == null || offset == null || fetch + offset > TopN.MAX_ROWS ? -1
        : fetch + offset;
  }

  /** Whether {@code sort} skips rows: an {@code OFFSET} other than 0, which stays above a top-N. */
  private static boolean skips(LogicalSort sort) {
    Long offset = sort.offset == null ? null : ((RexLiteral) sort.offset).getValueAs(Long.class);
    return offset != null && offset != 0;
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
}
