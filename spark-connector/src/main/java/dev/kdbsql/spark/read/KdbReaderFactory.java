package dev.kdbsql.spark.read;

import dev.kdbsql.spark.Condition;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Makes the readers of a table scan on the executors. Reads are columnar; the row reader, for
 * callers that want rows, walks the same batches.
 *
 * @param target where the rows are
 * @param columns for each output field, the index of its stored column, or -1 for the partition
 *     column
 * @param schema the output fields
 * @param condition the rows to read ({@link Condition#TRUE} for all)
 */
public record KdbReaderFactory(ScanTarget target, int[] columns, StructType schema,
    Condition condition) implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new KdbColumnarReader(this, (KdbInputPartition) partition);
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return true;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    KdbColumnarReader batches = new KdbColumnarReader(this, (KdbInputPartition) partition);
    return new PartitionReader<>() {
      private Iterator<InternalRow> rows = Collections.emptyIterator();
      private InternalRow current;

      @Override
      public boolean next() {
        while (!rows.hasNext()) {
          if (!batches.next()) {
            return false;
          }
          rows = batches.get().rowIterator();
        }
        current = rows.next();
        return true;
      }

      @Override
      public InternalRow get() {
        return current;
      }

      @Override
      public void close() {
        batches.close();
      }
    };
  }
}
