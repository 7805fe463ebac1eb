package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;

/** Copies a reader column into writer data, through the primitive accessors. */
final class Columns {
  private Columns() {}

  static ColumnData toData(Column c) {
    int n = Math.toIntExact(c.size());
    KdbType t = c.type().element();
    switch (t) {
      case BOOLEAN, BYTE, CHAR -> {
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) {
          v[i] = c.getByte(i);
        }
        return ColumnData.bytes(t, v);
      }
      case GUID -> {
        long[] hi = new long[n];
        long[] lo = new long[n];
        for (int i = 0; i < n; i++) {
          hi[i] = c.getGuidHigh(i);
          lo[i] = c.getGuidLow(i);
        }
        return ColumnData.guids(hi, lo);
      }
      case SHORT -> {
        short[] v = new short[n];
        for (int i = 0; i < n; i++) {
          v[i] = c.getShort(i);
        }
        return ColumnData.shorts(v);
      }
      case REAL -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = c.getFloat(i);
        }
        return ColumnData.reals(v);
      }
      case FLOAT, DATETIME -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = c.getDouble(i);
        }
        return ColumnData.doubles(t, v);
      }
      default -> {
        if (t.isLongLike()) {
          long[] v = new long[n];
          for (int i = 0; i < n; i++) {
            v[i] = c.getLong(i);
          }
          return ColumnData.longs(t, v);
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] = c.getInt(i);
        }
        return ColumnData.ints(t, v);
      }
    }
  }
}
