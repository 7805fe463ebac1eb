package dev.kdbsql.storage.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Little-endian typed views of one byte buffer (a mapped chunk, a heap image or an inflated
 * block), created once, so that bulk reads are one memory copy instead of a loop of single
 * reads.
 *
 * <p>A typed view indexes whole elements from the start of the buffer, so it serves a read whose
 * byte offset is a multiple of the element width. kdb+ column data is aligned that way; an
 * unaligned read (a vector inside a flat file) falls back to a loop of unaligned single reads.
 * Callers have checked that the elements lie in the buffer. The views are never positioned or
 * mutated, so one instance serves concurrent readers.
 */
final class LittleEndianViews {
  private final ByteBuffer bytes;
  private final LongBuffer longs;
  private final IntBuffer ints;
  private final ShortBuffer shorts;
  private final DoubleBuffer doubles;
  private final FloatBuffer floats;

  /** Creates the views of {@code buffer}'s whole capacity; the buffer must not be mutated. */
  LittleEndianViews(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
    this.bytes = b;
    this.longs = b.asLongBuffer();
    this.ints = b.asIntBuffer();
    this.shorts = b.asShortBuffer();
    this.doubles = b.asDoubleBuffer();
    this.floats = b.asFloatBuffer();
  }

  /** Creates the views of a heap array. */
  static LittleEndianViews of(byte[] data) {
    return new LittleEndianViews(ByteBuffer.wrap(data));
  }

  /** The buffer's length in bytes. */
  int capacity() {
    return bytes.capacity();
  }

  /** The underlying buffer, little-endian; not to be positioned or mutated. */
  ByteBuffer bytes() {
    return bytes;
  }

  void getLongs(int at, long[] dst, int off, int n) {
    if ((at & 7) == 0) {
      longs.get(at >>> 3, dst, off, n);
    } else {
      for (int i = 0; i < n; i++) {
        dst[off + i] = bytes.getLong(at + (i << 3));
      }
    }
  }

  void getDoubles(int at, double[] dst, int off, int n) {
    if ((at & 7) == 0) {
      doubles.get(at >>> 3, dst, off, n);
    } else {
      for (int i = 0; i < n; i++) {
        dst[off + i] = bytes.getDouble(at + (i << 3));
      }
    }
  }

  void getInts(int at, int[] dst, int off, int n) {
    if ((at & 3) == 0) {
      ints.get(at >>> 2, dst, off, n);
    } else {
      for (int i = 0; i < n; i++) {
        dst[off + i] = bytes.getInt(at + (i << 2));
      }
    }
  }

  void getFloats(int at, float[] dst, int off, int n) {
    if ((at & 3) == 0) {
      floats.get(at >>> 2, dst, off, n);
    } else {
      for (int i = 0; i < n; i++) {
        dst[off + i] = bytes.getFloat(at + (i << 2));
      }
    }
  }

  void getShorts(int at, short[] dst, int off, int n) {
    if ((at & 1) == 0) {
      shorts.get(at >>> 1, dst, off, n);
    } else {
      for (int i = 0; i < n; i++) {
        dst[off + i] = bytes.getShort(at + (i << 1));
      }
    }
  }
}
