package dev.kdbsql.flight;

import dev.kdbsql.arrow.export.ExportPath;
import dev.kdbsql.arrow.export.KdbArrow;
import dev.kdbsql.arrow.export.SqlExport;
import dev.kdbsql.storage.Database;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The server's one door into arrow-bridge: readers over SQL results and the Arrow schema a result
 * will have, both by arrow-bridge's mapping (exact kdb+ types: timestamps Timestamp(ns), guids,
 * unsigned bytes, months, minutes, ...), so that what GetFlightInfo, GetTables and prepared
 * statements announce is what the streams carry. Symbols come out of arrow-bridge dictionary
 * encoded; {@link ClientBatches} turns them (and bytes and guids) into what clients read.
 */
final class ArrowResults {
  private ArrowResults() {}

  /** An open result: its batches, and the statement and result set behind them. */
  static final class Result implements AutoCloseable {
    private final SqlExport export;

    private Result(SqlExport export) {
      this.export = export;
    }

    /** The batches; closed by {@link #close()}. */
    ArrowReader reader() {
      return export.reader();
    }

    /** Whether batches come straight from the mapped columns (a pure scan). */
    boolean direct() {
      return export.path() == ExportPath.DIRECT_SCAN;
    }

    @Override
    public void close() throws SQLException, IOException {
      export.close();
    }
  }

  /**
   * Prepares and runs {@code sql} with {@code parameters} (the values of its {@code ?}) on
   * {@code connection}: straight from the mapped columns when it plans to a pure scan, else
   * through the statement's JDBC rows, typed with the help of {@code hints} (the connection's
   * database).
   */
  static Result open(Connection connection, String sql, List<?> parameters, Database hints,
      int batchSize, BufferAllocator allocator) throws SQLException {
    return new Result(SqlExport.open(connection, sql, parameters, hints, batchSize, allocator));
  }

  /**
   * The schema of the batches a result with metadata {@code md} streams as (in client types,
   * {@link ClientBatches#schema}), without running anything: arrow-bridge's JDBC reader types its
   * fields from the metadata alone when it is built, so it is built over a result set that only
   * answers {@code getMetaData()} and closed before any batch is read.
   */
  static Schema schema(ResultSetMetaData md, Database hints, BufferAllocator allocator)
      throws SQLException {
    ResultSet metadataOnly = (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(),
        new Class<?>[] {ResultSet.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getMetaData" -> md;
          case "close" -> null;
          case "isClosed" -> false;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "metadata of a result";
          default -> throw new SQLException("only the metadata of this result is known ("
              + method.getName() + ")");
        });
    try (ArrowReader reader = KdbArrow.resultSetReader(metadataOnly, hints, 1, allocator)) {
      return ClientBatches.schema(reader.getVectorSchemaRoot().getSchema(), reader);
    } catch (IOException e) {
      throw new SQLException("typing the result: " + e.getMessage(), e);
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      Throwable cause = e.getCause() instanceof InvocationTargetException i ? i.getCause()
          : e.getCause();
      throw new SQLException("typing the result: " + cause.getMessage(), cause);
    }
  }
}
