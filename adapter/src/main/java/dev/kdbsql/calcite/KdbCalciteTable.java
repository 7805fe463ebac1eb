package dev.kdbsql.calcite;

import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableLayout;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A kdb+ table as a Calcite table: the virtual partition column first (for partitioned tables),
 * then the stored columns in {@code .d} order.
 *
 * <p>It is a {@link ProjectableFilterableTable}: Calcite hands it the projected fields and the
 * filter's conjuncts. It opens only the projected columns, reads only the partitions that the
 * conjuncts on the partition column admit (see {@link KdbPartitionPruner}), and leaves every
 * conjunct for Calcite to apply, so results never depend on the pruning. Rows stream in storage
 * order through a lazy {@link KdbEnumerator}. The storage table is read, never written.
 */
public final class KdbCalciteTable extends AbstractTable implements ProjectableFilterableTable {
  private final KdbTable table;
  private final KdbTypeMapper mapper;

  /** Creates the Calcite view of {@code table}. */
  KdbCalciteTable(KdbTable table, KdbTypeMapper mapper) {
    this.table = table;
    this.mapper = mapper;
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
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
    PartitionKind kind = table.partitionKind();
    int offset = kind == null ? 0 : 1;
    List<ColumnInfo> columns = table.columns();
    int[] fields = projects != null ? projects.clone() : allFields(columns.size() + offset);
    KdbValueReader[] readers = new KdbValueReader[fields.length];
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] >= offset) {
        readers[i] = mapper.reader(columns.get(fields[i] - offset));
      }
    }
    List<Partition> partitions = kind == null ? List.of()
        : new KdbPartitionPruner(kind).prune(table.partitions(), filters);
    AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new KdbEnumerator(table, kind == null ? table.slices() : table.slices(partitions),
            fields, readers, cancelled);
      }
    };
  }

  private static int[] allFields(int n) {
    int[] f = new int[n];
    for (int i = 0; i < n; i++) {
      f[i] = i;
    }
    return f;
  }

  @Override
  public String toString() {
    return "KdbCalciteTable(" + table + ")";
  }
}
