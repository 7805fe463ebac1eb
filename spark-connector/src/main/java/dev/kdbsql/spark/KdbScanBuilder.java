package dev.kdbsql.spark;

import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.PartitionKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Collects what Spark pushes into one scan: filters (those on the partition column prune
 * partitions; see {@link FilterTranslator}), the columns needed (only those are mapped), a limit
 * (only the partitions and rows needed to reach it are planned) and aggregates that file headers
 * and partition names answer ({@link HeaderAggregates}). Spark pushes filters first, then
 * aggregates, a limit, and columns.
 */
final class KdbScanBuilder implements SupportsPushDownFilters, SupportsPushDownRequiredColumns,
    SupportsPushDownLimit, SupportsPushDownAggregates {
  private final KdbSparkTable table;
  private List<Partition> partitions;
  private FilterTranslator.Translation filters =
      new FilterTranslator.Translation(List.of(), List.of());
  private StructType required;
  private int limit = -1;
  private HeaderAggregates aggregates;

  KdbScanBuilder(KdbSparkTable table) {
    this.table = table;
    this.partitions = table.table().partitions();
    this.required = table.schema();
  }

  private String partitionColumn() {
    PartitionKind kind = table.table().partitionKind();
    return kind == null ? null : kind.columnName();
  }

  @Override
  public Filter[] pushFilters(Filter[] pushed) {
    filters = FilterTranslator.translate(pushed, partitionColumn());
    partitions = PartitionPruner.prune(table.table().partitions(), filters.partition());
    return filters.remaining().toArray(Filter[]::new);
  }

  @Override
  public Filter[] pushedFilters() {
    return filters.pushed();
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    List<StructField> kept = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      if (requiredSchema.getFieldIndex(f.name()).isDefined()) {
        kept.add(f);
      }
    }
    required = new StructType(kept.toArray(StructField[]::new));
  }

  @Override
  public boolean pushLimit(int n) {
    if (!filters.remaining().isEmpty() || aggregates != null) {
      return false;
    }
    limit = n;
    return true;
  }

  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return filters.remaining().isEmpty()
        && HeaderAggregates.of(aggregation, table.table(), partitionColumn()) != null;
  }

  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    if (!filters.remaining().isEmpty()) {
      return false;
    }
    aggregates = HeaderAggregates.of(aggregation, table.table(), partitionColumn());
    return aggregates != null;
  }

  @Override
  public Scan build() {
    if (aggregates != null) {
      return new KdbAggregateScan(table, partitions, aggregates, filters.pushed());
    }
    return new KdbScan(table, partitions, required, filters.pushed(), limit);
  }
}
