package dev.kdbsql.bench;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a fresh JVM does when a user opens a database in a tool: connect, browse a table, then the
 * statements that follow. Run by {@link FirstContactBenchmark} in a JVM of its own with only the
 * driver under test on the class path, so it imports nothing but {@code java.sql}.
 *
 * <p>Arguments: the JDBC URL, then the statements; the first is the browse. Prints one line per
 * step, {@code <name> <nanos> <rows>}: {@code browse} as soon as its rows are read (the parent
 * times the whole JVM up to that line), {@code metadata} for the table and column listing a tool
 * asks for next, then {@code q1}, {@code q2}, ... for each further statement run for the first
 * time.
 */
public final class FirstContactProbe {
  private FirstContactProbe() {}

  /** Runs the steps; any failure is printed and exits 1. */
  public static void main(String[] args) throws SQLException {
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(args[0])) {
      int rows = run(c, args[1]);
      report("browse", System.nanoTime() - start, rows);
      long t = System.nanoTime();
      DatabaseMetaData md = c.getMetaData();
      int listed = count(md.getTables(null, null, "%", null))
          + count(md.getColumns(null, null, "trade", "%"));
      report("metadata", System.nanoTime() - t, listed);
      for (int i = 2; i < args.length; i++) {
        t = System.nanoTime();
        rows = run(c, args[i]);
        report("q" + (i - 1), System.nanoTime() - t, rows);
      }
    }
  }

  private static int run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return count(rs);
    }
  }

  /** Reads every value of every row, as a tool showing them does. */
  private static int count(ResultSet rs) throws SQLException {
    try (rs) {
      int columns = rs.getMetaData().getColumnCount();
      int n = 0;
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
        n++;
      }
      return n;
    }
  }

  private static void report(String step, long nanos, int rows) {
    System.out.println(step + " " + nanos + " " + rows);
    System.out.flush();
  }
}
