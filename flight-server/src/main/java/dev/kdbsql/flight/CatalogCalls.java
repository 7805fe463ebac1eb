package dev.kdbsql.flight;

import java.sql.SQLException;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sends the answers to Flight SQL's catalog calls: each is built by {@link Catalog} from a pooled
 * connection's metadata (or by {@link SqlInfos}, once, for GetSqlInfo) and sent as a single
 * batch; a failure is an INTERNAL error. Kept apart from the producer so that it only dispatches
 * the calls here.
 */
final class CatalogCalls {
  private final ConnectionPool pool;
  private final BufferAllocator allocator;
  private final SqlInfoBuilder sqlInfo;

  /** Produces a catalog answer from a pooled connection's metadata. */
  private interface CatalogCall {
    VectorSchemaRoot answer(ConnectionPool.Lease lease) throws SQLException;
  }

  /**
   * Answers from connections of {@code pool} with vectors from {@code allocator}; GetSqlInfo from
   * {@code sqlInfo}.
   */
  CatalogCalls(ConnectionPool pool, BufferAllocator allocator, SqlInfoBuilder sqlInfo) {
    this.pool = pool;
    this.allocator = allocator;
    this.sqlInfo = sqlInfo;
  }

  private void send(ServerStreamListener listener, CatalogCall call) {
    try (ConnectionPool.Lease l = pool.borrow(); VectorSchemaRoot root = call.answer(l)) {
      listener.start(root);
      listener.putNext();
      listener.completed();
    } catch (SQLException | RuntimeException e) {
      listener.error(Errors.internal("reading the catalog", e));
    }
  }

  /** GetSqlInfo. */
  void sqlInfo(CommandGetSqlInfo command, ServerStreamListener listener) {
    sqlInfo.send(command.getInfoList(), listener);
  }

  /** GetXdbcTypeInfo. */
  void typeInfo(CommandGetXdbcTypeInfo request, ServerStreamListener listener) {
    send(listener, l -> Catalog.typeInfo(l.connection().getMetaData(), request, allocator));
  }

  /** GetCatalogs. */
  void catalogs(ServerStreamListener listener) {
    send(listener, l -> Catalog.catalogs(allocator));
  }

  /** GetDbSchemas. */
  void schemas(CommandGetDbSchemas command, ServerStreamListener listener) {
    send(listener, l -> Catalog.schemas(l.connection().getMetaData(), command, allocator));
  }

  /** GetTables. */
  void tables(CommandGetTables command, ServerStreamListener listener) {
    send(listener, l -> Catalog.tables(l.connection().getMetaData(), l.hints(), command,
        allocator));
  }

  /** GetTableTypes. */
  void tableTypes(ServerStreamListener listener) {
    send(listener, l -> Catalog.tableTypes(l.connection().getMetaData(), allocator));
  }

  /** A call with no rows of {@code schema}: the key calls. */
  void empty(Schema schema, ServerStreamListener listener) {
    send(listener, l -> Catalog.empty(schema, allocator));
  }
}
