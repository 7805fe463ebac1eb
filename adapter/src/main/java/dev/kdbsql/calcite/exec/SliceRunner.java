package dev.kdbsql.calcite.exec;

import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.io.MappingFaults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one piece of work per slice of a scan on up to a capped number of threads, and hands back
 * the results in slice order, so what is merged from them never depends on the thread count or
 * on timing. The calling thread works too (a cap of 1 runs everything on it); helpers come from a
 * shared pool of daemon threads. Every slice is closed once its work is done, or not started at
 * all after a failure or a cancel; the failure of the first slice in order is the one thrown.
 */
public final class SliceRunner {
  /** Work on one open slice; {@code index} is its position in the scan. */
  @FunctionalInterface
  interface SliceTask<R> {
    R run(int index, TableSlice slice);
  }

  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kdbsql-scan");
    t.setDaemon(true);
    return t;
  });

  private final int threads;

  /** Creates a runner using at most {@code threads} threads per call, the caller's included. */
  public SliceRunner(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads " + threads);
    }
    this.threads = threads;
  }

  /** The thread cap. */
  public int threads() {
    return threads;
  }

  /**
   * Starts {@code task} on a helper thread. The caller owns what the task reads: it must not
   * close a slice the task uses before the future is done or cancelled before it started.
   */
  <R> Future<R> start(Callable<R> task) {
    return POOL.submit(task);
  }

  /**
   * Runs {@code task} on every slice of {@code slices} (closing each), at most {@link #threads}
   * at a time, and returns the results in slice order. {@code cancelled} (may be null) stops
   * work between slices with a {@link CancellationException}. A mapping fault in a slice becomes
   * the storage error naming it.
   */
  <R> List<R> map(List<TableSlice> slices, AtomicBoolean cancelled, SliceTask<R> task) {
    int n = slices.size();
    int[] sliceOf = new int[n];
    Arrays.setAll(sliceOf, i -> i);
    return run(slices, sliceOf, new long[n], new long[n], cancelled, true,
        (u, slice, from, to) -> task.run(u, slice));
  }

  /** Work on rows {@code [from, to)} of one open slice. */
  @FunctionalInterface
  interface RangeTask<R> {
    R run(TableSlice slice, long from, long to);
  }

  /**
   * Runs {@code task} on every range of every slice, at most {@link #threads} at a time, and
   * returns the results in order of slice, then range. A slice is cut into
   * {@code rangesPerSlice} ranges of equal size (a multiple of 64 rows, the last shorter), none
   * smaller than {@code minRangeRows}: a single partition is then worked on by every thread in
   * balanced shares, and what the results add up to depends on the slice's size only, never on
   * the thread count. Each slice is closed when its last range is done; a slice without rows has
   * no range.
   */
  <R> List<R> mapRanges(List<TableSlice> slices, int rangesPerSlice, long minRangeRows,
      AtomicBoolean cancelled, RangeTask<R> task) {
    List<long[]> units = new ArrayList<>();
    try {
      // Counted on the capped threads: a slice's first count checks the header of every column
      // file it has (TableSlice#rowCount), a few file system calls each.
      int[] each = new int[slices.size()];
      Arrays.setAll(each, i -> i);
      long[] none = new long[slices.size()];
      List<Long> counts = run(slices, each, none, none, cancelled, false,
          (u, slice, f, t) -> slice.rowCount());
      for (int i = 0; i < slices.size(); i++) {
        long rows = counts.get(i);
        long share = (rows + rangesPerSlice - 1) / rangesPerSlice;
        long rangeRows = Math.max(minRangeRows, (share + 63) & ~63L);
        for (long from = 0; from < rows; from += rangeRows) {
          units.add(new long[] {i, from, Math.min(rows, from + rangeRows)});
        }
      }
    } catch (RuntimeException e) {
      closeAll(slices, e);
      throw e;
    }
    int n = units.size();
    int[] sliceOf = new int[n];
    long[] from = new long[n];
    long[] to = new long[n];
    for (int u = 0; u < n; u++) {
      sliceOf[u] = (int) units.get(u)[0];
      from[u] = units.get(u)[1];
      to[u] = units.get(u)[2];
    }
    return run(slices, sliceOf, from, to, cancelled, true,
        (u, slice, f, t) -> task.run(slice, f, t));
  }

  /** A unit of work: number {@code unit}, rows {@code [from, to)} of {@code slice}. */
  @FunctionalInterface
  private interface UnitTask<R> {
    R run(int unit, TableSlice slice, long from, long to);
  }

  /**
   * Runs units {@code 0..n} (unit {@code u} works on slice {@code sliceOf[u]}, units of a slice
   * adjacent) on the capped threads; if {@code closing}, closes every slice, each when its last
   * unit is done and those without units at the end; throws the failure of the first failed unit
   * in order.
   */
  private <R> List<R> run(List<TableSlice> slices, int[] sliceOf, long[] from, long[] to,
      AtomicBoolean cancelled, boolean closing, UnitTask<R> task) {
    int n = sliceOf.length;
    AtomicInteger[] left = new AtomicInteger[slices.size()];
    Arrays.setAll(left, i -> new AtomicInteger());
    for (int s : sliceOf) {
      left[s].incrementAndGet();
    }
    Object[] results = new Object[n];
    RuntimeException[] failures = new RuntimeException[n];
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Runnable worker = () -> {
      for (int u = next.getAndIncrement(); u < n; u = next.getAndIncrement()) {
        TableSlice s = slices.get(sliceOf[u]);
        try {
          if (stop.get()) {
            continue;
          }
          if (cancelled != null && cancelled.get()) {
            throw new CancellationException("query cancelled while scanning " + s);
          }
          try {
            results[u] = task.run(u, s, from[u], to[u]);
          } catch (InternalError e) {
            throw MappingFaults.translate(s.location(), e);
          }
        } catch (RuntimeException e) {
          failures[u] = e;
          stop.set(true);
        } catch (Error e) {
          failures[u] = new IllegalStateException("scan of " + s + " failed: " + e, e);
          stop.set(true);
        } finally {
          if (closing && left[sliceOf[u]].decrementAndGet() == 0) {
            try {
              s.close();
            } catch (RuntimeException e) {
              if (failures[u] == null) {
                failures[u] = e;
              } else {
                failures[u].addSuppressed(e);
              }
              stop.set(true);
            }
          }
        }
      }
    };
    int helpers = Math.min(threads, n) - 1;
    List<Future<?>> running = new ArrayList<>(Math.max(helpers, 0));
    for (int h = 0; h < helpers; h++) {
      running.add(POOL.submit(worker));
    }
    worker.run();
    boolean interrupted = false;
    for (Future<?> f : running) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          // Wait anyway: helpers still hold slices and write into results.
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          // The worker catches everything; nothing is expected here.
          throw new IllegalStateException(e.getCause());
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    RuntimeException failure = Arrays.stream(failures).filter(f -> f != null).findFirst()
        .orElse(null);
    boolean[] hasUnit = new boolean[slices.size()];
    for (int s : sliceOf) {
      hasUnit[s] = true;
    }
    for (int i = 0; i < slices.size() && closing; i++) {
      if (!hasUnit[i]) {
        failure = closeQuietly(slices.get(i), failure);
      }
    }
    if (failure != null) {
      for (RuntimeException f : failures) {
        if (f != null && f != failure) {
          failure.addSuppressed(f);
        }
      }
      throw failure;
    }
    @SuppressWarnings("unchecked")
    List<R> out = (List<R>) Arrays.asList(results);
    return out;
  }

  /** Closes {@code s}; a failure becomes {@code failure}, or is added to it. */
  private static RuntimeException closeQuietly(TableSlice s, RuntimeException failure) {
    try {
      s.close();
      return failure;
    } catch (RuntimeException e) {
      if (failure == null) {
        return e;
      }
      failure.addSuppressed(e);
      return failure;
    }
  }

  private static void closeAll(List<TableSlice> slices, RuntimeException failure) {
    try {
      TableSlice.closeAll(slices);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
