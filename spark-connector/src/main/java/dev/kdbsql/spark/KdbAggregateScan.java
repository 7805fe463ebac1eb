package dev.kdbsql.spark;

import dev.kdbsql.spark.read.RowsPartition;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.TableLayout;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;

/**
 * A scan whose rows are aggregates computed on the driver from file headers and partition names
 * ({@link HeaderAggregates}), read by one task: Spark pushes them completely, so nothing else
 * runs.
 */
final class KdbAggregateScan implements Scan, Batch {
  private final KdbSparkTable table;
  private final List<Partition> partitions;
  private final HeaderAggregates aggregates;
  private final Filter[] pushed;

  KdbAggregateScan(KdbSparkTable table, List<Partition> partitions, HeaderAggregates aggregates,
      Filter[] pushed) {
    this.table = table;
    this.partitions = partitions;
    this.aggregates = aggregates;
    this.pushed = pushed;
  }

  @Override
  public StructType readSchema() {
    return aggregates.schema();
  }

  @Override
  public ColumnarSupportMode columnarSupportMode() {
    return ColumnarSupportMode.UNSUPPORTED;
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    return new InputPartition[] {new RowsPartition(aggregates.compute(partitions))};
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new RowsPartition.ReaderFactory();
  }

  @Override
  public String description() {
    StringBuilder b = new StringBuilder(table.name());
    if (table.table().layout() == TableLayout.PARTITIONED) {
      b.append(" partitions=").append(partitions.size()).append('/')
          .append(table.table().partitions().size()).append(' ')
          .append(KdbScan.names(partitions));
    }
    return b.append(" aggregates=").append(aggregates).append(" (from file headers)")
        .append(" pushedFilters=").append(Arrays.toString(pushed))
        .append(" path=").append(table.table().database().root()).toString();
  }

  @Override
  public String toString() {
    return description();
  }
}
