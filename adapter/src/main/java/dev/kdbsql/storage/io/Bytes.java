package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Read-only random access to the plain image of one kdb+ file, indexed by {@code long}.
 *
 * <p>The image is either the file's bytes, memory-mapped, or the decompressed image of a
 * {@code kxzipped} file, inflated block by block on demand. All multi-byte values are
 * little-endian, as every kdb+ platform writes them. Reads outside {@code [0, length())} and
 * reads after {@link #close()} raise {@link dev.kdbsql.storage.StorageException} naming the
 * file; implementations never return bytes that are not in the file.
 *
 * <p>The bulk reads ({@link #getLongs}, {@link #getInts}, ...) copy {@code len} consecutive
 * values starting at byte {@code pos} into an array: hot loops read a block of a column with one
 * bounds check and, where the image allows, one memory copy. The defaults here read value by value;
 * implementations override them. A bulk read checks the whole range before copying anything.
 *
 * <p>Implementations are safe for concurrent reads. The one who opened a {@code Bytes} closes it.
 */
public interface Bytes extends AutoCloseable {

  /** The file this image belongs to, for messages. */
  Path file();

  /** Length of the plain (decompressed) image in bytes. */
  long length();

  byte getByte(long pos);

  short getShort(long pos);

  int getInt(long pos);

  long getLong(long pos);

  default float getFloat(long pos) {
    return Float.intBitsToFloat(getInt(pos));
  }

  default double getDouble(long pos) {
    return Double.longBitsToDouble(getLong(pos));
  }

  /**
   * The little-endian value of {@code width} bytes at {@code pos}, assembled byte by byte: the slow
   * path for a multi-byte read that straddles two chunks or blocks.
   */
  default long assembleLittleEndian(long pos, int width) {
    long v = 0;
    for (int i = width - 1; i >= 0; i--) {
      v = (v << 8) | (getByte(pos + i) & 0xff);
    }
    return v;
  }

  /** Copies {@code len} bytes starting at {@code pos} into {@code dst[off..off+len)}. */
  void getBytes(long pos, byte[] dst, int off, int len);

  /** Copies the {@code len} 8-byte values starting at {@code pos} into {@code dst[off..off+len)}. */
  default void getLongs(long pos, long[] dst, int off, int len) {
    checkBulk(pos, len, 8, off, dst.length);
    for (int i = 0; i < len; i++) {
      dst[off + i] = getLong(pos + ((long) i << 3));
    }
  }

  /** Copies the {@code len} 8-byte floats starting at {@code pos} into {@code dst[off..off+len)}. */
  default void getDoubles(long pos, double[] dst, int off, int len) {
    checkBulk(pos, len, 8, off, dst.length);
    for (int i = 0; i < len; i++) {
      dst[off + i] = getDouble(pos + ((long) i << 3));
    }
  }

  /** Copies the {@code len} 4-byte values starting at {@code pos} into {@code dst[off..off+len)}. */
  default void getInts(long pos, int[] dst, int off, int len) {
    checkBulk(pos, len, 4, off, dst.length);
    for (int i = 0; i < len; i++) {
      dst[off + i] = getInt(pos + ((long) i << 2));
    }
  }

  /** Copies the {@code len} 4-byte floats starting at {@code pos} into {@code dst[off..off+len)}. */
  default void getFloats(long pos, float[] dst, int off, int len) {
    checkBulk(pos, len, 4, off, dst.length);
    for (int i = 0; i < len; i++) {
      dst[off + i] = getFloat(pos + ((long) i << 2));
    }
  }

  /** Copies the {@code len} 2-byte values starting at {@code pos} into {@code dst[off..off+len)}. */
  default void getShorts(long pos, short[] dst, int off, int len) {
    checkBulk(pos, len, 2, off, dst.length);
    for (int i = 0; i < len; i++) {
      dst[off + i] = getShort(pos + ((long) i << 1));
    }
  }

  /**
   * Checks a bulk read of {@code len} values of {@code width} bytes at {@code pos} into an array of
   * {@code dstLength} from {@code off}: a bad destination range is the caller's bug
   * ({@link IndexOutOfBoundsException}), a source range outside the image is bad data
   * ({@link StorageException} naming the file).
   */
  private void checkBulk(long pos, int len, int width, int off, int dstLength) {
    Objects.checkFromIndexSize(off, len, dstLength);
    if (pos < 0 || pos > length() - (long) len * width) {
      throw new StorageException(file(), pos, "read of " + len + " values of " + width
          + " bytes past the end of the image (length " + length() + ")");
    }
  }

  /** Whether the image is a decompressed {@code kxzipped} file. */
  default boolean compressed() {
    return false;
  }

  /** Releases the mapping or block cache; idempotent. Later reads fail with a clear error. */
  @Override
  void close();
}
