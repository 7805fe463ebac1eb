package dev.kdbsql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code joinMemory} connection property bounds a join's build side: past it the statement
 * fails with an SQLException that names the limit and the property, and the connection stays
 * usable; within it the same join answers.
 */
class KdbJoinMemoryTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void write() {
    SampleDatabase.of(4_000, 2, 7).writeTo(dir.resolve("db"));
  }

  private static final String JOIN = "SELECT count(*) FROM trade a JOIN trade b"
      + " ON a.sym = b.sym AND a.\"date\" = b.\"date\" AND a.time = b.time";

  @Test
  void aBuildSideOverTheLimitFailsClearly() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("db")
        + ";joinMemory=64k"); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(JOIN)) {
          rs.next();
        }
      });
      Throwable t = e;
      StringBuilder messages = new StringBuilder();
      for (; t != null; t = t.getCause()) {
        messages.append(t.getMessage()).append('\n');
      }
      assertTrue(messages.toString().contains("join build side too large")
          && messages.toString().contains("joinMemory"), messages.toString());
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ref")) {
        assertTrue(rs.next());
        assertEquals(50, rs.getLong(1));
      }
    }
  }

  @Test
  void withinTheLimitTheJoinAnswers() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("db"));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(JOIN)) {
      assertTrue(rs.next());
      assertTrue(rs.getLong(1) >= 4_000, "every trade joins itself: " + rs.getLong(1));
    }
  }
}
