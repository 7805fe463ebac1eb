package dev.kdbsql.calcite;

import static dev.kdbsql.calcite.CalciteSql.plan;
import static dev.kdbsql.calcite.CalciteSql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sym file that names a symbol twice (q never writes one, a hand-made file can): the rows of
 * both indices are one group, in the scan's grouping (which groups by index, then merges groups
 * by name) as in Calcite's, with the null symbol a group of its own.
 */
class DuplicateSymbolGroupTest {
  @TempDir
  Path dir;

  @Test
  void oneGroupPerName() throws SQLException, IOException {
    Path db = dir.resolve("db");
    DatabaseWriter.open(db).writeSplayed("t", TableData.builder()
        .add("s", ColumnData.symbols(new String[] {"a", "b", "c", "a", "c", "", "c", "b"}))
        .add("x", ColumnData.longs(KdbType.LONG, new long[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .build(), WriteOptions.DEFAULT);
    // The domain a, b, c becomes a, b, a: the rows of "c" now read "a" too.
    Path sym = db.resolve("sym");
    byte[] bytes = Files.readAllBytes(sym);
    int at = indexOf(bytes, "c\0".getBytes(StandardCharsets.US_ASCII));
    bytes[at] = 'a';
    Files.write(sym, bytes);
    try (CalciteSql.Twin twin = CalciteSql.Twin.open(db)) {
      for (String sql : List.of("select s, count(*), sum(x) from t group by s",
          "select upper(s), count(*) from t group by upper(s)")) {
        List<String> want = rows(twin.reference(), sql).stream().sorted().toList();
        assertEquals(3, want.size(), want.toString());
        assertEquals(want, rows(twin.pushed(), sql).stream().sorted().toList(), sql);
        String p = plan(twin.pushed(), sql);
        assertTrue(p.contains("group=[s]"), p);
      }
    }
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = bytes.length - part.length; i >= 0; i--) {
      if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not in the sym file");
  }
}
