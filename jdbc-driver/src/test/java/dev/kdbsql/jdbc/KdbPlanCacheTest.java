package dev.kdbsql.jdbc;

import static dev.kdbsql.jdbc.KdbDriverTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-connection cache of prepared queries: a repeated statement text is not parsed again
 * (Calcite's parse hook does not fire), yet every execution gets its own values and rows; other
 * texts, other row limits and other connections are planned on their own.
 */
class KdbPlanCacheTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void write() {
    SampleDatabase.of(5_000, 3, 5).writeTo(dir.resolve("a"));
    SampleDatabase.of(5_000, 3, 6).writeTo(dir.resolve("b"));
  }

  /** The rows of {@code sql} and how many times it was parsed on the way. */
  private static int parses(Connection c, String sql, List<String> out) throws SQLException {
    AtomicInteger n = new AtomicInteger();
    try (Hook.Closeable ignored = Hook.PARSE_TREE.addThread((Object o) -> n.incrementAndGet())) {
      out.addAll(rows(c, sql));
    }
    return n.get();
  }

  @Test
  void aRepeatedQueryIsPreparedOnce() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("a"))) {
      String sql = "select sym, count(*) from trade where size > 300 group by sym order by sym";
      List<String> first = new java.util.ArrayList<>();
      List<String> again = new java.util.ArrayList<>();
      assertEquals(1, parses(c, sql, first));
      assertEquals(0, parses(c, sql, again));
      assertEquals(first, again);
      List<String> other = new java.util.ArrayList<>();
      assertEquals(1, parses(c, sql.replace("300", "900"), other));
      assertNotEquals(first, other);
      try (Connection plain = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("a")
          + ";pushdown=false")) {
        assertEquals(rows(plain, sql), first);
      }
    }
  }

  /**
   * The driver turns on Calcite's cache of compiled statements: a query of the same shape reuses
   * the compiled code with its own values (Calcite's own Calc, whose literals are in the code, and
   * our scan, whose spec is passed in), round after round.
   */
  @Test
  void compiledStatementsAreReusedWithTheirOwnValues() throws SQLException {
    assertEquals(KdbDriver.BINDABLE_CACHE_SIZE,
        System.getProperty(KdbDriver.BINDABLE_CACHE_PROPERTY));
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("a")
        + ";planCache=0");
        Connection plain = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("a")
            + ";pushdown=false;planCache=0")) {
      for (int round = 0; round < 3; round++) {
        for (int v : new int[] {100, 1000, 2000}) {
          String sql = "select count(*), min(price) from trade where size > " + v;
          assertEquals(rows(plain, sql), rows(c, sql), sql);
        }
      }
    }
  }

  /**
   * A query prepared for a direct scan ({@link PreparedQuery}) is the statement's own: with the
   * cache on it is not planned again, and it says whether the plan is a pure scan.
   */
  @Test
  void preparedQueriesComeFromTheCacheAndSayWhatTheyPlanned() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("a"))) {
      String scan = "select sym, price from trade where size > 300";
      List<String> rows = new java.util.ArrayList<>();
      assertEquals(1, parses(c, scan, rows));
      AtomicInteger n = new AtomicInteger();
      try (Hook.Closeable ignored = Hook.PARSE_TREE.addThread((Object o) -> n.incrementAndGet());
          PreparedQuery q = PreparedQuery.prepare(c, scan)) {
        assertEquals(0, n.get());
        assertTrue(q.scan().isPresent(), q.reason());
        assertEquals("pure scan of trade", q.reason());
      }
      try (PreparedQuery q = PreparedQuery.prepare(c, "select sym, count(*) from trade"
          + " group by sym")) {
        assertTrue(q.scan().isEmpty());
        assertEquals("the scan aggregates", q.reason());
      }
      try (PreparedQuery q = PreparedQuery.prepare(c, "select * from trade order by price")) {
        assertEquals("ORDER BY", q.reason());
      }
    }
  }

  @Test
  void executionsKeepTheirOwnParametersAndRowLimits() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("a"))) {
      String sql = "select count(*) from trade where size > ?";
      for (int round = 0; round < 2; round++) {
        for (int v : new int[] {100, 500}) {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setInt(1, v);
            try (ResultSet rs = p.executeQuery()) {
              rs.next();
              assertEquals(rows(c, "select count(*) from trade where abs(size) > " + v).get(0),
                  rs.getString(1));
            }
          }
        }
      }
      for (int max : new int[] {3, 7, 3}) {
        try (Statement s = c.createStatement()) {
          s.setMaxRows(max);
          int n = 0;
          try (ResultSet rs = s.executeQuery("select * from quote")) {
            while (rs.next()) {
              n++;
            }
          }
          assertEquals(max, n);
        }
      }
    }
  }

  @Test
  void connectionsDoNotShareTheirQueries() throws SQLException {
    String sql = "select sum(size) from trade";
    try (Connection a = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("a"));
        Connection b = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("b"))) {
      List<String> ra = rows(a, sql);
      assertNotEquals(ra, rows(b, sql));
      assertEquals(ra, rows(a, sql));
    }
  }

  @Test
  void zeroTurnsTheCacheOff() throws SQLException {
    String sql = "select count(*) from quote";
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + dir.resolve("a")
        + ";planCache=0")) {
      assertEquals(1, parses(c, sql, new java.util.ArrayList<>()));
      assertEquals(1, parses(c, sql, new java.util.ArrayList<>()));
    }
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:kdb:" + dir.resolve("a") + ";planCache=lots"));
    assertEquals("planCache must be a number of statements (0 turns the cache off), not 'lots'",
        e.getMessage());
  }
}
