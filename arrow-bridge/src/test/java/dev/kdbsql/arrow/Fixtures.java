package dev.kdbsql.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.TableData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/** Test data: the real fixtures, a generated table of every type, and a raw-value comparison. */
final class Fixtures {
  private Fixtures() {}

  /** A folder of the real q-written fixtures; skips the test when the fixtures are missing. */
  static Path fixture(String relative) {
    String root = System.getProperty("kdb.fixtures", "../../shared/kdb-fixtures");
    Path p = Path.of(root).resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), "kdb+ fixtures not found at " + p
        + " (set -Dkdb.fixtures)");
    return p;
  }

  /** The all-types fixture database (a splayed and a flat table of every simple type). */
  static Path allDataTypes() {
    return fixture("dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
  }

  /** A table of every writable type with nulls, infinities and non-ASCII text. */
  static TableData allTypes(int rows, long seed) {
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
      c[k] = special == 0 ? Nulls.CHAR_NULL : k % 13 == 4 ? (byte) 0xe9 : (byte) ('a' + r.nextInt(26));
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

  /**
   * Asserts that two tables hold the same columns, types and raw values (sentinels included),
   * slice by slice; {@code expectedSlices} and {@code actualSlices} are closed.
   */
  static void assertSameTables(KdbTable expected, List<TableSlice> expectedSlices,
      KdbTable actual, List<TableSlice> actualSlices) {
    assertEquals(expected.columns().size(), actual.columns().size(), "columns of " + actual);
    assertEquals(expectedSlices.size(), actualSlices.size(), "slices of " + actual);
    for (int s = 0; s < expectedSlices.size(); s++) {
      try (TableSlice es = expectedSlices.get(s); TableSlice as = actualSlices.get(s)) {
        assertEquals(es.rowCount(), as.rowCount(), "rows of " + as);
        for (int c = 0; c < expected.columns().size(); c++) {
          String name = expected.columns().get(c).name();
          assertEquals(name, actual.columns().get(c).name());
          assertSameColumn(es.column(c), as.column(c));
        }
      }
    }
  }

  /** Asserts that two columns have the same type and raw values. */
  static void assertSameColumn(Column e, Column a) {
    ColumnType type = e.type();
    assertEquals(type, a.type(), "type of " + a.file());
    assertEquals(e.size(), a.size(), "size of " + a.file());
    for (long k = 0; k < e.size(); k++) {
      String at = a.file() + " row " + k;
      if (type.isString()) {
        assertEquals(e.getString(k), a.getString(k), at);
        continue;
      }
      switch (type.element()) {
        case BOOLEAN, BYTE, CHAR -> assertEquals(e.getByte(k), a.getByte(k), at);
        case GUID -> {
          assertEquals(e.getGuidHigh(k), a.getGuidHigh(k), at);
          assertEquals(e.getGuidLow(k), a.getGuidLow(k), at);
        }
        case SHORT -> assertEquals(e.getShort(k), a.getShort(k), at);
        case REAL -> assertEquals(e.getFloat(k), a.getFloat(k), at);
        case FLOAT, DATETIME -> assertEquals(e.getDouble(k), a.getDouble(k), at);
        case SYMBOL -> assertEquals(e.getSymbol(k), a.getSymbol(k), at);
        default -> {
          if (type.element().isLongLike()) {
            assertEquals(e.getLong(k), a.getLong(k), at);
          } else {
            assertEquals(e.getInt(k), a.getInt(k), at);
          }
        }
      }
    }
  }
}
