package dev.kdbsql.jdbc.robust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the robustness tests share: fixture lookup (skipping with a reason when the fixtures are
 * absent), copying a fixture into a writable temp dir, connecting through {@link DriverManager}
 * and reading a query's rows as text, so that results compare with {@code equals}.
 */
final class Sql {
  private Sql() {}

  /** The fixture folder {@code relative} under {@code kdb.fixtures}; skips the test if missing. */
  static Path fixture(String relative) {
    String root = System.getProperty("kdb.fixtures");
    Assumptions.assumeTrue(root != null && !root.isEmpty(), "system property kdb.fixtures is not set");
    Path p = Path.of(root).resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), "fixture missing: " + p);
    return p;
  }

  /** Copies the tree {@code from} to {@code to}, every file writable, and returns {@code to}. */
  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          target.toFile().setWritable(true);
        }
      }
    }
    return to;
  }

  /** A connection to the database at {@code root} through the real driver. */
  static Connection connect(Path root) throws SQLException {
    return DriverManager.getConnection("jdbc:kdb:" + root);
  }

  /** The rows of {@code sql}, each value as {@code getString} gives it. */
  static List<List<String>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  /** The remaining rows of {@code rs}, each value as {@code getString} gives it. */
  static List<List<String>> rows(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<List<String>> out = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(rs.getString(i));
      }
      out.add(row);
    }
    return out;
  }

  /** The names of the tables JDBC metadata lists. */
  static List<String> tables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME"));
      }
    }
    return out;
  }
}
