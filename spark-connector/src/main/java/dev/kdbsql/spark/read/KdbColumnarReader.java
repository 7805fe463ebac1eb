package dev.kdbsql.spark.read;

import dev.kdbsql.calcite.exec.Selection;
import dev.kdbsql.spark.Condition;
import dev.kdbsql.spark.vector.BatchRows;
import dev.kdbsql.spark.vector.ConstantVector;
import dev.kdbsql.spark.vector.KdbColumnVector;
import dev.kdbsql.spark.vector.SparkValues;
import dev.kdbsql.spark.vector.Vectors;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.TableSlice;
import java.util.List;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one input partition's rows as columnar batches: the slice's needed columns are opened
 * (mapped) once, then each batch fills every vector from its column over the next rows. With a
 * {@link Condition}, the SQL engine's filter evaluator first selects the rows of the range (a
 * bitmap, vectorized over the filter's columns), and each batch holds the next selected rows,
 * read a window at a time ({@link BatchRows}): a fully selected stretch is one bulk read, an
 * unselected one is skipped, and a range with nothing selected opens no output column and yields
 * no batch. The slice is this reader's and closes with it; a bad file fails the task with the
 * storage layer's message naming the file.
 */
final class KdbColumnarReader implements PartitionReader<ColumnarBatch> {
  private final TableSlice slice;
  private final Column[] sources;
  private final KdbColumnVector[] vectors;
  private final ColumnarBatch batch;
  private final int batchSize;
  private final BatchRows rows = new BatchRows();
  /** The selected rows of the slice, or null when every row of the range is read. */
  private final Selection selection;
  private final long[] selected;
  private long position;
  private final long end;

  KdbColumnarReader(KdbReaderFactory factory, KdbInputPartition partition) {
    ScanTarget target = factory.target();
    batchSize = (int) Math.min(target.options().batchSize(), Math.max(1, partition.rows()));
    slice = target.slice(partition);
    position = partition.from();
    long to = partition.to();
    try {
      long count = slice.rowCount();
      if (to > count) {
        throw new StorageException(slice.location(), "table " + target.table() + " has " + count
            + " rows here, but " + to + " were planned (the database changed since the job was "
            + "planned)");
      }
      Condition here = factory.condition();
      if (!here.equals(Condition.TRUE) && slice.partition() != null) {
        here = here.at(SparkValues.partition(slice.partition().kind(),
            slice.partition().value()));
      }
      if (here.equals(Condition.FALSE)) {
        to = position;
        selection = null;
      } else if (here.equals(Condition.TRUE)) {
        selection = null;
      } else {
        selection = DatabaseCache.evaluator(target.root(), target.table())
            .select(here.predicate(), slice, count, position, to);
        long first = selection.next(position);
        if (first < 0 || first >= to) {
          to = position;
        } else {
          position = first;
        }
      }
      selected = selection == null ? null : new long[batchSize];
      end = to;
      int[] columns = factory.columns();
      StructField[] fields = factory.schema().fields();
      List<ColumnInfo> stored = slice.table().columns();
      sources = new Column[columns.length];
      vectors = new KdbColumnVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        if (columns[i] < 0) {
          vectors[i] = new ConstantVector(fields[i].dataType(), SparkValues.partition(
              slice.partition().kind(), slice.partition().value()));
        } else if (position < end) {
          sources[i] = slice.column(columns[i]);
          vectors[i] = Vectors.of(stored.get(columns[i]).type(), fields[i].dataType(),
              target.options(), batchSize);
        }
      }
    } catch (RuntimeException e) {
      closeAfter(e);
      throw e;
    }
    batch = new ColumnarBatch(vectors);
  }

  @Override
  public boolean next() {
    if (position >= end) {
      return false;
    }
    if (selection == null) {
      rows.range(position, (int) Math.min(batchSize, end - position));
    } else {
      int n = selection.next(position, selected, batchSize);
      if (n == 0) {
        position = end;
        return false;
      }
      rows.selected(selected, n);
    }
    for (int i = 0; i < vectors.length; i++) {
      if (sources[i] != null) {
        vectors[i].fill(sources[i], rows);
      }
    }
    int n = rows.size();
    batch.setNumRows(n);
    position = rows.row(n - 1) + 1;
    return true;
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  @Override
  public void close() {
    slice.close();
  }

  private void closeAfter(RuntimeException e) {
    try {
      slice.close();
    } catch (RuntimeException c) {
      e.addSuppressed(c);
    }
  }
}
