package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.List;

/**
 * A server over one database and two connections to the same data: the Arrow Flight SQL JDBC
 * driver through the server, and jdbc:kdb: in this JVM; {@link #assertSameResults} runs a query
 * on both and compares labels and every value.
 */
final class QueryComparison implements AutoCloseable {
  final KdbFlightServer server;
  final Connection remote;
  final Connection local;

  QueryComparison(Path db) throws Exception {
    server = Servers.start(db);
    remote = FlightJdbc.connect(server.port(), Servers.USER, Servers.PASSWORD);
    local = DriverManager.getConnection("jdbc:kdb:" + db);
  }

  /** Runs {@code sql} through both and asserts the same labels and values, row by row. */
  void assertSameResults(String sql) throws SQLException {
    List<String> labels;
    List<List<Object>> expected;
    try (Statement st = local.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      labels = JdbcRows.labels(rs);
      expected = JdbcRows.read(rs);
    }
    // The Flight SQL JDBC driver 18.3 lists the columns of an empty result of a plain Statement
    // twice (ArrowFlightStatement adds the prepared schema's columns to a signature that has
    // them); its PreparedStatement does not.
    try (Statement st = expected.isEmpty() ? remote.prepareStatement(sql)
        : remote.createStatement();
        ResultSet rs = st instanceof PreparedStatement p ? p.executeQuery()
            : st.executeQuery(sql)) {
      assertEquals(labels, JdbcRows.labels(rs), sql);
      List<List<Object>> actual = JdbcRows.read(rs);
      assertEquals(expected.size(), actual.size(), "rows of " + sql);
      for (int r = 0; r < expected.size(); r++) {
        if (!expected.get(r).equals(actual.get(r))) {
          fail(sql + "\nrow " + r + "\nlocal:  " + expected.get(r) + "\nremote: " + actual.get(r));
        }
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try (local; remote) {
      server.close();
    }
  }
}
