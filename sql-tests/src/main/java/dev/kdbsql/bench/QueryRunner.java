package dev.kdbsql.bench;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a query on an engine: warm-up runs (the first one's rows kept for the comparison), then the
 * timed runs. A run counts from {@code executeQuery} to the last row read through {@code
 * getObject}, as an application sees it: plain statements, as BI tools send them. Our driver
 * keeps the prepared query per connection, so its timed runs skip planning; the first run
 * (reported apart) shows the cost of a statement seen for the first time, and on our side its
 * planning is timed apart ({@code prepareStatement} of the text, which fills the connection's
 * plan cache that the first run then uses; the first run counts both). The warm-up repeats the
 * query for a fixed time on every engine alike, as JMH warms up before it measures, so that each
 * is timed in its steady state (for our driver, after the JIT has compiled the loops a query shape
 * uses for the first time, which takes tens of runs of a short query).
 *
 * <p>A run slower than the timeout is cancelled ({@link Statement#cancel()} and an interrupt) and
 * the engine's remaining runs of that query are skipped; the runner then waits for the cancelled
 * run to stop before anything else is timed, so a late stop cannot slow the next measurement.
 */
final class QueryRunner implements AutoCloseable {
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "bench-query");
    t.setDaemon(true);
    return t;
  });
  private final HeapSampler heap;
  private final Duration warmup;
  private final int repeat;
  private final Duration timeout;

  /**
   * Creates a runner timing {@code repeat} runs after warming up for {@code warmup} (at least one
   * run), sampling with {@code heap}.
   */
  QueryRunner(HeapSampler heap, Duration warmup, int repeat, Duration timeout) {
    this.heap = heap;
    this.warmup = warmup;
    this.repeat = repeat;
    this.timeout = timeout;
  }

  /** Warms up, times and returns the measurement of {@code q} on {@code e}. */
  Measurement measure(Engine e, TaqQuery q) throws InterruptedException {
    String sql = e.sql(q);
    if (e.ours()) {
      heap.reset();
    }
    long[] nanos = new long[repeat];
    long first = -1;
    long plan = -1;
    List<List<Object>> rows = null;
    long warmed = 0;
    if (e.ours()) {
      Run p = prepareOnce(e, sql);
      if (p.failure != null) {
        return new Measurement(new long[0], null, p.failure, heap.peak(), -1, -1);
      }
      plan = p.nanos;
    }
    for (int run = 0; ; run++) {
      Run r = runOnce(e, sql);
      if (r.failure != null) {
        return new Measurement(new long[0], rows, r.failure, e.ours() ? heap.peak() : -1, first,
            plan);
      }
      if (run == 0) {
        first = r.nanos + Math.max(plan, 0);
        rows = ResultRows.normalized(r.rows);
      }
      warmed += r.nanos;
      if (warmed >= warmup.toNanos()) {
        break;
      }
    }
    for (int run = 0; run < repeat; run++) {
      Run r = runOnce(e, sql);
      if (r.failure != null) {
        long[] done = Arrays.copyOf(nanos, run);
        return new Measurement(done, rows, r.failure, e.ours() ? heap.peak() : -1, first,
            plan);
      }
      nanos[run] = r.nanos;
    }
    return new Measurement(nanos, rows, null, e.ours() ? heap.peak() : -1, first, plan);
  }

  /** Runs {@code q} once on {@code e} (a check, not a timing): its rows, or its failure. */
  Measurement once(Engine e, TaqQuery q) throws InterruptedException {
    Run r = runOnce(e, e.sql(q));
    return r.failure != null ? new Measurement(new long[0], null, r.failure, -1, -1, -1)
        : new Measurement(new long[] {r.nanos}, ResultRows.normalized(r.rows), null, -1,
            r.nanos, -1);
  }

  private record Run(long nanos, List<Object[]> rows, String failure) {}

  /** Prepares {@code sql} on {@code e}'s connection: the time to parse, plan and compile it. */
  private Run prepareOnce(Engine e, String sql) throws InterruptedException {
    return await(worker.submit(() -> {
      long start = System.nanoTime();
      try (PreparedStatement ps = e.connection().prepareStatement(sql)) {
        return new Run(System.nanoTime() - start, null, null);
      }
    }), null);
  }

  private Run runOnce(Engine e, String sql) throws InterruptedException {
    Statement[] stmt = new Statement[1];
    return await(worker.submit(() -> {
      try (Statement s = e.connection().createStatement()) {
        stmt[0] = s;
        long start = System.nanoTime();
        try (ResultSet rs = s.executeQuery(sql)) {
          List<Object[]> rows = ResultRows.read(rs);
          return new Run(System.nanoTime() - start, rows, null);
        }
      }
    }), stmt);
  }

  /** The run {@code f}, or its failure; past the timeout, cancels {@code stmt[0]} if any. */
  private Run await(Future<Run> f, Statement[] stmt) throws InterruptedException {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException t) {
      cancel(stmt == null ? null : stmt[0]);
      f.cancel(true);
      awaitStop();
      return new Run(0, null, "timeout after " + timeout.toSeconds() + " s");
    } catch (ExecutionException x) {
      Throwable c = x.getCause();
      return new Run(0, null, c.getClass().getSimpleName() + ": " + firstLine(c.getMessage()));
    }
  }

  private static void cancel(Statement s) {
    if (s == null) {
      return;
    }
    try {
      s.cancel();
    } catch (SQLException | RuntimeException ignored) {
      // The interrupt that follows is the fallback when a driver cannot cancel.
    }
  }

  /** Blocks until the worker is idle again (a cancelled query may take a while to notice). */
  private void awaitStop() throws InterruptedException {
    try {
      worker.submit(() -> { }).get();
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
