package dev.kdbsql.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/**
 * Our driver and DuckDB's native tables over the same generated kdb+ database, for the tests that
 * compare the two engines' rows.
 */
final class DuckDbPair implements AutoCloseable {
  final Connection ours;
  final Connection duck;

  private DuckDbPair(Connection ours, Connection duck) {
    this.ours = ours;
    this.duck = duck;
  }

  /** Skips the calling test, saying why, where DuckDB's native library does not load. */
  static void assumeDuckDbLoads() {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      c.isValid(1);
    } catch (Exception | UnsatisfiedLinkError e) {
      Assumptions.abort("DuckDB's native library does not load here: " + e);
    }
  }

  /**
   * Writes a kdb+ database under {@code dir} with {@code write}, loads {@code tables} of it into
   * a DuckDB file beside it, and opens both.
   */
  static DuckDbPair load(Path dir, Consumer<Path> write, List<String> tables)
      throws SQLException {
    assumeDuckDbLoads();
    Path kdb = dir.resolve("kdb");
    write.accept(kdb);
    Path duckDb = dir.resolve("copy.duckdb");
    DuckDbLoader.load(kdb, tables, dir.resolve("csv"), duckDb, dir.resolve("parquet"));
    return new DuckDbPair(DriverManager.getConnection("jdbc:kdb:" + kdb),
        DuckDbLoader.open(duckDb));
  }

  /** The rows of {@code sql} on {@code c}, normalized for comparison ({@link ResultRows}). */
  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return ResultRows.normalized(ResultRows.read(rs));
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection a = ours; Connection b = duck) {
      // Closes both.
    }
  }
}
