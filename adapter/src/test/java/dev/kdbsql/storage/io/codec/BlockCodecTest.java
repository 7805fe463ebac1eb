package dev.kdbsql.storage.io.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each block codec on its own: round trips, the q IPC format by hand, and hostile streams. */
class BlockCodecTest {

  /** Text-like data every codec shrinks. */
  private static byte[] plain(int n) {
    byte[] b = new byte[n];
    byte[] words = "price size sym time bid ask ".getBytes(StandardCharsets.US_ASCII);
    Random r = new Random(n);
    for (int i = 0; i < n; i++) {
      b[i] = r.nextInt(10) == 0 ? (byte) r.nextInt() : words[i % words.length];
    }
    return b;
  }

  private static byte[] decode(BlockCodec c, byte[] src, int plainLength)
      throws CorruptBlockException {
    byte[] dst = new byte[plainLength];
    c.decode(src, 0, src.length, dst, 0, plainLength);
    return dst;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void roundTripAtAnOffset(int algorithm) throws CorruptBlockException {
    BlockCodec c = BlockCodec.of(algorithm, 6);
    assertEquals(algorithm, c.algorithm());
    byte[] data = plain(10_000);
    byte[] packed = c.encode(data, 1000, 8000);
    assertNotNull(packed);
    assertTrue(packed.length < 8000);
    byte[] framed = new byte[packed.length + 7];
    System.arraycopy(packed, 0, framed, 3, packed.length);
    byte[] dst = new byte[8005];
    c.decode(framed, 3, packed.length, dst, 5, 8000);
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 9000), Arrays.copyOfRange(dst, 5, 8005));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void truncatedOrMisSizedStreamsAreCorrupt(int algorithm) {
    BlockCodec c = BlockCodec.of(algorithm, 6);
    byte[] data = plain(4096);
    byte[] packed = c.encode(data, 0, data.length);
    for (int len = 0; len < packed.length; len++) {
      byte[] prefix = Arrays.copyOf(packed, len);
      assertThrows(CorruptBlockException.class, () -> decode(c, prefix, 4096), "prefix " + len);
    }
    assertThrows(CorruptBlockException.class, () -> decode(c, packed, 4095));
    assertThrows(CorruptBlockException.class, () -> decode(c, packed, 4097));
  }

  /** Random bytes, also behind a valid q IPC header or zstd magic: decoded or refused, nothing else. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void randomStreamsAreRefusedCleanly(int algorithm) {
    BlockCodec c = BlockCodec.of(algorithm, 6);
    Random r = new Random(algorithm);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int round = 0; round < 2000; round++) {
        byte[] src = new byte[r.nextInt(300)];
        r.nextBytes(src);
        int plainLength = 1 + r.nextInt(5000);
        if (algorithm == 1 && src.length >= 12) {
          byte[] header = {1, 0, 1, 0, (byte) src.length, (byte) (src.length >> 8), 0, 0,
              (byte) (plainLength + 8), (byte) ((plainLength + 8) >> 8), 0, 0};
          System.arraycopy(header, 0, src, 0, 12);
        } else if (algorithm == 5 && src.length >= 4) {
          System.arraycopy(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 0, src, 0, 4);
        }
        try {
          decode(c, src, plainLength);
        } catch (CorruptBlockException expected) {
          assertNotNull(expected.getMessage());
        } catch (RuntimeException | Error e) {
          fail("algorithm " + algorithm + " round " + round + ": " + e, e);
        }
      }
    });
  }

  /**
   * "abcabcabcabc" by hand: three literals, then a reference to the slot of {@code a^b} (3), which
   * holds position 8, copying 2 + 7 bytes; the flag byte 0x08 marks the fourth token as a reference.
   */
  @Test
  void qIpcStreamByHand() throws CorruptBlockException {
    byte[] block = {1, 0, 1, 0, 18, 0, 0, 0, 20, 0, 0, 0, 0x08, 'a', 'b', 'c', 3, 7};
    assertEquals("abcabcabcabc",
        new String(decode(BlockCodec.of(1, 0), block, 12), StandardCharsets.US_ASCII));
  }

  @Test
  void qIpcReferenceToAnEmptySlotIsCorrupt() {
    byte[] block = {1, 0, 1, 0, 15, 0, 0, 0, 10, 0, 0, 0, 0x01, 5, 0};
    CorruptBlockException e = assertThrows(CorruptBlockException.class,
        () -> decode(BlockCodec.of(1, 0), block, 2));
    assertTrue(e.getMessage().contains("empty table slot"), e.getMessage());
  }

  @Test
  void qIpcBlockWithTrailingBytesIsCorrupt() throws CorruptBlockException {
    BlockCodec c = BlockCodec.of(1, 0);
    byte[] packed = c.encode(plain(4096), 0, 4096);
    byte[] longer = Arrays.copyOf(packed, packed.length + 1);
    longer[4]++;
    CorruptBlockException e = assertThrows(CorruptBlockException.class,
        () -> decode(c, longer, 4096));
    assertTrue(e.getMessage().contains("is complete after"), e.getMessage());
  }

  /** q stores a block unless IPC compression halves it; tiny blocks never qualify. */
  @Test
  void qIpcGivesUpLikeQ() {
    BlockCodec c = BlockCodec.of(1, 0);
    assertNull(c.encode(new byte[40], 0, 40));
    assertNotNull(c.encode(new byte[60], 0, 60));
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    assertNull(c.encode(noise, 0, noise.length));
  }

  @Test
  void storedBlocksAreCopiedAndNeverEncoded() throws CorruptBlockException {
    BlockCodec c = BlockCodec.of(0, 0);
    byte[] data = plain(100);
    assertNull(c.encode(data, 0, 100));
    assertArrayEquals(data, decode(c, data, 100));
    assertThrows(CorruptBlockException.class, () -> decode(c, data, 99));
  }

  @Test
  void zstdNeedsItsMagic() {
    byte[] packed = BlockCodec.of(5, 0).encode(plain(4096), 0, 4096);
    packed[0] = 0x29;
    CorruptBlockException e = assertThrows(CorruptBlockException.class,
        () -> decode(BlockCodec.of(5, 0), packed, 4096));
    assertTrue(e.getMessage().contains("28 b5 2f fd"), e.getMessage());
  }

  @Test
  void unknownAlgorithmsAndLevels() {
    assertThrows(IllegalArgumentException.class, () -> BlockCodec.of(6, 0));
    assertThrows(IllegalArgumentException.class, () -> BlockCodec.of(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> BlockCodec.of(2, 10));
  }
}
