package dev.kdbsql.spark.read;

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
 * (mapped) once, then each batch fills every vector from its column over the next row range. The
 * slice is this reader's and closes with it; a bad file fails the task with the storage layer's
 * message naming the file.
 */
final class KdbColumnarReader implements PartitionReader<ColumnarBatch> {
  private final TableSlice slice;
  private final Column[] sources;
  private final KdbColumnVector[] vectors;
  private final ColumnarBatch batch;
  private final int batchSize;
  private long position;
  private final long end;

  KdbColumnarReader(KdbReaderFactory factory, KdbInputPartition partition) {
    ScanTarget target = factory.target();
    batchSize = (int) Math.min(target.options().batchSize(), Math.max(1, partition.rows()));
    slice = target.slice(partition);
    try {
      long rows = slice.rowCount();
      if (partition.to() > rows) {
        throw new StorageException(slice.location(), "table " + target.table() + " has " + rows
            + " rows here, but " + partition.to() + " were planned (the database changed since "
            + "the job was planned)");
      }
      int[] columns = factory.columns();
      StructField[] fields = factory.schema().fields();
      List<ColumnInfo> stored = slice.table().columns();
      sources = new Column[columns.length];
      vectors = new KdbColumnVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        if (columns[i] < 0) {
          vectors[i] = new ConstantVector(fields[i].dataType(), SparkValues.partition(
              slice.partition().kind(), slice.partition().value()));
        } else {
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
    position = partition.from();
    end = partition.to();
  }

  @Override
  public boolean next() {
    if (position >= end) {
      return false;
    }
    int n = (int) Math.min(batchSize, end - position);
    for (int i = 0; i < vectors.length; i++) {
      if (sources[i] != null) {
        vectors[i].fill(sources[i], position, n);
      }
    }
    batch.setNumRows(n);
    position += n;
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
