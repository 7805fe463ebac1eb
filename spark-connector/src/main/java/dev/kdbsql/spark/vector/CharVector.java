package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Nulls;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * kdb+ chars as one-character StringType values: the byte read as a Latin-1 character, as the
 * storage layer and the JDBC driver read it; a space, q's char null, is null. The 256 possible
 * strings are made once, so no row allocates.
 */
public final class CharVector extends KdbColumnVector {
  private static final UTF8String[] LATIN1 = new UTF8String[256];

  static {
    for (int b = 0; b < 256; b++) {
      LATIN1[b] = UTF8String.fromString(String.valueOf((char) b));
    }
  }

  private final byte[] values;

  public CharVector(int capacity) {
    super(DataTypes.StringType, capacity);
    values = new byte[capacity];
  }

  @Override
  public void fill(Column c, BatchRows rows) {
    int n = rows.size();
    rows.bytes(c::getBytes, values);
    int nn = 0;
    for (int i = 0; i < n; i++) {
      boolean isNullChar = values[i] == Nulls.CHAR_NULL;
      isNull[i] = isNullChar;
      nn += isNullChar ? 1 : 0;
    }
    nulls = nn;
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return isNullAt(rowId) ? null : LATIN1[values[rowId] & 0xff];
  }
}
