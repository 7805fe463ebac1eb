package dev.kdbsql.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark harness working: at a tiny size (20k trades over 3 dates) every query of the
 * suite, in both spellings, completes on all four engines (ours with and without {@code p#},
 * DuckDB's table and Parquet), and they return the same rows, as Calcite does with
 * {@code pushdown=false}. Not a timing test.
 */
class TaqBenchmarkSmokeTest {

  @Test
  void enginesAgreeOnEveryQuery(@TempDir Path dir) throws Exception {
    DuckDbPair.assumeDuckDbLoads();
    Report r = TaqBenchmark.run(BenchOptions.parse(dir.toString(), "--trades", "20k", "--days",
        "3", "--warmup", "0s", "--repeat", "1", "--timeout", "30s", "--check-unpushed"));
    List<Report.Line> lines = r.lines();
    assertEquals(TaqSuite.queries(TaqSuite.Subjects.placeholder()).size(), lines.size());
    for (Report.Line l : lines) {
      assertTrue(l.complete(), () -> l.query().label() + " did not complete: " + l.failures());
      assertEquals(4, l.measurements().size(), l.query().label());
      assertNull(l.disagreement(), l.query().label());
    }
    String md = r.markdown();
    assertTrue(md.contains("Standard SQL") && md.contains("kdb+ spelling")
        && md.contains("ours-noattr/duckdb"), md);
  }

  @Test
  void parsesSizesAndDurations() {
    assertEquals(2_500_000, BenchOptions.parseCount("2.5m"));
    assertEquals(20_000, BenchOptions.parseCount("20k"));
    assertEquals(90, BenchOptions.parseDuration("90s").toSeconds());
    assertEquals(120, BenchOptions.parseDuration("2m").toSeconds());
    BenchOptions o = BenchOptions.parse("/tmp/x", "--attributes", "none", "--spelling", "std");
    assertTrue(o.plain() && !o.parted() && o.runs("std") && !o.runs("kdb"));
  }
}
