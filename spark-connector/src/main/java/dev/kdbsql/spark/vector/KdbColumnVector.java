package dev.kdbsql.spark.vector;

import dev.kdbsql.storage.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Spark column vector over heap arrays that a storage {@link Column} fills in bulk, a batch at
 * a time: one primitive copy out of the mapped file, then one primitive pass that marks the kdb+
 * null sentinels and rewrites values whose encoding differs from Spark's (epochs, units). Each
 * subclass backs one representation and answers only its Spark type's getters (the others are
 * caller bugs); a column's generated code then calls one final class. Arrays are reused from
 * batch to batch, as Spark allows; nothing is off-heap, so {@link #close()} frees nothing.
 */
public abstract class KdbColumnVector extends ColumnVector {
  /** Rows this vector holds at most. */
  protected final int capacity;
  /** Whether each row of the current batch is null; meaningful when {@link #nulls} is positive. */
  protected final boolean[] isNull;
  /** Null rows in the current batch. */
  protected int nulls;

  protected KdbColumnVector(DataType type, int capacity) {
    super(type);
    this.capacity = capacity;
    this.isNull = new boolean[capacity];
  }

  /**
   * Reads {@code rows} of {@code c} into rows {@code [0, rows.size())}, at most the capacity: a
   * range in bulk, selected rows a window at a time ({@link BatchRows}).
   */
  public abstract void fill(Column c, BatchRows rows);

  @Override
  public boolean hasNull() {
    return nulls > 0;
  }

  @Override
  public int numNulls() {
    return nulls;
  }

  @Override
  public boolean isNullAt(int rowId) {
    return nulls > 0 && isNull[rowId];
  }

  @Override
  public void close() {}

  private UnsupportedOperationException unsupported(String getter) {
    return new UnsupportedOperationException(getter + " on a " + dataType().simpleString()
        + " column (" + getClass().getSimpleName() + ")");
  }

  @Override
  public boolean getBoolean(int rowId) {
    throw unsupported("getBoolean");
  }

  @Override
  public byte getByte(int rowId) {
    throw unsupported("getByte");
  }

  @Override
  public short getShort(int rowId) {
    throw unsupported("getShort");
  }

  @Override
  public int getInt(int rowId) {
    throw unsupported("getInt");
  }

  @Override
  public long getLong(int rowId) {
    throw unsupported("getLong");
  }

  @Override
  public float getFloat(int rowId) {
    throw unsupported("getFloat");
  }

  @Override
  public double getDouble(int rowId) {
    throw unsupported("getDouble");
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    throw unsupported("getArray");
  }

  @Override
  public ColumnarMap getMap(int ordinal) {
    throw unsupported("getMap");
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    throw unsupported("getDecimal");
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    throw unsupported("getUTF8String");
  }

  @Override
  public byte[] getBinary(int rowId) {
    throw unsupported("getBinary");
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    throw unsupported("getChild");
  }
}
