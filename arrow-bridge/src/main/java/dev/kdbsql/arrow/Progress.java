package dev.kdbsql.arrow;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of an export or import on standard error: rows, bytes and rate, redrawn in place at
 * most five times a second. Silent unless standard error is a terminal, so pipes and logs stay
 * clean.
 */
final class Progress implements TransferListener {
  private static final long INTERVAL_NANOS = 200_000_000L;

  private final PrintStream err;
  private final String verb;
  private final long start = System.nanoTime();
  private long lastDraw;
  private long rows;
  private long bytes;

  private Progress(PrintStream err, String verb) {
    this.err = err;
    this.verb = verb;
  }

  /** A progress line for {@code verb} ("exported") when there is a terminal, else nothing. */
  static TransferListener forTerminal(String verb) {
    return System.console() == null ? NONE : new Progress(System.err, verb);
  }

  @Override
  public void batchDone(long totalRows, long totalBytes) {
    rows = totalRows;
    bytes = totalBytes;
    long now = System.nanoTime();
    if (now - lastDraw >= INTERVAL_NANOS) {
      lastDraw = now;
      err.print("\r" + line(now));
      err.flush();
    }
  }

  /** Draws the final totals and ends the line. */
  void finish() {
    err.println("\r" + line(System.nanoTime()));
  }

  /** Ends the progress line of {@code listener} if it is one. */
  static void finish(TransferListener listener) {
    if (listener instanceof Progress p) {
      p.finish();
    }
  }

  private String line(long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    return String.format(Locale.ROOT, "%s %,d rows, %.1f MB in %.1f s (%.1f MB/s, %,.0f rows/s)",
        verb, rows, bytes / 1e6, secs, bytes / 1e6 / secs, rows / secs);
  }
}
