package dev.kdbsql.storage.io;

import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.codec.BlockCodec;
import java.nio.file.Path;

/**
 * The validated trailer of a {@code kxzipped} file: where each block is, how it is compressed and
 * how many plain bytes it holds.
 *
 * <p>Layout, from the end: int64 block count N; before it N entries of (int32 compressed length,
 * int32 block algorithm); before those a 32-byte header: int32 version, byte algorithm, byte level,
 * 2 zero bytes, int64 plain length U, int64 T = 8 + the sum of the compressed lengths (which is
 * also where the header starts), int64 logical block size. Every field is checked against the
 * others and against the file length before anything is allocated from it, so a truncated file
 * (q writing it is not finished) or a lying field is refused with the offset of the bad field.
 * Offsets in these errors are positions in the compressed file, not in the plain image.
 */
final class KxzipTrailer {
  /** Bytes of the fixed trailer header. */
  static final int HEADER_BYTES = 32;
  /** Bytes of one block entry. */
  static final int ENTRY_BYTES = 8;
  /** The smallest container: magic, trailer header and block count, no block. */
  static final int MIN_FILE_BYTES = 8 + HEADER_BYTES + 8;
  /** Algorithm codes from here on mean the file is DARE-encrypted. */
  static final int ENCRYPTED = 16;

  private final int algorithm;
  private final int level;
  private final long plainLength;
  private final int blockPower;
  private final long[] offsets;
  private final int[] lengths;
  private final int[] algorithms;

  private KxzipTrailer(int algorithm, int level, long plainLength, int blockPower,
      long[] offsets, int[] lengths, int[] algorithms) {
    this.algorithm = algorithm;
    this.level = level;
    this.plainLength = plainLength;
    this.blockPower = blockPower;
    this.offsets = offsets;
    this.lengths = lengths;
    this.algorithms = algorithms;
  }

