package dev.kdbsql.calcite;

import dev.kdbsql.calcite.exec.ScanExecutor;
import dev.kdbsql.calcite.exec.SliceRunner;
import dev.kdbsql.calcite.spec.ScanSpec;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A kdb+ table as a Calcite table: the virtual partition column first (for partitioned tables),
 * then the stored columns in {@code .d} order.
 *
 * <p>It is a {@link TranslatableTable}: {@link #toRel} returns a {@link KdbTableScan}, into which
 * {@link KdbRules} push partition pruning, projection, column filters, aggregates and
 * {@code LIMIT}; generated code then calls {@link #query} with what was pushed. Rows stream in
 * storage order ({@link ScanExecutor}). The storage table is read, never written.
 */
public final class KdbCalciteTable extends AbstractTable implements TranslatableTable {
  private final KdbTable table;
  private final KdbTypeMapper mapper;
  private final ScanExecutor executor;
  private final boolean pushdown;
  private final long joinMemory;
  private final boolean directScan;

  /**
   * Creates the Calcite view of {@code table}, scanning with {@code runner}'s threads; without
   * {@code pushdown} its scans take no work from the planner but the rows; a hash join over it
   * may build up to {@code joinMemory} bytes; with {@code directScan} a plan its scan answers
   * whole runs without generated code.
   */
  KdbCalciteTable(KdbTable table, KdbTypeMapper mapper, SliceRunner runner, boolean pushdown,
      long joinMemory, boolean directScan) {
    this.table = table;
    this.mapper = mapper;
    this.executor = new ScanExecutor(table, mapper.timespan(), runner);
    this.pushdown = pushdown;
    this.joinMemory = joinMemory;
    this.directScan = directScan;
  }

  /** What JDBC metadata shows as the table's remarks: its layout and, if any, its partitioning. */
  public String remarks() {
    TableLayout layout = table.layout();
    String text = "kdb+ " + layout.name().toLowerCase(Locale.ROOT) + " table";
    if (layout == TableLayout.PARTITIONED) {
      text += " (" + table.partitionKind().columnName() + " partitions: "
          + table.partitions().size() + ")";
    }
    return text;
  }

  /**
   * The kdb+ type of the SQL field {@code ordinal} (0-based): q's meta char, or the partition
   * kind.
   */
  public String kdbTypeOf(int ordinal) {
    PartitionKind kind = table.partitionKind();
    if (kind != null) {
      if (ordinal == 0) {
        return "virtual " + kind.columnName() + " partition column";
      }
      ordinal--;
    }
    ColumnInfo c = table.columns().get(ordinal);
    String attr = c.attribute().letter();
    return "kdb+ type " + c.type().metaChar() + (attr.isEmpty() ? "" : ", attribute " + attr + "#");
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder b = typeFactory.builder();
    PartitionKind kind = table.partitionKind();
    if (kind != null) {
      b.add(kind.columnName(), mapper.partitionType(typeFactory, kind));
    }
    for (ColumnInfo c : table.columns()) {
      b.add(c.name(), mapper.sqlType(typeFactory, c.type()));
    }
    return b.build();
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelOptCluster cluster = context.getCluster();
    int n = relOptTable.getRowType().getFieldCount();
    ScanSpec all = ScanSpec.all(table.partitions(), n);
    return new KdbTableScan(cluster, cluster.traitSetOf(KdbRel.CONVENTION), relOptTable, this,
        all, relOptTable.getRowType());
  }

  /**
   * Runs a scan as {@code spec} says ({@link ScanExecutor#execute}). Called by generated code
   * ({@link KdbMethod#QUERY}), or directly when the scan is the whole plan ({@link DirectScan}).
   */
  public Enumerable<Object> query(DataContext root, ScanSpec spec) {
    return executor.execute(root, spec);
  }

  /** The storage table behind this Calcite table. */
  KdbTable storageTable() {
    return table;
  }

  /** The executor of this table's scans. */
  ScanExecutor executor() {
    return executor;
  }

  /** Whether the planner may push work into this table's scans. */
  boolean pushdown() {
    return pushdown;
  }

  /** The most bytes (estimated) the build side of a hash join may take. */
  long joinMemory() {
    return joinMemory;
  }

  /**
   * Whether a statement this table's scan answers whole may be planned without the cost-based
   * planner and run without generated code.
   */
  boolean directScan() {
    return directScan;
  }

  /** Whether the table has a virtual partition column (field 0). */
  boolean partitioned() {
    return table.partitionKind() != null;
  }

  /** Number of partitions of the database (0 if not partitioned). */
  int partitionCount() {
    return table.partitions().size();
  }

  /** Names of all fields: the partition column (if any), then the stored columns. */
  List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    if (partitioned()) {
      names.add(table.partitionKind().columnName());
    }
    table.columns().forEach(c -> names.add(c.name()));
    return names;
  }

  /** The type of the stored column behind table field {@code field} (not the partition column). */
  ColumnType columnType(int field) {
    return table.columns().get(field - (partitioned() ? 1 : 0)).type();
  }

  /** The element type of the stored column behind table field {@code field}, or null. */
  KdbType elementType(int field) {
    int offset = partitioned() ? 1 : 0;
    if (field < offset) {
      return null;
    }
    ColumnType t = table.columns().get(field - offset).type();
    return t.nested() ? null : t.element();
  }

  /**
   * The partition pruner for a filter over input fields {@code fields}; null if not partitioned.
   */
  PartitionPruner pruner(int[] fields) {
    if (!partitioned()) {
      return null;
    }
    int ref = -1;
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] == 0) {
        ref = i;
      }
    }
    return new PartitionPruner(table.partitionKind(), ref);
  }

  /**
   * The predicate translator for a filter over input fields {@code fields}, whose conditions of
   * one text column alone compile with {@code rexBuilder}'s types.
   */
  PredicateTranslator translator(int[] fields, RexBuilder rexBuilder) {
    return new PredicateTranslator(table.columns(), partitioned() ? 1 : 0,
        table.partitionKind() == PartitionKind.DATE, fieldNames(), fields, mapper.timespan(),
        new ExprTranslator(this, i -> fields[i], rexBuilder), rexBuilder);
  }

  @Override
  public String toString() {
    return "KdbCalciteTable(" + table + ")";
  }
}
