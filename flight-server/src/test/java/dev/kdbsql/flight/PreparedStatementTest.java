package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prepared statements with parameters through the Arrow Flight SQL JDBC driver: typed parameter
 * metadata, result metadata before execution, re-execution with new values, and results equal to
 * jdbc:kdb:'s for the same values.
 */
class PreparedStatementTest {
  private static KdbFlightServer server;
  private static Connection remote;
  private static Connection local;

  @BeforeAll
  static void start() throws Exception {
    server = Servers.start(TestDatabases.sample());
    remote = FlightJdbc.connect(server.port(), Servers.USER, Servers.PASSWORD);
    local = DriverManager.getConnection("jdbc:kdb:" + TestDatabases.sample());
  }

  @AfterAll
  static void stop() throws Exception {
    try (KdbFlightServer s = server; Connection r = remote; Connection l = local) {
      // closed in reverse order
    }
  }

  /** Binds {@code values} with setObject on both drivers and compares the rows. */
  private static List<List<Object>> assertSame(String sql, Object... values) throws SQLException {
    List<List<Object>> expected;
    try (PreparedStatement p = local.prepareStatement(sql)) {
      bind(p, values);
      try (ResultSet rs = p.executeQuery()) {
        expected = JdbcRows.read(rs);
      }
    }
    try (PreparedStatement p = remote.prepareStatement(sql)) {
      bind(p, values);
      try (ResultSet rs = p.executeQuery()) {
        assertEquals(expected, JdbcRows.read(rs), sql + " with " + List.of(values));
      }
    }
    return expected;
  }

  private static void bind(PreparedStatement p, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      p.setObject(i + 1, values[i]);
    }
  }

  @Test
  void parametersOfEveryCommonType() throws Exception {
    List<List<Object>> rows = assertSame(
        "select time, sym, price, size from ticks where sym = ? and size > ?", "SYM7", 2000L);
    assertFalse(rows.isEmpty());
    assertSame("select * from ticks where price between ? and ? order by time", 99.5, 99.6);
    assertSame("select count(*) from trade where date = ? and sym like ?",
        java.sql.Date.valueOf("2024-01-03"), "A%");
    assertSame("select venue, count(*) as n from ticks where venue in (?, ?, ?) group by venue "
        + "order by venue", 1, 5, 9);
    assertSame("select * from ref where sym = ?", "NOSUCH");
  }

  @Test
  void aStatementRunsAgainWithNewValues() throws Exception {
    try (PreparedStatement p = remote.prepareStatement(
        "select count(*) from ticks where sym = ?")) {
      long total = 0;
      for (String sym : List.of("SYM1", "SYM2", "SYM3")) {
        p.setString(1, sym);
        try (ResultSet rs = p.executeQuery()) {
          assertTrue(rs.next());
          long n = rs.getLong(1);
          try (PreparedStatement l = local.prepareStatement(
              "select count(*) from ticks where sym = ?")) {
            l.setString(1, sym);
            try (ResultSet e = l.executeQuery()) {
              e.next();
              assertEquals(e.getLong(1), n, sym);
            }
          }
          total += n;
        }
      }
      assertTrue(total > 0);
    }
  }

  @Test
  void metadataBeforeExecution() throws Exception {
    try (PreparedStatement p = remote.prepareStatement(
        "select time, sym, price from ticks where sym = ? and price > ?")) {
      ParameterMetaData pm = p.getParameterMetaData();
      assertEquals(2, pm.getParameterCount());
      assertEquals(Types.VARCHAR, pm.getParameterType(1));
      assertEquals(Types.DOUBLE, pm.getParameterType(2));
      assertEquals(3, p.getMetaData().getColumnCount());
      assertEquals("time", p.getMetaData().getColumnLabel(1));
      assertEquals(Types.TIMESTAMP, p.getMetaData().getColumnType(1));
    }
  }

  @Test
  void unboundParametersAreAClearError() throws Exception {
    // The JDBC driver refuses unbound parameters itself; Arrow's client sends the execution.
    try (RawClient client = new RawClient(server.port())) {
      FlightSqlClient.PreparedStatement p = client.sql.prepare(
          "select * from ticks where sym = ? and size > ?", client.token);
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> p.execute(client.token));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
      assertTrue(e.getMessage().contains("2 parameters and none are bound"), e.getMessage());
      p.close(client.token);
    }
  }
}
