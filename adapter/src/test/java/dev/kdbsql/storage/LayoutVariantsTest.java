package dev.kdbsql.storage;

import static dev.kdbsql.storage.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layout cases the fixtures lack, built in a temporary folder from copies of real q-written
 * partitions: par.txt with CRLF, blank lines and absolute paths, one date split across segments,
 * hidden {@code $} entries, tables and columns missing from older partitions.
 */
class LayoutVariantsTest {
  private static final String DAILY = "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb";

  @TempDir
  Path tmp;

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
          target.toFile().setWritable(true);
        }
      }
    }
  }

  @Test
  void segmentsWithCrlfBlankLinesAbsolutePathsAndASplitDate() throws IOException {
    Path src = Fixtures.path(DAILY);
    Path db = Files.createDirectories(tmp.resolve("db"));
    Files.copy(src.resolve("sym"), db.resolve("sym"));
    copyTree(src.resolve("2000.01.01"), tmp.resolve("a/2000.01.01"));
    copyTree(src.resolve("2000.01.02"), tmp.resolve("a/2000.01.02"));
    copyTree(src.resolve("2000.01.02"), tmp.resolve("b/2000.01.02"));
    copyTree(src.resolve("2000.01.03"), tmp.resolve("b/2000.01.03"));
    Files.writeString(db.resolve("par.txt"), "../a\r\n\r\n  \n" + tmp.resolve("b") + "  \r\n");
    try (Database d = Database.open(db)) {
      assertEquals(3, d.partitions().size());
      assertEquals(2, d.partitions().get(1).dirs().size(), "2000.01.02 is in both segments");
      KdbTable x = d.table("xdaily");
      assertEquals(30 + 60 + 30, x.rowCount());
      List<Object> ids = values(x, "id");
      assertEquals("x29", ids.get(29));
      assertEquals("x0", ids.get(30));
      assertEquals("x0", ids.get(60), "second segment's copy of the split date follows the first");
    }
  }

  @Test
  void missingTablesAndColumnsAndHiddenEntries() throws IOException {
    Path src = Fixtures.path(DAILY);
    Path db = Files.createDirectories(tmp.resolve("db"));
    Files.copy(src.resolve("sym"), db.resolve("sym"));
    copyTree(src.resolve("2000.01.01"), db.resolve("2000.01.01"));
    copyTree(src.resolve("2000.01.02"), db.resolve("2000.01.02"));
    copyTree(src.resolve("2000.01.03"), db.resolve("2000.01.03"));
    // Table only in the middle partition; older partition lacks a column the newest has.
    copyTree(src.resolve("2000.01.02/xdaily"), db.resolve("2000.01.02/extra"));
    Path oldD = db.resolve("2000.01.01/xdaily/.d");
    byte[] d = Files.readAllBytes(src.resolve("2000.01.03/xdaily/.d"));
    List<String> cols = dev.kdbsql.storage.format.SymbolLists.read(src.resolve("2000.01.03/xdaily/.d"));
    // Rewrite the oldest .d without its last column (asksize).
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(d, 0, 8);
    for (String c : cols.subList(0, cols.size() - 1)) {
      out.writeBytes(c.getBytes());
      out.write(0);
    }
    Files.write(oldD, out.toByteArray());
    Files.delete(db.resolve("2000.01.01/xdaily/asksize"));
    copyTree(src.resolve("2000.01.03"), db.resolve("2000.01.04$"));

    try (Database dbase = Database.open(db)) {
      assertEquals(3, dbase.partitions().size(), "2000.01.04$ is hidden");
      KdbTable extra = dbase.table("extra");
      assertEquals(30, extra.rowCount());
      assertEquals(List.of(0L, 30L, 0L), extra.slices().stream().map(s -> {
        try (s) {
          return s.rowCount();
        }
      }).toList());
      List<Object> ask = values(dbase.table("xdaily"), "asksize");
      assertEquals(Collections.nCopies(30, null), ask.subList(0, 30));
      assertTrue(ask.subList(30, 90).stream().allMatch(v -> v instanceof Double));
    }
    try (Database strict = Database.open(db, new DatabaseOptions(true, true))) {
      StorageException e = assertThrows(StorageException.class, () -> strict.table("extra").slices());
      assertTrue(e.getMessage().contains("2000.01.01/extra") && e.getMessage().contains("missing"),
          e.getMessage());
      StorageException c = assertThrows(StorageException.class,
          () -> values(strict.table("xdaily"), "asksize"));
      assertTrue(c.getMessage().contains("asksize") && c.getMessage().contains("2000.01.01"),
          c.getMessage());
    }
  }
}
