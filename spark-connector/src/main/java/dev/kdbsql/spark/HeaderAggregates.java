package dev.kdbsql.spark;

import dev.kdbsql.spark.vector.SparkValues;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableLayout;
import dev.kdbsql.storage.TableSlice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Aggregates answered without reading a column: {@code COUNT(*)} (and {@code COUNT} of the
 * partition column or of a boolean column, which hold no nulls) from the row counts in file
 * headers, {@code COUNT(DISTINCT)}, {@code MIN} and {@code MAX} of the partition column from the
 * partitions that hold rows; over the whole table or grouped by the partition column. Spark pushes
 * them only when no filter is left for it to apply, so the counts are the answer; a partition
 * without rows forms no group, as in SQL.
 */
final class HeaderAggregates {
  private enum Kind {
    COUNT,
    COUNT_PARTITIONS,
    MIN_PARTITION,
    MAX_PARTITION
  }

  private final KdbTable table;
  private final boolean grouped;
  private final List<Kind> kinds;
  private final List<String> labels;

  private HeaderAggregates(KdbTable table, boolean grouped, List<Kind> kinds,
      List<String> labels) {
    this.table = table;
    this.grouped = grouped;
    this.kinds = kinds;
    this.labels = labels;
  }

  /** The aggregation as header aggregates, or null when some part of it needs column data. */
  static HeaderAggregates of(Aggregation aggregation, KdbTable table, String partitionColumn) {
    Expression[] groups = aggregation.groupByExpressions();
    if (groups.length > 1 || groups.length == 1 && !isColumn(groups[0], partitionColumn)) {
      return null;
    }
    List<Kind> kinds = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (AggregateFunc f : aggregation.aggregateExpressions()) {
      Kind k = kind(f, table, partitionColumn);
      if (k == null) {
        return null;
      }
      kinds.add(k);
      labels.add(f.toString());
    }
    return new HeaderAggregates(table, groups.length == 1, List.copyOf(kinds),
        List.copyOf(labels));
  }

  private static Kind kind(AggregateFunc f, KdbTable table, String partitionColumn) {
    if (f instanceof CountStar) {
      return Kind.COUNT;
    }
    if (f instanceof Count c) {
      if (isColumn(c.column(), partitionColumn)) {
        return c.isDistinct() ? Kind.COUNT_PARTITIONS : Kind.COUNT;
      }
      if (!c.isDistinct() && c.column() instanceof NamedReference r
          && r.fieldNames().length == 1) {
        int i = table.columnIndex(r.fieldNames()[0]);
        return i >= 0 && !table.columns().get(i).type().nested()
            && table.columns().get(i).type().element() == KdbType.BOOLEAN ? Kind.COUNT : null;
      }
      return null;
    }
    if (f instanceof Min m && isColumn(m.column(), partitionColumn)) {
      return Kind.MIN_PARTITION;
    }
    if (f instanceof Max m && isColumn(m.column(), partitionColumn)) {
      return Kind.MAX_PARTITION;
    }
    return null;
  }

  private static boolean isColumn(Expression e, String column) {
    return column != null && e instanceof NamedReference r && r.fieldNames().length == 1
        && r.fieldNames()[0].equals(column);
  }

  /** The output: the partition column when grouped, then one field per aggregate. */
  StructType schema() {
    List<StructField> fields = new ArrayList<>();
    PartitionKind kind = table.partitionKind();
    if (grouped) {
      fields.add(new StructField(kind.columnName(), SparkTypes.partitionType(kind), false,
          org.apache.spark.sql.types.Metadata.empty()));
    }
    for (int i = 0; i < kinds.size(); i++) {
      DataType t = kinds.get(i) == Kind.COUNT || kinds.get(i) == Kind.COUNT_PARTITIONS
          ? DataTypes.LongType : SparkTypes.partitionType(kind);
      fields.add(new StructField(labels.get(i), t, kinds.get(i) == Kind.MIN_PARTITION
          || kinds.get(i) == Kind.MAX_PARTITION, org.apache.spark.sql.types.Metadata.empty()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** The aggregates and groups, as {@code Integer} (dates), {@code Long} or null values. */
  List<Object[]> compute(List<Partition> partitions) {
    Map<Partition, Long> rows = new LinkedHashMap<>();
    long total = 0;
    List<TableSlice> slices = table.layout() == TableLayout.PARTITIONED
        ? table.slices(partitions) : table.slices();
    try {
      for (TableSlice s : slices) {
        long n = s.rowCount();
        total += n;
        if (s.partition() != null && n > 0) {
          rows.merge(s.partition(), n, Long::sum);
        }
      }
    } finally {
      TableSlice.closeAll(slices);
    }
    List<Object[]> out = new ArrayList<>();
    if (grouped) {
      rows.forEach((p, n) -> out.add(row(p, n, 1, p, p)));
    } else {
      List<Partition> held = new ArrayList<>(rows.keySet());
      out.add(row(null, total, held.size(), held.isEmpty() ? null : held.get(0),
          held.isEmpty() ? null : held.get(held.size() - 1)));
    }
    return out;
  }

  private Object[] row(Partition group, long count, long partitions, Partition min,
      Partition max) {
    Object[] r = new Object[kinds.size() + (grouped ? 1 : 0)];
    int j = 0;
    if (grouped) {
      r[j++] = value(group);
    }
    for (Kind k : kinds) {
      r[j++] = switch (k) {
        case COUNT -> count;
        case COUNT_PARTITIONS -> partitions;
        case MIN_PARTITION -> value(min);
        case MAX_PARTITION -> value(max);
      };
    }
    return r;
  }

  /** The partition column's value as Spark holds it: Integer epoch day or Long. */
  private static Object value(Partition p) {
    if (p == null) {
      return null;
    }
    long v = SparkValues.partition(p.kind(), p.value());
    return p.kind() == PartitionKind.DATE || p.kind() == PartitionKind.MONTH
        ? (Object) (int) v : (Object) v;
  }

  @Override
  public String toString() {
    return labels + (grouped ? " group by " + table.partitionKind().columnName() : "");
  }
}
