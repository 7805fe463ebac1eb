package dev.kdbsql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement's max rows, given before it runs, is a limit of its plan: an {@code ORDER BY}
 * without {@code LIMIT} (what a GUI sends when a column header is clicked, with max rows) is a
 * top-N in the scan instead of a sort of every row, and the rows are the first of the full
 * answer. The rows expected are the full answer's, read without max rows.
 */
class MaxRowsTest {
  @TempDir
  static Path db;

  private static Connection c;

  @BeforeAll
  static void write() throws SQLException {
    SampleDatabase.of(20_000, 3, 31).writeTo(db);
    c = DriverManager.getConnection("jdbc:kdb:" + db);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  private static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(rs.getString(i)).append('|');
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  private static List<String> first(int n, List<String> rows) {
    return rows.subList(0, Math.min(n, rows.size()));
  }

  @Test
  void maxRowsMakesASortATopN() throws SQLException {
    List<String> queries = List.of(
        "select * from trade order by price desc, sym, \"time\"",
        "select sym, size from trade order by price, \"time\", sym",
        "select sym from trade where size > 300 order by \"date\" desc, \"time\" desc, sym",
        "select * from trade order by price desc, sym, \"time\" offset 5 rows",
        "select * from trade order by price desc, sym, \"time\" limit 2",
        "select sym, count(*) from trade group by sym order by 2 desc, 1",
        "select * from quote");
    try (Statement all = c.createStatement(); Statement limited = c.createStatement()) {
      limited.setMaxRows(3);
      for (String sql : queries) {
        List<String> full = rows(all, sql);
        assertTrue(full.size() >= 2, sql);
        assertEquals(first(3, full), rows(limited, sql), sql);
        // The plan cache keeps the limited plan apart.
        assertEquals(full, rows(all, sql), sql);
      }
    }
    try (Statement s = c.createStatement()) {
      s.setMaxRows(100);
      String plan = String.join("\n",
          rows(s, "explain plan for select * from trade order by price desc"));
      assertTrue(plan.contains("sort=[price DESC") && plan.contains("fetch=[100]")
          && !plan.contains("EnumerableSort"), plan);
    }
  }

  /** Max rows set on a prepared statement after preparing cuts the rows read, as before. */
  @Test
  void preparedStatementsStillStopAtMaxRows() throws SQLException {
    String sql = "select sym, price from trade order by price desc, sym, \"time\"";
    List<String> full;
    try (Statement s = c.createStatement()) {
      full = rows(s, sql);
    }
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setMaxRows(4);
      List<String> got = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          got.add(rs.getString(1) + "|" + rs.getString(2) + "|");
        }
      }
      assertEquals(first(4, full), got);
    }
  }
}
