package dev.kdbsql.flight;

import com.google.protobuf.Message;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow Flight SQL over a kdb+ database, through jdbc:kdb: connections from a
 * {@link ConnectionPool}.
 *
 * <p>A query (a statement, or a prepared statement with its bound parameter rows) is admitted
 * and opened by GetFlightInfo, which answers with its exact schema and one endpoint (no
 * location: the same server) whose ticket names the open result ({@link Tickets}); the DoGet of
 * that ticket streams it ({@link QueryStream}). At most {@link ServerOptions#maxQueries()} queries
 * are open at once; one more is refused with RESOURCE_EXHAUSTED. A result nobody fetches within
 * {@link OpenQueries#UNCLAIMED_SECONDS} seconds is closed ({@link OpenQueries}). Prepared
 * statements keep their SQL, schemas and bound parameters for
 * {@link PreparedStatements#PREPARED_IDLE_MINUTES} minutes after their last use
 * ({@link PreparedStatements}). Catalog calls answer from the connection's metadata
 * ({@link CatalogCalls}, {@link Catalog}, {@link SqlInfos}). Every update, ingest and transaction
 * call is refused: the server never writes to the database. The producer itself only dispatches
 * the calls to those classes.
 */
final class KdbFlightSqlProducer implements FlightSqlProducer {
  private final ServerOptions options;
  private final ConnectionPool pool;
  private final CatalogCalls catalog;
  private final PreparedStatements prepared;
  private final OpenQueries queries;

  /**
   * A producer over {@code options.database()}; vectors come from {@code allocator}. Opens a
   * first connection, so a path that is not a kdb+ database fails here, with the driver's
   * message.
   */
  KdbFlightSqlProducer(ServerOptions options, BufferAllocator allocator) throws SQLException {
    this.options = options;
    this.pool = new ConnectionPool(options.database(), options.properties(),
        options.snapshotAge(), options.maxQueries() + 2);
    try (ConnectionPool.Lease l = pool.borrow()) {
      this.catalog = new CatalogCalls(pool, allocator,
          SqlInfos.of(l.connection().getMetaData()));
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
    this.prepared = new PreparedStatements(pool, allocator);
    this.queries = new OpenQueries(options, allocator, pool, prepared::cleanUp);
  }

  // ---------------------------------------------------------------- queries

  @Override
  public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return Tickets.ticketFor(queries.admit(command.getQuery(), List.of(List.of())), descriptor);
  }

  @Override
  public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return prepared.statementSchema(command.getQuery());
  }

  @Override
  public void getStreamStatement(TicketStatementQuery ticket, CallContext context,
      ServerStreamListener listener) {
    queries.streamOpened(ticket.getStatementHandle().toStringUtf8(), listener);
  }

  // ------------------------------------------------------ prepared statements

  @Override
  public void createPreparedStatement(ActionCreatePreparedStatementRequest request,
      CallContext context, StreamListener<Result> listener) {
    prepared.create(request, listener);
  }

  @Override
  public void closePreparedStatement(ActionClosePreparedStatementRequest request,
      CallContext context, StreamListener<Result> listener) {
    prepared.close(request, listener);
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(CommandPreparedStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    return prepared.schema(command);
  }

  @Override
  public Runnable acceptPutPreparedStatementQuery(CommandPreparedStatementQuery command,
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return prepared.bind(command, flightStream, ackStream);
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    PreparedStatements.Prepared p = prepared.get(command.getPreparedStatementHandle());
    return Tickets.ticketFor(queries.admit(p.sql, p.rows()), descriptor);
  }

  @Override
  public void getStreamPreparedStatement(CommandPreparedStatementQuery command,
      CallContext context, ServerStreamListener listener) {
    try {
      PreparedStatements.Prepared p = prepared.get(command.getPreparedStatementHandle());
      queries.streamNow(p.sql, p.rows(), listener);
    } catch (FlightRuntimeException e) {
      listener.error(e);
    }
  }

  // ------------------------------------------------------------- cancelling

  @Override
  public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context,
      StreamListener<CancelStatus> listener) {
    CancelStatus status = CancelStatus.NOT_CANCELLABLE;
    for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
      String handle = Tickets.handleOf(endpoint.getTicket());
      if (handle != null && queries.cancel(handle)) {
        status = CancelStatus.CANCELLED;
      }
    }
    listener.onNext(status);
    listener.onCompleted();
  }

  // ----------------------------------------------------------------- writes

  private static Runnable readOnly(StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(CallStatus.INVALID_ARGUMENT.withDescription("kdb+ databases "
        + "are read-only here: kdbsql serve runs queries only, no updates or ingestion")
        .toRuntimeException());
  }

  @Override
  public Runnable acceptPutStatement(CommandStatementUpdate command, CallContext context,
      FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return readOnly(ackStream);
  }

  @Override
  public Runnable acceptPutStatementBulkIngest(CommandStatementIngest command,
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return readOnly(ackStream);
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(CommandPreparedStatementUpdate command,
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return readOnly(ackStream);
  }

  // -------------------------------------------------------------- catalogs

  private static FlightInfo catalogInfo(Message command, Schema schema,
      FlightDescriptor descriptor) {
    return Tickets.info(schema, descriptor, command);
  }

  @Override
  public FlightInfo getFlightInfoSqlInfo(CommandGetSqlInfo request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_SQL_INFO_SCHEMA, descriptor);
  }

  @Override
  public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context,
      ServerStreamListener listener) {
    catalog.sqlInfo(command, listener);
  }

  @Override
  public FlightInfo getFlightInfoTypeInfo(CommandGetXdbcTypeInfo request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_TYPE_INFO_SCHEMA, descriptor);
  }

  @Override
  public void getStreamTypeInfo(CommandGetXdbcTypeInfo request, CallContext context,
      ServerStreamListener listener) {
    catalog.typeInfo(request, listener);
  }

  @Override
  public FlightInfo getFlightInfoCatalogs(CommandGetCatalogs request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_CATALOGS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    catalog.catalogs(listener);
  }

  @Override
  public FlightInfo getFlightInfoSchemas(CommandGetDbSchemas request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_SCHEMAS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamSchemas(CommandGetDbSchemas command, CallContext context,
      ServerStreamListener listener) {
    catalog.schemas(command, listener);
  }

  @Override
  public FlightInfo getFlightInfoTables(CommandGetTables request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, request.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA
        : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, descriptor);
  }

  @Override
  public void getStreamTables(CommandGetTables command, CallContext context,
      ServerStreamListener listener) {
    catalog.tables(command, listener);
  }

  @Override
  public FlightInfo getFlightInfoTableTypes(CommandGetTableTypes request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_TABLE_TYPES_SCHEMA, descriptor);
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    catalog.tableTypes(listener);
  }

  @Override
  public FlightInfo getFlightInfoPrimaryKeys(CommandGetPrimaryKeys request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_PRIMARY_KEYS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamPrimaryKeys(CommandGetPrimaryKeys command, CallContext context,
      ServerStreamListener listener) {
    catalog.empty(Schemas.GET_PRIMARY_KEYS_SCHEMA, listener);
  }

  @Override
  public FlightInfo getFlightInfoExportedKeys(CommandGetExportedKeys request,
      CallContext context, FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_EXPORTED_KEYS_SCHEMA, descriptor);
  }

  @Override
  public FlightInfo getFlightInfoImportedKeys(CommandGetImportedKeys request,
      CallContext context, FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_IMPORTED_KEYS_SCHEMA, descriptor);
  }

  @Override
  public FlightInfo getFlightInfoCrossReference(CommandGetCrossReference request,
      CallContext context, FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_CROSS_REFERENCE_SCHEMA, descriptor);
  }

  @Override
  public void getStreamExportedKeys(CommandGetExportedKeys command, CallContext context,
      ServerStreamListener listener) {
    catalog.empty(Schemas.GET_EXPORTED_KEYS_SCHEMA, listener);
  }

  @Override
  public void getStreamImportedKeys(CommandGetImportedKeys command, CallContext context,
      ServerStreamListener listener) {
    catalog.empty(Schemas.GET_IMPORTED_KEYS_SCHEMA, listener);
  }

  @Override
  public void getStreamCrossReference(CommandGetCrossReference command, CallContext context,
      ServerStreamListener listener) {
    catalog.empty(Schemas.GET_CROSS_REFERENCE_SCHEMA, listener);
  }

  @Override
  public void listFlights(CallContext context, Criteria criteria,
      StreamListener<FlightInfo> listener) {
    listener.onCompleted();
  }

  // ---------------------------------------------------------------- closing

  /** How many queries are open (admitted and not yet finished), for tests and shutdown. */
  int openQueries() {
    return queries.count();
  }

  /** Cancels every running query (the drain timed out). */
  void cancelAll() {
    queries.cancelAll();
  }

  /**
   * Stops the sweeper, closes unclaimed results, waits up to {@code timeoutMillis} for the
   * streams (which the server has already let finish or cancelled; an interrupt cancels them at
   * once), then closes the pool.
   */
  void close(long timeoutMillis) {
    try {
      queries.close(timeoutMillis);
    } finally {
      prepared.closeAll();
      pool.close();
    }
  }

  @Override
  public void close() {
    close(options.drainTimeout().toMillis());
  }
}
