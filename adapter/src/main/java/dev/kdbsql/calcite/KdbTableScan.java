package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.ScanSpec;
import dev.kdbsql.storage.Partition;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Relational expression that reads a kdb+ table in the {@link KdbRel#CONVENTION}: everything the
 * rules pushed into it is in its {@link ScanSpec}, and {@link #explainTerms} shows all of it
 * (partitions, fields, enforced filter, remaining filter, group, aggregate, fetch), so a plan reads
 * like the scan's specification. Registers {@link KdbRules#RULES} with the planner.
 *
 * <p>The row count estimate never touches the files (planning must not read data, nor fail on a
 * corrupt partition): it assumes a fixed number of rows per partition, scaled by what is pushed.
 */
final class KdbTableScan extends TableScan implements KdbRel {
  /** Rows assumed per slice when estimating; only the ratios between plans matter. */
  private static final double ROWS_PER_SLICE = 100_000;

  final KdbCalciteTable kdbTable;
  final ScanSpec spec;
  private final RelDataType outputType;

  /** Creates a scan of {@code kdbTable} doing {@code spec}, producing {@code rowType}. */
  KdbTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      KdbCalciteTable kdbTable, ScanSpec spec, RelDataType rowType) {
    super(cluster, traits, List.of(), table);
    this.kdbTable = kdbTable;
    this.spec = spec;
    this.outputType = rowType;
  }

  /** A scan of the same table doing {@code newSpec} and producing {@code rowType}. */
  KdbTableScan with(ScanSpec newSpec, RelDataType rowType) {
    return new KdbTableScan(getCluster(), getTraitSet(), getTable(), kdbTable, newSpec, rowType);
  }

  /**
   * Whether this scan still reads rows only, filtered at most: no aggregate, limit, sort or
   * residual predicate of its own yet, so that an aggregate or a sort above it may move into it.
   */
  boolean bare() {
    return !spec.aggregated() && spec.fetch() < 0 && spec.remaining() == null
        && spec.sort().isEmpty();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new KdbTableScan(getCluster(), traitSet, getTable(), kdbTable, spec, outputType);
  }

  @Override
  public RelDataType deriveRowType() {
    return outputType;
  }

  /**
   * Registers {@link KdbRules#RULES} and the hash join rule with this table's memory limit (the
   * first table registered sets it for the query), or only the converter out of the convention.
   */
  @Override
  public void register(RelOptPlanner planner) {
    if (!kdbTable.pushdown()) {
      planner.addRule(KdbRules.TO_ENUMERABLE);
      return;
    }
    KdbRules.RULES.forEach(planner::addRule);
    planner.addRule(KdbHashJoinRule.of(kdbTable.joinMemory()));
    planner.addRule(org.apache.calcite.rel.rules.CoreRules.AGGREGATE_JOIN_TRANSPOSE_EXTENDED);
    planner.addRule(org.apache.calcite.rel.rules.CoreRules.PROJECT_JOIN_TRANSPOSE);
    planner.addRule(org.apache.calcite.rel.rules.CoreRules.AGGREGATE_PROJECT_MERGE);
    planner.addRule(
        org.apache.calcite.rel.rules.CoreRules.AGGREGATE_EXPAND_DISTINCT_AGGREGATES_TO_JOIN);
    // A UNION of scans: each input's duplicates removed in its scan, then the union's.
    planner.addRule(org.apache.calcite.rel.rules.CoreRules.UNION_TO_DISTINCT);
    planner.addRule(org.apache.calcite.rel.rules.CoreRules.AGGREGATE_UNION_TRANSPOSE);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    super.explainTerms(pw);
    if (kdbTable.partitioned()) {
      int all = kdbTable.partitionCount();
      pw.item("partitions", spec.partitions().size() == all ? "all " + all
          : spec.partitions().size() + " of " + all + ": " + spec.partitions().stream()
              .map(Partition::name).collect(Collectors.joining(", ", "[", "]")));
    }
    if (!spec.aggregated()) {
      List<String> names = kdbTable.fieldNames();
      pw.item("fields", spec.fields().stream().map(names::get).collect(Collectors.joining(", ")));
    }
    return pw.itemIf("filter", spec.filter(), spec.filter() != null)
        .itemIf("remaining", spec.remaining(), spec.remaining() != null)
        .itemIf("group", spec.keys().stream().map(Object::toString)
            .collect(Collectors.joining(", ")), !spec.keys().isEmpty())
        .itemIf("aggregate", spec.aggregates().stream().map(Object::toString)
            .collect(Collectors.joining(", ")), !spec.aggregates().isEmpty())
        .itemIf("sort", spec.sort().stream()
            .map(k -> k.describe(k.computed() ? null : sortFieldName(k.position())))
            .collect(Collectors.joining(", ")), !spec.sort().isEmpty())
        .itemIf("fetch", spec.fetch(), spec.fetch() >= 0);
  }

  /** The name of the scan's output column {@code position}, which a sort key refers to. */
  private String sortFieldName(int position) {
    return spec.aggregated() ? outputType.getFieldNames().get(position)
        : kdbTable.fieldNames().get(spec.fields().get(position));
  }

  /** Rows read before the filter: slices times a fixed estimate, bounded by a fetch. */
  private double rowsRead() {
    double read = Math.max(1, kdbTable.partitioned() ? spec.partitions().size() : 1)
        * ROWS_PER_SLICE;
    if (spec.fetch() >= 0 && spec.sort().isEmpty() && !spec.aggregated()) {
      read = Math.min(read, spec.evaluated() == null ? spec.fetch() : 4.0 * spec.fetch());
    }
    return read;
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    if (spec.aggregated()) {
      // Some groups per key, never more than a tenth of the rows read: each added key multiplies
      // the groups, but an aggregate in the scan is always cheaper than one over its rows.
      double groups = spec.keys().isEmpty() ? 1
          : Math.min(Math.pow(100, spec.keys().size()), rowsRead() / 10);
      return spec.fetch() >= 0 ? Math.min(groups, spec.fetch()) : groups;
    }
    double rows = rowsRead() * (spec.evaluated() == null ? 1 : 0.25);
    return spec.fetch() >= 0 ? Math.min(rows, spec.fetch()) : rows;
  }

  /**
   * CPU is rows read times the share of columns mapped; anything pushed makes the scan cheaper.
   * Volcano compares costs on their row counts alone ({@code VolcanoCost}), so a row scan's row
   * count is scaled by its share of the fields too, as Calcite's CSV adapter scales its whole
   * cost: of two scans of the same rows under the same projection, the one that maps fewer
   * columns wins, where they would tie and the first found would be kept.
   */
  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double width = (spec.fields().size() + 1.0) / (kdbTable.fieldNames().size() + 1.0);
    // A top-N reads only its sort keys for most rows; a sort without a limit reads them all.
    double cpu = rowsRead() * (spec.aggregated() ? 0.01
        : spec.sort().isEmpty() || spec.fetch() < 0 ? width
        : spec.sort().size() / (kdbTable.fieldNames().size() + 1.0))
        * (spec.evaluated() == null ? 1 : 0.5);
    double rows = estimateRowCount(mq) * (spec.aggregated() ? 1 : width);
    return planner.getCostFactory().makeCost(rows, cpu, 0);
  }

  @Override
  public void implement(Implementor implementor) {
    implementor.table = kdbTable;
    implementor.spec = spec;
  }
}
