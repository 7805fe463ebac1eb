package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A column file over 2 GiB (sparse, so it costs no disk) maps in chunks and reads by long index. */
class LargeFileTest {
  @TempDir
  Path dir;

  @Test
  void longColumnOverTwoGigabytes() throws IOException {
    long rows = 400_000_000L; // 3.2 GB of longs
    Path t = Files.createDirectories(dir.resolve("big"));
    ByteBuffer d = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    d.put((byte) 0xff).put((byte) 1).put((byte) 11).put((byte) 0).putInt(1).put((byte) 'v')
        .put((byte) 0);
    Files.write(t.resolve(".d"), java.util.Arrays.copyOf(d.array(), d.position()));
    try (RandomAccessFile f = new RandomAccessFile(t.resolve("v").toFile(), "rw")) {
      ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      h.put((byte) 0xfe).put((byte) 0x20).put((byte) 7).put((byte) 0).putInt(0).putLong(rows);
      f.write(h.array());
      f.setLength(16 + rows * 8);
      long[] at = {0, (1L << 27) - 1, 1L << 27, rows / 2, rows - 1};
      for (long r : at) {
        f.seek(16 + r * 8);
        f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(r * 3 + 1).array());
      }
    }
    try (Database db = Database.open(t); TableSlice s = db.table("big").slices().get(0)) {
      assertEquals(rows, s.rowCount());
      Column v = s.column(0);
      for (long r : new long[] {0, (1L << 27) - 1, 1L << 27, rows / 2, rows - 1}) {
        assertEquals(r * 3 + 1, v.getLong(r), "row " + r);
      }
      assertEquals(0L, v.getLong(rows - 2));
    }
  }
}
