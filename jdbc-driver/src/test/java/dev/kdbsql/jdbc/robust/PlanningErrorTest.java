package dev.kdbsql.jdbc.robust;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage errors met while planning (a damaged {@code .d} read for the row type) and while
 * producing the first rows (a damaged column) reach the caller as an {@link SQLException} whose
 * own message names the file, from {@code executeQuery}, {@code prepareStatement} ("Error while
 * preparing statement [sql]: file: problem") and the prepared statement's {@code executeQuery}
 * alike, and from metadata calls that read the damaged file.
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
      assertNames(d, prepare);
      assertTrue(prepare.getMessage().startsWith("Error while preparing statement [SELECT * FROM t]: "),
          prepare.getMessage());
      assertNames(d, assertThrows(SQLException.class, () -> columns(c, "t")));
      assertNames(column, assertThrows(SQLException.class, () -> Sql.rows(c, "SELECT a FROM q")));
      try (PreparedStatement p = c.prepareStatement("SELECT a FROM q")) {
        assertNames(column, assertThrows(SQLException.class, () -> Sql.rows(p.executeQuery())));
      }
    }
  }

  /** The number of columns {@code DatabaseMetaData.getColumns} lists for {@code table}. */
  private static int columns(Connection c, String table) throws SQLException {
    int n = 0;
    try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
      while (rs.next()) {
        n++;
      }
    }
    return n;
  }

  private static void assertNames(Path file, SQLException e) {
    String m = String.valueOf(e.getMessage());
    assertTrue(m.contains(file.toString()) && !m.contains("\n"), "message: " + m);
  }
}
