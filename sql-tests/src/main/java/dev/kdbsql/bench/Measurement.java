package dev.kdbsql.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What timing one query on one engine gave.
 *
 * @param nanos the timed runs (after the warm-up), each from execute to the last row read
 * @param rows the normalized result of the warm-up run (see {@link ResultRows}), or null on failure
 * @param failure why the query did not complete ({@code "timeout after 120 s"}, the error), or null
 * @param peakHeapBytes the peak used heap over all runs, or -1 when not sampled
 * @param firstNanos the warm-up run: the first time the engine saw the statement (our side then
 *     parses, plans and compiles it; the timed runs reuse that per connection), or -1
 * @param planNanos of the first run, the part spent preparing the statement (parsing, planning,
 *     and compiling where the plan needs code), timed apart on our side; -1 for other engines
 */
record Measurement(long[] nanos, List<List<Object>> rows, String failure, long peakHeapBytes,
    long firstNanos, long planNanos) {

  /** The planning part of the first run in milliseconds, or NaN when not timed. */
  double planMillis() {
    return planNanos < 0 ? Double.NaN : planNanos / 1e6;
  }

  /** The warm-up run in milliseconds, or NaN when it did not complete. */
  double firstMillis() {
    return firstNanos < 0 ? Double.NaN : firstNanos / 1e6;
  }

  /** The median timed run in milliseconds, or NaN when no run completed. */
  double medianMillis() {
    if (nanos.length == 0) {
      return Double.NaN;
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    double median = s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
    return median / 1e6;
  }
}
