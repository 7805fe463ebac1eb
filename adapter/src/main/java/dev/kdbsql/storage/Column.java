package dev.kdbsql.storage;

import java.nio.file.Path;

/**
 * One column of one table slice (a partition of a table, or the whole of a splayed or flat table).
 *
 * <p>Accessors are primitive and take {@code long} row numbers in {@code [0, size())}; they return
 * the raw kdb+ encoding (nulls and infinities are sentinel values, see {@link Nulls}, and temporal
 * values are counts since 2000-01-01, see {@link Temporals}). Each column supports the accessors
 * of its type and throws {@link UnsupportedOperationException} for the others: that is a caller
 * bug, not bad data. Bad data raises {@link StorageException}.
 *
 * <p>{@link #getObject(long)} is the boxed, decoded view for tests and generic paths; hot loops use
 * the primitive accessors. Columns are owned by their {@link TableSlice} and must not be used after
 * it is closed. Reads are thread-safe.
 */
public interface Column {

  /** What the column holds. */
  ColumnType type();

  /** The attribute stored in the file header. */
  Attribute attribute();

  /** Number of rows. */
  long size();

  /** The column's file (or the flat table's file), for messages. */
  Path file();

  private UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException(what + " on a column of type " + type() + ": " + file());
  }

  default boolean getBoolean(long row) {
    throw unsupported("getBoolean");
  }

  /** Boolean, byte and char columns: the raw byte. */
  default byte getByte(long row) {
    throw unsupported("getByte");
  }

  default short getShort(long row) {
    throw unsupported("getShort");
  }

  /** Int-like columns: int, month, date, minute, second, time. */
  default int getInt(long row) {
    throw unsupported("getInt");
  }

  /** Long-like columns: long, timestamp, timespan. */
  default long getLong(long row) {
    throw unsupported("getLong");
  }

  default float getFloat(long row) {
    throw unsupported("getFloat");
  }

  /** Float and datetime columns. */
  default double getDouble(long row) {
    throw unsupported("getDouble");
  }

  /** Guid columns: the first 8 bytes as a big-endian long (UUID's most significant bits). */
  default long getGuidHigh(long row) {
    throw unsupported("getGuidHigh");
  }

  /** Guid columns: the last 8 bytes as a big-endian long (UUID's least significant bits). */
  default long getGuidLow(long row) {
    throw unsupported("getGuidLow");
  }

  /** Symbol columns: the symbol, "" for the null symbol. */
  default String getSymbol(long row) {
    throw unsupported("getSymbol");
  }

  /** String columns (lists of chars, or char atoms inside an anymap): the text, UTF-8 decoded. */
  default String getString(long row) {
    throw unsupported("getString");
  }

  /**
   * Bulk read for hot loops: rows {@code [from, from + length)} of a short, int-like or long-like
   * column, widened to long in their raw encoding (sentinels kept), into {@code dst[offset..]}.
   * One bounds check per call; implementations copy straight from the mapped file.
   */
  default void getLongs(long from, long[] dst, int offset, int length) {
    java.util.Objects.checkFromIndexSize(from, length, size());
    KdbType t = type().element();
    for (int i = 0; i < length; i++) {
      long r = from + i;
      dst[offset + i] = t.width() == 2 ? getShort(r) : t.width() == 4 ? getInt(r) : getLong(r);
    }
  }

  /**
   * Bulk read for hot loops: rows {@code [from, from + length)} of an int-like column, raw
   * (sentinels kept), into {@code dst[offset..]}: half the bytes of {@link #getLongs} to move and
   * compare where the values need not be widened.
   */
  default void getInts(long from, int[] dst, int offset, int length) {
    java.util.Objects.checkFromIndexSize(from, length, size());
    java.util.Objects.checkFromIndexSize(offset, length, dst.length);
    for (int i = 0; i < length; i++) {
      dst[offset + i] = getInt(from + i);
    }
  }

  /**
   * Bulk read for hot loops: rows {@code [from, from + length)} of a boolean, byte or char column,
   * raw, into {@code dst[offset..]}.
   */
  default void getBytes(long from, byte[] dst, int offset, int length) {
    java.util.Objects.checkFromIndexSize(from, length, size());
    for (int i = 0; i < length; i++) {
      dst[offset + i] = getByte(from + i);
    }
  }

  /**
   * Bulk read for hot loops: rows {@code [from, from + length)} of a real, float or datetime
   * column, widened to double (NaN nulls kept), into {@code dst[offset..]}.
   */
  default void getDoubles(long from, double[] dst, int offset, int length) {
    java.util.Objects.checkFromIndexSize(from, length, size());
    boolean real = type().element() == KdbType.REAL;
    for (int i = 0; i < length; i++) {
      dst[offset + i] = real ? getFloat(from + i) : getDouble(from + i);
    }
  }

  /**
   * The decoded value, with kdb+ nulls as {@code null}: Boolean, UUID, Integer (byte, unsigned),
   * Short, Integer, Long, Float, Double, Character, String (symbol, string), LocalDateTime
   * (timestamp, datetime), YearMonth, LocalDate, Duration (timespan), LocalTime (minute, second,
   * time within one day; Duration otherwise), and {@code java.util.List} for other lists.
   */
  Object getObject(long row);

  /** Whether the value at {@code row} is a kdb+ null. */
  boolean isNull(long row);
}
