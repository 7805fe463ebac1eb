package dev.kdbsql.jdbc;

import static dev.kdbsql.jdbc.KdbDriverTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.TestDatabases.Col;
import dev.kdbsql.storage.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans read only what they must. The middle partition of the test database is corrupt, so any
 * query that touched it would fail: LIMIT, setMaxRows, an early close and partition pruning must
 * all succeed without it, and a full scan must fail naming the file.
 */
class KdbLazinessTest {
  @TempDir
  static Path db;

  private static Path corrupt;

  @BeforeAll
  static void write() throws IOException {
    TestDatabases.splay(db.resolve("2020.01.01/t"), List.of(Col.longs("a", 7, 0, 1, 2, 3, 4)));
    TestDatabases.splay(db.resolve("2020.01.02/t"), List.of(Col.longs("a", 7, 5)));
    corrupt = db.resolve("2020.01.02/t/a");
    Files.writeString(corrupt, "this is not a kdb+ column file");
    TestDatabases.splay(db.resolve("2020.01.03/t"), List.of(Col.longs("a", 7, 6, 7, 8)));
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:kdb:" + db);
  }

  @Test
  void aFullScanReachesTheCorruptPartitionAndNamesIt() throws SQLException {
    try (Connection c = connect()) {
      SQLException e = assertThrows(SQLException.class, () -> rows(c, "select a from t"));
      assertTrue(String.valueOf(e.getMessage()).contains(corrupt.toString())
          || String.valueOf(e.getCause()).contains(corrupt.toString()), e.toString());
    }
  }

  @Test
  void limitReadsOnlyTheRowsItReturns() throws SQLException {
    try (Connection c = connect()) {
      assertEquals(List.of("0", "1"), rows(c, "select a from t limit 2"));
      assertEquals(List.of("2020-01-01|0"), rows(c, "select * from t fetch first 1 rows only"));
    }
  }

  @Test
  void maxRowsAndEarlyCloseReadOnlyWhatWasFetched() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.setMaxRows(2);
      try (ResultSet rs = s.executeQuery("select * from t")) {
        assertTrue(rs.next());
        assertTrue(rs.next());
        assertEquals(1L, rs.getLong("a"));
        assertTrue(!rs.next());
      }
    }
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select a from t")) {
      assertTrue(rs.next());
      assertEquals(0L, rs.getLong(1));
    }
  }

  @Test
  void cancelStopsTheScan() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select a from t")) {
      assertTrue(rs.next());
      s.cancel();
      SQLException e = assertThrows(SQLException.class, rs::next);
      assertTrue(e.getMessage().contains("cancel"), e.getMessage());
    }
  }

  @Test
  void predicatesOnThePartitionColumnSkipPartitions() throws SQLException {
    try (Connection c = connect()) {
      assertEquals(List.of("6", "7", "8"),
          rows(c, "select a from t where date = date '2020-01-03'"));
      assertEquals(List.of("0", "8"), rows(c, "select a from t where date in "
          + "(date '2020-01-01', date '2020-01-03') and a in (0, 8)"));
      assertEquals(List.of("8"), rows(c, "select count(*) from t where date <> date '2020-01-02'"));
      assertEquals(List.of("6"), rows(c, "select min(a) from t where date > date '2020-01-02' "
          + "or date < date '2019-01-01'"));
      assertEquals(List.of("5"), rows(c, "select count(*) from t where not (date >= date "
          + "'2020-01-02') and a >= 0"));
    }
  }

  @Test
  void prunedPartitionsAreShownAndNeverOpened() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("explain plan for select count(*) from t where date <> "
            + "date '2020-01-02'")) {
      assertTrue(rs.next());
      String plan = rs.getString(1);
      assertTrue(plan.contains("partitions=[2 of 3: [2020.01.01, 2020.01.03]], "
          + "aggregate=[COUNT(*)]"), plan);
    }
    try (Connection c = connect()) {
      assertEquals(List.of("5"), rows(c, "select count(*) from t where (date between "
          + "date '2019-12-01' and date '2020-01-01' or date >= date '2020-01-03') and a > 2"));
      assertEquals(List.of("6|1"), rows(c, "select a, count(*) over () from t where "
          + "date in (date '2020-01-01', date '2020-01-03') and a = 6"));
    }
  }
}
