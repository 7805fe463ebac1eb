package dev.kdbsql.jdbc.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.io.MappedBytes;
import dev.kdbsql.storage.robust.ProcessResources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 queries through JDBC (plain statements, a reused prepared statement, {@code LIMIT}, and
 * result sets closed after one row), on connections replaced every 250 queries, leave no file
 * descriptor behind; the mappings of the database's files are gone once the garbage collector
 * has run (mappings are released by GC, not by close; see {@code MappedBytes}).
 */
class JdbcResourceTest {
  private static final int QUERIES = 10_000;
  private static final int PER_CONNECTION = 250;
  private static final List<String> STATEMENTS = List.of(
      "SELECT * FROM trade", "SELECT sym, COUNT(*) FROM quote GROUP BY sym",
      "SELECT * FROM quote LIMIT 3", "SELECT * FROM ref", "SELECT * FROM daily WHERE volume > 0");

  @TempDir
  Path tmp;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void tenThousandQueriesLeaveNoDescriptorOrMapping() throws Exception {
    assumeTrue(ProcessResources.available(), "needs Linux /proc");
    Path db = tmp.resolve("db");
    SampleDatabase.of(200, 2, 5).writeTo(db);
    run(db, PER_CONNECTION);
    ProcessResources.settle();
    long fds = ProcessResources.openFilesUnder(db);
    long maps = ProcessResources.mappingsUnder(db);
    long start = System.nanoTime();
    run(db, QUERIES);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("JDBC resource test: %d queries in %.1f s (%.0f/s)%n", QUERIES, seconds,
        QUERIES / seconds);
    assertEquals(fds, ProcessResources.openFilesUnder(db),
        "open files under the database after " + QUERIES
        + " queries");
    long after = maps;
    for (int attempt = 0; attempt < 10; attempt++) {
      ProcessResources.settle();
      after = ProcessResources.mappingsUnder(db);
      if (after <= maps) {
        break;
      }
    }
    assertTrue(after <= maps, "mappings of database files: " + maps + " before, " + after
        + " after " + QUERIES + " queries and GC");
  }

  /** Runs {@code n} queries: half through one prepared statement per connection. */
  private static void run(Path db, int n) throws SQLException {
    for (int done = 0; done < n; done += PER_CONNECTION) {
      try (Connection c = Sql.connect(db);
          PreparedStatement p = c.prepareStatement("SELECT * FROM trade WHERE size > ?")) {
        for (int i = 0; i < PER_CONNECTION && done + i < n; i++) {
          if (i % 2 == 0) {
            p.setLong(1, i % 500);
            drain(p.executeQuery(), i % 4 == 0);
          } else {
            try (Statement s = c.createStatement()) {
              drain(s.executeQuery(STATEMENTS.get(i / 2 % STATEMENTS.size())), i % 3 == 0);
            }
          }
        }
      }
    }
  }

  private static void drain(ResultSet rs, boolean earlyClose) throws SQLException {
    try (rs) {
      while (rs.next() && !earlyClose) {
        rs.getObject(1);
      }
    }
  }
}
