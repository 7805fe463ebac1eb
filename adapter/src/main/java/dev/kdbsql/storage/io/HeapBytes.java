package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** A file image held on the heap: small decompressed files and test data. */
public final class HeapBytes implements Bytes {
  private final Path file;
  private final ByteBuffer buf;
  private final boolean compressed;
  private volatile boolean closed;

  /** Creates an image over {@code data} (not copied) that belongs to {@code file}. */
  public HeapBytes(Path file, byte[] data, boolean compressed) {
    this.file = file;
    this.buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
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

  private int at(long pos, int width) {
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
  public boolean compressed() {
    return compressed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
