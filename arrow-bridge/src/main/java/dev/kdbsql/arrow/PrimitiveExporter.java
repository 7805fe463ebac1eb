package dev.kdbsql.arrow;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Exports fixed-width kdb+ atoms (every simple type but guid, char and symbol) by writing the
 * target vector's data and validity buffers directly: one loop per type, primitive values only,
 * sentinels turned into cleared validity bits and epochs shifted on the way (see {@link Epochs}).
 */
final class PrimitiveExporter implements ColumnExporter {
  private final KdbType type;

  PrimitiveExporter(KdbType type) {
    this.type = type;
  }

  @Override
  public void fill(Column c, long from, int n, FieldVector target) {
    BaseFixedWidthVector v = (BaseFixedWidthVector) target;
    v.allocateNew(n);
    ArrowBuf data = v.getDataBuffer();
    ArrowBuf valid = v.getValidityBuffer();
    switch (type) {
      case BOOLEAN -> booleans(c, from, n, data, valid);
      case BYTE -> bytes(c, from, n, data, valid);
      case SHORT -> shorts(c, from, n, data, valid);
      case INT, SECOND, TIME -> ints(c, from, n, data, valid, 0);
      case DATE -> ints(c, from, n, data, valid, Temporals.EPOCH_DAYS_2000);
      case MONTH -> months(c, from, n, data, valid);
      case MINUTE -> minutes(c, from, n, data, valid);
      case LONG, TIMESPAN -> longs(c, from, n, data, valid, 0);
      case TIMESTAMP -> longs(c, from, n, data, valid, Temporals.EPOCH_NANOS_2000);
      case REAL -> reals(c, from, n, data, valid);
      case FLOAT -> doubles(c, from, n, data, valid);
      case DATETIME -> datetimes(c, from, n, data, valid);
      default -> throw new IllegalStateException("no primitive export for " + type);
    }
    v.setValueCount(n);
  }

  private static void booleans(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    for (int i = 0; i < n; i++) {
      BitVectorHelper.setBit(valid, i);
      if (c.getByte(from + i) != 0) {
        BitVectorHelper.setBit(data, i);
      }
    }
  }

  private static void bytes(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    for (int i = 0; i < n; i++) {
      data.setByte(i, c.getByte(from + i));
      BitVectorHelper.setBit(valid, i);
    }
  }

  private static void shorts(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    for (int i = 0; i < n; i++) {
      short x = c.getShort(from + i);
      if (x != Nulls.SHORT_NULL) {
        data.setShort(2L * i, x);
        BitVectorHelper.setBit(valid, i);
      }
    }
  }

  private static void ints(Column c, long from, int n, ArrowBuf data, ArrowBuf valid, int offset) {
    for (int i = 0; i < n; i++) {
      int x = c.getInt(from + i);
      if (x != Nulls.INT_NULL) {
        try {
          data.setInt(4L * i, offset == 0 ? x : Epochs.shift(x, offset));
        } catch (ArithmeticException e) {
          throw ColumnExporter.outOfRange(c, from + i, e);
        }
        BitVectorHelper.setBit(valid, i);
      }
    }
  }

  private static void months(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    for (int i = 0; i < n; i++) {
      int x = c.getInt(from + i);
      if (x != Nulls.INT_NULL) {
        try {
          data.setInt(4L * i, Epochs.monthToDays(x));
        } catch (ArithmeticException e) {
          throw ColumnExporter.outOfRange(c, from + i, e);
        }
        BitVectorHelper.setBit(valid, i);
      }
    }
  }

  private static void minutes(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    for (int i = 0; i < n; i++) {
      int x = c.getInt(from + i);
      if (x != Nulls.INT_NULL) {
        try {
          data.setInt(4L * i, Epochs.scale(x, 60));
        } catch (ArithmeticException e) {
          throw ColumnExporter.outOfRange(c, from + i, e);
        }
        BitVectorHelper.setBit(valid, i);
      }
    }
  }

  private static void longs(Column c, long from, int n, ArrowBuf data, ArrowBuf valid,
      long offset) {
    for (int i = 0; i < n; i++) {
      long x = c.getLong(from + i);
      if (x != Nulls.LONG_NULL) {
        try {
          data.setLong(8L * i, offset == 0 ? x : Epochs.shift(x, offset));
        } catch (ArithmeticException e) {
          throw ColumnExporter.outOfRange(c, from + i, e);
        }
        BitVectorHelper.setBit(valid, i);
      }
    }
  }

  private static void reals(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    for (int i = 0; i < n; i++) {
      float x = c.getFloat(from + i);
      if (!Float.isNaN(x)) {
        data.setFloat(4L * i, x);
        BitVectorHelper.setBit(valid, i);
      }
    }
  }

  private static void doubles(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    for (int i = 0; i < n; i++) {
      double x = c.getDouble(from + i);
      if (!Double.isNaN(x)) {
        data.setDouble(8L * i, x);
        BitVectorHelper.setBit(valid, i);
      }
    }
  }

  private static void datetimes(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    for (int i = 0; i < n; i++) {
      double x = c.getDouble(from + i);
      if (!Double.isNaN(x)) {
        try {
          data.setLong(8L * i, Epochs.datetimeToMillis(x));
        } catch (ArithmeticException e) {
          throw ColumnExporter.outOfRange(c, from + i, e);
        }
        BitVectorHelper.setBit(valid, i);
      }
    }
  }
}
