package dev.kdbsql.storage.robust;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.TableSlice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every fuzz target does with the files it wrote: open the database through the public
 * reader and read every value of every table, accepting only correct data or a
 * {@link StorageException} whose message names a file under the database root. Anything else
 * (another exception type, an error) propagates, and Jazzer reports it as a finding.
 */
final class FuzzReads {
  private FuzzReads() {}

  /** Per-input time limit: far above any honest read of a fuzz-sized database. */
  static final Duration HANG_LIMIT = Duration.ofSeconds(10);

  private static ExecutorService reader = newReader();

  private static ExecutorService newReader() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-reader");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs {@code body} on a reader thread and fails if it takes longer than {@link #HANG_LIMIT}: a
   * hang is a finding like any other. The stuck thread is abandoned (it is a daemon).
   */
  static synchronized void withinLimit(Runnable body) {
    Future<?> f = reader.submit(body);
    try {
      f.get(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      reader.shutdownNow();
      reader = newReader();
      throw new AssertionError("read did not finish within " + HANG_LIMIT, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Opens {@code root} and reads everything within the hang limit; a StorageException is
   * accepted only if its message names a path under root.
   */
  static void readAllOrRefuse(Path root) {
    withinLimit(() -> readAllOrRefuseNow(root));
  }

  private static void readAllOrRefuseNow(Path root) {
    try {
      readAll(root);
    } catch (StorageException e) {
      checkNames(e, root);
    }
  }

  /** Fails unless the message of {@code e} names {@code where} or a path under it. */
  static void checkNames(StorageException e, Path where) {
    String message = String.valueOf(e.getMessage());
    if (!message.contains(where.toString())) {
      throw new AssertionError("storage error names no file under " + where + ": " + message, e);
    }
  }

  /** Reads every value of every readable table of the database at {@code root}. */
  static void readAll(Path root) {
    try (Database db = Database.open(root)) {
      for (KdbTable t : db.tables().values()) {
        readTable(t);
      }
      for (StorageException e : db.unreadableTables().values()) {
        throw e;
      }
    }
  }

  private static void readTable(KdbTable t) {
    int columns = t.columns().size();
    for (TableSlice s : t.slices()) {
      try (s) {
        long rows = s.rowCount();
        for (int i = 0; i < columns; i++) {
          readColumn(s.column(i), rows);
        }
      }
    }
  }

  private static void readColumn(Column c, long rows) {
    if (c.size() != rows) {
      throw new AssertionError("slice has " + rows + " rows but " + c.file() + " has " + c.size());
    }
    for (long r = 0; r < rows; r++) {
      c.isNull(r);
      c.getObject(r);
    }
  }
}
