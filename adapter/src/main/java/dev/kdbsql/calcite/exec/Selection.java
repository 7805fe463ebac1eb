package dev.kdbsql.calcite.exec;

import java.util.Arrays;

/**
 * The rows of one slice a filter selects, as a bitmap: row {@code r} is selected when bit
 * {@code r & 63} of word {@code r >>> 6} is set. Made by {@link FilterEvaluator}, read by the
 * row scan, the aggregator, the top-N and the Arrow export. Immutable once made; its static
 * helpers work on the raw words for the evaluator's own loops.
 */
public final class Selection {
  final long[] words;

  Selection(long[] words) {
    this.words = words;
  }

  /** Words for a bitmap of {@code rows} rows. */
  static long[] newWords(long rows) {
    return new long[Math.toIntExact((rows + 63) >>> 6)];
  }

  /** Number of selected rows. */
  public long count() {
    long n = 0;
    for (long w : words) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /** The first selected row at or after {@code from}, or -1. */
  public long next(long from) {
    return next(words, from);
  }

  /**
   * Fills {@code out} with the selected rows from {@code from} on, in order, at most
   * {@code limit} of them, and returns how many.
   */
  public int next(long from, long[] out, int limit) {
    int n = 0;
    int w = (int) (from >>> 6);
    if (w >= words.length || limit <= 0) {
      return 0;
    }
    long word = words[w] & (-1L << (from & 63));
    while (true) {
      while (word == 0) {
        if (++w >= words.length) {
          return n;
        }
        word = words[w];
      }
      out[n++] = ((long) w << 6) + Long.numberOfTrailingZeros(word);
      if (n == limit) {
        return n;
      }
      word &= word - 1;
    }
  }

  /** Whether row {@code row} is selected. */
  public boolean contains(long row) {
    return (words[(int) (row >>> 6)] & (1L << row)) != 0;
  }

  /** Whether any row in {@code [from, from + length)} is selected. */
  public boolean any(long from, int length) {
    long next = next(words, from);
    return next >= 0 && next < from + length;
  }

  /**
   * Fills {@code positions} with the positions, counted from {@code from}, of the selected rows
   * among {@code [from, from + length)}, and returns how many; {@code from} is a multiple of 64.
   */
  public int positions(long from, int length, int[] positions) {
    int n = 0;
    int firstWord = (int) (from >>> 6);
    int count = (length + 63) >>> 6;
    for (int w = 0; w < count; w++) {
      long bits = words[firstWord + w];
      while (bits != 0) {
        int p = (w << 6) + Long.numberOfTrailingZeros(bits);
        if (p >= length) {
          break;
        }
        positions[n++] = p;
        bits &= bits - 1;
      }
    }
    return n;
  }

  /** The first set bit of {@code bits} at or after {@code from}, or -1. */
  static long next(long[] bits, long from) {
    int w = (int) (from >>> 6);
    if (w >= bits.length) {
      return -1;
    }
    long word = bits[w] & (-1L << (from & 63));
    while (word == 0) {
      if (++w == bits.length) {
        return -1;
      }
      word = bits[w];
    }
    return ((long) w << 6) + Long.numberOfTrailingZeros(word);
  }

  /** The first clear bit of {@code bits} at or after {@code from} (the bitmap's end if none). */
  static long nextClear(long[] bits, long from) {
    int w = (int) (from >>> 6);
    if (w >= bits.length) {
      return (long) bits.length << 6;
    }
    long word = ~bits[w] & (-1L << (from & 63));
    while (word == 0) {
      if (++w == bits.length) {
        return (long) bits.length << 6;
      }
      word = ~bits[w];
    }
    return ((long) w << 6) + Long.numberOfTrailingZeros(word);
  }

  /**
   * The runs of set bits of {@code bits} within {@code [from, to)}, as {@code from, to} pairs in
   * a new array of length {@code 2 * runs}; null when there are more than {@code max} runs.
   */
  static long[] intervals(long[] bits, long from, long to, int max) {
    long[] out = new long[16];
    int n = 0;
    long r = next(bits, from);
    while (r >= 0 && r < to) {
      if (n == max) {
        return null;
      }
      long end = Math.min(nextClear(bits, r), to);
      if (2 * n + 2 > out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[2 * n] = r;
      out[2 * n + 1] = end;
      n++;
      r = end < to ? next(bits, end) : -1;
    }
    return Arrays.copyOf(out, 2 * n);
  }

  /** The last set bit of {@code bits} before {@code to}, or -1. */
  static long previous(long[] bits, long to) {
    if (to <= 0) {
      return -1;
    }
    long last = to - 1;
    int w = (int) (last >>> 6);
    long word = bits[w] & (-1L >>> (63 - (last & 63)));
    while (word == 0) {
      if (--w < 0) {
        return -1;
      }
      word = bits[w];
    }
    return ((long) w << 6) + 63 - Long.numberOfLeadingZeros(word);
  }

  /** Sets bit {@code r} of {@code bits}. */
  static void set(long[] bits, long r) {
    bits[(int) (r >>> 6)] |= 1L << r;
  }

  /** Sets bits {@code [from, to)} of {@code bits}. */
  static void setRange(long[] bits, long from, long to) {
    if (from >= to) {
      return;
    }
    int first = (int) (from >>> 6);
    int last = (int) ((to - 1) >>> 6);
    long firstMask = -1L << (from & 63);
    long lastMask = -1L >>> (63 - ((to - 1) & 63));
    if (first == last) {
      bits[first] |= firstMask & lastMask;
      return;
    }
    bits[first] |= firstMask;
    Arrays.fill(bits, first + 1, last, -1L);
    bits[last] |= lastMask;
  }

  @Override
  public String toString() {
    return "Selection(" + count() + " rows)";
  }
}
