package dev.kdbsql.storage.io.codec;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;

/**
 * Block algorithm 4 (q's "lz4hc"): one raw LZ4 block, not an LZ4 frame. LZ4HC output is an ordinary
 * LZ4 block, so the plain LZ4 decoder reads it. The encoder here is LZ4's fast compressor: its
 * output is an ordinary LZ4 block too, only less tightly packed than LZ4HC's.
 */
final class Lz4Codec extends AircompressorCodec {
  static final Lz4Codec INSTANCE = new Lz4Codec();

  private Lz4Codec() {
    super(4, "LZ4");
  }

  @Override
  Decompressor newDecompressor() {
    return new Lz4Decompressor();
  }

  @Override
  Compressor newCompressor() {
    return new Lz4Compressor();
  }
}
