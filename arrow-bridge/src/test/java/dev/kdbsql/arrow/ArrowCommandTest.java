package dev.kdbsql.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export and import commands, end to end on the all-types fixture. */
class ArrowCommandTest {
  @TempDir
  Path tmp;

  @Test
  void exportTableThenImportSplayedAndIntoPartition() throws IOException {
    Path src = Fixtures.allDataTypes();
    Path file = tmp.resolve("all.arrow");
    Path stream = tmp.resolve("all.arrows");
    assertEquals(0, ArrowCommand.run("export", src.toString(), "--table", "splayedTable",
        file.toString()));
    assertEquals(0, ArrowCommand.run("export", src.toString(), "--table", "splayedTable",
        "--format", "stream", "--columns", "str,nanostamp", stream.toString()));
    assertEquals(IpcFormat.FILE, ArrowCommand.detect(file));
    assertEquals(IpcFormat.STREAM, ArrowCommand.detect(stream));
    Path db = tmp.resolve("db");
    assertEquals(0, ArrowCommand.run("import", file.toString(), db.toString(), "full"));
    assertEquals(0, ArrowCommand.run("import", stream.toString(), db.toString(), "two"));
    try (Database in = Database.open(src); Database out = Database.open(db)) {
      KdbTable t = in.table("splayedTable");
      KdbTable full = out.table("full");
      Fixtures.assertSameTables(t, t.slices(), full, full.slices());
      assertEquals(2, out.table("two").columns().size());
      assertEquals(2000, out.table("two").rowCount());
    }
    Path parted = tmp.resolve("parted");
    assertEquals(0, ArrowCommand.run("import", file.toString(), parted.toString(), "t",
        "--partition", "2024.01.02"));
    assertEquals(0, ArrowCommand.run("import", stream.toString(), parted.toString(), "u",
        "--partition", "2024.01.03"));
    try (Database out = Database.open(parted)) {
      assertEquals(2, out.partitions().size());
      assertEquals(2000, out.table("t").rowCount());
      assertEquals(2000, out.table("u").rowCount());
      assertTrue(Files.isDirectory(parted.resolve("2024.01.02/u")), ".Q.chk fill of u");
      assertTrue(Files.isDirectory(parted.resolve("2024.01.03/t")), ".Q.chk fill of t");
    }
  }

  @Test
  void exportSqlResult() throws IOException {
    Path file = tmp.resolve("q.arrow");
    assertEquals(0, ArrowCommand.run("export", Fixtures.allDataTypes().toString(),
        "select \"str\", count(*) as n from \"splayedTable\" group by \"str\"",
        file.toString()));
    Path db = tmp.resolve("db");
    assertEquals(0, ArrowCommand.run("import", file.toString(), db.toString(), "counts"));
    try (Database out = Database.open(db)) {
      KdbTable t = out.table("counts");
      assertEquals("[str s, n j]", t.columns().stream().map(c -> c.name() + " " + c.type())
          .toList().toString());
      assertEquals(3, t.rowCount());
    }
  }

  @Test
  void verboseSqlExportSaysWhichPath() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, ArrowCommand.run("export", "-v", Fixtures.allDataTypes().toString(),
          "select \"str\" as s, \"long\" from \"splayedTable\" where \"long\" > 0",
          tmp.resolve("direct.arrow").toString()));
      assertEquals(0, ArrowCommand.run("export", "--verbose", Fixtures.allDataTypes().toString(),
          "select \"str\", count(*) as n from \"splayedTable\" group by \"str\"",
          tmp.resolve("rows.arrow").toString()));
    } finally {
      System.setErr(old);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("kdbsql export: direct scan (pure scan of splayedTable)"), text);
    assertTrue(text.contains("kdbsql export: JDBC rows (the scan aggregates)"), text);
  }

  @Test
  void errorsNameTheProblem() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(1, ArrowCommand.run("export", Fixtures.allDataTypes().toString(), "--table",
          "nope", tmp.resolve("x.arrow").toString()));
      assertEquals(2, ArrowCommand.run("export", Fixtures.allDataTypes().toString(), "--table",
          "splayedTable", "extra", tmp.resolve("x.arrow").toString()));
      assertEquals(1, ArrowCommand.run("export", Fixtures.allDataTypes().resolve("..").toString(),
          "--table", "intArrayVector", tmp.resolve("x.arrow").toString()));
    } finally {
      System.setErr(old);
    }
    assertFalse(Files.exists(tmp.resolve("x.arrow")), "a failed export leaves no file");
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("column d is a general (mixed) list"), text);
    assertTrue(text.contains("no table nope"), text);
    assertTrue(text.contains("expected DATABASE OUTPUT with --table"), text);
  }
}
