package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.ScanSpec;
import dev.kdbsql.calcite.spec.SortKey;
import dev.kdbsql.calcite.spec.TimespanMode;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.TableSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Runs {@link ScanSpec}s over one storage table: rows of the spec's fields in storage order,
 * from its partitions, selected by its filter, at most its fetch ({@link ScanEnumerator}); or its
 * top rows in an order ({@link TopN}); or all its rows in an order ({@link SortedRows}); or its
 * aggregate rows ({@link Aggregator}), each slice's
 * partials computed on the runner's threads and merged in slice order, then ordered and limited.
 * Values are in Calcite's representation ({@link CalciteValues}). The table is read, never
 * written. Thread-safe: one executor serves every query on its table; what a query opens it
 * closes when its enumerator is closed or exhausted.
 */
public final class ScanExecutor {
  /**
   * Aggregates over fewer partitions than this split them into about this many ranges in all
   * (ranges of a multiple of 64 rows, as {@link Aggregator#partial} needs), so that every
   * thread gets an equal share of one date; never into ranges under MIN_RANGE_ROWS rows, whose
   * fixed cost (a grouper, a partial to merge) would outweigh the gain.
   */
  private static final int SPLIT_BELOW_SLICES = 8;
  private static final long MIN_RANGE_ROWS = 1 << 16;

  private final KdbTable table;
  private final TimespanMode timespan;
  private final SliceRunner runner;
  private final PartedRuns partedRuns = new PartedRuns();
  private final int offset;

  /** Creates the executor of {@code table}'s scans, timespans typed as {@code timespan} says. */
  public ScanExecutor(KdbTable table, TimespanMode timespan, SliceRunner runner) {
    this.table = table;
    this.timespan = timespan;
    this.runner = runner;
    this.offset = table.partitionKind() == null ? 0 : 1;
  }

  /**
   * The rows of {@code spec}, lazily: nothing is opened until the first row is asked for. A row
   * is an {@code Object[]}, or the value itself when there is exactly one field (Enumerable's
   * scalar row format). {@code root} gives the dynamic parameters and the cancel flag.
   */
  public Enumerable<Object> execute(DataContext root, ScanSpec spec) {
    Enumerable<Object[]> rows = spec.aggregated() ? aggregates(root, spec) : rows(root, spec);
    if (spec.width() == 1) {
      return rows.select(r -> r[0]);
    }
    @SuppressWarnings("unchecked")
    Enumerable<Object> arrays = (Enumerable<Object>) (Enumerable<?>) rows;
    return arrays;
  }

  /** The filter evaluator of this table's scans (it keeps the table's p# runs). */
  public FilterEvaluator evaluator() {
    return new FilterEvaluator(offset, partedRuns);
  }

  /** Opens the slices {@code spec} reads, in storage order; the caller closes them. */
  public List<TableSlice> slices(ScanSpec spec) {
    return offset == 1 ? table.slices(spec.partitions()) : table.slices();
  }

