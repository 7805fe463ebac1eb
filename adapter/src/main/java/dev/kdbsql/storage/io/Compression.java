package dev.kdbsql.storage.io;

/**
 * How {@link KxzipWriter} compresses a file: q's {@code (logical block size; algorithm; level)}
 * triple, as given to {@code set} or {@code .z.zd}, with the block size as a power of two.
 *
 * <p>The level is written to the trailer whatever the algorithm, as q records it, but only
 * {@link Algorithm#GZIP} honours it: snappy has no levels, and the pure-Java LZ4 and zstd encoders
 * used here each have a single one. Their output is still the block format q reads.
 *
 * @param algorithm the file's algorithm; a block that does not shrink is stored raw anyway
 * @param level the level, in the algorithm's range ({@link Algorithm#minLevel()}..{@link
 *     Algorithm#maxLevel()})
 * @param blockSizePower log2 of the logical block size, 12 (4 KiB) to 20 (1 MiB)
 */
public record Compression(Algorithm algorithm, int level, int blockSizePower) {

  /** Smallest logical block size q accepts, 4 KiB. */
  public static final int MIN_BLOCK_SIZE_POWER = 12;
  /** Largest logical block size q accepts, 1 MiB. */
  public static final int MAX_BLOCK_SIZE_POWER = 20;
  /** 128 KiB, the block size of most q-written fixtures. */
  public static final int DEFAULT_BLOCK_SIZE_POWER = 17;

  /** The compression algorithms of kdb+, with the code q writes in the trailer. */
  public enum Algorithm {
    STORED(0, 0, 0, 0),
    QIPC(1, 0, 0, 0),
    GZIP(2, 0, 9, 6),
    SNAPPY(3, 0, 0, 0),
    LZ4(4, 0, 16, 0),
    ZSTD(5, -7, 22, 3);

    private final int code;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    Algorithm(int code, int minLevel, int maxLevel, int defaultLevel) {
      this.code = code;
      this.minLevel = minLevel;
      this.maxLevel = maxLevel;
      this.defaultLevel = defaultLevel;
    }

    /** The algorithm code of the trailer and of the block entries. */
    public int code() {
      return code;
    }

    /** The lowest level q accepts for this algorithm. */
    public int minLevel() {
      return minLevel;
    }

    /** The highest level q accepts for this algorithm. */
    public int maxLevel() {
      return maxLevel;
    }

    /** The level {@link Compression#of(Algorithm)} uses. */
    public int defaultLevel() {
      return defaultLevel;
    }
  }

  /** Checks the level against the algorithm and the block size against q's range. */
  public Compression {
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm is null");
    }
    if (level < algorithm.minLevel() || level > algorithm.maxLevel()) {
      throw new IllegalArgumentException("level " + level + " is not in " + algorithm.minLevel()
          + ".." + algorithm.maxLevel() + " for " + algorithm);
    }
    if (blockSizePower < MIN_BLOCK_SIZE_POWER || blockSizePower > MAX_BLOCK_SIZE_POWER) {
      throw new IllegalArgumentException("block size power " + blockSizePower + " is not in "
          + MIN_BLOCK_SIZE_POWER + ".." + MAX_BLOCK_SIZE_POWER);
    }
  }

  /** {@code algorithm} at its default level, in 128 KiB blocks. */
  public static Compression of(Algorithm algorithm) {
    return new Compression(algorithm, algorithm.defaultLevel(), DEFAULT_BLOCK_SIZE_POWER);
  }

  /** The logical block size in bytes. */
  public int blockSize() {
    return 1 << blockSizePower;
  }
}
