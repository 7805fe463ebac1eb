package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file read through its channel, for a look at its headers: the first {@link #HEAD} bytes are
 * read at once (every kdb+ header lies there), anything else with a positional read of just the
 * bytes asked for. Checking a column's header and length this way costs an open, a read and a
 * close; mapping it (what a scan does, {@link MappedBytes}) costs a kernel map entry and an unmap
 * as well, which a count from headers over every column of many partitions should not pay.
 * Holds the channel until {@link #close()}.
 */
final class ProbeBytes implements Bytes {
  /** The {@code fd 20} page and the vector header after it. */
  static final int HEAD = 4096 + 16;

  private final Path file;
  private final FileChannel channel;
  private final long length;
  private final ByteBuffer head;
  private boolean closed;

  private ProbeBytes(Path file, FileChannel channel, long length, ByteBuffer head) {
    this.file = file;
    this.channel = channel;
    this.length = length;
    this.head = head;
  }

  /**
   * Reads the head of {@code file} from {@code ch}, whose size is {@code length}; the image then
   * owns the channel (and closes it, also when this fails).
   */
  static ProbeBytes open(Path file, FileChannel ch, long length) throws IOException {
    try {
      return read(file, ch, length);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static ProbeBytes read(Path file, FileChannel ch, long length) throws IOException {
    ByteBuffer head = ByteBuffer.allocate((int) Math.min(length, HEAD)).order(ByteOrder.LITTLE_ENDIAN);
    while (head.hasRemaining()) {
      if (ch.read(head, head.position()) < 0) {
        throw new StorageException(file, head.position(), "file shrank while it was read: expected "
            + length + " bytes");
      }
    }
    return new ProbeBytes(file, ch, length, head);
  }

  /** Whether the file starts with {@code magic}. */
  boolean startsWith(byte[] magic) {
    if (head.capacity() < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (head.get(i) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public long length() {
    return length;
  }

  /** The {@code width} bytes at {@code pos}, as a little-endian buffer positioned at them. */
  private synchronized ByteBuffer at(long pos, int width) {
    if (closed) {
      throw new StorageException(file, pos, "already closed");
    }
    if (pos < 0 || pos > length - width) {
      throw new StorageException(file, pos,
          "read of " + width + " bytes past the end of the file (length " + length + ")");
    }
    if (pos + width <= head.capacity()) {
      return head.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) pos);
    }
    ByteBuffer b = ByteBuffer.allocate(width).order(ByteOrder.LITTLE_ENDIAN);
    Channels.readFully(file, channel, b, pos);
    return b.flip();
  }

  @Override
  public byte getByte(long pos) {
    return at(pos, 1).get();
  }

  @Override
  public short getShort(long pos) {
    return at(pos, 2).getShort();
  }

  @Override
  public int getInt(long pos) {
    return at(pos, 4).getInt();
  }

  @Override
  public long getLong(long pos) {
    return at(pos, 8).getLong();
  }

  @Override
  public void getBytes(long pos, byte[] dst, int off, int len) {
    at(pos, len).get(dst, off, len);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Channels.close(file, channel);
  }

  @Override
  public String toString() {
    return "ProbeBytes(" + file + ", " + length + " bytes)";
  }
}