  private Enumerable<Object[]> aggregates(DataContext root, ScanSpec spec) {
    AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    Predicate filter = ParameterBinder.bind(spec.evaluated(), root);
    FilterEvaluator evaluator = evaluator();
    // COUNT(DISTINCT x): grouped by x as well, the groups then folded per key.
    DistinctCounts distinct = DistinctCounts.of(spec.keys(), spec.aggregates());
    Aggregator aggregator = new Aggregator(distinct == null ? spec.keys() : distinct.groupedBy(),
        distinct == null ? spec.aggregates() : distinct.counted(), offset, table.partitionKind(),
        f -> CalciteValues.reader(table.columns().get(f - offset), timespan));
    if (filter == null && distinct == null && aggregator.partitionExtremesOnly()) {
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<Object[]> enumerator() {
          return Linq4j.enumerator(finish(spec, aggregator.merge(extremes(slices(spec),
              aggregator))));
        }
      };
    }
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        List<TableSlice> slices = slices(spec);
        // Few partitions (one date): split into ranges so that every thread works. The split
        // depends only on the query, so results never depend on the thread count.
        int ranges = slices.isEmpty() || slices.size() >= SPLIT_BELOW_SLICES ? 1
            : (SPLIT_BELOW_SLICES + slices.size() - 1) / slices.size();
        List<Aggregator.Partial> partials = runner.mapRanges(slices, ranges, MIN_RANGE_ROWS,
            cancelled,
            (s, from, to) -> aggregator.partial(s, filter == null ? null
                : evaluator.select(filter, s, s.rowCount(), from, to), from, to));
        List<Object[]> groups = aggregator.merge(partials);
        if (distinct != null) {
          groups = distinct.fold(groups);
        }
        return Linq4j.enumerator(finish(spec, groups));
      }
    };
  }

  /** {@code groups} in the spec's order, at most its fetch. */
  private static List<Object[]> finish(ScanSpec spec, List<Object[]> groups) {
    if (!spec.sort().isEmpty()) {
      // Stable: groups that tie stay in the aggregate's order, as in Calcite's sort.
      groups.sort((a, b) -> SortKey.compare(spec.sort(), a, b));
    }
    if (spec.fetch() >= 0 && groups.size() > spec.fetch()) {
      groups = groups.subList(0, (int) spec.fetch());
    }
    return groups;
  }

  /**
   * The partials of MIN/MAX of the partition column: those of the first and the last partition,
   * in the column's order, that have rows. Counting a slice's rows checks the header of every
   * column file it has, so that {@code MIN("date")} over years of dates checks the files of a
   * date or two, not of every date. Closes {@code slices}.
   */
  private static List<Aggregator.Partial> extremes(List<TableSlice> slices,
      Aggregator aggregator) {
    try {
      List<TableSlice> ordered = new ArrayList<>(slices);
      ordered.sort(Comparator.comparingLong(aggregator::partitionLong));
      List<Aggregator.Partial> partials = new ArrayList<>();
      int low = 0;
      while (low < ordered.size() && ordered.get(low).rowCount() == 0) {
        low++;
      }
      if (low == ordered.size()) {
        // No partition, or none with rows: the extremes are NULL.
        return partials;
      }
      int high = ordered.size() - 1;
      while (high > low && ordered.get(high).rowCount() == 0) {
        high--;
      }
      for (int i : low == high ? new int[] {low} : new int[] {low, high}) {
        TableSlice s = ordered.get(i);
        partials.add(aggregator.partial(s, null, 0, s.rowCount()));
      }
      return partials;
    } finally {
      TableSlice.closeAll(slices);
    }
  }

  private Enumerable<Object[]> rows(DataContext root, ScanSpec spec) {
    AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    Predicate filter = ParameterBinder.bind(spec.evaluated(), root);
    FilterEvaluator evaluator = evaluator();
    int[] fields = spec.fieldArray();
    ValueReader[] readers = new ValueReader[fields.length];
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] >= offset) {
        readers[i] = CalciteValues.reader(table.columns().get(fields[i] - offset), timespan);
      }
    }
    if (!spec.sort().isEmpty() && spec.fetch() < 0) {
      SortedRows sorted = new SortedRows(spec.sort(), fields, readers, offset,
          table.partitionKind());
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<Object[]> enumerator() {
          return Linq4j.enumerator(sorted.run(slices(spec), runner, cancelled, filter,
              evaluator));
        }
      };
    }
    if (!spec.sort().isEmpty()) {
      TopN top = new TopN(spec, fields, readers, offset, table.partitionKind(), timespan);
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
        return new ScanEnumerator(table, slices(spec), fields, readers,
            new ScanEnumerator.Rows(filter, evaluator, spec.fetch()), cancelled, runner);
      }
    };
  }

  @Override
  public String toString() {
    return "ScanExecutor(" + table + ")";
  }
}
