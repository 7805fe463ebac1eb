package dev.kdbsql.storage.column;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.SymbolDomain;
import dev.kdbsql.storage.io.Bytes;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An enumerated symbol column: integer indices (int64 since kdb+ 3.6, int32 before, and inside
 * flat tables) into a shared {@link SymbolDomain}. The null index (the type's minimum) is the null
 * symbol; any other index outside the domain means a stale or corrupt database and raises
 * {@link StorageException} naming the file and the offset.
 */
public final class EnumColumn implements Column {
  private static final ColumnType SYMBOL = ColumnType.of(dev.kdbsql.storage.KdbType.SYMBOL);
  /** int64 indices narrowed per step of {@link #indices}: a scratch array that stays in L1. */
  private static final int WIDE_STEP = 1024;

  private final Bytes bytes;
  private final long dataOffset;
  private final long size;
  private final boolean wide;
  private final SymbolDomain domain;
  private final Attribute attribute;

  /** Creates a column of {@code size} indices of {@code indexWidth} (4 or 8) bytes. */
  public EnumColumn(Bytes bytes, long dataOffset, long size, int indexWidth, SymbolDomain domain,
      Attribute attribute) {
    if (indexWidth != 4 && indexWidth != 8) {
      throw new IllegalArgumentException("index width " + indexWidth);
    }
    this.bytes = bytes;
    this.dataOffset = dataOffset;
    this.size = size;
    this.wide = indexWidth == 8;
    this.domain = domain;
    this.attribute = attribute;
  }

  /**
   * This column read through {@code image}, another image of the same file (a one-pass reader,
   * {@link dev.kdbsql.storage.io.OnePassBytes}): same offset, rows and domain.
   */
  public EnumColumn over(Bytes image) {
    return new EnumColumn(image, dataOffset, size, wide ? 8 : 4, domain, attribute);
  }

  /** The image the column reads its indices from. */
  public Bytes bytes() {
    return bytes;
  }

  /** Offset of element 0 in the file image (with {@link #file()}, where the column lives). */
  public long dataOffset() {
    return dataOffset;
  }

  /** The domain the indices point into. */
  public SymbolDomain domain() {
    return domain;
  }

  /** The raw index at {@code row}; -1 for the null symbol, checked against the domain. */
  public int index(long row) {
    long pos = dataOffset + (Objects.checkIndex(row, size) << (wide ? 3 : 2));
    return checked(wide ? bytes.getLong(pos) : bytes.getInt(pos), row);
  }

  /**
   * Bulk {@link #index}: the checked indices of rows {@code [from, from + length)} into
   * {@code dst[offset..]}, -1 for the null symbol. The raw indices are copied in bulk (int64 ones
   * through a small scratch array and narrowed), then checked against the domain with a
   * branch-free test over the block ({@code v | (last - v)} is negative exactly when {@code v} is
   * outside {@code [0, last]}); only a block holding a null or a bad index is walked again, and an
   * index outside the domain raises the same error as {@link #index}, at that row's offset.
   */
  public void indices(long from, int[] dst, int offset, int length) {
    Objects.checkFromIndexSize(from, length, size);
    Objects.checkFromIndexSize(offset, length, dst.length);
    int last = domain.size() - 1;
    if (!wide) {
      bytes.getInts(dataOffset + (from << 2), dst, offset, length);
      int outside = 0;
      for (int i = 0; i < length; i++) {
        int v = dst[offset + i];
        outside |= v | (last - v);
      }
      if (outside < 0) {
        resolveOutside(dst, offset, length, from);
      }
      return;
    }
    long[] step = new long[Math.min(length, WIDE_STEP)];
    for (int done = 0; done < length; done += step.length) {
      int n = Math.min(length - done, step.length);
      bytes.getLongs(dataOffset + ((from + done) << 3), step, 0, n);
      int base = offset + done;
      long outside = 0;
      for (int i = 0; i < n; i++) {
        long v = step[i];
        dst[base + i] = (int) v;
        outside |= v | (last - v);
      }
      if (outside < 0) {
        for (int i = 0; i < n; i++) {
          long v = step[i];
          if (v < 0 || v > last) {
            dst[base + i] = nullOrOutside(v, from + done + i);
          }
        }
      }
    }
  }

  /** Whether the indices are int64 (kdb+ 3.6 and later), else int32. */
  public boolean wide() {
    return wide;
  }

  /**
   * The raw int64 indices of rows {@code [from, from + length)} into {@code dst[offset..]},
   * unchecked: for a caller that checks each value it keeps with {@link #checked} (once per run
   * of equal values, say) rather than every row. Only for {@link #wide} columns.
   */
  public void rawLongs(long from, long[] dst, int offset, int length) {
    Objects.checkFromIndexSize(from, length, size);
    if (!wide) {
      throw new IllegalStateException("int32 indices: use rawInts");
    }
    bytes.getLongs(dataOffset + (from << 3), dst, offset, length);
  }

  /** As {@link #rawLongs}, for columns of int32 indices (not {@link #wide}). */
  public void rawInts(long from, int[] dst, int offset, int length) {
    Objects.checkFromIndexSize(from, length, size);
    if (wide) {
      throw new IllegalStateException("int64 indices: use rawLongs");
    }
    bytes.getInts(dataOffset + (from << 2), dst, offset, length);
  }

  /**
   * Raw index {@code v}, read at {@code row}, checked as {@link #index} checks it: itself, -1
   * for the null symbol, or the out-of-domain error naming the file and offset.
   */
  public int checked(long v, long row) {
    return v >= 0 && v < domain.size() ? (int) v : nullOrOutside(v, row);
  }

  /** Replaces null indices among the int32 indices in {@code dst} by -1, or throws for a bad one. */
  private void resolveOutside(int[] dst, int offset, int length, long from) {
    int symbols = domain.size();
    for (int i = 0; i < length; i++) {
      int v = dst[offset + i];
      if (v < 0 || v >= symbols) {
        dst[offset + i] = nullOrOutside(v, from + i);
      }
    }
  }

  /** -1 if {@code v}, read at {@code row}, is the null index; otherwise the out-of-domain error. */
  private int nullOrOutside(long v, long row) {
    if (v == (wide ? Long.MIN_VALUE : Integer.MIN_VALUE)) {
      return -1;
    }
    long pos = dataOffset + (row << (wide ? 3 : 2));
    throw new StorageException(bytes.file(), pos, "enumeration index " + v + " is outside domain `"
        + domain.name() + "` (" + domain.size() + " symbols in " + domain.file()
        + "): the sym file is stale or the column is corrupt");
  }

  @Override
  public ColumnType type() {
    return SYMBOL;
  }

  @Override
  public Attribute attribute() {
    return attribute;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public Path file() {
    return bytes.file();
  }

  @Override
  public String getSymbol(long row) {
    int i = index(row);
    return i < 0 ? "" : domain.symbol(i);
  }

  @Override
  public Object getObject(long row) {
    String s = getSymbol(row);
    return s.isEmpty() ? null : s;
  }

  @Override
  public boolean isNull(long row) {
    return getSymbol(row).isEmpty();
  }
}
