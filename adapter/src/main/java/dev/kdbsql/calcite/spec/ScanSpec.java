package dev.kdbsql.calcite.spec;

import dev.kdbsql.storage.Partition;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Everything one kdb+ table scan does, as one immutable value handed from the planner to the
 * engine: the partitions to open (pruned, enforced), the table fields to return, the filter the
 * scan enforces, the filter it evaluates but the planner re-applies above it ({@code remaining}),
 * the aggregates it computes instead of returning rows (none for rows) and the keys they are
 * grouped by (none for a global aggregate), the row limit (-1 for none) and, when the scan returns
 * the top rows of an order ({@code ORDER BY ... LIMIT}) or its groups in an order, that order
 * (positions in the fields, or in the output columns of an aggregate).
 *
 * <p>Fields are indices in the table's full row type: the virtual partition column first (for a
 * partitioned table), then the stored columns in {@code .d} order.
 *
 * @param partitions the partitions to read, in storage order (all of a table that is not
 *     partitioned: it has none)
 * @param fields the table fields returned, in order (none for an aggregate)
 * @param filter the part of the filter the scan enforces, or null
 * @param remaining the part of the filter the scan evaluates as a superset, re-applied above it,
 *     or null
 * @param aggregates the aggregates computed, or none
 * @param keys the grouping keys, or none
 * @param fetch the most rows (or groups) returned, or -1
 * @param sort the order of a top-N or of the groups, or none
 */
public record ScanSpec(List<Partition> partitions, List<Integer> fields, Predicate filter,
    Predicate remaining, List<AggCall> aggregates, List<GroupKey> keys, long fetch,
    List<SortKey> sort) {
  /** Copies the lists. */
  public ScanSpec {
    partitions = List.copyOf(partitions);
    fields = List.copyOf(fields);
    aggregates = List.copyOf(aggregates);
    keys = List.copyOf(keys);
    sort = List.copyOf(sort);
  }

  /** The spec of a whole table: every one of its {@code width} fields, from {@code partitions}. */
  public static ScanSpec all(List<Partition> partitions, int width) {
    return new ScanSpec(partitions, IntStream.range(0, width).boxed().toList(), null, null,
        List.of(), List.of(), -1, List.of());
  }

  /** Whether the scan returns aggregates rather than rows of fields. */
  public boolean aggregated() {
    return !keys.isEmpty() || !aggregates.isEmpty();
  }

  /** Number of output columns: the keys, then the aggregates; or the fields. */
  public int width() {
    return aggregated() ? keys.size() + aggregates.size() : fields.size();
  }

  /** The fields as an array. */
  public int[] fieldArray() {
    return fields.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The filter the scan evaluates: both parts, or null when there is none. */
  public Predicate evaluated() {
    return filter == null ? remaining : remaining == null ? filter
        : Predicate.and(List.of(filter, remaining));
  }

  /** The spec reading {@code p}, enforcing {@code f} and evaluating {@code r}. */
  public ScanSpec withPartitions(List<Partition> p, Predicate f, Predicate r) {
    return new ScanSpec(p, fields, f, r, aggregates, keys, fetch, sort);
  }

  /** The spec returning fields {@code f}. */
  public ScanSpec withFields(List<Integer> f) {
    return new ScanSpec(partitions, f, filter, remaining, aggregates, keys, fetch, sort);
  }

  /** The spec computing aggregates {@code a} by keys {@code k}, instead of returning fields. */
  public ScanSpec withAggregates(List<GroupKey> k, List<AggCall> a) {
    return new ScanSpec(partitions, List.of(), filter, remaining, a, k, fetch, sort);
  }

  /** The spec returning at most {@code f} rows. */
  public ScanSpec withFetch(long f) {
    return new ScanSpec(partitions, fields, filter, remaining, aggregates, keys, f, sort);
  }

  /**
   * The top {@code f} rows (all for -1) in order {@code order}: positions in {@link #fields}, or
   * for an aggregate in its output columns.
   */
  public ScanSpec withTopN(List<SortKey> order, long f) {
    return new ScanSpec(partitions, fields, filter, remaining, aggregates, keys, f, order);
  }
}
