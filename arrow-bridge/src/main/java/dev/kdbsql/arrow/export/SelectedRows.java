package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import java.nio.file.Path;

/**
 * A view of some rows of a column, in order: row {@code i} of the view is row {@code rows[i]} of
 * the base column. It lets every {@link ColumnExporter} gather the rows a filter selected with
 * its usual primitive loop, the accessors doing the indirection.
 */
final class SelectedRows implements Column {
  private final Column base;
  private final long[] rows;
  private final int size;

  /** The view of rows {@code rows[0..size)} of {@code base}, ascending. */
  SelectedRows(Column base, long[] rows, int size) {
    this.base = base;
    this.rows = rows;
    this.size = size;
  }

  /** The column viewed. */
  Column base() {
    return base;
  }

  /** The base row of row {@code i} of the view. */
  long row(long i) {
    return rows[(int) i];
  }

  @Override
  public ColumnType type() {
    return base.type();
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
    return base.file();
  }

  @Override
  public boolean getBoolean(long row) {
    return base.getBoolean(row(row));
  }

  @Override
  public byte getByte(long row) {
    return base.getByte(row(row));
  }

  @Override
  public short getShort(long row) {
    return base.getShort(row(row));
  }

  @Override
  public int getInt(long row) {
    return base.getInt(row(row));
  }

  @Override
  public long getLong(long row) {
    return base.getLong(row(row));
  }

  @Override
  public float getFloat(long row) {
    return base.getFloat(row(row));
  }

  @Override
  public double getDouble(long row) {
    return base.getDouble(row(row));
  }

  @Override
  public long getGuidHigh(long row) {
    return base.getGuidHigh(row(row));
  }

  @Override
  public long getGuidLow(long row) {
    return base.getGuidLow(row(row));
  }

  @Override
  public String getSymbol(long row) {
    return base.getSymbol(row(row));
  }

  @Override
  public String getString(long row) {
    return base.getString(row(row));
  }

  @Override
  public Object getObject(long row) {
    return base.getObject(row(row));
  }

  @Override
  public boolean isNull(long row) {
    return base.isNull(row(row));
  }
}
