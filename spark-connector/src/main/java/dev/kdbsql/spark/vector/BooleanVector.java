package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import org.apache.spark.sql.types.DataTypes;

/** kdb+ booleans as BooleanType: the raw bytes, copied in bulk; kdb+ has no boolean null. */
public final class BooleanVector extends KdbColumnVector {
  private final byte[] values;

  public BooleanVector(int capacity) {
    super(DataTypes.BooleanType, capacity);
    values = new byte[capacity];
  }

  @Override
  public void fill(Column c, BatchRows rows) {
    rows.bytes(c::getBytes, values);
    nulls = 0;
  }

  @Override
  public boolean getBoolean(int rowId) {
    return values[rowId] != 0;
  }
}
