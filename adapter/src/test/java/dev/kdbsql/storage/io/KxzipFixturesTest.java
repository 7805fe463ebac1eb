package dev.kdbsql.storage.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kdbsql.storage.io.Compression.Algorithm;
import dev.kdbsql.storage.io.codec.BlockCodec;
import dev.kdbsql.storage.io.codec.CorruptBlockException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads every kxzipped file of the q-written fixtures ({@code kdb-fixtures/INDEX.md} §4, §8-§12). */
class KxzipFixturesTest {
  private static final String TORQ_FSP = "DataIntellectTech__TorQ-Finance-Starter-Pack/hdb";
  private static final String JBETZ = "jbetz34__advancedKDB/hdb/2020.04.05";

  @TempDir Path dir;

  private static Path fixtures() {
    String root = System.getProperty("kdb.fixtures");
    assumeTrue(root != null && Files.isDirectory(Path.of(root)),
        "kdb+ fixtures not found (system property kdb.fixtures = " + root + ")");
    return Path.of(root);
  }

  private static boolean isKxzipped(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      return Arrays.equals(in.readNBytes(8), FileImages.KXZIPPED);
    } catch (IOException e) {
      throw new AssertionError(f + ": " + e, e);
    }
  }

  private static List<Path> kxzippedUnder(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).filter(KxzipFixturesTest::isKxzipped).sorted()
          .collect(Collectors.toList());
    }
  }

  /** U read straight from the trailer bytes, independently of the reader. */
  private static long uncompressedLength(Path f) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong(b.capacity() - 8);
    return b.getLong((int) (b.capacity() - 8 - 8 * n - 32 + 8));
  }

  private static byte[] image(Path f) {
    try (Bytes b = FileImages.open(f)) {
      byte[] all = new byte[Math.toIntExact(b.length())];
      b.getBytes(0, all, 0, all.length);
      return all;
    }
  }

  @Test
  void everyCompressedFixtureInflatesToAKnownKdbImage() throws IOException {
    List<Path> files = kxzippedUnder(fixtures());
    assertTrue(files.size() >= 160, "expected the ~166 kxzipped fixtures, found " + files.size());
    for (Path f : files) {
      byte[] plain = image(f);
      assertEquals(uncompressedLength(f), plain.length, f.toString());
      assertTrue(plain.length >= 2, f + " is too short for a kdb+ header");
      int b0 = plain[0] & 0xff;
      int b1 = plain[1] & 0xff;
      boolean known = (b0 == 0xfe || b0 == 0xfd) && b1 == 0x20
          || b0 == 0xff && b1 == 0x01
          || b0 == 0xfe && Character.isLetter(b1);
      assertTrue(known, f + " inflates to an image starting " + Integer.toHexString(b0) + " "
          + Integer.toHexString(b1));
    }
  }

  @Test
  void torqTradePriceMixesStoredAndQIpcBlocks() {
    Path f = fixtures().resolve(TORQ_FSP + "/2015.01.07/trade/price");
    int[] algorithms = KxzipRoundTripTest.blockAlgorithms(f);
    assertEquals(24, algorithms.length);
    assertTrue(Arrays.stream(algorithms).anyMatch(a -> a == 0));
    assertTrue(Arrays.stream(algorithms).anyMatch(a -> a == 1));
    try (Bytes b = FileImages.open(f)) {
      assertTrue(b.compressed());
      assertEquals(1_572_168, b.length());
      assertEquals((byte) 0xfe, b.getByte(0));
      assertEquals(0x20, b.getByte(1));
      assertEquals(9, b.getByte(2));
      assertEquals((1_572_168 - 16) / 8, (b.length() - 16) / 8);
      // INDEX.md §4: the first prices are 20.12 20.14 20.09.
      assertEquals(20.12, b.getDouble(16));
      assertEquals(20.14, b.getDouble(24));
      assertEquals(20.09, b.getDouble(32));
    }
  }

  /**
   * The q IPC encoder makes q's choices: it rebuilds every alg-1 block of the TorQ fixtures byte
   * for byte, and refuses (leaves stored) exactly the blocks q stored.
   */
  @Test
  void qIpcEncoderReproducesQsBlocks() throws IOException, CorruptBlockException {
    BlockCodec qipc = BlockCodec.of(1, 0);
    int compressed = 0;
    int stored = 0;
    for (Path f : kxzippedUnder(fixtures().resolve(TORQ_FSP))) {
      try (MappedBytes m = MappedBytes.map(f)) {
        KxzipTrailer t = KxzipTrailer.read(m);
        assertEquals(1, t.algorithm(), f.toString());
        for (int k = 0; k < t.blocks(); k++) {
          byte[] raw = new byte[t.length(k)];
          m.getBytes(t.offset(k), raw, 0, raw.length);
          byte[] plain = new byte[t.plainLength(k)];
          BlockCodec.of(t.algorithm(k), 0).decode(raw, 0, raw.length, plain, 0, plain.length);
          if (t.algorithm(k) == 1) {
            assertArrayEquals(raw, qipc.encode(plain, 0, plain.length), f + " block " + k);
            compressed++;
          } else {
            assertNull(qipc.encode(plain, 0, plain.length), f + " block " + k + " was stored");
            stored++;
          }
        }
      }
    }
    assertTrue(compressed > 100 && stored > 100, compressed + " compressed, " + stored + " stored");
  }

  /** Rewriting a q-written alg-1 file gives q's file back, but for the trailer version (2 → 3). */
  @Test
  void writerRebuildsATorqFile() throws IOException {
    Path original = fixtures().resolve(TORQ_FSP + "/2015.01.07/trade/price");
    Path copy = dir.resolve("price");
    KxzipWriter.write(copy, image(original), new Compression(Algorithm.QIPC, 0, 16));
    byte[] expected = Files.readAllBytes(original);
    byte[] actual = Files.readAllBytes(copy);
    assertEquals(expected.length, actual.length);
    ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
    int trailer = (int) (expected.length - 8 - 8 * e.getLong(expected.length - 8) - 32);
    assertEquals(2, e.getInt(trailer));
    expected[trailer] = KxzipWriter.VERSION;
    assertArrayEquals(expected, actual);
  }

  /**
   * Rewriting each q-written gzip file at its level and block size gives q's file back byte for
   * byte: the JDK's zlib makes the same choices as q's. Deflate output is only fixed per zlib
   * implementation, so the test is skipped on a JDK whose zlib differs (zlib-ng, for instance).
   */
  @Test
  void writerRebuildsEveryGzipFixture() throws IOException {
    int rebuilt = 0;
    for (Path f : kxzippedUnder(fixtures())) {
      Compression c;
      try (MappedBytes m = MappedBytes.map(f)) {
        KxzipTrailer t = KxzipTrailer.read(m);
        if (t.algorithm() != 2) {
          continue;
        }
        c = new Compression(Algorithm.GZIP, t.level(), t.blockPower());
      }
      Path copy = dir.resolve("copy");
      KxzipWriter.write(copy, image(f), c);
      boolean same = Arrays.equals(Files.readAllBytes(f), Files.readAllBytes(copy));
      if (rebuilt == 0) {
        assumeTrue(same, "this JDK's zlib compresses differently from q's: " + f);
      }
      assertTrue(same, f + " rebuilt differently");
      rebuilt++;
    }
    assertTrue(rebuilt >= 150, rebuilt + " gzip files rebuilt");
  }

  /**
   * jbetz34's {@code oquote}/{@code otrade} are gzip copies of {@code quote}/{@code trade} (INDEX.md
   * §12); their column images are equal, except the p# attribute data after the sym indices.
   */
  @Test
  void gzipTwinsHoldTheSameImages() throws IOException {
    Path day = fixtures().resolve(JBETZ);
    int compared = 0;
    for (String table : new String[] {"quote", "trade"}) {
      try (Stream<Path> cols = Files.list(day.resolve(table))) {
        for (Path plainCol : (Iterable<Path>) cols.sorted()::iterator) {
          String name = plainCol.getFileName().toString();
          Path twin = day.resolve("o" + table).resolve(name);
          if (name.equals(".d") || !Files.exists(twin)) {
            continue;
          }
          assertTrue(isKxzipped(twin), twin + " is compressed");
          byte[] a = image(plainCol);
          byte[] b = image(twin);
          if (name.equals("sym")) {
            ByteBuffer h = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
            int end = 4096 + 8 * (int) h.getLong(4088);
            a = Arrays.copyOf(a, end);
            b = Arrays.copyOf(b, end);
          }
          assertArrayEquals(a, b, twin + " vs " + plainCol);
          compared++;
        }
      }
    }
    assertEquals(10, compared);
  }
}
