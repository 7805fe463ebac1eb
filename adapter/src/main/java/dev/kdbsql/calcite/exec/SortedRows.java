package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.SortKey;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ORDER BY} without a limit over a scan: each slice's selected rows are decoded and sorted
 * on the runner's threads, then the slices' sorted runs are merged by one more stable sort (which
 * takes presorted runs in about linear time), so rows that tie keep storage order, as in
 * Calcite's sort. Rows compare in Calcite's order of the decoded values
 * ({@link SortKey#compare}), as the top-N's do; rows already in order (a time column within a
 * symbol's run, dates in partition order) cost one pass. It replaces Calcite's sort, whose
 * comparator turns every number into a {@code BigDecimal}. All selected rows are held, as any
 * sort without a limit holds them.
 */
final class SortedRows {
  private final List<SortKey> sort;
  private final int[] fields;
  private final ValueReader[] readers;
  private final int offset;
  private final PartitionKind partitionKind;

  /**
   * Sorts on {@code sort} the rows of {@code fields} (read by {@code readers}, null for the
   * partition column); stored column {@code c} is field {@code c + offset}.
   */
  SortedRows(List<SortKey> sort, int[] fields, ValueReader[] readers, int offset,
      PartitionKind partitionKind) {
    this.sort = List.copyOf(sort);
    this.fields = fields;
    this.readers = readers;
    this.offset = offset;
    this.partitionKind = partitionKind;
  }

  /** The selected rows of {@code slices} (all closed on return), sorted. */
  List<Object[]> run(List<TableSlice> slices, SliceRunner runner, AtomicBoolean cancelled,
      Predicate filter, FilterEvaluator evaluator) {
    Comparator<Object[]> order = (a, b) -> SortKey.compare(sort, a, b);
    List<List<Object[]>> sorted = runner.map(slices, cancelled, (i, s) -> {
      List<Object[]> rows = decode(s, filter, evaluator);
      rows.sort(order);
      return rows;
    });
    List<Object[]> all = new ArrayList<>();
    sorted.forEach(all::addAll);
    all.sort(order);
    return all;
  }

  /** The rows of one slice that {@code filter} selects, decoded, in storage order. */
  private List<Object[]> decode(TableSlice slice, Predicate filter, FilterEvaluator evaluator) {
    long rows = slice.rowCount();
    List<Object[]> out = new ArrayList<>();
    if (rows == 0) {
      return out;
    }
    Selection selected = filter == null ? null : evaluator.select(filter, slice, rows);
    Column[] columns = new Column[fields.length];
    for (int f = 0; f < fields.length; f++) {
      columns[f] = readers[f] == null ? null : slice.column(fields[f] - offset);
    }
    Object partitionValue = partitionKind == null ? null
        : CalciteValues.partitionValue(partitionKind, slice.partition().value());
    for (long r = selected == null ? 0 : selected.next(0); r >= 0 && r < rows;
        r = selected == null ? r + 1 : selected.next(r + 1)) {
      Object[] values = new Object[fields.length];
      for (int f = 0; f < fields.length; f++) {
        values[f] = columns[f] == null ? partitionValue : readers[f].read(columns[f], r);
      }
      out.add(values);
    }
    return out;
  }
}
