package dev.kdbsql.storage.io.codec;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * Block algorithm 5: one zstd frame. No q-written zstd file has been seen, so the frame magic is
 * checked first: anything else in an algorithm-5 block is reported as such rather than as a
 * decoding failure deep inside the library.
 */
final class ZstdCodec extends AircompressorCodec {
  static final ZstdCodec INSTANCE = new ZstdCodec();

  /** The zstd frame magic number, 0xFD2FB528, as it appears little-endian on disk. */
  private static final byte[] MAGIC = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd};

  private ZstdCodec() {
    super(5, "zstd");
  }

  @Override
  void checkStream(byte[] src, int srcOff, int srcLen) throws CorruptBlockException {
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= srcLen || src[srcOff + i] != MAGIC[i]) {
        throw new CorruptBlockException("zstd block of " + srcLen
            + " bytes does not start with the zstd frame magic 28 b5 2f fd");
      }
    }
  }

  @Override
  Decompressor newDecompressor() {
    return new ZstdDecompressor();
  }

  @Override
  Compressor newCompressor() {
    return new ZstdCompressor();
  }
}
