package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kdbsql.storage.io.Compression;
import dev.kdbsql.storage.io.codec.BlockCodec;
import dev.kdbsql.storage.io.codec.CorruptBlockException;

/** Fuzzes each block codec directly: byte 0 picks the algorithm (0..5), bytes 1..3 the plain size (up to 1 MiB, the largest block), the rest is the compressed block. Decoders may only return or throw {@link CorruptBlockException}. */
class BlockCodecFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void decode(byte[] data) {
    if (data.length < 4) {
      return;
    }
    BlockCodec codec = BlockCodec.of((data[0] & 0xff) % (BlockCodec.MAX_ALGORITHM + 1), 0);
    int plain = ((data[1] & 0xff) | (data[2] & 0xff) << 8 | (data[3] & 0x1f) << 16)
        % ((1 << Compression.MAX_BLOCK_SIZE_POWER) + 1);
    FuzzReads.withinLimit(() -> {
      try {
        codec.decode(data, 4, data.length - 4, new byte[plain], 0, plain);
      } catch (CorruptBlockException e) {
        // the one allowed failure
      }
    });
  }
}
