package dev.kdbsql.calcite;

import dev.kdbsql.calcite.exec.FilterEvaluator;
import dev.kdbsql.calcite.exec.ParameterBinder;
import dev.kdbsql.calcite.exec.ParameterContext;
import dev.kdbsql.calcite.exec.Selection;
import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.ScanSpec;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.TableSlice;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.sql.SqlKind;

/**
 * A SQL query that the planner turned into nothing but a kdb+ scan returning rows: a
 * {@code KdbToEnumerableConverter} directly over a {@code KdbTableScan} that does not aggregate
 * and leaves no filter for Calcite to re-apply. Such a query can be answered straight from the
 * mapped columns, without JDBC rows (the Arrow export does so): read the {@link #partitions()},
 * keep in each slice the rows {@link #filter(List)} selects, in storage order, stop after
 * {@link #fetch()} rows, and return the {@link #columns()} in that order.
 *
 * <p>Made by {@link #of} from the optimized plan of a statement, as the driver prepares it.
 */
public final class ScanPlan {
  /** What {@link #of} found: the pure scan, or why the plan is not one. */
  public record Analysis(ScanPlan plan, String reason) {
  }

  private final KdbCalciteTable table;
  private final ScanSpec spec;
  private final int[] fields;

  private ScanPlan(KdbCalciteTable table, ScanSpec spec, int[] fields) {
    this.table = table;
    this.spec = spec;
    this.fields = fields;
  }

  /**
   * The pure scan the optimized plan {@code root} consists of, or (with a null plan) why it is
   * not one; the reason of a pure scan describes it, for messages.
   */
  public static Analysis of(RelRoot root) {
    String why = whyNotPure(root);
    if (why != null) {
      return new Analysis(null, why);
    }
    KdbTableScan scan = (KdbTableScan) root.rel.getInput(0);
    int[] fields = new int[root.fields.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = scan.spec.fields().get(root.fields.leftList().get(i));
    }
    ScanPlan plan = new ScanPlan(scan.kdbTable, scan.spec, fields);
    return new Analysis(plan, "pure scan of " + plan.table().name());
  }

  /** Null when {@code root} is a pure scan, else why not. */
  private static String whyNotPure(RelRoot root) {
    if (root.kind != SqlKind.SELECT && root.kind != SqlKind.ORDER_BY) {
      return "not a query (" + root.kind + ")";
    }
    if (!root.collation.getFieldCollations().isEmpty()) {
      return "ORDER BY";
    }
    RelNode top = root.rel;
    if (!(top instanceof KdbToEnumerableConverter)
        || !(top.getInput(0) instanceof KdbTableScan scan)) {
      KdbTableScan below = scanUnder(top);
      return below != null && below.spec.remaining() != null
          ? "part of the filter is re-applied by Calcite (" + below.spec.remaining() + ")"
          : "the plan is more than a kdb+ scan (top: " + top.getRelTypeName() + ")";
    }
    if (scan.spec.aggregated()) {
      return "the scan aggregates";
    }
    if (!scan.spec.sort().isEmpty()) {
      return "the scan orders its rows";
    }
    if (scan.spec.remaining() != null) {
      return "part of the filter is re-applied by Calcite (" + scan.spec.remaining() + ")";
    }
    return null;
  }

  /** The scan under a single chain of one-input operators from {@code rel}, or null. */
  private static KdbTableScan scanUnder(RelNode rel) {
    while (rel.getInputs().size() == 1) {
      rel = rel.getInput(0);
    }
    return rel instanceof KdbTableScan s ? s : null;
  }

  /** The storage table the scan reads. */
  public KdbTable table() {
    return table.storageTable();
  }

  /**
   * The partitions the scan reads, pruned by the filter, in storage order; empty for a table
   * that is not partitioned (which is one slice, {@link KdbTable#slices()}).
   */
  public List<Partition> partitions() {
    return table.partitioned() ? spec.partitions() : List.of();
  }

  /** Opens the slices the scan reads, in order; the caller closes them. */
  public List<TableSlice> openSlices() {
    return table.executor().slices(spec);
  }

  /**
   * The result columns in order: the index of the stored column in {@link KdbTable#columns()},
   * or -1 for the virtual partition column. A column may appear more than once. Names (aliases)
   * are those of the statement's result metadata.
   */
  public int[] columns() {
    int offset = table.partitioned() ? 1 : 0;
    int[] out = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      out[i] = fields[i] - offset;
    }
    return out;
  }

  /** The most rows to return in all, or -1 for no limit. */
  public long fetch() {
    return spec.fetch();
  }

  /**
   * The row filter of one execution, with the dynamic parameters ({@code ?}, 0-based in
   * {@code parameters}) bound; null when every row of every slice is kept.
   */
  public RowFilter filter(List<?> parameters) {
    Predicate bound = ParameterBinder.bind(spec.filter(), ParameterContext.of(parameters));
    return bound == null ? null : new RowFilter(bound, table.executor().evaluator());
  }

  /** Selects the rows of a slice, evaluating the filter over its mapped columns. */
  public static final class RowFilter {
    private final Predicate filter;
    private final FilterEvaluator evaluator;

    private RowFilter(Predicate filter, FilterEvaluator evaluator) {
      this.filter = filter;
      this.evaluator = evaluator;
    }

    /** The rows of {@code slice} the filter keeps. Thread-safe. */
    public Selection select(TableSlice slice) {
      return evaluator.select(filter, slice, slice.rowCount());
    }

    @Override
    public String toString() {
      return filter.toString();
    }
  }

  @Override
  public String toString() {
    return "ScanPlan(" + table().name() + ", partitions " + spec.partitions().size()
        + ", columns " + Arrays.toString(columns()) + ", filter " + spec.filter()
        + ", fetch " + spec.fetch() + ")";
  }
}
