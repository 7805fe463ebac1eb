package dev.kdbsql.jdbc.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver never writes: DML and DDL through {@code execute}, {@code executeUpdate},
 * {@code executeLargeUpdate}, {@code executeQuery}, {@code prepareStatement} and batches
 * ({@code addBatch} then {@code executeBatch} or {@code executeLargeBatch}, alone or after a
 * query) fail with an {@link SQLException} (for batches a {@link BatchUpdateException}) whose
 * own message says the database is read-only, never with an unchecked exception; and every file
 * (and the listing of every directory) of the database is byte-identical afterwards. A write
 * cannot reach {@code PreparedStatement.executeBatch}: preparing it already fails.
 */
class ReadOnlyTest {
  private static final List<String> WRITES = List.of(
      "INSERT INTO t VALUES (1, 'a', 1.0)",
      "INSERT INTO t SELECT * FROM t",
      "UPDATE t SET p = 0",
      "DELETE FROM t",
      "MERGE INTO t USING t AS s ON t.ti = s.ti WHEN MATCHED THEN UPDATE SET p = 0",
      "CREATE TABLE x (a INT)",
      "CREATE VIEW v AS SELECT * FROM t",
      "DROP TABLE t",
      "DROP VIEW t");

  @TempDir
  Path tmp;

  @Test
  void writesFailAsReadOnlyAndLeaveEveryByte() throws Exception {
    Path db = Sql.copy(Sql.fixture("egor7__q/db"), tmp.resolve("db"));
    Map<String, String> before = digest(db);
    try (Connection c = Sql.connect(db)) {
      for (String sql : WRITES) {
        try (Statement s = c.createStatement()) {
          assertReadOnly(sql, assertThrows(SQLException.class, () -> s.execute(sql)));
          assertReadOnly(sql, assertThrows(SQLException.class, () -> s.executeUpdate(sql)));
          assertReadOnly(sql, assertThrows(SQLException.class, () -> s.executeLargeUpdate(sql)));
          assertReadOnly(sql, assertThrows(SQLException.class, () -> s.executeQuery(sql)));
          s.addBatch(sql);
          assertReadOnly(sql, assertThrows(BatchUpdateException.class, s::executeBatch));
          s.addBatch("SELECT COUNT(*) FROM t");
          s.addBatch(sql);
          assertReadOnly(sql, assertThrows(BatchUpdateException.class, s::executeLargeBatch));
          assertEquals(0, s.executeBatch().length, "a failed batch is cleared");
        }
        assertReadOnly(sql, assertThrows(SQLException.class, () -> c.prepareStatement(sql)));
      }
      assertTrue(c.isReadOnly());
    }
    assertEquals(before, digest(db), "database files after DML/DDL attempts");
  }

  private static void assertReadOnly(String sql, SQLException e) {
    String m = String.valueOf(e.getMessage());
    assertTrue(m.contains("kdb+ databases are read-only here") && !m.contains("\n"),
        sql + ": " + m);
  }

  /** Every path under {@code root} with, for files, the SHA-256 of the content. */
  private static Map<String, String> digest(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.forEach(p -> out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir" : sha256(p)));
    }
    return out;
  }

  private static String sha256(Path p) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
