package dev.kdbsql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A timestamp literal outside kdb+'s range (-0Wp to 0Wp) compared with a kdb+ timestamp is
 * decided (every value is after 1700); one the query needs as a kdb+ timestamp value is refused
 * with an SQLException naming it, the same text again too (the plan cache must not turn it into
 * a broken class); inside the range it answers.
 */
class TimestampLiteralRangeTest {
  @Test
  void aLiteralOutsideTheRangeComparesOrIsRefusedByName(@TempDir Path dir) throws SQLException {
    long[] p = {0, 1, 2};
    long[] j = {1, 2, 3};
    DatabaseWriter.open(dir).writeSplayed("t", TableData.builder()
        .add("p", ColumnData.longs(KdbType.TIMESTAMP, p))
        .add("j", ColumnData.longs(KdbType.LONG, j)).build(), WriteOptions.DEFAULT);
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + dir)) {
      // An OR with another column leaves the comparison to Calcite's generated code.
      assertEquals(3, count(c, "select count(*) from t where p > timestamp"
          + " '1700-01-01 00:00:00' or j = 5"));
      assertEquals(0, count(c, "select count(*) from t where p < timestamp"
          + " '1700-01-01 00:00:00' or j = 5"));
      String outside = "select count(*) from t where coalesce(p, timestamp '1700-01-01 00:00:00')"
          + " > p or j = 5";
      for (int i = 0; i < 2; i++) {
        SQLException e = assertThrows(SQLException.class, () -> count(c, outside));
        assertTrue(e.getMessage().contains("1700-01-01") && e.getMessage().contains("range"),
            e.getMessage());
      }
      assertEquals(2, count(c, "select count(*) from t where p > timestamp"
          + " '2000-01-01 00:00:00.000000000' or j = 5"));
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
