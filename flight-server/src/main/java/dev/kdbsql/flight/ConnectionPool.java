package dev.kdbsql.flight;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.StorageException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * jdbc:kdb: connections for the server's queries and metadata calls, one borrower at a time each.
 * A connection is a snapshot of the database's tables and partitions taken when it opens, and
 * it keeps the plans of the queries it prepared; an idle one is reused while it is younger than
 * the snapshot age, so repeated queries skip planning and new partitions show up within that
 * age. Each connection comes with a {@link Database} opened at the same moment, which gives
 * arrow-bridge the exact kdb+ types of result columns. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
  private final String url;
  private final Properties properties;
  private final Path root;
  private final long maxAgeNanos;
  private final int maxIdle;
  private final ArrayDeque<Lease> idle = new ArrayDeque<>();
  private boolean closed;

  /**
   * A pool over {@code root} with connection {@code properties}; at most {@code maxIdle}
   * connections wait idle.
   */
  ConnectionPool(Path root, Map<String, String> properties, Duration maxAge, int maxIdle) {
    this.root = root;
    this.url = "jdbc:kdb:" + root;
    this.properties = new Properties();
    this.properties.putAll(properties);
    this.maxAgeNanos = maxAge.toNanos();
    this.maxIdle = maxIdle;
  }

  /**
   * A connection for one borrower, opened now or reused; {@link Lease#close()} gives it back.
   * Fails with the driver's message when the database cannot be opened.
   */
  Lease borrow() throws SQLException {
    long now = System.nanoTime();
    synchronized (this) {
      if (closed) {
        throw new SQLException("the server is shutting down");
      }
      while (!idle.isEmpty()) {
        Lease l = idle.pollLast();
        if (now - l.opened < maxAgeNanos) {
          l.returned.set(false);
          return l;
        }
        l.discard();
      }
    }
    return open();
  }

  private Lease open() throws SQLException {
    Connection c = DriverManager.getConnection(url, properties);
    try {
      Database hints = Database.open(root);
      return new Lease(this, c, hints, System.nanoTime());
    } catch (StorageException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new SQLException("cannot open kdb+ database " + root + ": " + e.getMessage(), e);
    }
  }

  private void giveBack(Lease l, boolean reusable) {
    synchronized (this) {
      if (reusable && !closed && idle.size() < maxIdle
          && System.nanoTime() - l.opened < maxAgeNanos) {
        idle.addLast(l);
        return;
      }
    }
    l.discard();
  }

  /** Closes the idle connections; borrowed ones close when given back. */
  @Override
  public void close() {
    List<Lease> drop;
    synchronized (this) {
      closed = true;
      drop = List.copyOf(idle);
      idle.clear();
    }
    drop.forEach(Lease::discard);
  }

  /**
   * One borrowed connection and the database it shows. {@link #connection()} hands out a view
   * that records the statements prepared through it, so {@link #cancel()} can cancel them from
   * another thread (a client's cancel arrives while a query runs).
   */
  static final class Lease implements AutoCloseable {
    private final ConnectionPool pool;
    private final Connection raw;
    private final Connection tracked;
    private final Database hints;
    private final long opened;
    private final List<Statement> statements = new CopyOnWriteArrayList<>();
    private volatile boolean broken;
    private final AtomicBoolean returned = new AtomicBoolean();

    private Lease(ConnectionPool pool, Connection raw, Database hints, long opened) {
      this.pool = pool;
      this.raw = raw;
      this.hints = hints;
      this.opened = opened;
      this.tracked = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            try {
              Object r = method.invoke(raw, args);
              if (r instanceof Statement s && (method.getName().equals("prepareStatement")
                  || method.getName().equals("createStatement"))) {
                statements.add(s);
              }
              return r;
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    /** The connection; statements prepared on it are tracked until given back. */
    Connection connection() {
      return tracked;
    }

    /** The database behind the connection, for kdb+ type hints. */
    Database hints() {
      return hints;
    }

    /** The last statement prepared on the connection, or null. */
    PreparedStatement lastPrepared() {
      for (int i = statements.size() - 1; i >= 0; i--) {
        if (statements.get(i) instanceof PreparedStatement p) {
          return p;
        }
      }
      return null;
    }

    /**
     * Cancels what runs on the connection (the engine stops between slices); the connection is
     * then not reused. Safe from any thread.
     */
    void cancel() {
      broken = true;
      for (Statement s : statements) {
        try {
          s.cancel();
        } catch (SQLException ignored) {
          // Cancelling is best effort: the stream also stops at the next batch.
        }
      }
    }

    /** Gives the connection back (closing what was prepared on it); idempotent. */
    @Override
    public void close() {
      if (!returned.compareAndSet(false, true)) {
        return;
      }
      boolean ok = !broken;
      for (Statement s : statements) {
        try {
          s.close();
        } catch (SQLException e) {
          ok = false;
        }
      }
      statements.clear();
      pool.giveBack(this, ok);
    }

    private void discard() {
      try {
        raw.close();
      } catch (SQLException ignored) {
        // A snapshot connection holds no server state; nothing is lost.
      } finally {
        hints.close();
      }
    }
  }
}
