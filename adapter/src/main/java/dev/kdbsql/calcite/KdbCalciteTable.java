package dev.kdbsql.calcite;

import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableLayout;
import dev.kdbsql.storage.TableSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.util.ImmutableIntList;

/**
 * A kdb+ table as a Calcite table: the virtual partition column first (for partitioned tables),
 * then the stored columns in {@code .d} order.
 *
 * <p>It is a {@link TranslatableTable}: {@link #toRel} returns a {@link KdbTableScan}, into which
 * {@link KdbRules} push partition pruning, projection, column filters, aggregates and
 * {@code LIMIT}; generated code then calls {@link #query} with what was pushed. Rows stream in
 * storage order through a lazy {@link KdbEnumerator}. The storage table is read, never written.
 */
public final class KdbCalciteTable extends AbstractTable implements TranslatableTable {
  /**
   * Aggregates over fewer partitions than this split them into about this many ranges in all
   * (ranges of a multiple of 64 rows, as {@link KdbAggregator#partial} needs), so that every
   * thread gets an equal share of one date; never into ranges under MIN_RANGE_ROWS rows, whose
   * fixed cost (a grouper, a partial to merge) would outweigh the gain.
   */
  private static final int SPLIT_BELOW_SLICES = 8;
  private static final long MIN_RANGE_ROWS = 1 << 16;

  private final KdbTable table;
  private final KdbTypeMapper mapper;
  private final KdbSliceRunner runner;
  private final KdbPartedRuns partedRuns = new KdbPartedRuns();

  /** Creates the Calcite view of {@code table}, scanning with {@code runner}'s threads. */
  KdbCalciteTable(KdbTable table, KdbTypeMapper mapper, KdbSliceRunner runner) {
    this.table = table;
    this.mapper = mapper;
    this.runner = runner;
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

  /** The kdb+ type of the SQL field {@code ordinal} (0-based): q's meta char, or the partition kind. */
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
    KdbScanSpec all = new KdbScanSpec(table.partitions(), ImmutableIntList.identity(n), null,
        null, List.of(), List.of(), -1);
    return new KdbTableScan(cluster, cluster.traitSetOf(KdbRel.CONVENTION), relOptTable, this,
        all, relOptTable.getRowType());
  }

  /**
   * Runs a scan as {@code spec} says: rows of the spec's fields in storage order, from the spec's
   * partitions, selected by its filter, at most its fetch; or its aggregate rows.
   * A row is an {@code Object[]}, or the value itself when there is exactly one field (Enumerable's
   * scalar row format). Lazy: nothing is opened until the first row is asked for. Called via code
   * generation ({@link KdbMethod#QUERY}).
   */
  public Enumerable<Object> query(DataContext root, KdbScanSpec spec) {
    Enumerable<Object[]> rows = spec.aggregated() ? aggregates(root, spec) : rows(root, spec);
    if (spec.width() == 1) {
      return rows.select(r -> r[0]);
    }
    @SuppressWarnings("unchecked")
    Enumerable<Object> arrays = (Enumerable<Object>) (Enumerable<?>) rows;
    return arrays;
  }

  /**
   * The aggregate rows of a scan: each slice's partial aggregates computed on the runner's
   * threads (filter, then {@link KdbAggregator#partial}), merged in slice order.
   */
  private Enumerable<Object[]> aggregates(DataContext root, KdbScanSpec spec) {
    AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    KdbPredicate filter = KdbParameters.bind(spec.evaluated(), root);
    int offset = partitioned() ? 1 : 0;
    KdbFilterEvaluator evaluator = new KdbFilterEvaluator(offset, partedRuns);
    KdbAggregator aggregator = new KdbAggregator(spec.keys, spec.aggregates, offset,
        table.partitionKind(), f -> mapper.reader(table.columns().get(f - offset)));
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        List<TableSlice> slices = slices(spec);
        // Few partitions (one date): split into ranges so that every thread works. The split
        // depends only on the query, so results never depend on the thread count.
        int ranges = slices.isEmpty() || slices.size() >= SPLIT_BELOW_SLICES ? 1
            : (SPLIT_BELOW_SLICES + slices.size() - 1) / slices.size();
        List<KdbAggregator.Partial> partials = runner.mapRanges(slices, ranges, MIN_RANGE_ROWS,
            cancelled,
            (s, from, to) -> aggregator.partial(s, filter == null ? null
                : evaluator.select(filter, s, s.rowCount(), from, to), from, to));
        List<Object[]> groups = aggregator.merge(partials);
        if (!spec.sort.isEmpty()) {
          // Stable: groups that tie stay in the aggregate's order, as in Calcite's sort.
          groups.sort((a, b) -> KdbSortKey.compare(spec.sort, a, b));
        }
        if (spec.fetch >= 0 && groups.size() > spec.fetch) {
          groups = groups.subList(0, (int) spec.fetch);
        }
        return Linq4j.enumerator(groups);
      }
    };
  }

  private Enumerable<Object[]> rows(DataContext root, KdbScanSpec spec) {
    AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    KdbPredicate filter = KdbParameters.bind(spec.evaluated(), root);
    int offset = partitioned() ? 1 : 0;
    KdbFilterEvaluator evaluator = new KdbFilterEvaluator(offset, partedRuns);
    int[] fields = spec.fields.toIntArray();
    KdbValueReader[] readers = new KdbValueReader[fields.length];
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] >= offset) {
        readers[i] = mapper.reader(table.columns().get(fields[i] - offset));
      }
    }
    if (!spec.sort.isEmpty()) {
      KdbTopN top = new KdbTopN(spec, fields, readers, offset, table.partitionKind(),
          mapper.timespan());
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<Object[]> enumerator() {
          return Linq4j.enumerator(top.run(slices(spec), runner, cancelled, filter, evaluator));
        }
      };
    }
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new KdbEnumerator(table, slices(spec), fields, readers,
            new KdbEnumerator.Selection(filter, evaluator, spec.fetch), cancelled, runner);
      }
    };
  }

  private List<TableSlice> slices(KdbScanSpec spec) {
    return partitioned() ? table.slices(spec.partitions) : table.slices();
  }

  /** The storage table behind this Calcite table. */
  KdbTable storageTable() {
    return table;
  }

  /** The filter evaluator of this table's scans. */
  KdbFilterEvaluator evaluator() {
    return new KdbFilterEvaluator(partitioned() ? 1 : 0, partedRuns);
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

  /** The partition pruner for a filter over input fields {@code fields}; null if not partitioned. */
  KdbPartitionPruner pruner(int[] fields) {
    if (!partitioned()) {
      return null;
    }
    int ref = -1;
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] == 0) {
        ref = i;
      }
    }
    return new KdbPartitionPruner(table.partitionKind(), ref);
  }

  /** The predicate translator for a filter over input fields {@code fields}. */
  KdbPredicateTranslator translator(int[] fields) {
    return new KdbPredicateTranslator(table.columns(), partitioned() ? 1 : 0, fieldNames(),
        fields, mapper.timespan());
  }

  @Override
  public String toString() {
    return "KdbCalciteTable(" + table + ")";
  }
}
