package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.column.VectorColumn;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.MappedBytes;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Copies a range of fixed-width kdb+ values, still in their raw kdb+ encoding, into an Arrow data
 * buffer. Both are little-endian with the same widths, so a mapped vector file is copied with one
 * memory copy per mapping chunk; other columns (decompressed files, columns missing from a
 * partition) go value by value through the primitive accessors.
 */
final class RawCopy {
  private static final int SCRATCH = 1 << 16;

  private RawCopy() {}

  /** Copies rows {@code [from, from + n)} of {@code c} (of {@code type}) to {@code data[0..)}. */
  static void copy(Column c, KdbType type, long from, int n, ArrowBuf data) {
    int w = type.width();
    if (c instanceof VectorColumn v) {
      Objects.checkFromIndexSize(from, n, v.size());
      copy(v.bytes(), v.dataOffset() + from * w, (long) n * w, data);
      return;
    }
    switch (w) {
      case 1 -> {
        for (int i = 0; i < n; i++) {
          data.setByte(i, c.getByte(from + i));
        }
      }
      case 2 -> {
        for (int i = 0; i < n; i++) {
          data.setShort(2L * i, c.getShort(from + i));
        }
      }
      case 4 -> {
        for (int i = 0; i < n; i++) {
          data.setInt(4L * i, type == KdbType.REAL ? Float.floatToRawIntBits(c.getFloat(from + i))
              : c.getInt(from + i));
        }
      }
      case 8 -> {
        boolean dbl = type == KdbType.FLOAT || type == KdbType.DATETIME;
        for (int i = 0; i < n; i++) {
          data.setLong(8L * i, dbl ? Double.doubleToRawLongBits(c.getDouble(from + i))
              : c.getLong(from + i));
        }
      }
      default -> throw new IllegalStateException("no raw copy of " + type);
    }
  }

  private static void copy(Bytes b, long pos, long len, ArrowBuf data) {
    long done = 0;
    if (b instanceof MappedBytes m) {
      while (done < len) {
        long p = pos + done;
        ByteBuffer chunk = m.chunkAt(p);
        int off = MappedBytes.offsetInChunk(p);
        int k = (int) Math.min(len - done, chunk.capacity() - off);
        data.setBytes(done, chunk, off, k);
        done += k;
      }
      return;
    }
    byte[] scratch = new byte[(int) Math.min(SCRATCH, len)];
    while (done < len) {
      int k = (int) Math.min(len - done, scratch.length);
      b.getBytes(pos + done, scratch, 0, k);
      data.setBytes(done, scratch, 0, k);
      done += k;
    }
  }
}
