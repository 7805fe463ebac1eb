package dev.kdbsql.jdbc.robust;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage errors met while planning (a damaged {@code .d} read for the row type) and while
 * producing the first rows (a damaged column) reach the caller as an {@link SQLException} whose
 * own message names the file. The exception is {@code prepareStatement}: Avatica's message there
 * is only "Error while preparing statement [sql]", and the file is named by its cause.
 */
class PlanningErrorTest {
  @TempDir
  Path tmp;

  @Test
  void planningAndFirstRowErrorsNameTheFile() throws Exception {
    Path db = Sql.copy(Sql.fixture("egor7__q/db"), tmp.resolve("db"));
    Path d = db.resolve("2015.01.02/t/.d");
    Path column = db.resolve("2015.01.01/q/a");
    Files.write(d, new byte[] {1, 2, 3});
    Files.write(column, new byte[] {1, 2, 3});
    try (Connection c = Sql.connect(db)) {
      assertNames(d, assertThrows(SQLException.class, () -> Sql.rows(c, "SELECT * FROM t")));
      SQLException prepare = assertThrows(SQLException.class,
          () -> c.prepareStatement("SELECT * FROM t"));
      assertTrue(prepare.getCause().getMessage().contains(d.toString()), prepare.toString());
      assertNames(column, assertThrows(SQLException.class, () -> Sql.rows(c, "SELECT a FROM q")));
      try (PreparedStatement p = c.prepareStatement("SELECT a FROM q")) {
        assertNames(column, assertThrows(SQLException.class, () -> Sql.rows(p.executeQuery())));
      }
    }
  }

  private static void assertNames(Path file, SQLException e) {
    String m = String.valueOf(e.getMessage());
    assertTrue(m.contains(file.toString()) && !m.contains("\n"), "message: " + m);
  }
}
