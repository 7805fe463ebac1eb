package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kdbsql.storage.io.Compression.Algorithm;
import org.junit.jupiter.api.Test;

/** The ranges {@link Compression} accepts: q's block sizes and each algorithm's levels. */
class CompressionTest {

  @Test
  void defaults() {
    Compression c = Compression.of(Algorithm.GZIP);
    assertEquals(6, c.level());
    assertEquals(17, c.blockSizePower());
    assertEquals(131072, c.blockSize());
    assertEquals(5, Algorithm.ZSTD.code());
  }

  @Test
  void outOfRangeRequestsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Compression(null, 0, 17));
    assertThrows(IllegalArgumentException.class, () -> new Compression(Algorithm.GZIP, 10, 17));
    assertThrows(IllegalArgumentException.class, () -> new Compression(Algorithm.GZIP, -1, 17));
    assertThrows(IllegalArgumentException.class, () -> new Compression(Algorithm.QIPC, 1, 17));
    assertThrows(IllegalArgumentException.class, () -> new Compression(Algorithm.ZSTD, -8, 17));
    assertThrows(IllegalArgumentException.class, () -> new Compression(Algorithm.LZ4, 17, 17));
    assertThrows(IllegalArgumentException.class, () -> new Compression(Algorithm.SNAPPY, 0, 11));
    assertThrows(IllegalArgumentException.class, () -> new Compression(Algorithm.SNAPPY, 0, 21));
    assertEquals(22, new Compression(Algorithm.ZSTD, 22, 20).level());
  }
}
