package dev.kdbsql.calcite;

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
final class KdbSliceRunner {
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
  KdbSliceRunner(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads " + threads);
    }
    this.threads = threads;
  }

  /** The thread cap. */
  int threads() {
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
    Object[] results = new Object[n];
    RuntimeException[] failures = new RuntimeException[n];
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        TableSlice s = slices.get(i);
        try (s) {
          if (stop.get()) {
            continue;
          }
          if (cancelled != null && cancelled.get()) {
            throw new CancellationException("query cancelled while scanning " + s);
          }
          try {
            results[i] = task.run(i, s);
          } catch (InternalError e) {
            throw MappingFaults.translate(s.location(), e);
          }
        } catch (RuntimeException e) {
          failures[i] = e;
          stop.set(true);
        } catch (Error e) {
          failures[i] = new IllegalStateException("scan of " + s + " failed: " + e, e);
          stop.set(true);
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
}
