package dev.kdbsql.flight;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The server's open queries, from admission to the end of their streams: the limit of
 * {@link ServerOptions#maxQueries()} concurrent queries (one more is refused with
 * RESOURCE_EXHAUSTED), the results opened by GetFlightInfo and waiting for their DoGet (closed
 * when nobody fetches them within {@link #UNCLAIMED_SECONDS} seconds), the results streaming on
 * query threads ({@link QueryStream}), their cancelling, and the drain on shutdown. Kept apart
 * from the producer so that the Flight SQL calls only say which query to open, stream or cancel.
 */
final class OpenQueries {
  /** Seconds an opened result waits for its DoGet. */
  static final long UNCLAIMED_SECONDS = 60;

  private final ServerOptions options;
  private final BufferAllocator allocator;
  private final ConnectionPool pool;
  private final Semaphore permits;
  private final ExecutorService streams;
  private final ScheduledExecutorService sweeper;
  private final Runnable alsoSwept;
  private final Map<String, Execution> pending = new ConcurrentHashMap<>();
  private final Map<String, Execution> running = new ConcurrentHashMap<>();
  private final AtomicLong queryIds = new AtomicLong();

  /**
   * The open queries of a server with {@code options}, on connections from {@code pool}, with
   * memory from {@code allocator}; starts the query threads and the sweeper, which also runs
   * {@code alsoSwept} every time it sweeps.
   */
  OpenQueries(ServerOptions options, BufferAllocator allocator, ConnectionPool pool,
      Runnable alsoSwept) {
    this.options = options;
    this.allocator = allocator;
    this.pool = pool;
    this.alsoSwept = alsoSwept;
    this.permits = new Semaphore(options.maxQueries());
    this.streams = Executors.newCachedThreadPool(daemons("kdbsql-query"));
    this.sweeper = Executors.newSingleThreadScheduledExecutor(daemons("kdbsql-sweeper"));
    sweeper.scheduleWithFixedDelay(this::sweep, 5, 5, TimeUnit.SECONDS);
  }

  private static ThreadFactory daemons(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Closes results that nobody fetched in time. */
  private void sweep() {
    long limit = System.nanoTime() - TimeUnit.SECONDS.toNanos(UNCLAIMED_SECONDS);
    for (Map.Entry<String, Execution> e : pending.entrySet()) {
      if (e.getValue().createdNanos() < limit && pending.remove(e.getKey(), e.getValue())) {
        closeQuietly(e.getValue());
      }
    }
    alsoSwept.run();
  }

  private static void closeQuietly(Execution e) {
    try {
      e.close();
    } catch (RuntimeException ignored) {
      // The query is over; a failure to free it is the allocator's to report, not a client's.
    }
  }

  /**
   * Admits and opens {@code sql} with {@code rows} of parameters: takes a place among the
   * concurrent queries (or fails with RESOURCE_EXHAUSTED), a connection and a memory budget.
   */
  Execution admit(String sql, List<List<Object>> rows) {
    if (!permits.tryAcquire()) {
      throw CallStatus.RESOURCE_EXHAUSTED.withDescription("the server is running "
          + options.maxQueries() + " queries, its limit (kdbsql serve --max-queries); retry "
          + "when one has finished").toRuntimeException();
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        permits.release();
      }
    };
    ConnectionPool.Lease lease;
    try {
      lease = pool.borrow();
    } catch (SQLException | RuntimeException e) {
      release.run();
      throw Errors.query(e);
    }
    String handle = UUID.randomUUID().toString();
    BufferAllocator child;
    try {
      child = allocator.newChildAllocator("query-" + queryIds.incrementAndGet(), 0,
          options.streamMemory());
    } catch (RuntimeException e) {
      lease.close();
      release.run();
      throw Errors.internal("allocating memory for the query", e);
    }
    try {
      Execution e = Execution.open(handle, sql, rows, lease, child, release, options.batchSize());
      pending.put(handle, e);
      return e;
    } catch (SQLException | RuntimeException e) {
      throw Errors.query(e);
    }
  }

  /**
   * Streams the opened result {@code handle} names to {@code listener}; a result is fetched
   * once, so a handle of no waiting result is answered with NOT_FOUND.
   */
  void streamOpened(String handle, ServerStreamListener listener) {
    Execution e = pending.remove(handle);
    if (e == null) {
      listener.error(CallStatus.NOT_FOUND.withDescription("no open result for this ticket: a "
          + "result is fetched once, within " + UNCLAIMED_SECONDS + " s of GetFlightInfo")
          .toRuntimeException());
      return;
    }
    stream(e, listener);
  }

  /**
   * Admits and opens {@code sql} with {@code rows} of parameters and streams it to
   * {@code listener} at once, without waiting for a DoGet.
   */
  void streamNow(String sql, List<List<Object>> rows, ServerStreamListener listener) {
    Execution e = admit(sql, rows);
    if (pending.remove(e.handle(), e)) {
      stream(e, listener);
    }
  }

  private void stream(Execution e, ServerStreamListener listener) {
    running.put(e.handle(), e);
    QueryStream s = new QueryStream(e, listener, () -> running.remove(e.handle()));
    try {
      streams.execute(s);
    } catch (RejectedExecutionException x) {
      running.remove(e.handle());
      closeQuietly(e);
      listener.error(CallStatus.UNAVAILABLE.withDescription("the server is shutting down")
          .toRuntimeException());
    }
  }

  /**
   * Cancels the query {@code handle} names: closes it if it waits for its DoGet, stops it if it
   * streams; false when it is neither.
   */
  boolean cancel(String handle) {
    Execution e = pending.remove(handle);
    if (e != null) {
      closeQuietly(e);
      return true;
    } else if ((e = running.get(handle)) != null) {
      e.cancel();
      return true;
    }
    return false;
  }

  /** How many queries are open (admitted and not yet finished), for tests and shutdown. */
  int count() {
    return options.maxQueries() - permits.availablePermits();
  }

  /** Cancels every running query (the drain timed out). */
  void cancelAll() {
    running.values().forEach(Execution::cancel);
  }

  /**
   * Stops the sweeper, closes unclaimed results, and waits up to {@code timeoutMillis} for the
   * streams (which the server has already let finish or cancelled; an interrupt cancels them at
   * once).
   */
  void close(long timeoutMillis) {
    sweeper.shutdownNow();
    for (String h : List.copyOf(pending.keySet())) {
      Execution e = pending.remove(h);
      if (e != null) {
        closeQuietly(e);
      }
    }
    streams.shutdown();
    try {
      if (!streams.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
        cancelAll();
        streams.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelAll();
    }
  }
}
