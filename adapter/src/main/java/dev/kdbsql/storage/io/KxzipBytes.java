package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.codec.BlockCodec;
import dev.kdbsql.storage.io.codec.CorruptBlockException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plain image of a {@code kxzipped} file, inflated block by block on demand.
 *
 * <p>The compressed file stays mapped read-only; the trailer is read and checked once, when the
 * file is opened. A read inflates only the block(s) it touches and keeps the most recent ones in a
 * small cache of about {@value #CACHE_BUDGET} plain bytes (at least two blocks, so a value
 * straddling a block boundary does not thrash), so reading one value near the end of a large
 * column costs one block, and scanning a column inflates each block once. A value that crosses a
 * block boundary is assembled byte by byte. Bulk reads ({@link SegmentedBytes}) copy each block's
 * part with one memory copy.
 *
 * <p>A block that does not inflate to exactly its plain length (the block size, less for the last
 * block) is reported when first read, with the block's index, its offset in the compressed file
 * as the exception's offset, and the plain offset it should have covered.
 *
 * <p>Safe for concurrent reads; two threads missing the same block may both inflate it. Closing
 * releases the mapping and the cache; any later read fails with "already closed".
 */
final class KxzipBytes extends SegmentedBytes {
  /** Plain bytes cached per open file. */
  static final int CACHE_BUDGET = 1 << 20;

  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Decoders by block algorithm code; the level only matters when compressing. */
  private static final BlockCodec[] DECODERS = new BlockCodec[BlockCodec.MAX_ALGORITHM + 1];

  static {
    for (int a = 0; a < DECODERS.length; a++) {
      DECODERS[a] = BlockCodec.of(a, 0);
    }
  }

  /** An inflated block and its index, the last one a read used. */
  private record Block(int index, byte[] data) {}

  private final Path file;
  private final Bytes source;
  private final KxzipTrailer trailer;
  private final long length;
  private final int blockPower;
  private final long blockMask;
  private final BlockCache cache;
  private final AtomicLong inflated = new AtomicLong();
  private volatile Block recent;
  private volatile boolean closed;

  private KxzipBytes(Bytes source, KxzipTrailer trailer) {
    this.file = source.file();
    this.source = source;
    this.trailer = trailer;
    this.length = trailer.plainLength();
    this.blockPower = trailer.blockPower();
    this.blockMask = (1L << blockPower) - 1;
    this.cache = new BlockCache(Math.max(2, CACHE_BUDGET >> blockPower));
  }

  /**
   * Opens the kxzipped file behind {@code ch}, mapping it whole; the caller keeps (and may close)
   * the channel, the returned image owns the mapping.
   */
  static Bytes open(Path file, FileChannel ch) {
    return over(MappedBytes.map(file, ch));
  }

  /**
   * Reads {@code compressed}, a whole kxzipped file, as a plain image. Takes ownership of
   * {@code compressed}: it is closed with the image, or at once if the file is refused.
   */
  static KxzipBytes over(Bytes compressed) {
    try {
      checkMagic(compressed);
      return new KxzipBytes(compressed, KxzipTrailer.read(compressed));
    } catch (RuntimeException e) {
      compressed.close();
      throw e;
    }
  }

  private static void checkMagic(Bytes compressed) {
    byte[] magic = new byte[FileImages.KXZIPPED.length];
    if (compressed.length() >= magic.length) {
      compressed.getBytes(0, magic, 0, magic.length);
    }
    if (!Arrays.equals(magic, FileImages.KXZIPPED)) {
      throw new StorageException(compressed.file(), 0, "expected the magic \"kxzipped\"");
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

  @Override
  public boolean compressed() {
    return true;
  }

  /** Number of blocks inflated since opening, cache hits excluded: for tests of laziness. */
  long blocksInflated() {
    return inflated.get();
  }

  private void check(long pos, long width) {
    if (closed) {
      throw new StorageException(file, pos, "already closed");
    }
    if (pos < 0 || width < 0 || pos > length - width) {
      throw new StorageException(file, pos, "read of " + width
          + " bytes past the end of the decompressed image (length " + length + ")");
    }
  }

  /** The plain bytes of block {@code k}, from the cache or inflated now. */
  private byte[] block(int k) {
    Block last = recent;
    if (last != null && last.index() == k) {
      return last.data();
    }
    byte[] data = cache.get(k);
    if (data == null) {
      data = inflate(k);
      cache.put(k, data);
    }
    recent = new Block(k, data);
    return data;
  }

  private byte[] inflate(int k) {
    long at = trailer.offset(k);
    int len = trailer.length(k);
    int algorithm = trailer.algorithm(k);
    int plain = trailer.plainLength(k);
    byte[] src = new byte[len];
    source.getBytes(at, src, 0, len);
    byte[] dst = new byte[plain];
    try {
      DECODERS[algorithm].decode(src, 0, len, dst, 0, plain);
    } catch (CorruptBlockException e) {
      throw new StorageException(file, at, "kxzipped block " + k + " of " + trailer.blocks()
          + " (algorithm " + algorithm + ", " + len + " compressed bytes) does not inflate to the "
          + plain + " plain bytes expected at plain offset " + ((long) k << blockPower) + ": "
          + e.getMessage(), e);
    }
    inflated.incrementAndGet();
    return dst;
  }

  private int blockOf(long pos) {
    return (int) (pos >>> blockPower);
  }

  private int inBlock(long pos) {
    return (int) (pos & blockMask);
  }

  @Override
  public byte getByte(long pos) {
    check(pos, 1);
    return block(blockOf(pos))[inBlock(pos)];
  }

  @Override
  public short getShort(long pos) {
    check(pos, 2);
    byte[] b = block(blockOf(pos));
    int i = inBlock(pos);
    return i <= b.length - 2 ? (short) SHORT.get(b, i) : (short) assembleLittleEndian(pos, 2);
  }

  @Override
  public int getInt(long pos) {
    check(pos, 4);
    byte[] b = block(blockOf(pos));
    int i = inBlock(pos);
    return i <= b.length - 4 ? (int) INT.get(b, i) : (int) assembleLittleEndian(pos, 4);
  }

  @Override
  public long getLong(long pos) {
    check(pos, 8);
    byte[] b = block(blockOf(pos));
    int i = inBlock(pos);
    return i <= b.length - 8 ? (long) LONG.get(b, i) : assembleLittleEndian(pos, 8);
  }

  @Override
  public void getBytes(long pos, byte[] dst, int off, int len) {
    check(pos, len);
    int done = 0;
    while (done < len) {
      long p = pos + done;
      byte[] b = block(blockOf(p));
      int i = inBlock(p);
      int n = Math.min(len - done, b.length - i);
      System.arraycopy(b, i, dst, off + done, n);
      done += n;
    }
  }

  @Override
  void checkRange(long pos, long bytes) {
    check(pos, bytes);
  }

  /** The views of the block holding {@code pos}, made per call: a bulk read spans few blocks. */
  @Override
  LittleEndianViews segment(long pos) {
    return LittleEndianViews.of(block(blockOf(pos)));
  }

  @Override
  int offsetInSegment(long pos) {
    return inBlock(pos);
  }

  @Override
  public void close() {
    closed = true;
    recent = null;
    cache.clear();
    source.close();
  }

  @Override
  public String toString() {
    return "KxzipBytes(" + file + ", " + length + " bytes in " + trailer.blocks() + " blocks of "
        + (1L << blockPower) + ", algorithm " + trailer.algorithm() + " level " + trailer.level()
        + ")";
  }
}
