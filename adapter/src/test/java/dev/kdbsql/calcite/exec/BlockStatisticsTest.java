package dev.kdbsql.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.calcite.spec.Predicate;
import dev.kdbsql.calcite.spec.Value;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine learns of columns written without attributes, white-box: runs of a sorted or
 * clustered symbol column (and whether it is grouped, verified), none for a shuffled one; per-block
 * statistics of numeric columns recorded by the first scan, ascending columns recognized, blocks
 * decided from their statistics; everything found again for a file rewritten in place of the
 * old one; the memory held bounded. {@code UnattributedScanTest} checks the answers against
 * Calcite's.
 */
class BlockStatisticsTest {
  private static final int ROWS = 30_000;

  /**
   * A TAQ-like partition: sym sorted (grouped), time ascending within a sym, seq ascending with
   * a few nulls first, noise random; or all of it shuffled.
   */
  static TableData quotes(int rows, long seed, boolean sorted) {
    Random r = new Random(seed);
    String[] sym = new String[rows];
    long[] time = new long[rows];
    long[] seq = new long[rows];
    double[] noise = new double[rows];
    int perSym = rows / 40;
    for (int i = 0; i < rows; i++) {
      int s = Math.min(i / perSym, 39);
      sym[i] = "S" + (char) ('A' + s / 26) + (char) ('A' + s % 26);
      time[i] = 34_200_000_000_000L + (i % perSym) * 1_000_000_000L + r.nextInt(1000);
      seq[i] = i < 10 ? Nulls.LONG_NULL : 1000L + i * 3L;
      noise[i] = r.nextGaussian();
    }
    if (!sorted) {
      for (int i = rows - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        String t = sym[i];
        sym[i] = sym[j];
        sym[j] = t;
        long u = seq[i];
        seq[i] = seq[j];
        seq[j] = u;
        u = time[i];
        time[i] = time[j];
        time[j] = u;
      }
    }
    return TableData.builder().add("sym", ColumnData.symbols(sym))
        .add("time", ColumnData.longs(KdbType.TIMESPAN, time))
        .add("seq", ColumnData.longs(KdbType.LONG, seq))
        .add("noise", ColumnData.doubles(KdbType.FLOAT, noise)).build();
  }

  private static final PartitionValue DAY = PartitionValue.date(LocalDate.of(2024, 1, 2));

  private static Predicate.Compare eq(int field, String name, Value v) {
    return new Predicate.Compare(field, name, Predicate.Op.EQ, v);
  }

  @Test
  void sortedSymbolsHaveGroupedRuns(@TempDir Path tmp) {
    DatabaseWriter.open(tmp).writePartition(DAY, "q", quotes(ROWS, 1, true),
        WriteOptions.DEFAULT);
    BlockStatistics stats = new BlockStatistics(BlockStatistics.DEFAULT_BUDGET);
    try (Database db = Database.open(tmp); TableSlice s = db.table("q").slices().get(0)) {
      EnumColumn sym = (EnumColumn) s.column(0);
      SymbolRuns runs = stats.runs(sym);
      assertNotNull(runs);
      assertTrue(runs.grouped());
      assertEquals(40, runs.count());
      assertEquals(ROWS, runs.rows());
      // Kept: the same object until the file changes.
      assertSame(runs, stats.runs(sym));
      FilterEvaluator f = new FilterEvaluator(1, new PartedRuns(), stats);
      Selection one = f.select(eq(1, "sym", new Value.Sym("SAB")), s, ROWS);
      assertEquals(ROWS / 40, one.count());
      assertEquals(ROWS / 40, one.next(0));
    }
  }

  @Test
  void clusteredButNotGroupedSymbolsHaveRunsNotGrouped(@TempDir Path tmp) {
    String[] sym = new String[ROWS];
    for (int i = 0; i < ROWS; i++) {
      // a, b, c, a, b, c ... in runs of 500: clustered, each symbol in many runs.
      sym[i] = "s" + (i / 500) % 3;
    }
    DatabaseWriter.open(tmp).writePartition(DAY, "q",
        TableData.builder().add("sym", ColumnData.symbols(sym)).build(), WriteOptions.DEFAULT);
    BlockStatistics stats = new BlockStatistics(BlockStatistics.DEFAULT_BUDGET);
    try (Database db = Database.open(tmp); TableSlice s = db.table("q").slices().get(0)) {
      SymbolRuns runs = stats.runs((EnumColumn) s.column(0));
      assertNotNull(runs);
      assertFalse(runs.grouped());
      assertEquals(ROWS / 500, runs.count());
      Selection sel = new FilterEvaluator(1, new PartedRuns(), stats)
          .select(eq(1, "sym", new Value.Sym("s1")), s, ROWS);
      assertEquals(ROWS / 3, sel.count());
    }
  }

