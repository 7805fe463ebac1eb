package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} over a JDBC result: the generic path, for any SQL query. Each batch reads
 * up to {@code batchSize} rows with the primitive getters the column types call for (see
 * {@link JdbcColumns}). Symbol columns traced back to an enumerated kdb+ column are encoded
 * against that column's domain, written once as the dictionary. The result set is consumed, not
 * closed. Not thread-safe.
 */
final class ResultSetReader extends ArrowReader {
  private final ResultSet rs;
  private final int batchSize;
  private final List<JdbcColumn> columns;
  private final Schema schema;
  private long bytes;
  private boolean dictionariesFilled;
  private boolean exhausted;

  ResultSetReader(ResultSet rs, Database hints, int batchSize, BufferAllocator allocator)
      throws SQLException {
    super(allocator);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
    }
    this.rs = rs;
    this.batchSize = batchSize;
    columns = columns(rs.getMetaData(), hints);
    schema = new Schema(columns.stream().map(JdbcColumn::field).toList());
  }

  /**
   * The Arrow mapping of every column of a result with metadata {@code md}: the schema this
   * reader writes, which the direct scan path ({@link DirectScanReader}) writes too.
   */
  static List<JdbcColumn> columns(ResultSetMetaData md, Database hints) throws SQLException {
    List<JdbcColumn> out = new ArrayList<>(md.getColumnCount());
    for (int c = 1; c <= md.getColumnCount(); c++) {
      out.add(JdbcColumns.of(md, c, hints, c - 1));
    }
    return out;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    prepareLoadNextBatch();
    fillDictionaries();
    if (exhausted) {
      return false;
    }
    VectorSchemaRoot root = getVectorSchemaRoot();
    List<FieldVector> vectors = root.getFieldVectors();
    for (FieldVector v : vectors) {
      v.setInitialCapacity(batchSize);
      v.allocateNew();
    }
    int n = 0;
    try {
      while (n < batchSize && rs.next()) {
        for (int c = 0; c < vectors.size(); c++) {
          columns.get(c).setter().set(rs, c + 1, vectors.get(c), n);
        }
        n++;
      }
    } catch (SQLException e) {
      throw new IOException("reading row " + n + " of the batch: " + e.getMessage(), e);
    }
    exhausted = n < batchSize;
    if (n == 0) {
      return false;
    }
    for (FieldVector v : vectors) {
      v.setValueCount(n);
      bytes += v.getBufferSize();
    }
    root.setRowCount(n);
    return true;
  }

  private void fillDictionaries() throws IOException {
    if (dictionariesFilled) {
      return;
    }
    Map<Long, Dictionary> dictionaries = getDictionaryVectors();
    for (int c = 0; c < columns.size(); c++) {
      JdbcColumn col = columns.get(c);
      if (col.dictionary() != null) {
        VarCharVector v = (VarCharVector) dictionaries.get((long) c).getVector();
        int size = col.dictionary().size();
        v.allocateNew(8L * size, size);
        for (int i = 0; i < size; i++) {
          v.setSafe(i, col.dictionary().symbol(i).getBytes(StandardCharsets.UTF_8));
        }
        v.setValueCount(size);
      }
    }
    dictionariesFilled = true;
  }

  @Override
  public long bytesRead() {
    return bytes;
  }

  @Override
  protected void closeReadSource() {
    // The caller owns the result set.
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
