package dev.kdbsql.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the used heap every few milliseconds on a daemon thread and keeps the peak since the
 * last {@link #reset()}. Used heap includes garbage not yet collected, so the peak is an upper
 * bound of what a query needs; {@link #reset()} collects first so that each query starts low.
 * The peak is updated atomically, so a sample racing a reset cannot carry the old peak over.
 */
final class HeapSampler implements AutoCloseable {
  private static final long PERIOD_MILLIS = 5;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private final AtomicLong peak = new AtomicLong();
  private volatile boolean running = true;

  /** Starts sampling. */
  HeapSampler() {
    thread = new Thread(this::sample, "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    while (running) {
      peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Collects garbage and starts a new peak from the heap used now. */
  void reset() {
    System.gc();
    peak.set(memory.getHeapMemoryUsage().getUsed());
  }

  /** The highest used heap seen since {@link #reset()}, in bytes. */
  long peak() {
    return peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
  }

  /** The maximum heap this JVM may use, in bytes. */
  long max() {
    return memory.getHeapMemoryUsage().getMax();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
