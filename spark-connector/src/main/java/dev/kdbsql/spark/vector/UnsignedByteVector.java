package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * kdb+ bytes as ShortType 0..255, as the JDBC driver's SMALLINT (Spark's ByteType is signed);
 * kdb+ has no byte null.
 */
public final class UnsignedByteVector extends KdbColumnVector {
  private final byte[] values;

  public UnsignedByteVector(int capacity) {
    super(DataTypes.ShortType, capacity);
    values = new byte[capacity];
  }

  @Override
  public void fill(Column c, BatchRows rows) {
    rows.bytes(c::getBytes, values);
    nulls = 0;
  }

  @Override
  public short getShort(int rowId) {
    return (short) (values[rowId] & 0xff);
  }
}
