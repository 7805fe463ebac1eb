package dev.kdbsql.flight;

import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Streams one {@link Execution} to a DoGet's listener, batch by batch, on a query thread of its
 * own (so that gRPC can deliver the listener's ready and cancel callbacks meanwhile): a batch is
 * read only once the client has taken the previous one (gRPC's flow control says when, through
 * {@code isReady} and the ready callback), so a stream holds about one batch whatever the
 * result's size. A client that cancels its call, or a CancelFlightInfo, stops the engine and the
 * stream before its next batch. A client that takes nothing for {@link #STALL_MINUTES} minutes is
 * given up on. The execution is closed at the end, whatever happens.
 */
final class QueryStream implements Runnable {
  /** How long a stream waits for a client that reads nothing. */
  static final long STALL_MINUTES = 10;

  private final Execution execution;
  private final ServerStreamListener listener;
  private final Runnable done;
  private final Object ready = new Object();

  /**
   * A stream of {@code execution} to {@code listener}; {@code done} runs at the end. Registers
   * the listener's callbacks, so it must be created on the DoGet's own thread.
   */
  QueryStream(Execution execution, ServerStreamListener listener, Runnable done) {
    this.execution = execution;
    this.listener = listener;
    this.done = done;
    listener.setOnReadyHandler(this::wake);
    listener.setOnCancelHandler(() -> {
      execution.cancel();
      wake();
    });
  }

  private void wake() {
    synchronized (ready) {
      ready.notifyAll();
    }
  }

  @Override
  public void run() {
    Throwable failure = null;
    try (execution; ClientBatches out = new ClientBatches(execution.schema(),
        execution.allocator())) {
      listener.start(out.root());
      boolean sent = false;
      while (true) {
        ArrowReader reader = execution.reader();
        if (!reader.loadNextBatch()) {
          if (execution.cancelled() || !execution.nextResult()) {
            break;
          }
          continue;
        }
        out.load(reader.getVectorSchemaRoot(), reader);
        if (!awaitReady()) {
          break;
        }
        listener.putNext();
        sent = true;
      }
      if (!sent && !execution.cancelled()) {
        // An empty result still gets one (empty) batch: the Arrow Flight SQL JDBC driver 18.3
        // shows a stream of no batches with every column twice.
        out.root().setRowCount(0);
        listener.putNext();
      }
    } catch (Throwable e) {
      failure = e;
    }
    try {
      finish(failure);
    } finally {
      done.run();
    }
  }

  /** Waits until the client can take a batch; false when the stream is to stop instead. */
  private boolean awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(STALL_MINUTES);
    synchronized (ready) {
      while (!listener.isReady()) {
        if (listener.isCancelled() || execution.cancelled()) {
          return false;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw CallStatus.TIMED_OUT.withDescription("the client took no data for "
              + STALL_MINUTES + " minutes; the query was stopped").toRuntimeException();
        }
        // A bounded wait: the ready callback wakes it, the timeout re-checks the flags.
        ready.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 1_000));
      }
    }
    return !listener.isCancelled() && !execution.cancelled();
  }

  /** Ends the call: completed, or the error; nothing for a client that went away. */
  private void finish(Throwable failure) {
    if (listener.isCancelled()) {
      return;
    }
    if (execution.cancelled()) {
      listener.error(CallStatus.CANCELLED.withDescription("the query was cancelled")
          .toRuntimeException());
    } else if (failure != null) {
      listener.error(Errors.query(failure));
    } else {
      listener.completed();
    }
  }
}