  /** Reads and checks the trailer at the end of {@code compressed}, a whole kxzipped file. */
  static KxzipTrailer read(Bytes compressed) {
    Path file = compressed.file();
    long size = compressed.length();
    if (size < MIN_FILE_BYTES) {
      throw new StorageException(file, 0, "kxzipped file of " + size + " bytes is shorter than "
          + MIN_FILE_BYTES + " bytes (magic, 32-byte trailer header, block count)");
    }
    long countAt = size - 8;
    long count = compressed.getLong(countAt);
    long room = (size - MIN_FILE_BYTES) / ENTRY_BYTES;
    if (count < 0 || count > room) {
      throw new StorageException(file, countAt, "kxzipped trailer: block count " + count
          + " is impossible, the " + size + "-byte file has room for 0.." + room + " block entries");
    }
    int n = (int) count;
    long at = countAt - (long) ENTRY_BYTES * n - HEADER_BYTES;
    long declaredAt = compressed.getLong(at + 16);
    if (declaredAt != at) {
      throw new StorageException(file, at + 16, "kxzipped trailer: compressed length field says"
          + " the trailer starts at offset " + declaredAt + ", but with " + n
          + " blocks it starts at " + at);
    }
    int algorithm = compressed.getByte(at + 4) & 0xff;
    if (algorithm >= ENCRYPTED) {
      throw encrypted(file, at + 4, algorithm);
    }
    if (algorithm > BlockCodec.MAX_ALGORITHM) {
      throw new StorageException(file, at + 4, "kxzipped trailer: algorithm " + algorithm
          + " is unknown, expected 0..5");
    }
    long blockSize = compressed.getLong(at + 24);
    if (Long.bitCount(blockSize) != 1 || blockSize < (1 << Compression.MIN_BLOCK_SIZE_POWER)
        || blockSize > (1 << Compression.MAX_BLOCK_SIZE_POWER)) {
      throw new StorageException(file, at + 24, "kxzipped trailer: logical block size "
          + blockSize + " is not a power of two from 4096 (2^12) to 1048576 (2^20)");
    }
    int blockPower = Long.numberOfTrailingZeros(blockSize);
    long plain = compressed.getLong(at + 8);
    if (plain < 0) {
      throw new StorageException(file, at + 8,
          "kxzipped trailer: uncompressed length " + plain + " is negative");
    }
    long needed = (plain >>> blockPower) + ((plain & (blockSize - 1)) == 0 ? 0 : 1);
    if (needed != n) {
      throw new StorageException(file, countAt, "kxzipped trailer: " + n + " blocks declared but"
          + " uncompressed length " + plain + " with block size " + blockSize + " needs " + needed);
    }
    long[] offsets = new long[n];
    int[] lengths = new int[n];
    int[] algorithms = new int[n];
    long next = 8;
    long maxLength = 2 * blockSize + 65536;
    for (int k = 0; k < n; k++) {
      long entryAt = at + HEADER_BYTES + (long) ENTRY_BYTES * k;
      int length = compressed.getInt(entryAt);
      int blockAlgorithm = compressed.getInt(entryAt + 4);
      long plainBytes = k < n - 1 ? blockSize : plain - (long) k * blockSize;
      if (length < 0 || length > maxLength || next + length > at) {
        throw new StorageException(file, entryAt, "kxzipped trailer: block " + k + " of " + n
            + " has compressed length " + length + ", expected 0.." + Math.min(maxLength, at - next)
            + " (the block starts at offset " + next + ", the trailer at " + at + ")");
      }
      if (blockAlgorithm >= ENCRYPTED) {
        throw encrypted(file, entryAt + 4, blockAlgorithm);
      }
      if (blockAlgorithm < 0 || blockAlgorithm > BlockCodec.MAX_ALGORITHM) {
        throw new StorageException(file, entryAt + 4, "kxzipped trailer: block " + k + " of " + n
            + " has algorithm " + blockAlgorithm + ", expected 0..5");
      }
      if (blockAlgorithm == 0 && length != plainBytes) {
        throw new StorageException(file, entryAt, "kxzipped trailer: stored block " + k + " of "
            + n + " has " + length + " bytes, expected its plain length " + plainBytes);
      }
      offsets[k] = next;
      lengths[k] = length;
      algorithms[k] = blockAlgorithm;
      next += length;
    }
    if (next != at) {
      throw new StorageException(file, at, "kxzipped trailer: the " + n + " blocks end at offset "
          + next + " but the trailer starts at " + at);
    }
    int level = compressed.getByte(at + 5);
    return new KxzipTrailer(algorithm, level, plain, blockPower, offsets, lengths, algorithms);
  }

  private static StorageException encrypted(Path file, long offset, int algorithm) {
    return new StorageException(file, offset, "kxzipped algorithm " + algorithm
        + " (16 and up) means the file is encrypted (kdb+ DARE); decrypt it with q before reading");
  }

  /** The file-level algorithm requested when the file was written. */
  int algorithm() {
    return algorithm;
  }

  /** The compression level requested when the file was written (signed, zstd goes below 0). */
  int level() {
    return level;
  }

  /** Length U of the plain image. */
  long plainLength() {
    return plainLength;
  }

  /** log2 of the logical block size. */
  int blockPower() {
    return blockPower;
  }

  /** Number of blocks N. */
  int blocks() {
    return offsets.length;
  }

  /** Where block {@code k} starts in the compressed file. */
  long offset(int k) {
    return offsets[k];
  }

  /** Compressed length of block {@code k}. */
  int length(int k) {
    return lengths[k];
  }

  /** Algorithm code block {@code k} was written with (0 = stored). */
  int algorithm(int k) {
    return algorithms[k];
  }

  /** Plain length of block {@code k}: the block size, less for the last block. */
  int plainLength(int k) {
    return (int) Math.min(1L << blockPower, plainLength - ((long) k << blockPower));
  }
}
