package dev.kdbsql.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the BI suite working and checks our answers against DuckDB's: at a small size (30k
 * trades over 3 dates, with the {@code ref} table's null caps and tied values) every join,
 * subquery and derived-table query completes on all three engines and they return the same rows.
 * Not a timing test.
 */
class BiBenchmarkSmokeTest {

  @Test
  void enginesAgreeOnEveryQuery(@TempDir Path dir) throws Exception {
    DuckDbPair.assumeDuckDbLoads();
    Report r = TaqBenchmark.run(BenchOptions.parse(dir.toString(), "--trades", "30k", "--days",
        "3", "--warmup", "0s", "--repeat", "1", "--timeout", "60s", "--suite", "bi",
        "--attributes", "parted"));
    List<Report.Line> lines = r.lines();
    assertEquals(BiSuite.queries(LocalDate.EPOCH, "x").size(), lines.size());
    for (Report.Line l : lines) {
      assertTrue(l.complete(), () -> l.query().name() + " did not complete: "
          + l.measurements().stream().map(m -> String.valueOf(m.failure()))
              .collect(Collectors.joining(" / ")));
      assertNull(l.disagreement(), l.query().name());
      assertTrue(l.measurements().get(0).rows().size() > 0 || l.query().name().contains("not_"),
          l.query().name() + " returned no rows: the data no longer exercises it");
    }
  }
}
