package dev.kdbsql.jdbc.robust;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table that storage finds but cannot read (here a splayed directory whose {@code .d} was
 * deleted) is not listed by JDBC metadata, yet querying it by name gives its recorded error,
 * naming the file, rather than "Object not found"; the other tables keep working.
 */
class UnreadableTableTest {
  @TempDir
  Path tmp;

  @Test
  void queryingAnUnreadableTableNamesItsMissingFile() throws Exception {
    Path db = Sql.copy(Sql.fixture("egor7__q/db"), tmp.resolve("db"));
    Path d = db.resolve("cust/.d");
    Files.delete(d);
    try (Connection c = Sql.connect(db)) {
      assertFalse(Sql.tables(c).contains("cust"), "listed: " + Sql.tables(c));
      for (String sql : new String[] {"SELECT * FROM cust", "SELECT COUNT(*) FROM CUST",
          "SELECT t.sym FROM kdb.cust AS t"}) {
        SQLException e = assertThrows(SQLException.class, () -> Sql.rows(c, sql));
        assertTrue(e.getMessage().contains(d.toString()) && !e.getMessage().contains("\n"),
            sql + ": " + e.getMessage());
      }
      SQLException missing = assertThrows(SQLException.class,
          () -> Sql.rows(c, "SELECT * FROM nosuch"));
      assertTrue(missing.getMessage().contains("Object 'nosuch' not found"), missing.getMessage());
      assertTrue(Sql.rows(c, "SELECT COUNT(*) FROM tref").get(0).get(0).equals("3"));
    }
  }
}
