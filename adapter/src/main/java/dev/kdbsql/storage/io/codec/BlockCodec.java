package dev.kdbsql.storage.io.codec;

/**
 * Compresses and inflates single blocks of a {@code kxzipped} file for one block algorithm code.
 *
 * <p>Each block of the container is compressed independently, and its plain size is known from
 * the trailer, so decoding always fills a buffer of exactly that size; a stream that produces
 * fewer or more bytes is corrupt. Decoders are hardened against arbitrary input: whatever the
 * bytes, they return normally or throw {@link CorruptBlockException}, and they always terminate.
 *
 * <p>Implementations are immutable and safe for concurrent use.
 */
public interface BlockCodec {

  /** The highest block algorithm code this package implements (zstd). */
  int MAX_ALGORITHM = 5;

  /**
   * Returns the codec of block algorithm {@code algorithm} (0..{@value #MAX_ALGORITHM});
   * {@code level} is used only when compressing, and only by zlib (0..9).
   *
   * @throws IllegalArgumentException for an algorithm code outside 0..5
   */
  static BlockCodec of(int algorithm, int level) {
    switch (algorithm) {
      case 0:
        return StoredCodec.INSTANCE;
      case 1:
        return QIpcCodec.INSTANCE;
      case 2:
        return new ZlibCodec(level);
      case 3:
        return SnappyCodec.INSTANCE;
      case 4:
        return Lz4Codec.INSTANCE;
      case 5:
        return ZstdCodec.INSTANCE;
      default:
        throw new IllegalArgumentException("no codec for kxzipped block algorithm " + algorithm);
    }
  }

  /** The block algorithm code written in the trailer for blocks this codec compressed. */
  int algorithm();

  /**
   * Inflates {@code src[srcOff, srcOff + srcLen)} into exactly {@code dst[dstOff, dstOff + dstLen)}.
   *
   * @throws CorruptBlockException if the stream is malformed or does not hold exactly
   *     {@code dstLen} plain bytes
   */
  void decode(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen)
      throws CorruptBlockException;

  /**
   * Compresses {@code src[srcOff, srcOff + srcLen)} into a new array, or returns null when the
   * block is better stored raw (algorithm 0), as q does with blocks that do not shrink.
   */
  byte[] encode(byte[] src, int srcOff, int srcLen);
}
