package dev.kdbsql.storage.io;

import java.nio.file.Path;

/**
 * Read-only random access to the plain image of one kdb+ file, indexed by {@code long}.
 *
 * <p>The image is either the file's bytes, memory-mapped, or the decompressed image of a
 * {@code kxzipped} file, inflated block by block on demand. All multi-byte values are
 * little-endian, as every kdb+ platform writes them. Reads outside {@code [0, length())} and
 * reads after {@link #close()} raise {@link dev.kdbsql.storage.StorageException} naming the
 * file; implementations never return bytes that are not in the file.
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

  /** Whether the image is a decompressed {@code kxzipped} file. */
  default boolean compressed() {
    return false;
  }

  /** Releases the mapping or block cache; idempotent. Later reads fail with a clear error. */
  @Override
  void close();
}
