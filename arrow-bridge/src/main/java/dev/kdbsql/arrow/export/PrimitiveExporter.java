package dev.kdbsql.arrow.export;

import dev.kdbsql.arrow.Epochs;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.Temporals;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Exports fixed-width kdb+ atoms (every simple type but guid, char and symbol) in two passes over
 * the target's buffers: the raw kdb+ values are copied in bulk ({@link RawCopy}), then one
 * primitive loop per type clears the validity bit of each null sentinel and rewrites values whose
 * encoding differs (epoch shifts, minutes to seconds, datetime days to milliseconds; see
 * {@link Epochs}). Booleans are bit-packed in Arrow and take their own loop.
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
    if (type == KdbType.BOOLEAN) {
      booleans(c, from, n, data);
    } else {
      RawCopy.copy(c, type, from, n, data);
    }
    valid.setOne(0L, BitVectorHelper.getValidityBufferSize(n));
    switch (type) {
      case BOOLEAN, BYTE -> { }
      case SHORT -> shorts(n, data, valid);
      case INT, SECOND, TIME -> ints(n, data, valid);
      case DATE, MONTH, MINUTE -> temporalInts(c, from, n, data, valid);
      case LONG, TIMESPAN -> longs(n, data, valid);
      case TIMESTAMP -> timestamps(c, from, n, data, valid);
      case REAL -> reals(n, data, valid);
      case FLOAT -> doubles(n, data, valid);
      case DATETIME -> datetimes(c, from, n, data, valid);
      default -> throw new IllegalStateException("no primitive export for " + type);
    }
    v.setValueCount(n);
  }

  /**
   * A little-endian view of the first {@code bytes} bytes of {@code data}: its indexed accessors
   * compile to plain loads and stores, without ArrowBuf's per-call bounds checks.
   */
  private static ByteBuffer view(ArrowBuf data, int bytes) {
    return data.nioBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void booleans(Column c, long from, int n, ArrowBuf data) {
    for (int i = 0; i < n; i++) {
      if (c.getByte(from + i) != 0) {
        BitVectorHelper.setBit(data, i);
      }
    }
  }

  private static void shorts(int n, ArrowBuf data, ArrowBuf valid) {
    ShortBuffer values = view(data, 2 * n).asShortBuffer();
    for (int i = 0; i < n; i++) {
      if (values.get(i) == Nulls.SHORT_NULL) {
        BitVectorHelper.unsetBit(valid, i);
      }
    }
  }

  private static void ints(int n, ArrowBuf data, ArrowBuf valid) {
    IntBuffer values = view(data, 4 * n).asIntBuffer();
    for (int i = 0; i < n; i++) {
      if (values.get(i) == Nulls.INT_NULL) {
        BitVectorHelper.unsetBit(valid, i);
      }
    }
  }

  private void temporalInts(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    IntBuffer values = view(data, 4 * n).asIntBuffer();
    for (int i = 0; i < n; i++) {
      int x = values.get(i);
      if (x == Nulls.INT_NULL) {
        BitVectorHelper.unsetBit(valid, i);
        continue;
      }
      try {
        values.put(i, switch (type) {
          case DATE -> Epochs.shift(x, Temporals.EPOCH_DAYS_2000);
          case MONTH -> Epochs.monthToDays(x);
          default -> Epochs.scale(x, 60);
        });
      } catch (ArithmeticException e) {
        throw ColumnExporter.outOfRange(c, from + i, e);
      }
    }
  }

  private static void longs(int n, ArrowBuf data, ArrowBuf valid) {
    LongBuffer values = view(data, 8 * n).asLongBuffer();
    for (int i = 0; i < n; i++) {
      if (values.get(i) == Nulls.LONG_NULL) {
        BitVectorHelper.unsetBit(valid, i);
      }
    }
  }

  private static void timestamps(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    LongBuffer values = view(data, 8 * n).asLongBuffer();
    for (int i = 0; i < n; i++) {
      long x = values.get(i);
      if (x == Nulls.LONG_NULL) {
        BitVectorHelper.unsetBit(valid, i);
        continue;
      }
      try {
        values.put(i, Epochs.shift(x, Temporals.EPOCH_NANOS_2000));
      } catch (ArithmeticException e) {
        throw ColumnExporter.outOfRange(c, from + i, e);
      }
    }
  }

  private static void reals(int n, ArrowBuf data, ArrowBuf valid) {
    FloatBuffer values = view(data, 4 * n).asFloatBuffer();
    for (int i = 0; i < n; i++) {
      if (Float.isNaN(values.get(i))) {
        BitVectorHelper.unsetBit(valid, i);
      }
    }
  }

  private static void doubles(int n, ArrowBuf data, ArrowBuf valid) {
    DoubleBuffer values = view(data, 8 * n).asDoubleBuffer();
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(values.get(i))) {
        BitVectorHelper.unsetBit(valid, i);
      }
    }
  }

  private static void datetimes(Column c, long from, int n, ArrowBuf data, ArrowBuf valid) {
    for (int i = 0; i < n; i++) {
      double x = data.getDouble(8L * i);
      if (Double.isNaN(x)) {
        BitVectorHelper.unsetBit(valid, i);
        data.setLong(8L * i, 0);
        continue;
      }
      try {
        data.setLong(8L * i, Epochs.datetimeToMillis(x));
      } catch (ArithmeticException e) {
        throw ColumnExporter.outOfRange(c, from + i, e);
      }
    }
  }
}
