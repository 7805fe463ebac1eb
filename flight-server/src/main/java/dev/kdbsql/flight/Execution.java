package dev.kdbsql.flight;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One run of a query, from the GetFlightInfo that admits and opens it to the end of the DoGet
 * that streams it: the query (once per parameter row, results one after the other), its
 * borrowed connection, its memory and its place among the concurrent queries. Closing it gives
 * all of them back, once, whoever closes it first (the stream, a cancel, the sweeper of
 * unclaimed results, shutdown).
 */
final class Execution implements AutoCloseable {
  private final String handle;
  private final String sql;
  private final List<List<Object>> parameterRows;
  private final ConnectionPool.Lease lease;
  private final BufferAllocator allocator;
  private final Runnable release;
  private final int batchSize;
  private final long created = System.nanoTime();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean cancelled;
  private ArrowResults.Result result;
  private int row;
  private Schema schema;

  private Execution(String handle, String sql, List<List<Object>> parameterRows,
      ConnectionPool.Lease lease, BufferAllocator allocator, Runnable release, int batchSize) {
    this.handle = handle;
    this.sql = sql;
    this.parameterRows = parameterRows;
    this.lease = lease;
    this.allocator = allocator;
    this.release = release;
    this.batchSize = batchSize;
  }

  /**
   * Opens {@code sql} with the first of {@code parameterRows} (one empty row for a statement
   * without parameters) on {@code lease}; the rest open as the stream reaches them. On failure
   * everything given is closed and released.
   */
  static Execution open(String handle, String sql, List<List<Object>> parameterRows,
      ConnectionPool.Lease lease, BufferAllocator allocator, Runnable release, int batchSize)
      throws SQLException {
    Execution e = new Execution(handle, sql, parameterRows, lease, allocator, release,
        batchSize);
    try {
      e.result = e.openRow(0);
      PreparedStatement st = lease.lastPrepared();
      ArrowReader reader = e.result.reader();
      Schema client = ClientBatches.schema(reader.getVectorSchemaRoot().getSchema(), reader);
      e.schema = Catalog.withColumnMetadata(client, st.getMetaData());
      return e;
    } catch (SQLException | RuntimeException | IOException x) {
      e.close();
      throw x instanceof SQLException s ? s : new SQLException(Errors.describe(x), "XX000", x);
    }
  }

  private ArrowResults.Result openRow(int r) throws SQLException {
    return ArrowResults.open(lease.connection(), sql, parameterRows.get(r), lease.hints(),
        batchSize, allocator);
  }

  /** The handle its ticket names. */
  String handle() {
    return handle;
  }

  /** The schema the stream carries (client types, Flight SQL column metadata). */
  Schema schema() {
    return schema;
  }

  /** The allocator of the stream's vectors, bounded per stream. */
  BufferAllocator allocator() {
    return allocator;
  }

  /** The reader of the current parameter row's result. */
  ArrowReader reader() {
    return result.reader();
  }

  /**
   * Moves to the next parameter row's result, closing the current one; false when there is
   * none.
   */
  boolean nextResult() throws SQLException, IOException {
    if (row + 1 >= parameterRows.size() || cancelled) {
      return false;
    }
    ArrowResults.Result done = result;
    result = null;
    done.close();
    row++;
    result = openRow(row);
    return true;
  }

  /** When it was opened, for the sweeper of results nobody fetched. */
  long createdNanos() {
    return created;
  }

  /** Asks it to stop: the engine stops between slices, the stream before its next batch. */
  void cancel() {
    cancelled = true;
    lease.cancel();
  }

  /** Whether {@link #cancel()} was called. */
  boolean cancelled() {
    return cancelled;
  }

  /** Closes the result, gives back the connection, memory and the query's permit; once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Throwable failure = null;
    try {
      if (result != null) {
        result.close();
      }
    } catch (SQLException | IOException | RuntimeException e) {
      failure = e;
    }
    lease.close();
    try {
      allocator.close();
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    } finally {
      release.run();
    }
    if (failure != null) {
      throw new IllegalStateException("closing query " + handle + ": "
          + Errors.describe(failure), failure);
    }
  }
}
