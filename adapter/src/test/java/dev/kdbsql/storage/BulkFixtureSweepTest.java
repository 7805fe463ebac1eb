package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kdbsql.storage.column.BulkChecks;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over every intact real database of {@link FixtureSweepTest}, the bulk read of every column that
 * has one (q-written files: mapped, on the heap, kxzipped; old 32-bit enumerations; flat tables)
 * returns what the per-row accessors do.
 */
class BulkFixtureSweepTest {
  /** Rows compared per column and slice: the largest fixture columns are read only in part. */
  private static final long MAX_ROWS = 200_000;

  @ParameterizedTest
  @MethodSource("dev.kdbsql.storage.FixtureSweepTest#intactRoots")
  void bulkReadsEqualPerRowReads(String root) {
    Random random = new Random(root.hashCode());
    long compared = 0;
    try (Database db = Fixtures.open(root)) {
      for (KdbTable t : db.tables().values()) {
        for (TableSlice s : t.slices()) {
          try (s) {
            for (int c = 0; c < t.columns().size(); c++) {
              compared += BulkChecks.assertBulkEqualsPerRow(s.column(c), random, MAX_ROWS);
            }
          }
        }
      }
    }
    assumeTrue(compared > 0, root + " has no column with a bulk read (only nested ones)");
  }
}
