package dev.kdbsql.calcite;

import dev.kdbsql.storage.Partition;
import java.util.List;
import org.apache.calcite.util.ImmutableIntList;

/**
 * Everything a {@link KdbTableScan} does, as one immutable value handed from the planner to
 * {@link KdbCalciteTable#query}: the partitions to open (pruned, enforced), the table fields to
 * return, the filter the scan enforces, the filter it evaluates but Calcite re-applies
 * ({@code remaining}), the aggregates it computes instead of returning rows (none for rows) and
 * the table field they are grouped by (-1 for none), the row limit (-1 for none) and, when the
 * scan returns the top rows of an order ({@code ORDER BY ... LIMIT}), that order.
 *
 * <p>Public only because generated code casts to it; it has no public members.
 */
public final class KdbScanSpec {
  final List<Partition> partitions;
  final ImmutableIntList fields;
  final KdbPredicate filter;
  final KdbPredicate remaining;
  final List<KdbAggCall> aggregates;
  final int groupField;
  final long fetch;
  final List<KdbSortKey> sort;

  /** Creates a spec without an order; see the class comment for the meaning of each part. */
  KdbScanSpec(List<Partition> partitions, ImmutableIntList fields, KdbPredicate filter,
      KdbPredicate remaining, List<KdbAggCall> aggregates, int groupField, long fetch) {
    this(partitions, fields, filter, remaining, aggregates, groupField, fetch, List.of());
  }

  /** Creates a spec; see the class comment for the meaning of each part. */
  KdbScanSpec(List<Partition> partitions, ImmutableIntList fields, KdbPredicate filter,
      KdbPredicate remaining, List<KdbAggCall> aggregates, int groupField, long fetch,
      List<KdbSortKey> sort) {
    this.partitions = List.copyOf(partitions);
    this.fields = fields;
    this.filter = filter;
    this.remaining = remaining;
    this.aggregates = List.copyOf(aggregates);
    this.groupField = groupField;
    this.fetch = fetch;
    this.sort = List.copyOf(sort);
  }

  /** Whether the scan returns aggregates rather than rows of fields. */
  boolean aggregated() {
    return groupField >= 0 || !aggregates.isEmpty();
  }

  /** Number of output columns. */
  int width() {
    return aggregated() ? aggregates.size() + (groupField < 0 ? 0 : 1) : fields.size();
  }

  /** The filter the scan evaluates: both parts, or null when there is none. */
  KdbPredicate evaluated() {
    return filter == null ? remaining : remaining == null ? filter
        : KdbPredicate.and(List.of(filter, remaining));
  }

  KdbScanSpec withPartitions(List<Partition> p, KdbPredicate f, KdbPredicate r) {
    return new KdbScanSpec(p, fields, f, r, aggregates, groupField, fetch, sort);
  }

  KdbScanSpec withFields(ImmutableIntList f) {
    return new KdbScanSpec(partitions, f, filter, remaining, aggregates, groupField, fetch, sort);
  }

  KdbScanSpec withAggregates(int group, List<KdbAggCall> a) {
    return new KdbScanSpec(partitions, fields, filter, remaining, a, group, fetch, sort);
  }

  KdbScanSpec withFetch(long f) {
    return new KdbScanSpec(partitions, fields, filter, remaining, aggregates, groupField, f, sort);
  }

  /** The top {@code f} rows in order {@code keys} (positions in {@link #fields}). */
  KdbScanSpec withTopN(List<KdbSortKey> keys, long f) {
    return new KdbScanSpec(partitions, fields, filter, remaining, aggregates, groupField, f, keys);
  }
}
