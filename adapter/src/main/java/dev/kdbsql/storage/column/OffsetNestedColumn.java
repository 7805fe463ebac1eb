package dev.kdbsql.storage.column;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A pre-3.6 nested column (type 77+t): the column file holds one int64 cumulative end offset per
 * row and the companion {@code col#} is the concatenated raw elements, with no header.
 */
public final class OffsetNestedColumn implements Column {
  private final Bytes ends;
  private final long endsOffset;
  private final long size;
  private final Bytes data;
  private final KdbType element;
  private final int unit;

  /**
   * Creates the column and decides whether the offsets count bytes or elements by which of the
   * two matches the length of {@code col#}.
   */
  public OffsetNestedColumn(Bytes ends, long endsOffset, long size, Bytes data, KdbType element) {
    this.ends = ends;
    this.endsOffset = endsOffset;
    this.size = size;
    this.data = data;
    this.element = element;
    long last = size == 0 ? 0 : ends.getLong(endsOffset + 8 * (size - 1));
    int w = element.width();
    if (last == data.length()) {
      unit = 1;
    } else if (w > 1 && last * w == data.length()) {
      unit = w;
    } else {
      throw new StorageException(data.file(), -1, "nested column " + ends.file() + " ends at "
          + last + " but its companion holds " + data.length() + " bytes");
    }
  }

  @Override
  public ColumnType type() {
    return ColumnType.listOf(element);
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
    return ends.file();
  }

  /** Byte range of row {@code row} in the companion, checked. */
  private long[] range(long row) {
    Objects.checkIndex(row, size);
    long start = row == 0 ? 0 : ends.getLong(endsOffset + 8 * (row - 1)) * unit;
    long end = ends.getLong(endsOffset + 8 * row) * unit;
    if (start < 0 || end < start || end > data.length() || end - start > Integer.MAX_VALUE - 8) {
      throw new StorageException(ends.file(), endsOffset + 8 * row, "nested row " + row
          + " spans bytes " + start + ".." + end + " outside its companion of " + data.length());
    }
    return new long[] {start, end};
  }

  @Override
  public String getString(long row) {
    if (element != KdbType.CHAR) {
      return Column.super.getString(row);
    }
    long[] r = range(row);
    byte[] b = new byte[(int) (r[1] - r[0])];
    data.getBytes(r[0], b, 0, b.length);
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public Object getObject(long row) {
    if (element == KdbType.CHAR) {
      return getString(row);
    }
    long[] r = range(row);
    int w = element.width();
    List<Object> out = new ArrayList<>();
    VectorColumn v = VectorColumn.of(data, r[0], (r[1] - r[0]) / w, element, Attribute.NONE);
    for (long i = 0; i < v.size(); i++) {
      out.add(v.getObject(i));
    }
    return out;
  }

  @Override
  public boolean isNull(long row) {
    return false;
  }
}
