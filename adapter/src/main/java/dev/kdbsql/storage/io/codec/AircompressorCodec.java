package dev.kdbsql.storage.io.codec;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import java.util.Arrays;

/**
 * A block codec served by aircompressor (pure Java): the common part of snappy, LZ4 and zstd.
 *
 * <p>aircompressor signals a malformed stream with unchecked exceptions (mostly
 * {@code MalformedInputException}); they are turned into {@link CorruptBlockException} here, the
 * one place the library is called. Its compressors and some decompressors keep scratch state, so a
 * fresh one is made per call, which keeps the codec safe for concurrent use.
 */
abstract class AircompressorCodec implements BlockCodec {
  private final int algorithm;
  private final String name;

  AircompressorCodec(int algorithm, String name) {
    this.algorithm = algorithm;
    this.name = name;
  }

  abstract Decompressor newDecompressor();

  abstract Compressor newCompressor();

  /** Checks what the library does not, before it sees the stream; nothing by default. */
  void checkStream(byte[] src, int srcOff, int srcLen) throws CorruptBlockException {}

  @Override
  public final int algorithm() {
    return algorithm;
  }

  @Override
  public final void decode(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen)
      throws CorruptBlockException {
    checkStream(src, srcOff, srcLen);
    int n;
    try {
      n = newDecompressor().decompress(src, srcOff, srcLen, dst, dstOff, dstLen);
    } catch (RuntimeException e) {
      throw new CorruptBlockException("invalid " + name + " stream of " + srcLen + " bytes for "
          + dstLen + " plain bytes: " + e.getMessage(), e);
    }
    if (n != dstLen) {
      throw new CorruptBlockException(
          name + " stream inflates to " + n + " bytes, expected " + dstLen);
    }
  }

  @Override
  public final byte[] encode(byte[] src, int srcOff, int srcLen) {
    Compressor c = newCompressor();
    byte[] out = new byte[c.maxCompressedLength(srcLen)];
    int n = c.compress(src, srcOff, srcLen, out, 0, out.length);
    return n < srcLen ? Arrays.copyOf(out, n) : null;
  }
}
