package dev.kdbsql.storage.column;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A nested or general column already decoded to Java values: a general list inside a flat table,
 * or a splayed column saved as an {@code ff 01} general list. Strings are {@code String}s, other
 * lists are {@code List}s; kdb+ nulls inside are {@code null}.
 */
public final class ObjectListColumn implements Column {
  private final Path file;
  private final ColumnType type;
  private final List<Object> values;

  /** Creates the column; {@code values} is not copied. */
  public ObjectListColumn(Path file, ColumnType type, List<Object> values) {
    this.file = file;
    this.type = type;
    this.values = values;
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
    return values.size();
  }

  @Override
  public Path file() {
    return file;
  }

  private Object at(long row) {
    return values.get((int) Objects.checkIndex(row, values.size()));
  }

  @Override
  public String getString(long row) {
    Object v = at(row);
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Character c) {
      return c.toString();
    }
    return Column.super.getString(row);
  }

  @Override
  public Object getObject(long row) {
    return at(row);
  }

  @Override
  public boolean isNull(long row) {
    return at(row) == null;
  }
}
