package dev.kdbsql.calcite;

import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.TableSlice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlKind;

/**
 * A SQL query that the planner turned into nothing but a kdb+ scan returning rows: a
 * {@code KdbToEnumerableConverter} directly over a {@code KdbTableScan} that does not aggregate
 * and leaves no filter for Calcite to re-apply. Such a query can be answered straight from the
 * mapped columns, without JDBC rows (the Arrow export does so): read the {@link #partitions()},
 * keep in each slice the rows {@link #selection(List)} selects, in storage order, stop after
 * {@link #fetch()} rows, and return the {@link #columns()} in that order.
 *
 * <p>{@link #prepare} plans the query exactly as the driver does, by preparing it on the
 * driver's connection while listening to Calcite's thread-local
 * {@link Hook#PLAN_BEFORE_IMPLEMENTATION}, which hands over the optimized plan just before code
 * is generated for it. The prepared statement is returned too, so a caller that cannot use the
 * scan runs the very statement that was planned.
 */
public final class KdbScanPlan {
  /** A statement prepared on a jdbc:kdb: connection, and its scan when it is a pure one. */
  public static final class Prepared implements AutoCloseable {
    private final PreparedStatement statement;
    private final KdbScanPlan scan;
    private final String reason;

    private Prepared(PreparedStatement statement, KdbScanPlan scan, String reason) {
      this.statement = statement;
      this.scan = scan;
      this.reason = reason;
    }

    /** The prepared statement; closed by {@link #close()}. */
    public PreparedStatement statement() {
      return statement;
    }

    /** The pure scan the query planned to, or empty. */
    public Optional<KdbScanPlan> scan() {
      return Optional.ofNullable(scan);
    }

    /** Why the query is not a pure scan (for messages), or the scan's description. */
    public String reason() {
      return reason;
    }

    @Override
    public void close() throws SQLException {
      statement.close();
    }
  }

  private final KdbCalciteTable table;
  private final KdbScanSpec spec;
  private final int[] fields;

  private KdbScanPlan(KdbCalciteTable table, KdbScanSpec spec, int[] fields) {
    this.table = table;
    this.spec = spec;
    this.fields = fields;
  }

  /**
   * Prepares {@code sql} on {@code connection} (a jdbc:kdb: connection, or any Calcite
   * connection with kdb+ tables) and tells whether it planned to a pure scan. The caller closes
   * the result, which closes the statement.
   */
  public static Prepared prepare(Connection connection, String sql) throws SQLException {
    RelRoot[] captured = new RelRoot[1];
    PreparedStatement statement;
    try (Hook.Closeable hook = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread(
        (RelRoot root) -> captured[0] = root)) {
      // Planned afresh: a query the driver prepared before would not pass the hook.
      statement = KdbPlanning.afresh(() -> connection.prepareStatement(sql));
    }
    if (captured[0] == null) {
      return new Prepared(statement, null, "the statement was not planned by Calcite");
    }
    RelRoot root = captured[0];
    String why = whyNotPure(root);
    if (why != null) {
      return new Prepared(statement, null, why);
    }
    KdbTableScan scan = (KdbTableScan) root.rel.getInput(0);
    int[] fields = new int[root.fields.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = scan.spec.fields.getInt(root.fields.leftList().get(i));
    }
    KdbScanPlan plan = new KdbScanPlan(scan.kdbTable, scan.spec, fields);
    return new Prepared(statement, plan, "pure scan of " + plan.table().name());
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
      return below != null && below.spec.remaining != null
          ? "part of the filter is re-applied by Calcite (" + below.spec.remaining + ")"
          : "the plan is more than a kdb+ scan (top: " + top.getRelTypeName() + ")";
    }
    if (scan.spec.aggregated()) {
      return "the scan aggregates";
    }
    if (scan.spec.remaining != null) {
      return "part of the filter is re-applied by Calcite (" + scan.spec.remaining + ")";
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
    return table.partitioned() ? spec.partitions : List.of();
  }

  /** Opens the slices the scan reads, in order; the caller closes them. */
  public List<TableSlice> openSlices() {
    KdbTable t = table();
    return table.partitioned() ? t.slices(spec.partitions) : t.slices();
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
    return spec.fetch;
  }

  /**
   * The row filter of one execution, with the dynamic parameters ({@code ?}, 0-based in
   * {@code parameters}) bound; null when every row of every slice is kept.
   */
  public Selection selection(List<?> parameters) {
    KdbPredicate bound = KdbParameters.bind(spec.filter, KdbScanParameters.of(parameters));
    return bound == null ? null
        : new Selection(bound, table.evaluator());
  }

  /** Selects the rows of a slice, evaluating the filter over its mapped columns. */
  public static final class Selection {
    private final KdbPredicate filter;
    private final KdbFilterEvaluator evaluator;

    private Selection(KdbPredicate filter, KdbFilterEvaluator evaluator) {
      this.filter = filter;
      this.evaluator = evaluator;
    }

    /**
     * The rows of {@code slice} the filter keeps, as a bitmap: bit {@code r & 63} of word
     * {@code r >>> 6} is set when row {@code r} is kept. Thread-safe.
     */
    public long[] select(TableSlice slice) {
      long rows = slice.rowCount();
      return evaluator.select(filter, slice, rows);
    }

    @Override
    public String toString() {
      return filter.toString();
    }
  }

  @Override
  public String toString() {
    return "KdbScanPlan(" + table().name() + ", partitions " + spec.partitions.size()
        + ", columns " + java.util.Arrays.toString(columns()) + ", filter " + spec.filter
        + ", fetch " + spec.fetch + ")";
  }
}
