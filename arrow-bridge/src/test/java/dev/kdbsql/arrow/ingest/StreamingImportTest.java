package dev.kdbsql.arrow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.arrow.GeneratedStream;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.column.EnumColumn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import streams: five million generated rows (a long, a float, a timestamp, a symbol, a
 * string and a list column: about 250 MB of column files) import in a child JVM limited to a
 * 64 MB heap, which could not hold even the table's three fixed-width columns (120 MB) at once,
 * and every sampled row reads back as generated.
 */
class StreamingImportTest {
  private static final long ROWS = 5_000_000;

  @TempDir
  Path tmp;

  @Test
  void fiveMillionRowsImportInSixtyFourMegabytesOfHeap() throws Exception {
    Path db = tmp.resolve("db");
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx64m",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", classPath,
        StreamingImportMain.class.getName(), db.toString(), Long.toString(ROWS)));
    Path log = tmp.resolve("child.log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean ended = p.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended, "the import did not end in 10 minutes: " + output);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("imported " + ROWS + " rows; heap max"), output);
    try (Stream<Path> s = Files.list(db)) {
      assertEquals(List.of("big", "sym"), s.map(x -> x.getFileName().toString()).sorted()
          .toList(), "no temporary directory is left");
    }
    try (Database d = Database.open(db)) {
      KdbTable t = d.table("big");
      assertEquals(ROWS, t.rowCount());
      try (TableSlice s = t.slices().get(0)) {
        Column id = s.column(0);
        Column price = s.column(1);
        Column ts = s.column(2);
        Column sym = s.column(3);
        Column note = s.column(4);
        Column vals = s.column(5);
        for (long r = 0; r < ROWS; r += r < 200_000 ? 1 : 9_973) {
          String at = "row " + r;
          assertEquals(GeneratedStream.id(r), id.getLong(r), at);
          assertEquals(GeneratedStream.price(r), price.getDouble(r), at);
          assertEquals(GeneratedStream.timestampNanos(r) - Temporals.EPOCH_NANOS_2000,
              ts.getLong(r), at);
          String symbol = GeneratedStream.symbol(r);
          assertEquals(symbol == null ? "" : symbol, sym.getSymbol(r), at);
          String n = GeneratedStream.note(r);
          assertEquals(n == null ? "" : n, note.getString(r), at);
          List<Object> expected = new ArrayList<>();
          for (int v : GeneratedStream.values(r)) {
            expected.add(v);
          }
          assertEquals(expected, vals.getObject(r), at);
        }
        assertEquals(ROWS - 1, id.getLong(ROWS - 1));
        assertEquals(GeneratedStream.SYMBOLS + 1, ((EnumColumn) sym).domain().size(),
            "the root sym holds each symbol once, and the null symbol, as .Q.en adds it");
      }
    }
  }
}
