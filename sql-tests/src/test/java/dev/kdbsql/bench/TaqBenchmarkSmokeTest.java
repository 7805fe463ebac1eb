package dev.kdbsql.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark harness working: at a tiny size (20k trades over 3 dates) every query of the
 * suite completes on all three engines and they return the same rows. Not a timing test.
 */
class TaqBenchmarkSmokeTest {

  @Test
  void enginesAgreeOnEveryQuery(@TempDir Path dir) throws Exception {
    assumeDuckDbLoads();
    Report r = TaqBenchmark.run(BenchOptions.parse(dir.toString(), "--trades", "20k", "--days",
        "3", "--warmup", "0s", "--repeat", "1", "--timeout", "30s"));
    List<Report.Line> lines = r.lines();
    assertEquals(TaqSuite.queries(java.time.LocalDate.EPOCH, "X").size(), lines.size());
    for (Report.Line l : lines) {
      assertTrue(l.complete(), () -> l.query().name() + " did not complete: "
          + l.ours().failure() + " / " + l.duckNative().failure() + " / "
          + l.duckParquet().failure());
      assertNull(l.disagreement(), l.query().name());
    }
  }

  @Test
  void parsesSizesAndDurations() {
    assertEquals(2_500_000, BenchOptions.parseCount("2.5m"));
    assertEquals(20_000, BenchOptions.parseCount("20k"));
    assertEquals(90, BenchOptions.parseDuration("90s").toSeconds());
    assertEquals(120, BenchOptions.parseDuration("2m").toSeconds());
  }

  private static void assumeDuckDbLoads() {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      c.isValid(1);
    } catch (Exception | UnsatisfiedLinkError e) {
      Assumptions.abort("DuckDB's native library does not load here: " + e);
    }
  }
}
