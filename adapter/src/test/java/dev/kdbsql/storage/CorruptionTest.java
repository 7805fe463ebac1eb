package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-made bad files: each fails with one {@link StorageException} naming the file, the offset
 * and the expectation, never with another exception, wrong data or an OutOfMemoryError.
 */
class CorruptionTest {
  @TempDir
  Path dir;

  private static byte[] symList(String... names) {
    ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xff).put((byte) 1).put((byte) 11).put((byte) 0).putInt(names.length);
    for (String n : names) {
      b.put(n.getBytes()).put((byte) 0);
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] longVector(long declared, long... values) {
    ByteBuffer b = ByteBuffer.allocate(16 + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xfe).put((byte) 0x20).put((byte) 7).put((byte) 0).putInt(0).putLong(declared);
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }

  private static byte[] enumFile(String domain, long... indices) {
    ByteBuffer b = ByteBuffer.allocate(4096 + 8 * indices.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(0, (byte) 0xfd).put(1, (byte) 0x20);
    b.position(16);
    b.put(domain.getBytes());
    b.position(4080);
    b.put((byte) 0xfd).put((byte) 0).put((byte) 20).put((byte) 0).putInt(0).putLong(indices.length);
    for (long i : indices) {
      b.putLong(i);
    }
    return b.array();
  }

  private Path table(String name, byte[] sym, byte[] a) throws IOException {
    Path t = Files.createDirectories(dir.resolve(name));
    Files.write(t.resolve(".d"), symList("a", "s"));
    Files.write(t.resolve("a"), a);
    Files.write(t.resolve("s"), sym);
    return t;
  }

  private StorageException readFails(String name) {
    try (Database db = Database.open(dir)) {
      return assertThrows(StorageException.class, () -> {
        KdbTable t = db.table(name);
        for (ColumnInfo c : t.columns()) {
          Fixtures.values(t, c.name());
        }
      });
    }
  }

  @Test
  void goodTableReads() throws IOException {
    Files.write(dir.resolve("sym"), symList("x", "y"));
    table("t", enumFile("sym", 0, 1, Long.MIN_VALUE), longVector(3, 1, 2, 3));
    try (Database db = Database.open(dir)) {
      assertEquals(java.util.Arrays.asList("x", "y", null), Fixtures.values(db.table("t"), "s"));
    }
  }

  @Test
  void unknownMagic() throws IOException {
    Files.write(dir.resolve("sym"), symList("x"));
    table("t", enumFile("sym", 0, 0, 0), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    StorageException e = readFails("t");
    assertTrue(e.getMessage().contains("t/a at offset 0") && e.getMessage().contains("unknown kdb+ file format"),
        e.getMessage());
  }

  @Test
  void truncatedVectorAndLyingCount() throws IOException {
    Files.write(dir.resolve("sym"), symList("x"));
    byte[] v = longVector(3, 1, 2, 3);
    table("t", enumFile("sym", 0, 0, 0), Arrays.copyOf(v, v.length - 3));
    StorageException e = readFails("t");
    assertTrue(e.getMessage().contains("t/a at offset 16") && e.getMessage().contains("not a multiple of 8"),
        e.getMessage());

    table("u", enumFile("sym", 0, 0, 0), longVector(Long.MAX_VALUE / 4, 1, 2, 3));
    StorageException lying = readFails("u");
    assertTrue(lying.getMessage().contains("u/a at offset 8") && lying.getMessage().contains("exceeds"),
        lying.getMessage());
  }

  @Test
  void raggedColumns() throws IOException {
    Files.write(dir.resolve("sym"), symList("x"));
    table("t", enumFile("sym", 0, 0), longVector(3, 1, 2, 3));
    StorageException e = readFails("t");
    assertTrue(e.getMessage().contains("ragged"), e.getMessage());
  }

  @Test
  void enumIndexBeyondDomain() throws IOException {
    Files.write(dir.resolve("sym"), symList("x", "y"));
    table("t", enumFile("sym", 0, 7, 1), longVector(3, 1, 2, 3));
    StorageException e = readFails("t");
    assertTrue(e.getMessage().contains("t/s at offset 4104") && e.getMessage().contains("index 7"),
        e.getMessage());
  }

  @Test
  void missingDomainFile() throws IOException {
    table("t", enumFile("sym_other", 0, 0, 0), longVector(3, 1, 2, 3));
    Files.write(dir.resolve("sym"), symList("x"));
    StorageException e = readFails("t");
    assertTrue(e.getMessage().contains("t/s") && e.getMessage().contains("`sym_other` not found"),
        e.getMessage());
  }

  @Test
  void truncatedSymFile() throws IOException {
    byte[] s = symList("alpha", "beta");
    Files.write(dir.resolve("sym"), Arrays.copyOf(s, s.length - 2));
    table("t", enumFile("sym", 0, 0, 0), longVector(3, 1, 2, 3));
    StorageException e = readFails("t");
    assertTrue(e.getMessage().contains("sym") && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void encryptedFileIsRefused() throws IOException {
    Files.write(dir.resolve("sym"), symList("x"));
    byte[] enc = Arrays.copyOf("kxzippEd".getBytes(), 64);
    table("t", enumFile("sym", 0, 0, 0), enc);
    StorageException e = readFails("t");
    assertTrue(e.getMessage().contains("t/a") && e.getMessage().contains("encrypted"), e.getMessage());
  }

  @Test
  void flatTableWithLyingLengths() throws IOException {
    // A flat table (ff 01 62 ...) whose column count claims two billion longs.
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xff).put((byte) 1).put((byte) 98).put((byte) 0).put((byte) 99)
        .put((byte) 11).put((byte) 0).putInt(1).put((byte) 'a').put((byte) 0)
        .put((byte) 0).put((byte) 0).putInt(1).put((byte) 7).put((byte) 0).putInt(2_000_000_000);
    Files.write(dir.resolve("flat"), Arrays.copyOf(b.array(), b.position() + 8));
    StorageException e = readFails("flat");
    assertTrue(e.getMessage().contains("flat at offset") && e.getMessage().contains("count 2000000000"),
        e.getMessage());
  }

  @Test
  void notADatabase() throws IOException {
    Files.writeString(dir.resolve("readme"), "hello");
    StorageException e = assertThrows(StorageException.class, () -> Database.open(dir));
    assertTrue(e.getMessage().contains("not a kdb+ database"), e.getMessage());
    StorageException missing = assertThrows(StorageException.class,
        () -> Database.open(dir.resolve("nope")));
    assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
  }

  @Test
  void badPartitionName() throws IOException {
    Files.write(dir.resolve("sym"), symList("x"));
    Files.createDirectories(dir.resolve("2020.01.01"));
    Files.createDirectories(dir.resolve("2020.13.45"));
    StorageException e = assertThrows(StorageException.class, () -> Database.open(dir));
    assertTrue(e.getMessage().contains("2020.13.45") && e.getMessage().contains("not a date"),
        e.getMessage());
  }
}
