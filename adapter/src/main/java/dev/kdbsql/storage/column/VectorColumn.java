package dev.kdbsql.storage.column;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.io.Bytes;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A column of fixed-width atoms laid out back to back in a file image: the data of an
 * {@code fe 20} or {@code fd 20} vector file, or of a vector inside a flat ({@code ff 01}) table.
 * One subclass per width keeps accessors monomorphic and unboxed.
 *
 * <p>Bulk reads ({@link #getLongs}, {@link #getInts}, {@link #getDoubles}) check the row range once and copy
 * straight from the image; narrower types are read into a small scratch array and widened.
 */
public abstract class VectorColumn implements Column {
  /**
   * Values widened per step: small enough that the per-call scratch array stays in L1 and costs
   * little to allocate, large enough to amortize the per-step bulk read.
   */
  static final int WIDEN_STEP = 512;

  protected final Bytes bytes;
  protected final long dataOffset;
  protected final long size;
  protected final KdbType kdbType;
  private final Attribute attribute;

  VectorColumn(Bytes bytes, long dataOffset, long size, KdbType type, Attribute attribute) {
    this.bytes = bytes;
    this.dataOffset = dataOffset;
    this.size = size;
    this.kdbType = type;
    this.attribute = attribute;
  }

  /** Creates the column of {@code size} atoms of {@code type} starting at {@code dataOffset}. */
  public static VectorColumn of(Bytes bytes, long dataOffset, long size, KdbType type,
      Attribute attribute) {
    return switch (type.width()) {
      case 1 -> new ByteVector(bytes, dataOffset, size, type, attribute);
      case 2 -> new ShortVector(bytes, dataOffset, size, type, attribute);
      case 4 -> type == KdbType.REAL
          ? new RealVector(bytes, dataOffset, size, type, attribute)
          : new IntVector(bytes, dataOffset, size, type, attribute);
      case 8 -> type == KdbType.FLOAT || type == KdbType.DATETIME
          ? new DoubleVector(bytes, dataOffset, size, type, attribute)
          : new LongVector(bytes, dataOffset, size, type, attribute);
      case 16 -> new GuidVector(bytes, dataOffset, size, type, attribute);
      default -> throw new IllegalArgumentException("no fixed-width vector of type " + type);
    };
  }

  /** The file image the data lives in (shared; owned by the slice). */
  public Bytes bytes() {
    return bytes;
  }

  /** Offset of element 0 in {@link #bytes()}. */
  public long dataOffset() {
    return dataOffset;
  }

  /** The simple type of the atoms. */
  public KdbType kdbType() {
    return kdbType;
  }

  @Override
  public ColumnType type() {
    return ColumnType.of(kdbType);
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

  protected final long at(long row, int shift) {
    return dataOffset + (Objects.checkIndex(row, size) << shift);
  }

  /**
   * The position of row {@code from} after checking a bulk read of {@code length} rows into an
   * array of {@code dstLength} from {@code offset}; either range out of bounds is a caller bug.
   */
  protected final long bulkAt(long from, int length, int offset, int dstLength, int shift) {
    Objects.checkFromIndexSize(from, length, size);
    Objects.checkFromIndexSize(offset, length, dstLength);
    return dataOffset + (from << shift);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + kdbType + ", " + size + " rows, " + file() + ")";
  }

  static final class ByteVector extends VectorColumn {
    ByteVector(Bytes b, long o, long n, KdbType t, Attribute a) {
      super(b, o, n, t, a);
    }

    @Override
    public byte getByte(long row) {
      return bytes.getByte(at(row, 0));
    }

    @Override
    public void getBytes(long from, byte[] dst, int offset, int length) {
      Objects.checkFromIndexSize(from, length, size);
      Objects.checkFromIndexSize(offset, length, dst.length);
      bytes.getBytes(dataOffset + from, dst, offset, length);
    }

    @Override
    public boolean getBoolean(long row) {
      return getByte(row) != 0;
    }

    @Override
    public String getString(long row) {
      if (kdbType != KdbType.CHAR) {
        return super.getString(row);
      }
      return String.valueOf((char) (getByte(row) & 0xff));
    }

    @Override
    public Object getObject(long row) {
      return Values.ofByte(kdbType, getByte(row));
    }

    @Override
    public boolean isNull(long row) {
      return kdbType == KdbType.CHAR && getByte(row) == ' ';
    }
  }

  static final class ShortVector extends VectorColumn {
    ShortVector(Bytes b, long o, long n, KdbType t, Attribute a) {
      super(b, o, n, t, a);
    }

    @Override
    public short getShort(long row) {
      return bytes.getShort(at(row, 1));
    }

    @Override
    public void getLongs(long from, long[] dst, int offset, int length) {
      long pos = bulkAt(from, length, offset, dst.length, 1);
      short[] step = new short[Math.min(length, WIDEN_STEP)];
      for (int done = 0; done < length; done += step.length) {
        int n = Math.min(length - done, step.length);
        bytes.getShorts(pos + ((long) done << 1), step, 0, n);
        for (int i = 0; i < n; i++) {
          dst[offset + done + i] = step[i];
        }
      }
    }

    @Override
    public Object getObject(long row) {
      short v = getShort(row);
      return v == Short.MIN_VALUE ? null : (Object) v;
    }

    @Override
    public boolean isNull(long row) {
      return getShort(row) == Short.MIN_VALUE;
    }
  }

  static final class IntVector extends VectorColumn {
    IntVector(Bytes b, long o, long n, KdbType t, Attribute a) {
      super(b, o, n, t, a);
    }

    @Override
    public int getInt(long row) {
      return bytes.getInt(at(row, 2));
    }

    @Override
    public void getLongs(long from, long[] dst, int offset, int length) {
      long pos = bulkAt(from, length, offset, dst.length, 2);
      int[] step = new int[Math.min(length, WIDEN_STEP)];
      for (int done = 0; done < length; done += step.length) {
        int n = Math.min(length - done, step.length);
        bytes.getInts(pos + ((long) done << 2), step, 0, n);
        for (int i = 0; i < n; i++) {
          dst[offset + done + i] = step[i];
        }
      }
    }

    @Override
    public void getInts(long from, int[] dst, int offset, int length) {
      bytes.getInts(bulkAt(from, length, offset, dst.length, 2), dst, offset, length);
    }

    @Override
    public Object getObject(long row) {
      return Values.ofInt(kdbType, getInt(row));
    }

    @Override
    public boolean isNull(long row) {
      return getInt(row) == Integer.MIN_VALUE;
    }
  }

  static final class LongVector extends VectorColumn {
    LongVector(Bytes b, long o, long n, KdbType t, Attribute a) {
      super(b, o, n, t, a);
    }

    @Override
    public long getLong(long row) {
      return bytes.getLong(at(row, 3));
    }

    @Override
    public void getLongs(long from, long[] dst, int offset, int length) {
      bytes.getLongs(bulkAt(from, length, offset, dst.length, 3), dst, offset, length);
    }

    @Override
    public Object getObject(long row) {
      return Values.ofLong(kdbType, getLong(row));
    }

    @Override
    public boolean isNull(long row) {
      return getLong(row) == Long.MIN_VALUE;
    }
  }

  static final class RealVector extends VectorColumn {
    RealVector(Bytes b, long o, long n, KdbType t, Attribute a) {
      super(b, o, n, t, a);
    }

    @Override
    public float getFloat(long row) {
      return bytes.getFloat(at(row, 2));
    }

    @Override
    public double getDouble(long row) {
      return getFloat(row);
    }

    @Override
    public void getDoubles(long from, double[] dst, int offset, int length) {
      long pos = bulkAt(from, length, offset, dst.length, 2);
      float[] step = new float[Math.min(length, WIDEN_STEP)];
      for (int done = 0; done < length; done += step.length) {
        int n = Math.min(length - done, step.length);
        bytes.getFloats(pos + ((long) done << 2), step, 0, n);
        for (int i = 0; i < n; i++) {
          dst[offset + done + i] = step[i];
        }
      }
    }

    @Override
    public Object getObject(long row) {
      float v = getFloat(row);
      return Float.isNaN(v) ? null : (Object) v;
    }

    @Override
    public boolean isNull(long row) {
      return Float.isNaN(getFloat(row));
    }
  }

  static final class DoubleVector extends VectorColumn {
    DoubleVector(Bytes b, long o, long n, KdbType t, Attribute a) {
      super(b, o, n, t, a);
    }

    @Override
    public double getDouble(long row) {
      return bytes.getDouble(at(row, 3));
    }

    @Override
    public void getDoubles(long from, double[] dst, int offset, int length) {
      bytes.getDoubles(bulkAt(from, length, offset, dst.length, 3), dst, offset, length);
    }

    @Override
    public Object getObject(long row) {
      return Values.ofDouble(kdbType, getDouble(row));
    }

    @Override
    public boolean isNull(long row) {
      return Double.isNaN(getDouble(row));
    }
  }

  static final class GuidVector extends VectorColumn {
    GuidVector(Bytes b, long o, long n, KdbType t, Attribute a) {
      super(b, o, n, t, a);
    }

    /** Guids are stored in display order, so each half is a big-endian long. */
    @Override
    public long getGuidHigh(long row) {
      return Long.reverseBytes(bytes.getLong(at(row, 4)));
    }

    @Override
    public long getGuidLow(long row) {
      return Long.reverseBytes(bytes.getLong(at(row, 4) + 8));
    }

    @Override
    public Object getObject(long row) {
      long hi = getGuidHigh(row);
      long lo = getGuidLow(row);
      return hi == 0 && lo == 0 ? null : new java.util.UUID(hi, lo);
    }

    @Override
    public boolean isNull(long row) {
      return getGuidHigh(row) == 0 && getGuidLow(row) == 0;
    }
  }
}
