package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;

/** A file image held on the heap: small decompressed files and test data. */
public final class HeapBytes implements Bytes {
  private final Path file;
  private final ByteBuffer buf;
  private final LittleEndianViews views;
  private final boolean compressed;
  private volatile boolean closed;

  /** Creates an image over {@code data} (not copied) that belongs to {@code file}. */
  public HeapBytes(Path file, byte[] data, boolean compressed) {
    this.file = file;
    this.buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    this.views = LittleEndianViews.of(data);
    this.compressed = compressed;
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public long length() {
    return buf.capacity();
  }

  private int at(long pos, long width) {
    if (closed) {
      throw new StorageException(file, pos, "already closed");
    }
    if (pos < 0 || pos > buf.capacity() - width) {
      throw new StorageException(file, pos,
          "read of " + width + " bytes past the end of the file (length " + buf.capacity() + ")");
    }
    return (int) pos;
  }

  @Override
  public byte getByte(long pos) {
    return buf.get(at(pos, 1));
  }

  @Override
  public short getShort(long pos) {
    return buf.getShort(at(pos, 2));
  }

  @Override
  public int getInt(long pos) {
    return buf.getInt(at(pos, 4));
  }

  @Override
  public long getLong(long pos) {
    return buf.getLong(at(pos, 8));
  }

  @Override
  public void getBytes(long pos, byte[] dst, int off, int len) {
    buf.get(at(pos, len), dst, off, len);
  }

  @Override
  public void getLongs(long pos, long[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    views.getLongs(at(pos, (long) len << 3), dst, off, len);
  }

  @Override
  public void getDoubles(long pos, double[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    views.getDoubles(at(pos, (long) len << 3), dst, off, len);
  }

  @Override
  public void getInts(long pos, int[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    views.getInts(at(pos, (long) len << 2), dst, off, len);
  }

  @Override
  public void getFloats(long pos, float[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    views.getFloats(at(pos, (long) len << 2), dst, off, len);
  }

  @Override
  public void getShorts(long pos, short[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    views.getShorts(at(pos, (long) len << 1), dst, off, len);
  }

  @Override
  public boolean compressed() {
    return compressed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
