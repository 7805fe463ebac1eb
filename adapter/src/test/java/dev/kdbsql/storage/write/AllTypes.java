package dev.kdbsql.storage.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import java.util.Random;

/**
 * A table with a column of every writable type, with nulls, infinities, non-ASCII text and
 * temporal values outside one day; and its checker. Shared with other modules' tests through
 * adapter's test jar.
 */
public final class AllTypes {
  private AllTypes() {}

  /** {@code rows} rows drawn from {@code seed}; every seventh row starts with null, +inf, -inf. */
  public static TableData table(int rows, long seed) {
    Random r = new Random(seed);
    boolean[] b = new boolean[rows];
    long[] gh = new long[rows];
    long[] gl = new long[rows];
    byte[] x = new byte[rows];
    short[] h = new short[rows];
    int[] i = new int[rows];
    long[] j = new long[rows];
    float[] e = new float[rows];
    double[] f = new double[rows];
    byte[] c = new byte[rows];
    String[] s = new String[rows];
    long[] p = new long[rows];
    int[] m = new int[rows];
    int[] d = new int[rows];
    double[] z = new double[rows];
    long[] n = new long[rows];
    int[] u = new int[rows];
    int[] v = new int[rows];
    int[] t = new int[rows];
    String[] str = new String[rows];
    short[] hs = {Nulls.SHORT_NULL, Nulls.SHORT_INF, -Nulls.SHORT_INF};
    int[] is = {Nulls.INT_NULL, Nulls.INT_INF, -Nulls.INT_INF};
    long[] js = {Nulls.LONG_NULL, Nulls.LONG_INF, -Nulls.LONG_INF};
    float[] es = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    double[] fs = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int k = 0; k < rows; k++) {
      int special = k % 7 < 3 ? k % 7 : -1;
      b[k] = r.nextBoolean();
      gh[k] = special == 0 ? 0 : r.nextLong();
      gl[k] = special == 0 ? 0 : r.nextLong();
      x[k] = (byte) r.nextInt(256);
      h[k] = special >= 0 ? hs[special] : (short) r.nextInt();
      i[k] = special >= 0 ? is[special] : r.nextInt();
      j[k] = special >= 0 ? js[special] : r.nextLong();
      e[k] = special >= 0 ? es[special] : r.nextFloat() * 1000 - 500;
      f[k] = special >= 0 ? fs[special] : r.nextGaussian() * 1e6;
      c[k] = special == 0 ? Nulls.CHAR_NULL
          : k % 13 == 4 ? (byte) 0xe9 : (byte) ('a' + r.nextInt(26));
      s[k] = special == 0 ? "" : "s" + r.nextInt(20) + (k % 11 == 5 ? "\u00e9t\u00e9" : "");
      p[k] = special >= 0 ? js[special] : r.nextLong() >> 4;
      m[k] = special >= 0 ? is[special] : r.nextInt(20000) - 10000;
      d[k] = special >= 0 ? is[special] : r.nextInt(200000) - 100000;
      z[k] = special >= 0 ? fs[special] : Math.round(r.nextDouble() * 1e4 * 86400000) / 86400000.0;
      n[k] = special >= 0 ? js[special] : r.nextLong() >> 10;
      u[k] = special >= 0 ? is[special] : r.nextInt(4000) - 1000;
      v[k] = special >= 0 ? is[special] : r.nextInt(200000) - 50000;
      t[k] = special >= 0 ? is[special] : r.nextInt(86400000);
      str[k] = special == 0 ? "" : k % 5 == 4 ? "long ".repeat(1 + r.nextInt(60))
          : "str" + k + (k % 3 == 0 ? " \u00fcber \u65e5\u672c" : "");
    }
    return TableData.builder()
        .add("b", ColumnData.booleans(b))
        .add("g", ColumnData.guids(gh, gl))
        .add("x", ColumnData.bytes(KdbType.BYTE, x))
        .add("h", ColumnData.shorts(h))
        .add("i", ColumnData.ints(KdbType.INT, i))
        .add("j", ColumnData.longs(KdbType.LONG, j))
        .add("e", ColumnData.reals(e))
        .add("f", ColumnData.doubles(KdbType.FLOAT, f))
        .add("c", ColumnData.bytes(KdbType.CHAR, c))
        .add("s", ColumnData.symbols(s))
        .add("p", ColumnData.longs(KdbType.TIMESTAMP, p))
        .add("m", ColumnData.ints(KdbType.MONTH, m))
        .add("d", ColumnData.ints(KdbType.DATE, d))
        .add("z", ColumnData.doubles(KdbType.DATETIME, z))
        .add("n", ColumnData.longs(KdbType.TIMESPAN, n))
        .add("u", ColumnData.ints(KdbType.MINUTE, u))
        .add("v", ColumnData.ints(KdbType.SECOND, v))
        .add("t", ColumnData.ints(KdbType.TIME, t))
        .add("str", ColumnData.strings(str))
        .build();
  }

  /** Asserts that {@code slice} holds exactly {@code expected}, column by column, row by row. */
  static void assertSame(TableData expected, TableSlice slice) {
    assertEquals(expected.rowCount(), slice.rowCount(), "rows of " + slice);
    int ci = 0;
    for (var entry : expected.columns().entrySet()) {
      Column col = slice.column(slice.table().columnIndex(entry.getKey()));
      assertColumn(entry.getValue(), col);
      ci++;
    }
    assertEquals(expected.columns().size(), ci);
  }

  static void assertColumn(ColumnData e, Column col) {
    assertEquals(e.type(), col.type(), "type of " + col.file());
    assertEquals(e.length(), col.size(), "size of " + col.file());
    String where = col.file().toString();
    for (int k = 0; k < e.length(); k++) {
      String at = where + " row " + k;
      if (e.isString()) {
        assertEquals(e.stringValues()[k], col.getString(k), at);
        continue;
      }
      switch (e.kdbType()) {
        case BOOLEAN, BYTE, CHAR -> assertEquals(e.byteValues()[k], col.getByte(k), at);
        case GUID -> {
          assertEquals(e.longValues()[k], col.getGuidHigh(k), at);
          assertEquals(e.guidLowValues()[k], col.getGuidLow(k), at);
        }
        case SHORT -> assertEquals(e.shortValues()[k], col.getShort(k), at);
        case REAL -> assertEquals(e.floatValues()[k], col.getFloat(k), at);
        case FLOAT, DATETIME -> assertEquals(e.doubleValues()[k], col.getDouble(k), at);
        case SYMBOL -> assertEquals(e.stringValues()[k], col.getSymbol(k), at);
        default -> {
          if (e.kdbType().isLongLike()) {
            assertEquals(e.longValues()[k], col.getLong(k), at);
          } else {
            assertEquals(e.intValues()[k], col.getInt(k), at);
          }
        }
      }
    }
  }
}
