package dev.kdbsql.storage.io;

import dev.kdbsql.storage.io.codec.BlockCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes a plain kdb+ file image as a {@code kxzipped} file, the way q's {@code set} does with a
 * compression triple: the magic, the blocks back to back, then the trailer (version 3).
 *
 * <p>The image is streamed: bytes written are cut into logical blocks, each compressed as soon as
 * it is full, so only one block is held in memory whatever the file size. A block that does not
 * shrink is stored raw with block algorithm 0, as q does. {@link #close()} compresses the last,
 * partial block and writes the trailer; a file whose writer was never closed, or failed, has no
 * trailer, and readers refuse it. Not safe for concurrent use.
 */
public final class KxzipWriter extends OutputStream {
  /** The trailer version kdb+ 3.6 and later write. */
  static final int VERSION = 3;

  private final Compression compression;
  private final BlockCodec codec;
  private final OutputStream out;
  private final byte[] block;
  private int filled;
  private long plainLength;
  private long compressedLength = FileImages.KXZIPPED.length;
  private int[] lengths = new int[16];
  private int[] algorithms = new int[16];
  private int blocks;
  private boolean closed;

  private KxzipWriter(OutputStream out, Compression compression) {
    this.out = out;
    this.compression = compression;
    this.codec = BlockCodec.of(compression.algorithm().code(), compression.level());
    this.block = new byte[compression.blockSize()];
  }

  /**
   * Creates (or truncates) {@code target} and returns a stream taking its plain image; the
   * caller must close it to complete the file.
   */
  public static KxzipWriter open(Path target, Compression compression) throws IOException {
    Objects.requireNonNull(compression, "compression");
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
    try {
      out.write(FileImages.KXZIPPED);
    } catch (IOException e) {
      try {
        out.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new KxzipWriter(out, compression);
  }

  /** Writes {@code plainImage} to {@code target} as a complete kxzipped file. */
  public static void write(Path target, byte[] plainImage, Compression compression)
      throws IOException {
    try (KxzipWriter w = open(target, compression)) {
      w.write(plainImage);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("kxzipped writer already closed");
    }
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    block[filled++] = (byte) b;
    if (filled == block.length) {
      flushBlock();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    int done = 0;
    while (done < len) {
      int n = Math.min(len - done, block.length - filled);
      System.arraycopy(b, off + done, block, filled, n);
      filled += n;
      done += n;
      if (filled == block.length) {
        flushBlock();
      }
    }
  }

  /** Compresses the buffered block (stored raw if it does not shrink) and records its entry. */
  private void flushBlock() throws IOException {
    byte[] packed = codec.encode(block, 0, filled);
    int length;
    int algorithm;
    if (packed == null) {
      out.write(block, 0, filled);
      length = filled;
      algorithm = 0;
    } else {
      out.write(packed);
      length = packed.length;
      algorithm = codec.algorithm();
    }
    if (blocks == lengths.length) {
      lengths = Arrays.copyOf(lengths, blocks * 2);
      algorithms = Arrays.copyOf(algorithms, blocks * 2);
    }
    lengths[blocks] = length;
    algorithms[blocks] = algorithm;
    blocks++;
    plainLength += filled;
    compressedLength += length;
    filled = 0;
  }

  /** Completes the file: the last block, then the trailer. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream o = out) {
      if (filled > 0) {
        flushBlock();
      }
      o.write(trailer());
    }
  }

  private byte[] trailer() {
    ByteBuffer t = ByteBuffer
        .allocate(KxzipTrailer.HEADER_BYTES + KxzipTrailer.ENTRY_BYTES * blocks + 8)
        .order(ByteOrder.LITTLE_ENDIAN);
    t.putInt(VERSION)
        .put((byte) compression.algorithm().code())
        .put((byte) compression.level())
        .putShort((short) 0)
        .putLong(plainLength)
        .putLong(compressedLength)
        .putLong(compression.blockSize());
    for (int k = 0; k < blocks; k++) {
      t.putInt(lengths[k]).putInt(algorithms[k]);
    }
    t.putLong(blocks);
    return t.array();
  }
}
