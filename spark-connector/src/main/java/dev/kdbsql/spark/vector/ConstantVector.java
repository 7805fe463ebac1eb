package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The virtual partition column: the partition's value on every row (an epoch day for DateType,
 * else a long), stored once; it is in no file, so there is nothing to fill.
 */
public final class ConstantVector extends KdbColumnVector {
  private final long value;

  public ConstantVector(DataType type, long value) {
    super(type, 0);
    this.value = type == DataTypes.DateType ? Math.toIntExact(value) : value;
  }

  @Override
  public void fill(Column c, BatchRows rows) {
    throw new UnsupportedOperationException("the partition column is not stored");
  }

  @Override
  public int getInt(int rowId) {
    return (int) value;
  }

  @Override
  public long getLong(int rowId) {
    return value;
  }
}
