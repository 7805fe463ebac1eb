package dev.kdbsql.storage.column;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A column that a partition does not have (it was added to the table later): every row is the
 * null of the column's type, as {@code dbmaint}'s {@code addcol} would have written it.
 */
public final class NullColumn implements Column {
  private final Path where;
  private final ColumnType type;
  private final long size;

  /** Creates {@code size} nulls of {@code type}; {@code where} is the partition's table directory. */
  public NullColumn(Path where, ColumnType type, long size) {
    this.where = where;
    this.type = type;
    this.size = size;
  }

  @Override
  public ColumnType type() {
    return type;
  }

  @Override
  public Attribute attribute() {
    return Attribute.NONE;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public Path file() {
    return where;
  }

  private KdbType element(long row) {
    Objects.checkIndex(row, size);
    return type.element();
  }

  @Override
  public boolean getBoolean(long row) {
    element(row);
    return false;
  }

  @Override
  public byte getByte(long row) {
    return element(row) == KdbType.CHAR ? Nulls.CHAR_NULL : 0;
  }

  @Override
  public short getShort(long row) {
    element(row);
    return Nulls.SHORT_NULL;
  }

  @Override
  public int getInt(long row) {
    element(row);
    return Nulls.INT_NULL;
  }

  @Override
  public long getLong(long row) {
    element(row);
    return Nulls.LONG_NULL;
  }

  @Override
  public float getFloat(long row) {
    element(row);
    return Float.NaN;
  }

  @Override
  public double getDouble(long row) {
    element(row);
    return Double.NaN;
  }

  /** The nulls of the width {@link Column#getLongs} reads, widened: short, int or long null. */
  @Override
  public void getLongs(long from, long[] dst, int offset, int length) {
    Objects.checkFromIndexSize(from, length, size);
    Objects.checkFromIndexSize(offset, length, dst.length);
    int width = type.element().width();
    long nul = width == 2 ? Nulls.SHORT_NULL : width == 4 ? Nulls.INT_NULL : Nulls.LONG_NULL;
    Arrays.fill(dst, offset, offset + length, nul);
  }

  @Override
  public void getDoubles(long from, double[] dst, int offset, int length) {
    Objects.checkFromIndexSize(from, length, size);
    Objects.checkFromIndexSize(offset, length, dst.length);
    Arrays.fill(dst, offset, offset + length, Double.NaN);
  }

  @Override
  public long getGuidHigh(long row) {
    element(row);
    return 0;
  }

  @Override
  public long getGuidLow(long row) {
    element(row);
    return 0;
  }

  @Override
  public String getSymbol(long row) {
    element(row);
    return "";
  }

  @Override
  public String getString(long row) {
    element(row);
    return "";
  }

  @Override
  public Object getObject(long row) {
    KdbType t = element(row);
    if (t == KdbType.BOOLEAN && !type.nested()) {
      return false;
    }
    if (t == KdbType.BYTE && !type.nested()) {
      return 0;
    }
    if (type.isString()) {
      return "";
    }
    return type.nested() ? java.util.List.of() : null;
  }

  @Override
  public boolean isNull(long row) {
    KdbType t = element(row);
    return type.nested() || (t != KdbType.BOOLEAN && t != KdbType.BYTE);
  }
}