  @Test
  void shuffledSymbolsHaveNoRunsAndNumbersNoOrder(@TempDir Path tmp) {
    DatabaseWriter.open(tmp).writePartition(DAY, "q", quotes(ROWS, 2, false),
        WriteOptions.DEFAULT);
    BlockStatistics stats = new BlockStatistics(BlockStatistics.DEFAULT_BUDGET);
    try (Database db = Database.open(tmp); TableSlice s = db.table("q").slices().get(0)) {
      assertNull(stats.runs((EnumColumn) s.column(0)));
      FilterEvaluator f = new FilterEvaluator(1, new PartedRuns(), stats);
      Predicate p = new Predicate.Compare(3, "seq", Predicate.Op.GE,
          new Value.Int64(50_000, "50000"));
      // seq = 1000 + 3i >= 50000 for i in 16334 .. 29999.
      assertEquals(29_999 - 16_334 + 1, f.select(p, s, ROWS).count());
      BlockStats seq = stats.blocks(s.column(2), Nulls.LONG_NULL);
      assertNotNull(seq);
      for (int b = 0; b < seq.blocks(); b++) {
        assertTrue(seq.known(b), "block " + b);
      }
      assertFalse(seq.ascending());
    }
  }

  @Test
  void ascendingColumnsAreFoundAndBlocksDecided(@TempDir Path tmp) {
    DatabaseWriter.open(tmp).writePartition(DAY, "q", quotes(ROWS, 3, true),
        WriteOptions.DEFAULT);
    BlockStatistics stats = new BlockStatistics(BlockStatistics.DEFAULT_BUDGET);
    try (Database db = Database.open(tmp); TableSlice s = db.table("q").slices().get(0)) {
      FilterEvaluator f = new FilterEvaluator(1, new PartedRuns(), stats);
      Column seqColumn = s.column(2);
      Predicate between = Predicate.and(List.of(
          new Predicate.Compare(3, "seq", Predicate.Op.GE, new Value.Int64(20_000, "20000")),
          new Predicate.Compare(3, "seq", Predicate.Op.LE, new Value.Int64(40_000, "40000"))));
      // seq = 1000 + 3i: 20002 .. 40000 are rows 6334 .. 13000.
      Selection first = f.select(between, s, ROWS);
      BlockStats seq = stats.blocks(seqColumn, Nulls.LONG_NULL);
      assertTrue(seq.ascending(), "seq ascends, nulls first");
      assertEquals(10, seq.nulls(0));
      assertEquals(1030, seq.min(0));
      Selection again = new FilterEvaluator(1, new PartedRuns(), stats).select(between, s, ROWS);
      assertEquals(13000 - 6334 + 1, first.count());
      assertEquals(first.count(), again.count());
      assertEquals(6334, again.next(0));
      // time ascends within each sym but not over the slice.
      f.select(new Predicate.Compare(2, "time", Predicate.Op.GT, new Value.Int64(0, "0")), s,
          ROWS);
      assertFalse(stats.blocks(s.column(1), Nulls.LONG_NULL).ascending());
      // The matcher decides blocks from their statistics.
      KeyMatcher m = KeyMatcher.of(Keys.compile(between, false), Nulls.LONG_NULL);
      assertEquals(KeyMatcher.NONE, m.block(1000, 19_000, 0, 4096));
      assertEquals(KeyMatcher.ALL, m.block(21_000, 30_000, 0, 4096));
      assertEquals(KeyMatcher.SOME, m.block(21_000, 30_000, 3, 4096));
      assertEquals(KeyMatcher.SOME, m.block(19_000, 30_000, 0, 4096));
      assertEquals(KeyMatcher.NONE, m.block(0, 0, 4096, 4096));
    }
  }

  @Test
  void aRewrittenFileIsReadAfresh(@TempDir Path tmp) {
    DatabaseWriter w = DatabaseWriter.open(tmp);
    w.writePartition(DAY, "q", quotes(ROWS, 4, true), WriteOptions.DEFAULT);
    BlockStatistics stats = new BlockStatistics(BlockStatistics.DEFAULT_BUDGET);
    SymbolRuns before;
    BlockStats seqBefore;
    try (Database db = Database.open(tmp); TableSlice s = db.table("q").slices().get(0)) {
      before = stats.runs((EnumColumn) s.column(0));
      seqBefore = stats.blocks(s.column(2), Nulls.LONG_NULL);
      assertNotNull(before);
    }
    // The same number of rows, other values: shuffled, so no runs any more.
    w.writePartition(DAY, "q", quotes(ROWS, 4, false), WriteOptions.DEFAULT);
    try (Database db = Database.open(tmp); TableSlice s = db.table("q").slices().get(0)) {
      assertNull(stats.runs((EnumColumn) s.column(0)));
      BlockStats seqAfter = stats.blocks(s.column(2), Nulls.LONG_NULL);
      assertNotSame(seqBefore, seqAfter);
      assertFalse(seqAfter.known(0));
    }
  }

  @Test
  void memoryIsBounded(@TempDir Path tmp) {
    DatabaseWriter w = DatabaseWriter.open(tmp);
    for (int d = 0; d < 6; d++) {
      w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 2 + d)), "q",
          quotes(ROWS, 5 + d, true), WriteOptions.DEFAULT);
    }
    // Room for about two columns' block statistics.
    long one = new BlockStats(ROWS, 0).weight();
    BlockStatistics stats = new BlockStatistics(one * 2 + one / 2);
    try (Database db = Database.open(tmp)) {
      for (TableSlice s : db.table("q").slices()) {
        try (s) {
          stats.blocks(s.column(2), Nulls.LONG_NULL);
          stats.blocks(s.column(1), Nulls.LONG_NULL);
          assertTrue(stats.weight() <= one * 2 + one / 2, stats.toString());
        }
      }
    }
    assertEquals(2, stats.size());
  }
}
