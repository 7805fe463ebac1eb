package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file memory-mapped read-only in chunks of {@code 2^CHUNK_POWER} bytes, so that files over
 * 2 GiB work with {@code long} positions.
 *
 * <p>kdb+ data starts at offset 16 or 4096 and element widths are powers of two no larger than
 * 16, so an element never straddles two chunks; a multi-byte read that does (a header field of a
 * corrupt file) is still served correctly by the slow path. The channel is closed right after
 * mapping. Bulk reads ({@link SegmentedBytes}) copy through {@link LittleEndianViews} made once
 * per chunk.
 *
 * <p>{@link #close()} unmaps at once rather than leaving it to the garbage collector: a process
 * may hold at most {@code vm.max_map_count} (65,530 by default) mappings, and a busy server
 * opening thousands of column files between two old-generation collections would otherwise run
 * out of them and die in native code (seen in our own mutation tests). The price, as in Lucene,
 * is ownership: the one who opened the image closes it, after every read of it has finished, and
 * reads must not race {@code close()}. A read after {@code close()} fails with "already closed".
 *
 * <p>{@link #share()} gives another owner its own image of the same mapping (what
 * {@link MappedFileCache} hands out): the mapping is counted, and unmapped when the last image of
 * it closes, so one owner's close never pulls pages from under another's reads.
 */
public final class MappedBytes extends SegmentedBytes {
  /** 1 GiB chunks: large enough that nearly every column is a single chunk. */
  static final int CHUNK_POWER = 30;

  private final Path file;
  private final long length;
  private final int chunkPower;
  private final long chunkMask;
  /** The mappings; null once this image is closed, which every read checks before touching memory. */
  private volatile ByteBuffer[] chunks;
  /** Typed views of each chunk, used only after {@link #chunks} has been checked. */
  private final LittleEndianViews[] views;
  /** The images open on these chunks, this one included; the last to close unmaps them. */
  private final Shared shared;

  private MappedBytes(Path file, long length, int chunkPower, ByteBuffer[] chunks,
      LittleEndianViews[] views, Shared shared) {
    this.file = file;
    this.length = length;
    this.chunkPower = chunkPower;
    this.chunkMask = (1L << chunkPower) - 1;
    this.chunks = chunks;
    this.views = views;
    this.shared = shared;
  }

  private MappedBytes(Path file, long length, int chunkPower, ByteBuffer[] chunks) {
    this(file, length, chunkPower, chunks, views(chunks), new Shared(chunks));
  }

  private static LittleEndianViews[] views(ByteBuffer[] chunks) {
    LittleEndianViews[] views = new LittleEndianViews[chunks.length];
    for (int i = 0; i < chunks.length; i++) {
      views[i] = new LittleEndianViews(chunks[i]);
    }
    return views;
  }

  /** The count of open images of one mapping, and the stamp of the file it maps if known. */
  private static final class Shared {
    private final ByteBuffer[] chunks;
    private int open = 1;
    private volatile FileStamp stamp;

    Shared(ByteBuffer[] chunks) {
      this.chunks = chunks;
    }

    synchronized boolean retain() {
      if (open == 0) {
        return false;
      }
      open++;
      return true;
    }

    void release() {
      synchronized (this) {
        if (--open > 0) {
          return;
        }
      }
      for (ByteBuffer c : chunks) {
        if (c.isDirect()) {
          Unmapper.unmap(c);
        }
      }
    }
  }

  /**
   * The stamp of the file as mapped ({@link FileStamp}, taken before mapping a file that had
   * settled), or null when not known: what {@link OnePassBytes#of} checks the file against.
   */
  FileStamp stamp() {
    return shared.stamp;
  }

  /** Records {@code stamp}, taken before this mapping was made, as the mapped file's. */
  void stamp(FileStamp stamp) {
    shared.stamp = stamp;
  }

  /**
   * Another image of this mapping, for another owner, who closes it independently; null once
   * every image of the mapping has closed (the pages are gone).
   */
  MappedBytes share() {
    ByteBuffer[] cs = chunks;
    if (cs == null || !shared.retain()) {
      return null;
    }
    return new MappedBytes(file, length, chunkPower, cs, views, shared);
  }

  /** Maps {@code file} read-only. */
  public static MappedBytes map(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return map(file, ch);
    } catch (IOException e) {
      throw new StorageException(file, -1, "cannot open: " + e.getMessage(), e);
    }
  }

  /** Maps the file behind {@code ch} read-only; the caller keeps ownership of the channel. */
  public static MappedBytes map(Path file, FileChannel ch) {
    return map(file, ch, CHUNK_POWER);
  }

  /**
   * Maps in chunks of {@code 2^chunkPower} bytes: tests use small chunks to cross chunk boundaries
   * in small files. {@link #offsetInChunk} assumes the default chunk size.
   */
  static MappedBytes map(Path file, FileChannel ch, int chunkPower) {
    if (chunkPower < 3 || chunkPower > CHUNK_POWER) {
      throw new IllegalArgumentException("chunk power " + chunkPower);
    }
    long chunkMask = (1L << chunkPower) - 1;
    long size;
    try {
      size = ch.size();
    } catch (IOException e) {
      throw new StorageException(file, -1, "cannot read size: " + e.getMessage(), e);
    }
    long chunkCount = (size + chunkMask) >>> chunkPower;
    if (chunkCount > Integer.MAX_VALUE - 1) {
      throw new StorageException(file, -1, "too large to map (" + size + " bytes in chunks of "
          + (1L << chunkPower) + ")");
    }
    int n = (int) chunkCount;
    ByteBuffer[] chunks = new ByteBuffer[Math.max(n, 1)];
    try {
      for (int i = 0; i < n; i++) {
        long start = (long) i << chunkPower;
        long len = Math.min(1L << chunkPower, size - start);
        MappedByteBuffer mb = ch.map(FileChannel.MapMode.READ_ONLY, start, len);
        chunks[i] = mb.order(ByteOrder.LITTLE_ENDIAN);
      }
    } catch (IOException e) {
      throw new StorageException(file, -1, "cannot map " + size + " bytes (" + e.getMessage()
          + "); check the address-space limit (ulimit -v) and vm.max_map_count", e);
    }
    if (n == 0) {
      chunks[0] = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    } else {
      MappingFaults.mapped(file, size);
    }
    return new MappedBytes(file, size, chunkPower, chunks);
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public long length() {
    return length;
  }

  /** The chunks, after checking that the image is open and {@code [pos, pos + width)} in it. */
  private ByteBuffer[] checked(long pos, long width) {
    ByteBuffer[] cs = chunks;
    if (cs == null) {
      throw new StorageException(file, pos, "already closed");
    }
    if (pos < 0 || pos > length - width) {
      throw new StorageException(file, pos,
          "read of " + width + " bytes past the end of the file (length " + length + ")");
    }
    return cs;
  }

  private ByteBuffer chunk(long pos, int width) {
    return checked(pos, width)[(int) (pos >>> chunkPower)];
  }

  /** Whether a {@code width}-byte read at {@code pos} stays in one chunk. */
  private boolean inOneChunk(long pos, int width) {
    return ((pos & chunkMask) + width) <= (1L << chunkPower);
  }

  /*
   * A page of a file that shrank after it was mapped (q rewriting a column) faults on access. The
   * JVM turns that SIGBUS into an InternalError: at the faulting read when interpreted (caught
   * here, naming the exact file), and asynchronously in compiled code, which is why loops over
   * columns also run inside MappingFaults.guard.
   */

  @Override
  public byte getByte(long pos) {
    try {
      return chunk(pos, 1).get((int) (pos & chunkMask));
    } catch (InternalError e) {
      throw changedUnderneath(pos, e);
    }
  }

  @Override
  public short getShort(long pos) {
    try {
      ByteBuffer c = chunk(pos, 2);
      return inOneChunk(pos, 2) ? c.getShort((int) (pos & chunkMask))
          : (short) assembleLittleEndian(pos, 2);
    } catch (InternalError e) {
      throw changedUnderneath(pos, e);
    }
  }

  @Override
  public int getInt(long pos) {
    try {
      ByteBuffer c = chunk(pos, 4);
      return inOneChunk(pos, 4) ? c.getInt((int) (pos & chunkMask))
          : (int) assembleLittleEndian(pos, 4);
    } catch (InternalError e) {
      throw changedUnderneath(pos, e);
    }
  }

  @Override
  public long getLong(long pos) {
    try {
      ByteBuffer c = chunk(pos, 8);
      return inOneChunk(pos, 8) ? c.getLong((int) (pos & chunkMask))
          : assembleLittleEndian(pos, 8);
    } catch (InternalError e) {
      throw changedUnderneath(pos, e);
    }
  }

  private StorageException changedUnderneath(long pos, InternalError e) {
    return MappingFaults.translate(file, e);
  }

  @Override
  public void getBytes(long pos, byte[] dst, int off, int len) {
    if (len == 0) {
      return;
    }
    ByteBuffer[] cs = checked(pos, len);
    int done = 0;
    while (done < len) {
      long p = pos + done;
      ByteBuffer c = cs[(int) (p >>> chunkPower)];
      int inChunk = (int) (p & chunkMask);
      int n = Math.min(len - done, c.capacity() - inChunk);
      try {
        c.get(inChunk, dst, off + done, n);
      } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
        throw new StorageException(file, p, "read past the end of the mapping", e);
      } catch (InternalError e) {
        throw changedUnderneath(p, e);
      }
      done += n;
    }
  }

  @Override
  void checkRange(long pos, long bytes) {
    checked(pos, bytes);
  }

  @Override
  LittleEndianViews segment(long pos) {
    return views[(int) (pos >>> chunkPower)];
  }

  @Override
  int offsetInSegment(long pos) {
    return (int) (pos & chunkMask);
  }

  /**
   * The chunk holding {@code pos}, for bulk loops that have checked their bounds against
   * {@link #length()}; the buffer is positioned nowhere in particular and must not be mutated.
   */
  public ByteBuffer chunkAt(long pos) {
    return chunk(pos, 0);
  }

  /**
   * The position of {@code pos} inside {@link #chunkAt(long)}, for images mapped by the public
   * {@code map} methods (default chunk size).
   */
  public static int offsetInChunk(long pos) {
    return (int) (pos & ((1L << CHUNK_POWER) - 1));
  }

  @Override
  public void close() {
    synchronized (shared) {
      if (chunks == null) {
        return;
      }
      chunks = null;
    }
    shared.release();
  }

  @Override
  public String toString() {
    return "MappedBytes(" + file + ", " + length + " bytes)";
  }
}
