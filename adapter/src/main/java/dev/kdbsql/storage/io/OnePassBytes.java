package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A mapped file read once, start to end, through a channel of its own a window at a time: for a
 * pass over a whole column whose result is kept (the runs of a symbol column), which through the
 * mapping would fault in every page of the file for nothing to read again. On virtual machines a
 * page fault costs several times the copy of the page: on our 2-core benchmark VM, 8.5 ms to
 * fault in a 16 MB column against 2.6 ms to read it with positional reads, and the first
 * symbol filter over 100M quotes spent most of its time so. Reads anywhere in the file are
 * served; reads in order cost one positional read per window.
 *
 * <p>Only opened over a mapping whose file is still the one mapped ({@link #of}), so that what is
 * read here is what the mapping holds. Single-threaded; closes its channel and frees its window
 * on {@link #close()}.
 */
public final class OnePassBytes implements Bytes {
  /** Bytes read per positional read. */
  static final int WINDOW = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final long length;
  private final ByteBuffer window;
  private final LittleEndianViews views;
  /** The file position of the window's first byte, and how many bytes it holds. */
  private long start;
  private int filled;
  private boolean closed;

  private OnePassBytes(Path file, FileChannel channel, long length) {
    this.file = file;
    this.channel = channel;
    this.length = length;
    this.window = ByteBuffer.allocateDirect((int) Math.min(WINDOW, Math.max(length, 8)));
    this.views = new LittleEndianViews(window);
  }

  /**
   * A one-pass reader of {@code image}'s file, or null when there is none to be had and the
   * image should be read itself: it is not a mapping, its file's stamp was not taken when mapped
   * ({@link MappedBytes#stamp}), or the file at its path is no longer that file.
   */
  public static OnePassBytes of(Bytes image) {
    if (!(image instanceof MappedBytes m) || m.stamp() == null) {
      return null;
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(m.file(), StandardOpenOption.READ);
      // Stamped after opening: a file replaced before or while it was opened stamps otherwise.
      if (!m.stamp().equals(FileStamp.of(m.file())) || ch.size() != m.length()) {
        return null;
      }
      OnePassBytes once = new OnePassBytes(m.file(), ch, m.length());
      ch = null;
      return once;
    } catch (IOException | RuntimeException e) {
      // The mapping still reads the file.
      return null;
    } finally {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // nothing was read through it
        }
      }
    }
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public long length() {
    return length;
  }

  /** Makes {@code [pos, pos + bytes)} ({@code bytes} at most the window) resident; its offset. */
  private int at(long pos, int bytes) {
    if (closed) {
      throw new StorageException(file, pos, "already closed");
    }
    if (pos < 0 || pos > length - bytes) {
      throw new StorageException(file, pos,
          "read of " + bytes + " bytes past the end of the file (length " + length + ")");
    }
    if (pos < start || pos + bytes > start + filled) {
      fill(pos);
    }
    return (int) (pos - start);
  }

  private void fill(long pos) {
    int want = (int) Math.min(window.capacity(), length - pos);
    // Emptied first: a read that fails leaves no stale bytes served as the file's.
    filled = 0;
    window.clear().limit(want);
    Channels.readFully(file, channel, window, pos);
    start = pos;
    filled = want;
  }

  @Override
  public byte getByte(long pos) {
    return views.bytes().get(at(pos, 1));
  }

  @Override
  public short getShort(long pos) {
    return views.bytes().getShort(at(pos, 2));
  }

  @Override
  public int getInt(long pos) {
    return views.bytes().getInt(at(pos, 4));
  }

  @Override
  public long getLong(long pos) {
    return views.bytes().getLong(at(pos, 8));
  }

  /** Copies {@code n} elements from offset {@code at} of the window to {@code dst[off..]}. */
  @FunctionalInterface
  private interface Copy {
    void copy(int at, int off, int n);
  }

  /** A bulk read of {@code len} elements of {@code width} bytes at {@code pos}, by windows. */
  private void bulk(long pos, int len, int width, int off, int dstLength, Copy copy) {
    Objects.checkFromIndexSize(off, len, dstLength);
    int perWindow = window.capacity() / width;
    while (len > 0) {
      int n = Math.min(len, perWindow);
      copy.copy(at(pos, n * width), off, n);
      pos += (long) n * width;
      off += n;
      len -= n;
    }
  }

  @Override
  public void getBytes(long pos, byte[] dst, int off, int len) {
    bulk(pos, len, 1, off, dst.length, (at, o, n) -> views.bytes().get(at, dst, o, n));
  }

  @Override
  public void getLongs(long pos, long[] dst, int off, int len) {
    bulk(pos, len, 8, off, dst.length, (at, o, n) -> views.getLongs(at, dst, o, n));
  }

  @Override
  public void getDoubles(long pos, double[] dst, int off, int len) {
    bulk(pos, len, 8, off, dst.length, (at, o, n) -> views.getDoubles(at, dst, o, n));
  }

  @Override
  public void getInts(long pos, int[] dst, int off, int len) {
    bulk(pos, len, 4, off, dst.length, (at, o, n) -> views.getInts(at, dst, o, n));
  }

  @Override
  public void getFloats(long pos, float[] dst, int off, int len) {
    bulk(pos, len, 4, off, dst.length, (at, o, n) -> views.getFloats(at, dst, o, n));
  }

  @Override
  public void getShorts(long pos, short[] dst, int off, int len) {
    bulk(pos, len, 2, off, dst.length, (at, o, n) -> views.getShorts(at, dst, o, n));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Unmapper.unmap(window);
    Channels.close(file, channel);
  }

  @Override
  public String toString() {
    return "OnePassBytes(" + file + ", " + length + " bytes)";
  }
}
