package dev.kdbsql.storage.column;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import java.util.Random;

/**
 * Checks that a column's bulk read ({@link Column#getLongs}, and {@link Column#getInts} for
 * int-like columns; {@link Column#getDoubles}; or {@link EnumColumn#indices}) returns exactly what
 * its per-row accessor does, over all its rows in blocks of random sizes, written at random
 * offsets of a larger array whose other cells it must not touch.
 */
public final class BulkChecks {
  private static final long GUARD = 0x5a5a5a5a5a5a5a5aL;

  private BulkChecks() {}

  /** What bulk read, if any, a column of this type has. */
  public enum Kind {
    LONGS, DOUBLES, INDICES, NONE;

    /** The bulk read of {@code c}. */
    public static Kind of(Column c) {
      if (c instanceof EnumColumn) {
        return INDICES;
      }
      KdbType t = c.type().element();
      if (c.type().nested() || t == null) {
        return NONE;
      }
      if (t == KdbType.SHORT || t.isIntLike() || t.isLongLike()) {
        return LONGS;
      }
      return t == KdbType.REAL || t == KdbType.FLOAT || t == KdbType.DATETIME ? DOUBLES : NONE;
    }
  }

  /**
   * Compares the bulk read of rows {@code [0, min(size, maxRows))} of {@code c} with its per-row
   * reads; returns the number of values compared, 0 when {@code c} has no bulk read.
   */
  public static long assertBulkEqualsPerRow(Column c, Random r, long maxRows) {
    Kind kind = Kind.of(c);
    if (kind == Kind.NONE) {
      return 0;
    }
    long rows = Math.min(c.size(), maxRows);
    long from = 0;
    while (from < rows) {
      int n = (int) Math.min(rows - from, 1 + r.nextInt(r.nextBoolean() ? 40 : 5000));
      int off = r.nextInt(5);
      String at = c + " rows " + from + "+" + n;
      switch (kind) {
        case LONGS -> assertLongs(c, from, n, off, at);
        case DOUBLES -> assertDoubles(c, from, n, off, at);
        default -> assertIndices((EnumColumn) c, from, n, off, at);
      }
      from += n;
    }
    return rows;
  }

  private static void assertLongs(Column c, long from, int n, int off, String at) {
    long[] dst = new long[off + n + 1];
    java.util.Arrays.fill(dst, GUARD);
    c.getLongs(from, dst, off, n);
    int width = c.type().element().width();
    for (int i = 0; i < n; i++) {
      long row = from + i;
      long expected = width == 2 ? c.getShort(row) : width == 4 ? c.getInt(row) : c.getLong(row);
      if (dst[off + i] != expected) {
        assertEquals(expected, dst[off + i], at + ": row " + row);
      }
    }
    assertGuards(dst, off, n, at);
    if (width == 4) {
      int[] ints = new int[off + n + 1];
      java.util.Arrays.fill(ints, (int) GUARD);
      c.getInts(from, ints, off, n);
      for (int i = 0; i < n; i++) {
        if (ints[off + i] != c.getInt(from + i)) {
          assertEquals(c.getInt(from + i), ints[off + i], at + ": getInts row " + (from + i));
        }
      }
      for (int i = 0; i < ints.length; i++) {
        if (i < off || i >= off + n) {
          assertEquals((int) GUARD, ints[i], at + ": getInts wrote cell " + i);
        }
      }
    }
  }

  private static void assertDoubles(Column c, long from, int n, int off, String at) {
    double[] dst = new double[off + n + 1];
    java.util.Arrays.fill(dst, Double.longBitsToDouble(GUARD));
    c.getDoubles(from, dst, off, n);
    boolean real = c.type().element() == KdbType.REAL;
    for (int i = 0; i < n; i++) {
      long row = from + i;
      double expected = real ? c.getFloat(row) : c.getDouble(row);
      if (Double.doubleToLongBits(dst[off + i]) != Double.doubleToLongBits(expected)) {
        assertEquals(expected, dst[off + i], at + ": row " + row);
      }
    }
    for (int i = 0; i < off; i++) {
      assertEquals(GUARD, Double.doubleToRawLongBits(dst[i]), at + ": wrote before the range");
    }
    assertEquals(GUARD, Double.doubleToRawLongBits(dst[off + n]), at + ": wrote after the range");
  }

  private static void assertIndices(EnumColumn c, long from, int n, int off, String at) {
    int[] dst = new int[off + n + 1];
    java.util.Arrays.fill(dst, (int) GUARD);
    c.indices(from, dst, off, n);
    for (int i = 0; i < n; i++) {
      long row = from + i;
      int expected = c.index(row);
      if (dst[off + i] != expected) {
        assertEquals(expected, dst[off + i], at + ": row " + row);
      }
    }
    for (int i = 0; i < off; i++) {
      assertEquals((int) GUARD, dst[i], at + ": wrote before the range");
    }
    assertEquals((int) GUARD, dst[off + n], at + ": wrote after the range");
  }

  private static void assertGuards(long[] dst, int off, int n, String at) {
    for (int i = 0; i < off; i++) {
      assertEquals(GUARD, dst[i], at + ": wrote before the range");
    }
    assertEquals(GUARD, dst[off + n], at + ": wrote after the range");
  }
}
