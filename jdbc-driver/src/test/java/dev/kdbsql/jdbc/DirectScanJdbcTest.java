package dev.kdbsql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the driver, a query the kdb+ scan answers whole is run without generated code and
 * behaves exactly as with code ({@code directScan=false}): the same metadata and getter values,
 * parameters bound per execution, {@code setMaxRows}, cancel, and the plan cache.
 */
class DirectScanJdbcTest {
  @TempDir
  static Path db;

  private static Connection direct;
  private static Connection generated;

  @BeforeAll
  static void write() throws SQLException {
    SampleDatabase.of(20_000, 4, 3).writeTo(db);
    direct = DriverManager.getConnection("jdbc:kdb:" + db + ";planCache=0");
    generated = DriverManager.getConnection("jdbc:kdb:" + db + ";directScan=false;planCache=0");
  }

  @AfterAll
  static void close() throws SQLException {
    try (Connection d = direct; Connection g = generated) {
      // Closes both.
    }
  }

  /** What a result set says: each column's label, type and class, then each row's getters. */
  private static List<String> describe(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    ResultSetMetaData md = rs.getMetaData();
    StringBuilder head = new StringBuilder();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      head.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(':')
          .append(md.getColumnType(i)).append(':').append(md.getColumnClassName(i)).append(' ');
    }
    out.add(head.toString());
    while (rs.next()) {
      StringBuilder row = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        Object o = rs.getObject(i);
        row.append(rs.getString(i)).append('/').append(o == null ? "null"
            : o.getClass().getSimpleName() + ":" + o).append('|');
      }
      out.add(row.toString());
    }
    return out;
  }

  /** Runs {@code body}, returning how many times Java code was generated meanwhile. */
  private static int generations(SqlRunnable body) throws SQLException {
    AtomicInteger n = new AtomicInteger();
    try (Hook.Closeable ignored = Hook.JAVA_PLAN.addThread((Object o) -> n.incrementAndGet())) {
      body.run();
    }
    return n.get();
  }

  @FunctionalInterface
  private interface SqlRunnable {
    void run() throws SQLException;
  }

  private static List<String> query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return describe(rs);
    }
  }

  @Test
  void metadataAndGettersAreTheGeneratedCodes() throws SQLException {
    for (String sql : List.of(
        "select * from trade limit 200",
        "select * from quote where date = date '2024-01-02'",
        "select time, sym as s from trade where size > 500",
        "select count(*) from trade",
        "select min(time), max(price) from trade where date = date '2024-01-03'",
        "select sym, count(*) as n, max(price) from trade group by sym order by sym",
        "select n, sym from (select sym, count(*) as n from trade group by sym)",
        "select * from trade order by time desc, sym limit 20",
        "select size from trade order by size limit 3")) {
      List<String> fast = new ArrayList<>();
      List<String> slow = new ArrayList<>();
      assertEquals(0, generations(() -> fast.addAll(query(direct, sql))), sql);
      assertEquals(1, generations(() -> slow.addAll(query(generated, sql))), sql);
      assertTrue(fast.size() > 1, sql + " returns no rows");
      assertEquals(slow, fast, sql);
    }
  }

  @Test
  void parametersAreBoundAtEachExecution() throws SQLException {
    for (String sql : List.of(
        "select time, size from trade where size > ? and date = ?",
        "select count(*) from trade where size between ? and 1000 and date = ?",
        "select sym, max(size) from trade where size > ? and date = ? group by sym order by sym")) {
      try (PreparedStatement fast = direct.prepareStatement(sql);
          PreparedStatement slow = generated.prepareStatement(sql)) {
        for (int size : new int[] {100, 900}) {
          for (PreparedStatement p : List.of(fast, slow)) {
            p.setInt(1, size);
            p.setDate(2, java.sql.Date.valueOf("2024-01-03"));
          }
          List<String> a;
          List<String> b;
          try (ResultSet rs = fast.executeQuery()) {
            a = describe(rs);
          }
          try (ResultSet rs = slow.executeQuery()) {
            b = describe(rs);
          }
          assertTrue(a.size() > 1, sql + " selects nothing for " + size);
          assertEquals(b, a, sql + " with " + size);
        }
      }
    }
  }

  @Test
  void maxRowsLimitsADirectScan() throws SQLException {
    try (Statement s = direct.createStatement()) {
      s.setMaxRows(7);
      try (ResultSet rs = s.executeQuery("select * from quote")) {
        int n = 0;
        while (rs.next()) {
          n++;
        }
        assertEquals(7, n);
      }
    }
  }

  @Test
  void cancelStopsADirectScan() throws SQLException {
    for (String sql : List.of("select * from quote", "select bid from quote")) {
      for (Connection c : List.of(direct, generated)) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
          assertTrue(rs.next());
          s.cancel();
          SQLException e = assertThrows(SQLException.class, () -> {
            while (rs.next()) {
              // Reads until the cancel is seen.
            }
          });
          assertTrue(e.getMessage().contains("cancel"), e.getMessage());
        }
      }
    }
  }

  @Test
  void theConnectionsCacheKeepsTheDirectScan() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + db)) {
      String sql = "select sym, count(*) from trade where size > 300 group by sym order by sym";
      List<String> first = new ArrayList<>();
      List<String> again = new ArrayList<>();
      assertEquals(0, generations(() -> first.addAll(query(c, sql))));
      assertEquals(0, generations(() -> again.addAll(query(c, sql))));
      assertEquals(first, again);
      assertFalse(first.isEmpty());
    }
  }
}
