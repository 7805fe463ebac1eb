package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.column.EnumColumn;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * Exports a symbol column as the Int32 indices of a dictionary-encoded field: the enum indices
 * themselves when the column enumerates against the dictionary's domain (no string is touched;
 * also through a {@link SelectedRows} view), else each symbol's code in the dictionary built for
 * the column.
 */
final class SymbolExporter implements ColumnExporter {
  private final SymbolDictionary dictionary;

  SymbolExporter(SymbolDictionary dictionary) {
    this.dictionary = dictionary;
  }

  @Override
  public void fill(Column c, long from, int n, FieldVector target) {
    IntVector v = (IntVector) target;
    v.allocateNew(n);
    ArrowBuf data = v.getDataBuffer();
    ArrowBuf valid = v.getValidityBuffer();
    if (dictionary.usesIndices(c)) {
      EnumColumn e = (EnumColumn) c;
      for (int i = 0; i < n; i++) {
        int code = dictionary.codeOfIndex(e.index(from + i));
        if (code >= 0) {
          data.setInt(4L * i, code);
          BitVectorHelper.setBit(valid, i);
        }
      }
    } else if (c instanceof SelectedRows s && dictionary.usesIndices(s.base())) {
      EnumColumn e = (EnumColumn) s.base();
      for (int i = 0; i < n; i++) {
        int code = dictionary.codeOfIndex(e.index(s.row(from + i)));
        if (code >= 0) {
          data.setInt(4L * i, code);
          BitVectorHelper.setBit(valid, i);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        int code = dictionary.codeOf(c.getSymbol(from + i));
        if (code >= 0) {
          data.setInt(4L * i, code);
          BitVectorHelper.setBit(valid, i);
        }
      }
    }
    v.setValueCount(n);
  }
}
