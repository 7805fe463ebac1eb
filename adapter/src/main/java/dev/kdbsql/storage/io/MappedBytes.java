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
 * mapping.
 *
 * <p>{@link #close()} unmaps at once rather than leaving it to the garbage collector: a process
 * may hold at most {@code vm.max_map_count} (65,530 by default) mappings, and a busy server
 * opening thousands of column files between two old-generation collections would otherwise run
 * out of them and die in native code (seen in our own mutation tests). The price, as in Lucene,
 * is ownership: the one who opened the image closes it, after every read of it has finished, and
 * reads must not race {@code close()}. A read after {@code close()} fails with "already closed".
 */
public final class MappedBytes implements Bytes {
  /** 1 GiB chunks: large enough that nearly every column is a single chunk. */
  static final int CHUNK_POWER = 30;

  private static final long CHUNK_MASK = (1L << CHUNK_POWER) - 1;

  private final Path file;
  private final long length;
  private volatile ByteBuffer[] chunks;

  private MappedBytes(Path file, long length, ByteBuffer[] chunks) {
    this.file = file;
    this.length = length;
    this.chunks = chunks;
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
    long size;
    try {
      size = ch.size();
    } catch (IOException e) {
      throw new StorageException(file, -1, "cannot read size: " + e.getMessage(), e);
    }
    int n = (int) ((size + CHUNK_MASK) >>> CHUNK_POWER);
    ByteBuffer[] chunks = new ByteBuffer[Math.max(n, 1)];
    try {
      for (int i = 0; i < n; i++) {
        long start = (long) i << CHUNK_POWER;
        long len = Math.min(1L << CHUNK_POWER, size - start);
        MappedByteBuffer mb = ch.map(FileChannel.MapMode.READ_ONLY, start, len);
        chunks[i] = mb.order(ByteOrder.LITTLE_ENDIAN);
      }
    } catch (IOException e) {
      throw new StorageException(file, -1, "cannot map " + size + " bytes (" + e.getMessage()
          + "); check the address-space limit (ulimit -v) and vm.max_map_count", e);
    }
    if (n == 0) {
      chunks[0] = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    return new MappedBytes(file, size, chunks);
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public long length() {
    return length;
  }

  private ByteBuffer chunk(long pos, int width) {
    ByteBuffer[] cs = chunks;
    if (cs == null) {
      throw new StorageException(file, pos, "already closed");
    }
    if (pos < 0 || pos > length - width) {
      throw new StorageException(file, pos,
          "read of " + width + " bytes past the end of the file (length " + length + ")");
    }
    return cs[(int) (pos >>> CHUNK_POWER)];
  }

  /** Whether a {@code width}-byte read at {@code pos} stays in one chunk. */
  private static boolean inOneChunk(long pos, int width) {
    return ((pos & CHUNK_MASK) + width) <= (1L << CHUNK_POWER);
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
      return chunk(pos, 1).get((int) (pos & CHUNK_MASK));
    } catch (InternalError e) {
      throw changedUnderneath(pos, e);
    }
  }

  @Override
  public short getShort(long pos) {
    try {
      ByteBuffer c = chunk(pos, 2);
      return inOneChunk(pos, 2) ? c.getShort((int) (pos & CHUNK_MASK))
          : (short) assembleLittleEndian(pos, 2);
    } catch (InternalError e) {
      throw changedUnderneath(pos, e);
    }
  }

  @Override
  public int getInt(long pos) {
    try {
      ByteBuffer c = chunk(pos, 4);
      return inOneChunk(pos, 4) ? c.getInt((int) (pos & CHUNK_MASK))
          : (int) assembleLittleEndian(pos, 4);
    } catch (InternalError e) {
      throw changedUnderneath(pos, e);
    }
  }

  @Override
  public long getLong(long pos) {
    try {
      ByteBuffer c = chunk(pos, 8);
      return inOneChunk(pos, 8) ? c.getLong((int) (pos & CHUNK_MASK))
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
    chunk(pos, len);
    int done = 0;
    while (done < len) {
      long p = pos + done;
      ByteBuffer c = chunks[(int) (p >>> CHUNK_POWER)];
      int inChunk = (int) (p & CHUNK_MASK);
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

  /**
   * The chunk holding {@code pos}, for bulk loops that have checked their bounds against
   * {@link #length()}; the buffer is positioned nowhere in particular and must not be mutated.
   */
  public ByteBuffer chunkAt(long pos) {
    return chunk(pos, 0);
  }

  /** The position of {@code pos} inside {@link #chunkAt(long)}. */
  public static int offsetInChunk(long pos) {
    return (int) (pos & CHUNK_MASK);
  }

  @Override
  public void close() {
    ByteBuffer[] cs = chunks;
    if (cs == null) {
      return;
    }
    chunks = null;
    for (ByteBuffer c : cs) {
      if (c.isDirect()) {
        Unmapper.unmap(c);
      }
    }
  }

  @Override
  public String toString() {
    return "MappedBytes(" + file + ", " + length + " bytes)";
  }
}
