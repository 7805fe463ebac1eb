package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flat objects no fixture holds (INDEX.md lists them as holes), built byte by byte from the IPC
 * layout (docs/kdb-format.md §7.1): a keyed table reads as its key columns then its value columns,
 * and a dictionary or an atom at the root is not a table, so it is left alone, as q leaves it.
 */
class FlatObjectsTest {
  @TempDir
  Path dir;

  private static final class Ipc {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Ipc b(int... bytes) {
      for (int x : bytes) {
        out.write(x);
      }
      return this;
    }

    Ipc i32(int v) {
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
      return this;
    }

    Ipc i64(long v) {
      out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
      return this;
    }

    Ipc f64(double v) {
      out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
      return this;
    }

    /** A symbol vector of column names. */
    Ipc names(String... names) {
      b(11, 0).i32(names.length);
      for (String n : names) {
        out.writeBytes(n.getBytes());
        out.write(0);
      }
      return this;
    }
  }

  @Test
  void keyedTableReadsKeysThenValues() throws IOException {
    Ipc t = new Ipc().b(0xff, 1, 99)
        // key table ([] k: 7 8)
        .b(98, 0, 99).names("k").b(0, 0).i32(1).b(7, 0).i32(2).i64(7).i64(8)
        // value table ([] v: 1.5 2.5; s: `a`b)
        .b(98, 0, 99).names("v", "s").b(0, 0).i32(2).b(9, 0).i32(2).f64(1.5).f64(2.5)
        .b(11, 0).i32(2).b('a', 0, 'b', 0);
    Files.write(dir.resolve("kt"), t.out.toByteArray());
    Files.write(dir.resolve("d"), new Ipc().b(0xff, 1, 99).names("a").b(7, 0).i32(1).i64(1)
        .out.toByteArray());
    Files.write(dir.resolve("atom"), new Ipc().b(0xff, 1, 0xf9).i64(42).out.toByteArray());
    try (Database db = Database.open(dir)) {
      assertEquals(List.of("kt"), List.copyOf(db.tables().keySet()), "dictionary and atom left alone");
      KdbTable kt = db.table("kt");
      assertEquals(TableLayout.FLAT, kt.layout());
      assertEquals(List.of("k", "v", "s"), kt.columns().stream().map(ColumnInfo::name).toList());
      assertEquals(List.of(7L, 8L), Fixtures.values(kt, "k"));
      assertEquals(List.of(1.5, 2.5), Fixtures.values(kt, "v"));
      assertEquals(List.of("a", "b"), Fixtures.values(kt, "s"));
    }
  }
}
