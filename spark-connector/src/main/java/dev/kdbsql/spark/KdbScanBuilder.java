package dev.kdbsql.spark;

import dev.kdbsql.spark.vector.SparkValues;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableLayout;
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
 * partitions, those on stored columns become the scan's {@link Condition}; see
 * {@link FilterTranslator}), the columns needed (only those are mapped), a limit
 * (only the partitions and rows needed to reach it are planned) and aggregates that file headers
 * and partition names answer ({@link HeaderAggregates}). Spark pushes filters first, then
 * aggregates, a limit, and columns.
 */
final class KdbScanBuilder implements SupportsPushDownFilters, SupportsPushDownRequiredColumns,
    SupportsPushDownLimit, SupportsPushDownAggregates {
  private final KdbSparkTable table;
  private List<Partition> partitions;
  private FilterTranslator.Translation filters = FilterTranslator.NONE;
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
    filters = FilterTranslator.translate(pushed, table.table(), table.options());
    partitions = PartitionPruner.prune(table.table().partitions(), filters.partition());
    Condition condition = filters.condition();
    if (condition.readsPartition() || condition == Condition.FALSE) {
      // A filter mixing the partition column with stored ones prunes the partitions where its
      // partition part alone makes it FALSE.
      partitions = partitions.stream().filter(p -> condition.at(SparkValues.partition(p.kind(),
          p.value())) != Condition.FALSE).toList();
    }
    if (table.table().layout() == TableLayout.FLAT && !filters.scan().isEmpty()) {
      // A flat table (one file, small, the dimension side of joins) also hands its row filters
      // to Spark, which re-checks the few rows the scan selected: Spark's dynamic partition
      // pruning derives a join's run-time partition filter only from a Filter it sees there.
      List<Filter> post = new ArrayList<>(filters.remaining());
      post.addAll(filters.scan());
      return post.toArray(Filter[]::new);
    }
    return filters.remaining().toArray(Filter[]::new);
  }

  /** Whether every filter is enforced by pruning alone: no row is filtered, nothing left to Spark. */
  private boolean onlyPruned() {
    return filters.remaining().isEmpty() && filters.condition() == Condition.TRUE;
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
    if (!onlyPruned() || aggregates != null) {
      return false;
    }
    limit = n;
    return true;
  }

  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return onlyPruned()
        && HeaderAggregates.of(aggregation, table.table(), partitionColumn()) != null;
  }

  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    if (!onlyPruned()) {
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
    return new KdbScan(table, partitions, required, filters.pushed(), filters.condition(), limit);
  }
}
