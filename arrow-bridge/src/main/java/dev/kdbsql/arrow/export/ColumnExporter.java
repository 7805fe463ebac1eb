package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Column;
import org.apache.arrow.vector.FieldVector;

/** Fills one Arrow vector from a range of one kdb+ column, in a primitive loop. */
interface ColumnExporter {

  /**
   * Replaces the contents of {@code target} with rows {@code [from, from + count)} of
   * {@code column}; sets the vector's value count.
   */
  void fill(Column column, long from, int count, FieldVector target);

  /** The error for a value that has no Arrow representation, naming the file and the row. */
  static IllegalArgumentException outOfRange(Column column, long row, ArithmeticException e) {
    return new IllegalArgumentException(column.file() + ": row " + row + " of a " + column.type()
        + " column does not fit its Arrow type (" + e.getMessage() + ")", e);
  }
}
