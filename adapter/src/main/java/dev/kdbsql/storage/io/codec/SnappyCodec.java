package dev.kdbsql.storage.io.codec;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;

/** Block algorithm 3: one raw (unframed) Snappy block, which starts with its plain length. */
final class SnappyCodec extends AircompressorCodec {
  static final SnappyCodec INSTANCE = new SnappyCodec();

  private SnappyCodec() {
    super(3, "snappy");
  }

  @Override
  Decompressor newDecompressor() {
    return new SnappyDecompressor();
  }

  @Override
  Compressor newCompressor() {
    return new SnappyCompressor();
  }
}
