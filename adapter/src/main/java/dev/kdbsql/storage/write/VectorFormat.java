package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import java.io.IOException;

/**
 * Writes simple vectors (types 1..19 except symbols) as {@code set} does (docs/kdb-format.md §2):
 * {@code fe 20 <type> <attr> 00000000 <int64 count>}, the elements, nothing after them. The
 * count is the true one. NaN floats and reals are written as q's null bit patterns.
 */
final class VectorFormat {
  private VectorFormat() {}

  /** Writes {@code c} with attribute {@code attr} (none or {@code s#}, checked). */
  static void write(LeOutput out, ColumnData c, Attribute attr) throws IOException {
    if (attr != Attribute.NONE && attr != Attribute.SORTED) {
      throw new IllegalArgumentException(out.file() + ": attribute " + attr.letter()
          + "# is only supported on symbol columns (p#); vectors take none or s#");
    }
    if (attr == Attribute.SORTED) {
      Sortedness.check(c, out.file());
    }
    KdbType t = c.kdbType();
    out.putByte(0xfe);
    out.putByte(0x20);
    out.putByte(t.code());
    out.putByte(attr.ordinal());
    out.putInt(0);
    out.putLong(c.length());
    writeData(out, c);
  }

  /** Writes the elements of {@code c} only, little-endian, as every kdb+ vector stores them. */
  static void writeData(LeOutput out, ColumnData c) throws IOException {
    writeData(out, c, 0, c.length());
  }

  /** Writes elements {@code [from, to)} of {@code c}, little-endian. */
  static void writeData(LeOutput out, ColumnData c, int from, int to) throws IOException {
    switch (c.kdbType()) {
      case BOOLEAN, BYTE, CHAR -> out.putBytes(c.byteValues(), from, to - from);
      case GUID -> {
        long[] hi = c.longValues();
        long[] lo = c.guidLowValues();
        for (int i = from; i < to; i++) {
          out.putLongBigEndian(hi[i]);
          out.putLongBigEndian(lo[i]);
        }
      }
      case SHORT -> {
        short[] v = c.shortValues();
        for (int i = from; i < to; i++) {
          out.putShort(v[i]);
        }
      }
      case REAL -> {
        float[] v = c.floatValues();
        for (int i = from; i < to; i++) {
          float f = v[i];
          out.putInt(f != f ? Nulls.REAL_NULL_BITS : Float.floatToRawIntBits(f));
        }
      }
      case FLOAT, DATETIME -> {
        double[] v = c.doubleValues();
        for (int i = from; i < to; i++) {
          double d = v[i];
          out.putLong(d != d ? Nulls.FLOAT_NULL_BITS : Double.doubleToRawLongBits(d));
        }
      }
      case SYMBOL -> throw new IllegalArgumentException(out.file()
          + ": symbols are written as enumerations, not vectors");
      default -> {
        if (c.kdbType().isLongLike()) {
          long[] v = c.longValues();
          for (int i = from; i < to; i++) {
            out.putLong(v[i]);
          }
        } else {
          int[] v = c.intValues();
          for (int i = from; i < to; i++) {
            out.putInt(v[i]);
          }
        }
      }
    }
  }
}
