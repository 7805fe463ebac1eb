package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.io.OnePassBytes;
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

  /**
   * Reads {@code e} once; null once its runs turn out short. Rows are compared as the raw
   * indices the file holds, and only the first row of each run is checked against the domain
   * (the others hold the same value): one comparison a row, which matters most the first time,
   * before the JIT has compiled the loop. A mapped file is read through a channel instead of its
   * mapping ({@link OnePassBytes}): the pass is made once and kept, and faulting in every page of
   * the mapping cost the first symbol filter over 100M quotes most of its time.
   */
  static SymbolRuns scan(EnumColumn e) {
    try (OnePassBytes once = OnePassBytes.of(e.bytes())) {
      return scanIndices(once == null ? e : e.over(once));
    }
  }

  private static SymbolRuns scanIndices(EnumColumn e) {
    long rows = e.size();
    Builder runs = new Builder(e.domain().size());
    if (e.wide()) {
      long[] buf = new long[Blocks.ROWS];
      long previous = 0;
      for (long from = 0; from < rows; from += Blocks.ROWS) {
        int len = (int) Math.min(Blocks.ROWS, rows - from);
        e.rawLongs(from, buf, 0, len);
        for (int i = 0; i < len; i++) {
          long x = buf[i];
          if (x != previous || runs.n == 0) {
            runs.start(from + i, e.checked(x, from + i));
            previous = x;
          }
        }
        if (runs.tooShort(from + len)) {
          return null;
        }
      }
    } else {
      int[] buf = new int[Blocks.ROWS];
      int previous = 0;
      for (long from = 0; from < rows; from += Blocks.ROWS) {
        int len = (int) Math.min(Blocks.ROWS, rows - from);
        e.rawInts(from, buf, 0, len);
        for (int i = 0; i < len; i++) {
          int x = buf[i];
          if (x != previous || runs.n == 0) {
            runs.start(from + i, e.checked(x, from + i));
            previous = x;
          }
        }
        if (runs.tooShort(from + len)) {
          return null;
        }
      }
    }
    return runs.build(rows);
  }

  /** The runs found so far, and whether each symbol has had one run. */
  private static final class Builder {
    long[] starts = new long[64];
    int[] indices = new int[64];
    final long[] seen;
    boolean grouped = true;
    int n;

    Builder(int symbols) {
      seen = new long[(symbols + 64) >>> 6];
    }

    /** A run of checked index {@code index} (-1 for the null symbol) starts at {@code row}. */
    void start(long row, int index) {
      if (n + 1 >= starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
        indices = Arrays.copyOf(indices, indices.length * 2);
      }
      starts[n] = row;
      indices[n++] = index;
      int bit = index + 1;
      long mask = 1L << bit;
      grouped &= (seen[bit >>> 6] & mask) == 0;
      seen[bit >>> 6] |= mask;
    }

    /** Whether the runs of the first {@code read} rows average too few rows to keep. */
    boolean tooShort(long read) {
      return n > 64 && (long) n * PartedRuns.MIN_AVERAGE_RUN > read;
    }

    SymbolRuns build(long rows) {
      starts[n] = rows;
      return new SymbolRuns(Arrays.copyOf(starts, n + 1), Arrays.copyOf(indices, n), grouped);
    }
  }
}
