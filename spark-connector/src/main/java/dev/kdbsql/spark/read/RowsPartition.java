package dev.kdbsql.spark.read;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/**
 * Rows computed on the driver (aggregates from file headers), shipped to one task as they are.
 *
 * @param rows the rows, each value in Spark's internal form (Integer for dates, Long, or null)
 */
public record RowsPartition(List<Object[]> rows) implements InputPartition, Serializable {
  private static final long serialVersionUID = 1L;

  /** Reads a {@link RowsPartition}'s rows. */
  public static final class ReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      List<Object[]> rows = ((RowsPartition) partition).rows();
      return new PartitionReader<>() {
        private int next;

        @Override
        public boolean next() {
          if (next == rows.size()) {
            return false;
          }
          next++;
          return true;
        }

        @Override
        public InternalRow get() {
          return new GenericInternalRow(rows.get(next - 1));
        }

        @Override
        public void close() {}
      };
    }
  }
}
