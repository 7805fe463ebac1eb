package dev.kdbsql.arrow.export;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Entry points of the Arrow export. Both readers fill batches in bulk and keep kdb+ types exact
 * (see {@link ArrowTypes}); the caller closes the reader, which releases its vectors and, for a
 * table, the mapped files. Vectors come from the caller's allocator, which must outlive the
 * reader.
 */
public final class KdbArrow {
  private KdbArrow() {}

  /**
   * A reader over a kdb+ table, filled straight from its column files: the columns and partitions
   * in {@code options}, in batches of at most {@code options.batchSize()} rows.
   */
  public static ArrowReader tableReader(KdbTable table, ExportOptions options,
      BufferAllocator allocator) {
    return new TableReader(table, options, allocator);
  }

  /**
   * A reader over any JDBC result, typed from its metadata. When {@code hints} is not null, a
   * result column that the metadata traces back to a column of one of its tables takes that
   * column's exact kdb+ type (symbols as a dictionary of the column's domain, guids, bytes,
   * months, minutes, ...). The reader consumes the result set but does not close it.
   */
  public static ArrowReader resultSetReader(ResultSet rs, Database hints, int batchSize,
      BufferAllocator allocator) throws SQLException {
    return new ResultSetReader(rs, hints, batchSize, allocator);
  }
}
