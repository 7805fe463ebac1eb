package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.io.Compression.Algorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged kxzipped files: every one is refused with a {@link StorageException} that names the file
 * (and the offset and expectation where it applies); no other exception, no hang.
 */
class KxzipCorruptionTest {
  @TempDir Path dir;

  /** A valid file's bytes: {@code plainLength} column-like bytes in 2^power blocks. */
  private byte[] valid(Compression c, int plainLength) throws IOException {
    Path f = dir.resolve("valid");
    KxzipWriter.write(f, KxzipTestData.compressible(plainLength, 9), c);
    return Files.readAllBytes(f);
  }

  private byte[] gzip3Blocks() throws IOException {
    return valid(new Compression(Algorithm.GZIP, 6, 16), 2 * 65536 + 100);
  }

  private static ByteBuffer le(byte[] file) {
    return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int trailerAt(byte[] file) {
    return (int) (file.length - 8 - 8 * le(file).getLong(file.length - 8) - 32);
  }

  private static byte[] patched(byte[] file, Consumer<ByteBuffer> patch) {
    byte[] copy = file.clone();
    patch.accept(le(copy));
    return copy;
  }

  private static void readAll(Path f) {
    try (Bytes b = FileImages.open(f)) {
      byte[] all = new byte[Math.toIntExact(b.length())];
      b.getBytes(0, all, 0, all.length);
    }
  }

  /** Saves {@code bytes}, reads the file whole and returns the exception it must raise. */
  private StorageException refused(String name, byte[] bytes, String expected) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    StorageException e = assertThrows(StorageException.class, () -> readAll(f), name);
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), name + ": " + e.getMessage());
    return e;
  }

  @Test
  void fileTooShortForATrailer() throws IOException {
    refused("short", Arrays.copyOf(gzip3Blocks(), 30), "shorter than 48 bytes");
    refused("magic-only", FileImages.KXZIPPED, "shorter than 48 bytes");
  }

  @Test
  void everyTruncationIsRefused() throws IOException {
    byte[] file = gzip3Blocks();
    for (int cut = 1; cut < file.length - 8; cut++) {
      refused("cut" + cut, Arrays.copyOf(file, file.length - cut), "kxzipped");
    }
  }

  @Test
  void wrongBlockCount() throws IOException {
    byte[] file = gzip3Blocks();
    int at = file.length - 8;
    refused("n-1", patched(file, b -> b.putLong(at, 2)), "kxzipped trailer");
    refused("n+1", patched(file, b -> b.putLong(at, 4)), "compressed length field");
    refused("n-neg", patched(file, b -> b.putLong(at, -1)), "block count -1 is impossible");
    refused("n-huge", patched(file, b -> b.putLong(at, Long.MAX_VALUE)), "is impossible");
  }

  @Test
  void uncompressedLengthThatNeedsAnotherBlockCount() throws IOException {
    byte[] file = valid(new Compression(Algorithm.QIPC, 0, 16), 3 * 65536);
    int t = trailerAt(file);
    StorageException e = refused("u4000", patched(file, b -> b.putLong(t + 8, 4000)),
        "kxzipped trailer: 3 blocks declared but uncompressed length 4000 with block size 65536"
            + " needs 1");
    assertEquals(file.length - 8, e.offset());
    refused("u-huge", patched(file, b -> b.putLong(t + 8, Long.MAX_VALUE)), "blocks declared");
    refused("u-neg", patched(file, b -> b.putLong(t + 8, -1)), "is negative");
  }

  @Test
  void lastBlockInflatingToTheWrongLength() throws IOException {
    byte[] file = gzip3Blocks();
    int t = trailerAt(file);
    long lastBlockAt = 8 + le(file).getInt(t + 32) + le(file).getInt(t + 40);
    StorageException e = refused("u-1", patched(file, b -> b.putLong(t + 8, 2 * 65536 + 99)),
        "kxzipped block 2 of 3");
    assertEquals(lastBlockAt, e.offset());
    assertTrue(e.getMessage().contains("expected at plain offset 131072"), e.getMessage());
  }

  @Test
  void trailerPositionField() throws IOException {
    byte[] file = gzip3Blocks();
    int t = trailerAt(file);
    refused("t", patched(file, b -> b.putLong(t + 16, t + 1)), "compressed length field");
  }

  @Test
  void blockSizeOutsideQsRange() throws IOException {
    byte[] file = gzip3Blocks();
    int t = trailerAt(file);
    for (long size : new long[] {0, 2048, 3000, 65537, 1 << 21, -65536}) {
      refused("bs" + size, patched(file, b -> b.putLong(t + 24, size)), "is not a power of two");
    }
  }

  @Test
  void blockLengthsThatDoNotFitTheFile() throws IOException {
    byte[] file = gzip3Blocks();
    int e0 = trailerAt(file) + 32;
    refused("l-big", patched(file, b -> b.putInt(e0, 1 << 30)), "block 0 of 3 has compressed length");
    refused("l-neg", patched(file, b -> b.putInt(e0, -5)), "block 0 of 3 has compressed length -5");
    refused("l+1", patched(file, b -> b.putInt(e0, b.getInt(e0) + 1)),
        "block 2 of 3 has compressed length");
    refused("l-1", patched(file, b -> b.putInt(e0, b.getInt(e0) - 1)), "blocks end at offset");
    refused("l-shift", patched(file, b -> {
      b.putInt(e0, b.getInt(e0) + 1);
      b.putInt(e0 + 8, b.getInt(e0 + 8) - 1);
    }), "kxzipped block 0 of 3");
  }

  @Test
  void blockAlgorithmThatDoesNotMatchTheBlock() throws IOException {
    byte[] file = gzip3Blocks();
    int e0 = trailerAt(file) + 32;
    refused("as-stored", patched(file, b -> b.putInt(e0 + 4, 0)),
        "stored block 0 of 3 has");
    refused("as-snappy", patched(file, b -> b.putInt(e0 + 4, 3)), "kxzipped block 0 of 3");
    refused("unknown", patched(file, b -> b.putInt(e0 + 4, 9)), "has algorithm 9, expected 0..5");
    refused("negative", patched(file, b -> b.putInt(e0 + 4, -1)), "has algorithm -1");
  }

  @Test
  void encryptedAlgorithmCodesAreRefused() throws IOException {
    byte[] file = gzip3Blocks();
    int t = trailerAt(file);
    refused("alg16", patched(file, b -> b.put(t + 4, (byte) 16)), "encrypted");
    refused("alg18", patched(file, b -> b.put(t + 4, (byte) 18)), "encrypted");
    refused("alg255", patched(file, b -> b.put(t + 4, (byte) 255)), "encrypted");
    refused("alg9", patched(file, b -> b.put(t + 4, (byte) 9)), "algorithm 9 is unknown");
    refused("block-alg17", patched(file, b -> b.putInt(t + 32 + 4, 17)), "encrypted");
  }

  @Test
  void encryptedMagicIsRefused() throws IOException {
    byte[] file = gzip3Blocks();
    System.arraycopy("kxzippEd".getBytes(StandardCharsets.US_ASCII), 0, file, 0, 8);
    refused("dare", file, "encrypted");
  }

  @Test
  void wrongMagicIsRefusedByTheContainerReader() {
    Path f = dir.resolve("plain");
    byte[] notZipped = new byte[100];
    StorageException e = assertThrows(StorageException.class,
        () -> KxzipBytes.over(new HeapBytes(f, notZipped, false)));
    assertTrue(e.getMessage().contains("expected the magic \"kxzipped\""), e.getMessage());
  }

  /** Garbage after each codec's header, in the middle block, whatever its pattern. */
  @ParameterizedTest
  @EnumSource(value = Algorithm.class, names = "STORED", mode = EnumSource.Mode.EXCLUDE)
  void garbageInsideABlock(Algorithm algorithm) throws IOException {
    byte[] file = valid(new Compression(algorithm, algorithm.defaultLevel(), 12), 3 * 4096);
    int e1 = trailerAt(file) + 32 + 8;
    ByteBuffer b = le(file);
    assertEquals(algorithm.code(), b.getInt(e1 + 4), "block 1 is compressed");
    int start = 8 + b.getInt(e1 - 8);
    int length = b.getInt(e1);
    Random r = new Random(1);
    for (int pattern = 0; pattern < 3; pattern++) {
      byte[] bad = file.clone();
      for (int i = start + 12; i < start + length - 4; i++) {
        bad[i] = pattern == 0 ? 0 : pattern == 1 ? (byte) 0xff : (byte) r.nextInt();
      }
      StorageException e = refused(algorithm + "-" + pattern, bad, "kxzipped block 1 of 3");
      assertEquals(start, e.offset());
    }
  }

  /**
   * Thousands of random byte changes over small files of each algorithm: reading yields the
   * original bytes, other bytes (only for codecs without a checksum), or a StorageException naming
   * the file; never another exception, never a hang.
   */
  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void randomDamage(Algorithm algorithm) throws IOException {
    byte[] plain = KxzipTestData.compressible(3 * 4096 + 100, 9);
    Path f = dir.resolve("fuzz");
    KxzipWriter.write(f, plain, new Compression(algorithm, algorithm.defaultLevel(), 12));
    byte[] file = Files.readAllBytes(f);
    boolean checksummed = algorithm == Algorithm.GZIP;
    Random r = new Random(algorithm.ordinal());
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      int refusedCount = 0;
      for (int round = 0; round < 1500; round++) {
        byte[] bad = file.clone();
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
          bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
        }
        try (KxzipBytes b = KxzipBytes.over(new HeapBytes(f, bad, false))) {
          byte[] back = new byte[Math.toIntExact(b.length())];
          b.getBytes(0, back, 0, back.length);
          if (checksummed) {
            assertArrayEquals(plain, back, "round " + round + " read damaged data");
          }
        } catch (StorageException e) {
          assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
          refusedCount++;
        } catch (RuntimeException | Error e) {
          fail(algorithm + " round " + round + ": " + e, e);
        }
      }
      assertTrue(refusedCount > (checksummed ? 1000 : 0), refusedCount + " damaged files refused");
    });
  }
}
