package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Nulls;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Exports chars as one-character Utf8 strings: the byte read as a Latin-1 character, as the
 * storage layer reads it, so that bytes over 0x7f become valid two-byte UTF-8 and come back
 * unchanged on import. A space, q's char null, is null.
 */
final class CharExporter implements ColumnExporter {

  @Override
  public void fill(Column c, long from, int n, FieldVector target) {
    VarCharVector v = (VarCharVector) target;
    v.allocateNew(2L * n, n);
    byte[] utf8 = new byte[2];
    for (int i = 0; i < n; i++) {
      byte b = c.getByte(from + i);
      if (b == Nulls.CHAR_NULL) {
        v.setNull(i);
      } else if (b >= 0) {
        utf8[0] = b;
        v.setSafe(i, utf8, 0, 1);
      } else {
        int x = b & 0xff;
        utf8[0] = (byte) (0xc0 | (x >> 6));
        utf8[1] = (byte) (0x80 | (x & 0x3f));
        v.setSafe(i, utf8, 0, 2);
      }
    }
    v.setValueCount(n);
  }
}
