package dev.kdbsql.calcite.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Statistics of one numeric column of one slice, per block of {@link Blocks#ROWS} rows: the
 * smallest and largest non-null key ({@link Keys}), the number of nulls, and whether the keys
 * ascend within the block. A block's statistics are recorded by whichever scan first reads the
 * whole block (so the first query pays no extra pass) and published with release semantics, so
 * any thread may read a block it sees as known; two threads recording the same block write the
 * same values. Once every block is known, whether the whole column ascends (nulls, the smallest
 * keys, first: what {@code s#} promises) is decided once.
 */
final class BlockStats {
  private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(byte[].class);
  private static final byte UNKNOWN = 0;
  private static final byte KNOWN = 1;
  private static final byte ASCENDING = 2;

  private final long rows;
  private final long nullKey;
  private final long[] min;
  private final long[] max;
  private final short[] nulls;
  private final byte[] state;
  private final AtomicInteger known = new AtomicInteger();
  /** -1 until decided, then 0 or 1. */
  private volatile int sorted = -1;

  /** Empty statistics of a column of {@code rows} rows whose null key is {@code nullKey}. */
  BlockStats(long rows, long nullKey) {
    this.rows = rows;
    this.nullKey = nullKey;
    int blocks = Math.toIntExact((rows + Blocks.ROWS - 1) / Blocks.ROWS);
    this.min = new long[blocks];
    this.max = new long[blocks];
    this.nulls = new short[blocks];
    this.state = new byte[blocks];
  }

  /** Rows of the column. */
  long rows() {
    return rows;
  }

  /** Bytes held, for the cache's budget. */
  long weight() {
    return 64 + state.length * (8L + 8 + 2 + 1);
  }

  /** Number of blocks. */
  int blocks() {
    return state.length;
  }

  /** Rows of block {@code b}. */
  int length(int b) {
    return (int) Math.min(Blocks.ROWS, rows - (long) b * Blocks.ROWS);
  }

  /** Whether block {@code b}'s statistics are known (then {@link #min} and the rest are). */
  boolean known(int b) {
    return (byte) STATE.getAcquire(state, b) != UNKNOWN;
  }

  long min(int b) {
    return min[b];
  }

  long max(int b) {
    return max[b];
  }

  int nulls(int b) {
    return nulls[b];
  }

  /** Records block {@code b} from its keys {@code keys[0..length(b))}. */
  void record(int b, long[] keys) {
    int len = length(b);
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    int n = 0;
    boolean ascending = true;
    long previous = Long.MIN_VALUE;
    long nk = nullKey;
    for (int i = 0; i < len; i++) {
      long k = keys[i];
      ascending &= k >= previous;
      previous = k;
      if (k == nk) {
        n++;
      } else {
        lo = Math.min(lo, k);
        hi = Math.max(hi, k);
      }
    }
    min[b] = lo;
    max[b] = hi;
    nulls[b] = (short) n;
    if ((byte) STATE.compareAndExchangeRelease(state, b, UNKNOWN,
        ascending ? ASCENDING : KNOWN) == UNKNOWN) {
      known.incrementAndGet();
    }
  }

  /**
   * Whether the column's keys ascend from its first row to its last, nulls first; false while
   * some block is not known.
   */
  boolean ascending() {
    int s = sorted;
    if (s >= 0) {
      return s == 1;
    }
    if (known.get() < state.length) {
      return false;
    }
    boolean up = true;
    for (int b = 0; b < state.length && up; b++) {
      up = (byte) STATE.getAcquire(state, b) == ASCENDING;
      if (up && b + 1 < state.length) {
        long last = nulls[b] == length(b) ? nullKey : max[b];
        long first = nulls[b + 1] > 0 ? nullKey : min[b + 1];
        up = last <= first;
      }
    }
    sorted = up ? 1 : 0;
    return up;
  }
}
