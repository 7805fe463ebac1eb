package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Fixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad SQL, unknown tables and columns, writes and damaged files give an error whose message
 * names the problem, and the server keeps serving: good queries on the same connection after
 * each failure give the right answers.
 */
class ErrorsTest {
  private static String failure(Connection c, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> JdbcRows.query(c, sql), sql);
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" / ");
    }
    return all.toString();
  }

  @Test
  void aFailingQueryIsFollowedByGoodOnes() throws Exception {
    try (KdbFlightServer server = Servers.start(TestDatabases.sample());
        Connection c = FlightJdbc.connect(server.port(), Servers.USER, Servers.PASSWORD)) {
      String syntax = failure(c, "selec * from ticks");
      assertTrue(syntax.contains("selec") || syntax.contains("line 1"), syntax);
      assertEquals(List.of(List.of(5_000L)), JdbcRows.query(c, "select count(*) from ticks"));
      String table = failure(c, "select * from nosuch");
      assertTrue(table.contains("nosuch") && table.contains("not found"), table);
      String column = failure(c, "select nocolumn from ticks");
      assertTrue(column.contains("nocolumn"), column);
      String write = failure(c, "insert into ref (sym, lot) values ('X', 1)");
      assertTrue(write.contains("read-only"), write);
      try (Statement st = c.createStatement()) {
        assertThrows(SQLException.class, () -> st.executeUpdate("delete from ref"));
      }
      assertEquals(5_000, JdbcRows.query(c, "select * from ticks").size());
      assertEquals(0, server.openQueries());
    }
  }

  @Test
  void damagedFilesAreNamed() throws Exception {
    Path broken = Fixtures.path("ArmanTee__sample_tick/db");
    try (KdbFlightServer server = Servers.start(broken);
        Connection c = FlightJdbc.connect(server.port(), Servers.USER, Servers.PASSWORD)) {
      String ragged = failure(c, "select * from t2");
      assertTrue(ragged.contains("t2/price") && ragged.contains("ragged"), ragged);
      String noD = failure(c, "select * from t1");
      assertTrue(noD.contains("t1/.d"), noD);
      assertEquals(25, JdbcRows.query(c, "select * from t3").size());
      assertEquals(0, server.openQueries());
    }
  }
}
