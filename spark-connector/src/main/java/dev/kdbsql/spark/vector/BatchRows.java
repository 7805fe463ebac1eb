package dev.kdbsql.spark.vector;

/**
 * The rows of a column that one batch holds: a contiguous range (no filter, or every row of the
 * range selected), or the ascending rows a filter selected. Selected rows are grouped into
 * windows of at most {@link #WINDOW} consecutive rows; a window is read with one bulk read (its
 * span, from its first to its last selected row) and its rows picked out by their offsets, or
 * read straight into place when every row of its span is selected. The grouping is made once
 * per batch and serves every column. Reused from batch to batch; one per reader.
 */
public final class BatchRows {
  /** Rows a window spans at most: its bulk read stays in the L1/L2 caches. */
  static final int WINDOW = 4096;

  /** Reads rows {@code [from, from + length)} of a column into {@code dst[offset..]}. */
  @FunctionalInterface
  interface LongReader {
    void read(long from, long[] dst, int offset, int length);
  }

  /** As {@link LongReader}, for ints. */
  @FunctionalInterface
  interface IntReader {
    void read(long from, int[] dst, int offset, int length);
  }

  /** As {@link LongReader}, for bytes. */
  @FunctionalInterface
  interface ByteReader {
    void read(long from, byte[] dst, int offset, int length);
  }

  /** As {@link LongReader}, for doubles. */
  @FunctionalInterface
  interface DoubleReader {
    void read(long from, double[] dst, int offset, int length);
  }

  private long from;
  private int size;
  private long[] rows;
  /** Windows: rows {@code [start[w], start[w + 1])} of the batch, the first being row {@code first[w]}. */
  private int windows;
  private int[] start = new int[2];
  private long[] first = new long[1];
  private int[] span = new int[1];
  /** Each row's offset from its window's first row. */
  private int[] offsets = new int[0];
  private long[] longScratch;
  private int[] intScratch;
  private byte[] byteScratch;
  private double[] doubleScratch;

  /** Rows {@code [from, from + n)}. */
  public BatchRows range(long from, int n) {
    this.from = from;
    this.size = n;
    this.rows = null;
    windows = 1;
    start[0] = 0;
    start[1] = n;
    first[0] = from;
    span[0] = n;
    return this;
  }

  /** The ascending rows {@code selected[0..n)}, n positive; the array is not copied. */
  public BatchRows selected(long[] selected, int n) {
    if (selected[n - 1] - selected[0] == n - 1) {
      return range(selected[0], n);
    }
    this.rows = selected;
    this.size = n;
    this.from = selected[0];
    if (offsets.length < n) {
      offsets = new int[n];
    }
    int w = 0;
    int i = 0;
    while (i < n) {
      long f = selected[i];
      int j = i;
      while (j < n && selected[j] - f < WINDOW) {
        offsets[j] = (int) (selected[j] - f);
        j++;
      }
      if (w + 1 >= start.length) {
        start = java.util.Arrays.copyOf(start, start.length * 2);
        first = java.util.Arrays.copyOf(first, start.length);
        span = java.util.Arrays.copyOf(span, start.length);
      }
      start[w] = i;
      first[w] = f;
      span[w] = offsets[j - 1] + 1;
      w++;
      i = j;
    }
    start[w] = n;
    windows = w;
    return this;
  }

  /** Number of rows. */
  public int size() {
    return size;
  }

  /** The column row of batch row {@code i}. */
  public long row(int i) {
    return rows == null ? from + i : rows[i];
  }

  /** Whether window {@code w} is read straight into place (every row of its span selected). */
  private boolean dense(int w) {
    return span[w] == start[w + 1] - start[w];
  }

  void longs(LongReader src, long[] dst) {
    for (int w = 0; w < windows; w++) {
      int i = start[w];
      if (dense(w)) {
        src.read(first[w], dst, i, span[w]);
        continue;
      }
      if (longScratch == null) {
        longScratch = new long[WINDOW];
      }
      long[] buf = longScratch;
      src.read(first[w], buf, 0, span[w]);
      for (int k = i, end = start[w + 1]; k < end; k++) {
        dst[k] = buf[offsets[k]];
      }
    }
  }

  void ints(IntReader src, int[] dst) {
    for (int w = 0; w < windows; w++) {
      int i = start[w];
      if (dense(w)) {
        src.read(first[w], dst, i, span[w]);
        continue;
      }
      if (intScratch == null) {
        intScratch = new int[WINDOW];
      }
      int[] buf = intScratch;
      src.read(first[w], buf, 0, span[w]);
      for (int k = i, end = start[w + 1]; k < end; k++) {
        dst[k] = buf[offsets[k]];
      }
    }
  }

  void bytes(ByteReader src, byte[] dst) {
    for (int w = 0; w < windows; w++) {
      int i = start[w];
      if (dense(w)) {
        src.read(first[w], dst, i, span[w]);
        continue;
      }
      if (byteScratch == null) {
        byteScratch = new byte[WINDOW];
      }
      byte[] buf = byteScratch;
      src.read(first[w], buf, 0, span[w]);
      for (int k = i, end = start[w + 1]; k < end; k++) {
        dst[k] = buf[offsets[k]];
      }
    }
  }

  void doubles(DoubleReader src, double[] dst) {
    for (int w = 0; w < windows; w++) {
      int i = start[w];
      if (dense(w)) {
        src.read(first[w], dst, i, span[w]);
        continue;
      }
      if (doubleScratch == null) {
        doubleScratch = new double[WINDOW];
      }
      double[] buf = doubleScratch;
      src.read(first[w], buf, 0, span[w]);
      for (int k = i, end = start[w + 1]; k < end; k++) {
        dst[k] = buf[offsets[k]];
      }
    }
  }
}
