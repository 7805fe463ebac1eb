package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.column.EnumColumn;
import java.util.Arrays;

/**
 * The runs of equal symbols of a column written without {@code p#}, found by reading every
 * index once, and whether the column is grouped (each symbol in one run, as data sorted by
 * symbol is: what {@code p#} promises, here verified instead of trusted). A filter on the column
 * then costs a pass over the runs, as on a {@code p#} column; run {@code k} covers rows
 * {@code [starts[k], starts[k + 1])} and holds index {@code indices[k]} (-1 for the null
 * symbol). Columns whose runs average under {@link PartedRuns#MIN_AVERAGE_RUN} rows have none.
 */
record SymbolRuns(long[] starts, int[] indices, boolean grouped) {
  /** Number of runs. */
  int count() {
    return indices.length;
  }

  /** Rows of the column. */
  long rows() {
    return starts[starts.length - 1];
  }

  /** Bytes held, for the cache's budget. */
  long weight() {
    return 64 + starts.length * 8L + indices.length * 4L;
  }

  /** The runs as {@link PartedRuns} keeps them. */
  PartedRuns.Runs asRuns() {
    return new PartedRuns.Runs(starts, indices);
  }

  /** Reads {@code e} once; null once its runs turn out short. */
  static SymbolRuns scan(EnumColumn e) {
    long rows = e.size();
    int[] buf = new int[Blocks.ROWS];
    long[] starts = new long[64];
    int[] indices = new int[64];
    long[] seen = new long[(e.domain().size() + 64) >>> 6];
    boolean grouped = true;
    int n = 0;
    int previous = 0;
    for (long from = 0; from < rows; from += Blocks.ROWS) {
      int len = (int) Math.min(Blocks.ROWS, rows - from);
      e.indices(from, buf, 0, len);
      for (int i = 0; i < len; i++) {
        int x = buf[i];
        if (x != previous || n == 0) {
          if (n + 1 >= starts.length) {
            starts = Arrays.copyOf(starts, starts.length * 2);
            indices = Arrays.copyOf(indices, indices.length * 2);
          }
          starts[n] = from + i;
          indices[n++] = x;
          int bit = x + 1;
          long mask = 1L << bit;
          grouped &= (seen[bit >>> 6] & mask) == 0;
          seen[bit >>> 6] |= mask;
          previous = x;
        }
      }
      if (n > 64 && (long) n * PartedRuns.MIN_AVERAGE_RUN > from + len) {
        return null;
      }
    }
    starts[n] = rows;
    return new SymbolRuns(Arrays.copyOf(starts, n + 1), Arrays.copyOf(indices, n), grouped);
  }
}
