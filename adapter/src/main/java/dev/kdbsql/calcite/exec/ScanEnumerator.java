package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.PartitionKind;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.io.MappingFaults;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Streams the rows of a kdb+ table in storage order (partitions ascending, rows as stored), one
 * slice at a time: a slice's column files are opened when the enumerator reaches it and released
 * as soon as it moves on, so {@code LIMIT} or an early {@code close()} touches only the
 * partitions it returned rows from. Only the projected columns are opened; a row with no
 * projected columns (as {@code COUNT(*)} asks) costs nothing but the slice's row count, which
 * comes from a file header. With a filter ({@link Rows}), each slice's filter is evaluated over its
 * mapped columns when the slice is reached and only selected rows are decoded; a fetch stops the
 * scan after that many rows. Without a fetch, the filters of the next slices are evaluated ahead
 * on helper threads (up to the runner's cap, the enumerating thread included), so a filtered
 * scan of many partitions uses the cores while rows are being decoded; a slice is closed only
 * once nothing reads it. {@code Statement.cancel()} stops the scan at the next row: the
 * enumerator then throws {@link CancellationException}. Not thread-safe; one per scan.
 */
final class ScanEnumerator implements Enumerator<Object[]> {
  /** Which rows to return: those {@code filter} selects (all if null), at most {@code fetch}. */
  record Rows(Predicate filter, FilterEvaluator evaluator, long fetch) {
  }

  private final List<TableSlice> slices;
  private final Rows selection;
  private final int[] fields;
  private final ValueReader[] readers;
  private final int partitionField;
  private final PartitionKind partitionKind;
  private final AtomicBoolean cancelled;
  private final SliceRunner runner;
  private final Future<?>[] ahead;
  private int sliceIndex = -1;
  private TableSlice slice;
  private Column[] columns;
  private Object partitionValue;
  private long rows;
  private long row;
  private Selection selected;
  private long emitted;
  private Object[] current;
  private boolean done;

  /**
   * Creates an enumerator over {@code slices} (which it closes). {@code fields} are Calcite
   * field indices; {@code partitionField} is the index of the virtual partition column (0) or -1
   * when the table has none, and stored column {@code i} is field {@code i + 1} or {@code i}.
   * {@code cancelled} is the statement's cancel flag, or null.
   */
  ScanEnumerator(KdbTable table, List<TableSlice> slices, int[] fields, ValueReader[] readers,
      Rows selection, AtomicBoolean cancelled, SliceRunner runner) {
    this.cancelled = cancelled;
    this.runner = runner;
    this.ahead = new Future<?>[slices.size()];
    this.selection = selection;
    this.slices = slices;
    this.fields = fields;
    this.readers = readers;
    this.partitionKind = table.partitionKind();
    this.partitionField = partitionKind == null ? -1 : 0;
  }

  @Override
  public Object[] current() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return current;
  }

  @Override
  public boolean moveNext() {
    if (done) {
      return false;
    }
    if (cancelled != null && cancelled.get()) {
      throw new CancellationException("query cancelled"
          + (slice == null ? "" : " while scanning " + slice));
    }
    if (selection.fetch() >= 0 && emitted >= selection.fetch()) {
      done = true;
      current = null;
      return false;
    }
    long r;
    while (slice == null || (r = nextRow()) < 0) {
      if (!nextSlice()) {
        return false;
      }
    }
    row = r;
    Object[] values = new Object[fields.length];
    try {
      for (int i = 0; i < fields.length; i++) {
        values[i] = columns[i] == null ? partitionValue : readers[i].read(columns[i], row);
      }
    } catch (InternalError e) {
      // A column file shrank under its mapping; see MappingFaults.
      throw MappingFaults.translate(slice.location(), e);
    }
    row++;
    emitted++;
    current = values;
    return true;
  }

  /** The next row to return in the current slice, from {@code row} on, or -1. */
  private long nextRow() {
    if (row >= rows) {
      return -1;
    }
    return selected == null ? row : selected.next(row);
  }

  private boolean nextSlice() {
    closeSlice();
    sliceIndex++;
    if (sliceIndex >= slices.size()) {
      done = true;
      current = null;
      return false;
    }
    slice = slices.get(sliceIndex);
    rows = slice.rowCount();
    row = 0;
    columns = new Column[fields.length];
    int offset = partitionField < 0 ? 0 : 1;
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] != partitionField) {
        columns[i] = rows == 0 ? null : slice.column(fields[i] - offset);
      }
    }
    selected = selection.filter() == null || rows == 0 ? null : selection(sliceIndex);
    startAhead();
    partitionValue = partitionKind == null ? null
        : CalciteValues.partitionValue(partitionKind, slice.partition().value());
    return true;
  }

  /** The filter's selection in slice {@code i}: evaluated ahead, or now. */
  private Selection selection(int i) {
    TableSlice s = slices.get(i);
    try {
      if (ahead[i] != null) {
        Future<?> f = ahead[i];
        ahead[i] = null;
        return (Selection) waitFor(f);
      }
      return selection.evaluator().select(selection.filter(), s, s.rowCount());
    } catch (InternalError e) {
      throw MappingFaults.translate(s.location(), e);
    }
  }

  /** Starts evaluating the filter of the next slices, as many as the runner has helper threads. */
  private void startAhead() {
    if (selection.filter() == null || selection.fetch() >= 0 || runner.threads() < 2) {
      return;
    }
    int last = Math.min(slices.size() - 1, sliceIndex + runner.threads() - 1);
    for (int i = sliceIndex + 1; i <= last; i++) {
      if (ahead[i] == null) {
        TableSlice s = slices.get(i);
        ahead[i] = runner.start(() -> {
          long n = s.rowCount();
          return n == 0 ? null : selection.evaluator().select(selection.filter(), s, n);
        });
      }
    }
  }

  /** The value of {@code f}, waiting as long as it takes; its failure rethrown as it was. */
  private static Object waitFor(Future<?> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          // The task reads a slice that must stay open until it ends.
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops the work started ahead: cancels what has not started, waits for what has. */
  private void stopAhead() {
    for (int i = 0; i < ahead.length; i++) {
      Future<?> f = ahead[i];
      ahead[i] = null;
      if (f != null && !f.cancel(false)) {
        try {
          waitFor(f);
        } catch (RuntimeException | Error ignored) {
          // The scan is being closed; a failure ahead of it does not matter any more.
        }
      }
    }
  }

  private void closeSlice() {
    if (slice != null) {
      TableSlice s = slice;
      slice = null;
      columns = null;
      selected = null;
      s.close();
    }
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("a kdb+ scan cannot be restarted; run the query again");
  }

  @Override
  public void close() {
    done = true;
    current = null;
    stopAhead();
    RuntimeException failure = null;
    try {
      closeSlice();
    } catch (RuntimeException e) {
      failure = e;
    }
    for (int i = Math.max(sliceIndex + 1, 0); i < slices.size(); i++) {
      try {
        slices.get(i).close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    sliceIndex = slices.size();
    if (failure != null) {
      throw failure;
    }
  }
}
