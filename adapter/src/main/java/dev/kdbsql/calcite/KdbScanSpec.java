package dev.kdbsql.calcite;

import dev.kdbsql.storage.Partition;
import java.util.List;
import org.apache.calcite.util.ImmutableIntList;

/**
 * Everything a {@link KdbTableScan} does, as one immutable value handed from the planner to
 * {@link KdbCalciteTable#query}: the partitions to open (pruned, enforced), the table fields to
 * return, the filter the scan enforces, the filter it evaluates but Calcite re-applies
 * ({@code remaining}), the aggregates it computes instead of returning rows (none for rows) and
 * the keys they are grouped by (none for a global aggregate), the row limit (-1 for none) and,
 * when the scan returns the top rows of an order ({@code ORDER BY ... LIMIT}) or its groups in an
 * order, that order (positions in the fields, or in the output columns of an aggregate).
 *
 * <p>Public only because generated code casts to it; it has no public members.
 */
public final class KdbScanSpec {
  final List<Partition> partitions;
  final ImmutableIntList fields;
  final KdbPredicate filter;
  final KdbPredicate remaining;
  final List<KdbAggCall> aggregates;
  final List<KdbGroupKey> keys;
  final long fetch;
  final List<KdbSortKey> sort;

  /** Creates a spec without an order; see the class comment for the meaning of each part. */
  KdbScanSpec(List<Partition> partitions, ImmutableIntList fields, KdbPredicate filter,
      KdbPredicate remaining, List<KdbAggCall> aggregates, List<KdbGroupKey> keys, long fetch) {
    this(partitions, fields, filter, remaining, aggregates, keys, fetch, List.of());
  }

  /** Creates a spec; see the class comment for the meaning of each part. */
  KdbScanSpec(List<Partition> partitions, ImmutableIntList fields, KdbPredicate filter,
      KdbPredicate remaining, List<KdbAggCall> aggregates, List<KdbGroupKey> keys, long fetch,
      List<KdbSortKey> sort) {
    this.partitions = List.copyOf(partitions);
    this.fields = fields;
    this.filter = filter;
    this.remaining = remaining;
    this.aggregates = List.copyOf(aggregates);
    this.keys = List.copyOf(keys);
    this.fetch = fetch;
    this.sort = List.copyOf(sort);
  }

  /** Whether the scan returns aggregates rather than rows of fields. */
  boolean aggregated() {
    return !keys.isEmpty() || !aggregates.isEmpty();
  }

  /** Number of output columns: the keys, then the aggregates; or the fields. */
  int width() {
    return aggregated() ? keys.size() + aggregates.size() : fields.size();
  }

  /** The filter the scan evaluates: both parts, or null when there is none. */
  KdbPredicate evaluated() {
    return filter == null ? remaining : remaining == null ? filter
        : KdbPredicate.and(List.of(filter, remaining));
  }

  KdbScanSpec withPartitions(List<Partition> p, KdbPredicate f, KdbPredicate r) {
    return new KdbScanSpec(p, fields, f, r, aggregates, keys, fetch, sort);
  }

  KdbScanSpec withFields(ImmutableIntList f) {
    return new KdbScanSpec(partitions, f, filter, remaining, aggregates, keys, fetch, sort);
  }

  KdbScanSpec withAggregates(List<KdbGroupKey> k, List<KdbAggCall> a) {
    return new KdbScanSpec(partitions, fields, filter, remaining, a, k, fetch, sort);
  }

  KdbScanSpec withFetch(long f) {
    return new KdbScanSpec(partitions, fields, filter, remaining, aggregates, keys, f, sort);
  }

  /**
   * The top {@code f} rows (all for -1) in order {@code order}: positions in {@link #fields}, or
   * for an aggregate in its output columns.
   */
  KdbScanSpec withTopN(List<KdbSortKey> order, long f) {
    return new KdbScanSpec(partitions, fields, filter, remaining, aggregates, keys, f, order);
  }
}
