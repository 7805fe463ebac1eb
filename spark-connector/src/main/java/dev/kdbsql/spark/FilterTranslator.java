package dev.kdbsql.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.sources.Filter;

/**
 * The one place where Spark's pushed filters meet the scan: it splits them into those the scan
 * enforces and those Spark must still apply after it.
 *
 * <p>Filters on the partition column alone ({@link PartitionPruner} can evaluate them on each
 * partition's value) are enforced by pruning: a partition either holds only matching rows or is
 * not read. Every other filter goes back to Spark as a post-scan filter, so answers are exact.
 * When the vectorized filter engine of the SQL side becomes public, this class is where a column
 * filter is translated into its predicate and pushed into the scan (reported in
 * {@link Translation#pushed()}), keeping back as {@link Translation#remaining()} what it cannot
 * evaluate exactly as Spark would (NaN and signed-zero semantics of floats, for one).
 */
final class FilterTranslator {
  private FilterTranslator() {}

  /**
   * The filters split for a scan.
   *
   * @param partition enforced by pruning partitions
   * @param remaining left for Spark to apply after the scan
   */
  record Translation(List<Filter> partition, List<Filter> remaining) {
    /** What the scan enforces, as {@code SupportsPushDownFilters#pushedFilters} reports it. */
    Filter[] pushed() {
      return partition.toArray(Filter[]::new);
    }
  }

  /** Splits {@code filters} (conjuncts) for a table whose partition column is {@code partitionColumn} (null if none). */
  static Translation translate(Filter[] filters, String partitionColumn) {
    List<Filter> partition = new ArrayList<>();
    List<Filter> remaining = new ArrayList<>();
    for (Filter f : filters) {
      if (partitionColumn != null && onlyReferences(f, partitionColumn)
          && PartitionPruner.canEvaluate(f)) {
        partition.add(f);
      } else {
        remaining.add(f);
      }
    }
    return new Translation(List.copyOf(partition), List.copyOf(remaining));
  }

  private static boolean onlyReferences(Filter f, String column) {
    String[] refs = f.references();
    return refs.length > 0 && Arrays.stream(refs).allMatch(column::equals);
  }
}
