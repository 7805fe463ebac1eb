package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Column;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Exports string columns (lists of chars) as Utf8. An empty string stays an empty string; only a
 * column missing from a partition (read as nulls by the storage layer) gives Arrow nulls.
 */
final class StringExporter implements ColumnExporter {

  @Override
  public void fill(Column c, long from, int n, FieldVector target) {
    VarCharVector v = (VarCharVector) target;
    v.allocateNew(16L * n, n);
    for (int i = 0; i < n; i++) {
      long row = from + i;
      if (c.isNull(row)) {
        v.setNull(i);
      } else {
        v.setSafe(i, c.getString(row).getBytes(StandardCharsets.UTF_8));
      }
    }
    v.setValueCount(n);
  }
}
