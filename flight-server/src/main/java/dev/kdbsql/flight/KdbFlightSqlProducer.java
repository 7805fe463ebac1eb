package dev.kdbsql.flight;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
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
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
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
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutPreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow Flight SQL over a kdb+ database, through jdbc:kdb: connections from a
 * {@link ConnectionPool}.
 *
 * <p>A query (a statement, or a prepared statement with its bound parameter rows) is admitted
 * and opened by GetFlightInfo, which answers with its exact schema and one endpoint (no
 * location: the same server) whose ticket names the open result; the DoGet of that ticket
 * streams it ({@link QueryStream}). At most {@link ServerOptions#maxQueries()} queries are open
 * at once; one more is refused with RESOURCE_EXHAUSTED. A result nobody fetches within
 * {@link #UNCLAIMED_SECONDS} seconds is closed. Prepared statements keep their SQL, schemas and
 * bound parameters for {@link #PREPARED_IDLE_MINUTES} minutes after their last use. Catalog calls
 * answer from the connection's metadata ({@link Catalog}, {@link SqlInfos}). Every update,
 * ingest and transaction call is refused: the server never writes to the database.
 */
final class KdbFlightSqlProducer implements FlightSqlProducer {
  /** Seconds an opened result waits for its DoGet. */
  static final long UNCLAIMED_SECONDS = 60;
  /** Minutes a prepared statement is kept after its last use. */
  static final long PREPARED_IDLE_MINUTES = 30;

  private final ServerOptions options;
  private final BufferAllocator allocator;
  private final ConnectionPool pool;
  private final Semaphore permits;
  private final ExecutorService streams;
  private final ScheduledExecutorService sweeper;
  private final Map<String, Execution> pending = new ConcurrentHashMap<>();
  private final Map<String, Execution> running = new ConcurrentHashMap<>();
  private final Cache<ByteString, Prepared> prepared;
  private final SqlInfoBuilder sqlInfo;
  private final AtomicLong queryIds = new AtomicLong();

  /** What a prepared statement keeps between calls. */
  private static final class Prepared {
    final String sql;
    final Schema dataset;
    final Schema parameters;
    volatile List<List<Object>> bound = List.of();

    Prepared(String sql, Schema dataset, Schema parameters) {
      this.sql = sql;
      this.dataset = dataset;
      this.parameters = parameters;
    }
  }

  /**
   * A producer over {@code options.database()}; vectors come from {@code allocator}. Opens a
   * first connection, so a path that is not a kdb+ database fails here, with the driver's
   * message.
   */
  KdbFlightSqlProducer(ServerOptions options, BufferAllocator allocator) throws SQLException {
    this.options = options;
    this.allocator = allocator;
    this.pool = new ConnectionPool(options.database(), options.properties(),
        options.snapshotAge(), options.maxQueries() + 2);
    try (ConnectionPool.Lease l = pool.borrow()) {
      this.sqlInfo = SqlInfos.of(l.connection().getMetaData());
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
    this.permits = new Semaphore(options.maxQueries());
    this.streams = Executors.newCachedThreadPool(daemons("kdbsql-query"));
    this.sweeper = Executors.newSingleThreadScheduledExecutor(daemons("kdbsql-sweeper"));
    sweeper.scheduleWithFixedDelay(this::sweep, 5, 5, TimeUnit.SECONDS);
    this.prepared = CacheBuilder.newBuilder()
        .expireAfterAccess(PREPARED_IDLE_MINUTES, TimeUnit.MINUTES)
        .maximumSize(100_000)
        .build();
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
    prepared.cleanUp();
  }

  private static void closeQuietly(Execution e) {
    try {
      e.close();
    } catch (RuntimeException ignored) {
      // The query is over; a failure to free it is the allocator's to report, not a client's.
    }
  }

  // ---------------------------------------------------------------- queries

  /**
   * Admits and opens {@code sql} with {@code rows} of parameters: takes a place among the
   * concurrent queries (or fails with RESOURCE_EXHAUSTED), a connection and a memory budget.
   */
  private Execution admit(String sql, List<List<Object>> rows) {
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

  private static FlightInfo info(Schema schema, FlightDescriptor descriptor, Message ticket) {
    return new FlightInfo(schema, descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()))), -1, -1);
  }

  private static FlightInfo ticketFor(Execution e, FlightDescriptor descriptor) {
    return info(e.schema(), descriptor, TicketStatementQuery.newBuilder()
        .setStatementHandle(ByteString.copyFromUtf8(e.handle())).build());
  }

  @Override
  public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return ticketFor(admit(command.getQuery(), List.of(List.of())), descriptor);
  }

  @Override
  public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    try (ConnectionPool.Lease l = pool.borrow();
        PreparedStatement st = l.connection().prepareStatement(command.getQuery())) {
      return new SchemaResult(resultSchema(st.getMetaData(), l));
    } catch (SQLException | RuntimeException e) {
      throw Errors.query(e);
    }
  }

  private Schema resultSchema(ResultSetMetaData md, ConnectionPool.Lease l) throws SQLException {
    if (md == null) {
      return new Schema(List.of());
    }
    return Catalog.withColumnMetadata(ArrowResults.schema(md, l.hints(), allocator), md);
  }

  @Override
  public void getStreamStatement(TicketStatementQuery ticket, CallContext context,
      ServerStreamListener listener) {
    Execution e = pending.remove(ticket.getStatementHandle().toStringUtf8());
    if (e == null) {
      listener.error(CallStatus.NOT_FOUND.withDescription("no open result for this ticket: a "
          + "result is fetched once, within " + UNCLAIMED_SECONDS + " s of GetFlightInfo")
          .toRuntimeException());
      return;
    }
    stream(e, listener);
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

  // ------------------------------------------------------ prepared statements

  @Override
  public void createPreparedStatement(ActionCreatePreparedStatementRequest request,
      CallContext context, StreamListener<Result> listener) {
    try (ConnectionPool.Lease l = pool.borrow();
        PreparedStatement st = l.connection().prepareStatement(request.getQuery())) {
      Schema dataset = resultSchema(st.getMetaData(), l);
      Schema parameters = Parameters.schema(st.getParameterMetaData());
      ByteString handle = ByteString.copyFromUtf8(UUID.randomUUID().toString());
      prepared.put(handle, new Prepared(request.getQuery(), dataset, parameters));
      ActionCreatePreparedStatementResult r = ActionCreatePreparedStatementResult.newBuilder()
          .setPreparedStatementHandle(handle)
          .setDatasetSchema(ByteString.copyFrom(dataset.serializeAsMessage()))
          .setParameterSchema(ByteString.copyFrom(parameters.serializeAsMessage()))
          .build();
      listener.onNext(new Result(Any.pack(r).toByteArray()));
      listener.onCompleted();
    } catch (SQLException | RuntimeException e) {
      listener.onError(Errors.query(e));
    }
  }

  private Prepared preparedOrThrow(ByteString handle) {
    Prepared p = prepared.getIfPresent(handle);
    if (p == null) {
      throw CallStatus.NOT_FOUND.withDescription("no prepared statement with this handle (it "
          + "was closed, or unused for " + PREPARED_IDLE_MINUTES + " minutes)")
          .toRuntimeException();
    }
    return p;
  }

  @Override
  public void closePreparedStatement(ActionClosePreparedStatementRequest request,
      CallContext context, StreamListener<Result> listener) {
    prepared.invalidate(request.getPreparedStatementHandle());
    listener.onCompleted();
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(CommandPreparedStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    return new SchemaResult(preparedOrThrow(command.getPreparedStatementHandle()).dataset);
  }

  @Override
  public Runnable acceptPutPreparedStatementQuery(CommandPreparedStatementQuery command,
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        ByteString handle = command.getPreparedStatementHandle();
        Prepared p = preparedOrThrow(handle);
        List<List<Object>> rows = new ArrayList<>();
        while (flightStream.next()) {
          VectorSchemaRoot root = flightStream.getRoot();
          if (root.getFieldVectors().size() != p.parameters.getFields().size()) {
            throw CallStatus.INVALID_ARGUMENT.withDescription("the statement has "
                + p.parameters.getFields().size() + " parameters; "
                + root.getFieldVectors().size() + " were bound").toRuntimeException();
          }
          rows.addAll(Parameters.rows(root));
        }
        p.bound = List.copyOf(rows);
        byte[] result = DoPutPreparedStatementResult.newBuilder()
            .setPreparedStatementHandle(handle).build().toByteArray();
        try (ArrowBuf buf = allocator.buffer(result.length)) {
          buf.writeBytes(result);
          ackStream.onNext(PutResult.metadata(buf));
        }
        ackStream.onCompleted();
      } catch (RuntimeException e) {
        ackStream.onError(e instanceof FlightRuntimeException ? e
            : Errors.internal("binding parameters", e));
      }
    };
  }

  private List<List<Object>> rowsOf(Prepared p) {
    if (p.parameters.getFields().isEmpty()) {
      return List.of(List.of());
    }
    if (p.bound.isEmpty()) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("the statement has "
          + p.parameters.getFields().size() + " parameters and none are bound")
          .toRuntimeException();
    }
    return p.bound;
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    Prepared p = preparedOrThrow(command.getPreparedStatementHandle());
    return ticketFor(admit(p.sql, rowsOf(p)), descriptor);
  }

  @Override
  public void getStreamPreparedStatement(CommandPreparedStatementQuery command,
      CallContext context, ServerStreamListener listener) {
    try {
      Prepared p = preparedOrThrow(command.getPreparedStatementHandle());
      Execution e = admit(p.sql, rowsOf(p));
      if (pending.remove(e.handle(), e)) {
        stream(e, listener);
      }
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
      String handle = handleOf(endpoint.getTicket());
      if (handle == null) {
        continue;
      }
      Execution e = pending.remove(handle);
      if (e != null) {
        closeQuietly(e);
        status = CancelStatus.CANCELLED;
      } else if ((e = running.get(handle)) != null) {
        e.cancel();
        status = CancelStatus.CANCELLED;
      }
    }
    listener.onNext(status);
    listener.onCompleted();
  }

  private static String handleOf(Ticket ticket) {
    try {
      Any any = Any.parseFrom(ticket.getBytes());
      return any.is(TicketStatementQuery.class)
          ? any.unpack(TicketStatementQuery.class).getStatementHandle().toStringUtf8() : null;
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
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

  /** Produces a catalog answer from a pooled connection's metadata. */
  private interface CatalogCall {
    VectorSchemaRoot answer(ConnectionPool.Lease lease) throws SQLException;
  }

  private void sendCatalog(ServerStreamListener listener, CatalogCall call) {
    try (ConnectionPool.Lease l = pool.borrow(); VectorSchemaRoot root = call.answer(l)) {
      listener.start(root);
      listener.putNext();
      listener.completed();
    } catch (SQLException | RuntimeException e) {
      listener.error(Errors.internal("reading the catalog", e));
    }
  }

  private static FlightInfo catalogInfo(Message command, Schema schema,
      FlightDescriptor descriptor) {
    return info(schema, descriptor, command);
  }

  @Override
  public FlightInfo getFlightInfoSqlInfo(CommandGetSqlInfo request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_SQL_INFO_SCHEMA, descriptor);
  }

  @Override
  public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context,
      ServerStreamListener listener) {
    sqlInfo.send(command.getInfoList(), listener);
  }

  @Override
  public FlightInfo getFlightInfoTypeInfo(CommandGetXdbcTypeInfo request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_TYPE_INFO_SCHEMA, descriptor);
  }

  @Override
  public void getStreamTypeInfo(CommandGetXdbcTypeInfo request, CallContext context,
      ServerStreamListener listener) {
    sendCatalog(listener, l -> Catalog.typeInfo(l.connection().getMetaData(), request,
        allocator));
  }

  @Override
  public FlightInfo getFlightInfoCatalogs(CommandGetCatalogs request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_CATALOGS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    sendCatalog(listener, l -> Catalog.catalogs(allocator));
  }

  @Override
  public FlightInfo getFlightInfoSchemas(CommandGetDbSchemas request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_SCHEMAS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamSchemas(CommandGetDbSchemas command, CallContext context,
      ServerStreamListener listener) {
    sendCatalog(listener, l -> Catalog.schemas(l.connection().getMetaData(), command,
        allocator));
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
    sendCatalog(listener, l -> Catalog.tables(l.connection().getMetaData(), l.hints(), command,
        allocator));
  }

  @Override
  public FlightInfo getFlightInfoTableTypes(CommandGetTableTypes request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_TABLE_TYPES_SCHEMA, descriptor);
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    sendCatalog(listener, l -> Catalog.tableTypes(l.connection().getMetaData(), allocator));
  }

  @Override
  public FlightInfo getFlightInfoPrimaryKeys(CommandGetPrimaryKeys request, CallContext context,
      FlightDescriptor descriptor) {
    return catalogInfo(request, Schemas.GET_PRIMARY_KEYS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamPrimaryKeys(CommandGetPrimaryKeys command, CallContext context,
      ServerStreamListener listener) {
    sendCatalog(listener, l -> Catalog.empty(Schemas.GET_PRIMARY_KEYS_SCHEMA, allocator));
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
    sendCatalog(listener, l -> Catalog.empty(Schemas.GET_EXPORTED_KEYS_SCHEMA, allocator));
  }

  @Override
  public void getStreamImportedKeys(CommandGetImportedKeys command, CallContext context,
      ServerStreamListener listener) {
    sendCatalog(listener, l -> Catalog.empty(Schemas.GET_IMPORTED_KEYS_SCHEMA, allocator));
  }

  @Override
  public void getStreamCrossReference(CommandGetCrossReference command, CallContext context,
      ServerStreamListener listener) {
    sendCatalog(listener, l -> Catalog.empty(Schemas.GET_CROSS_REFERENCE_SCHEMA, allocator));
  }

  @Override
  public void listFlights(CallContext context, Criteria criteria,
      StreamListener<FlightInfo> listener) {
    listener.onCompleted();
  }

  // ---------------------------------------------------------------- closing

  /** How many queries are open (admitted and not yet finished), for tests and shutdown. */
  int openQueries() {
    return options.maxQueries() - permits.availablePermits();
  }

  /** Cancels every running query (the drain timed out). */
  void cancelAll() {
    running.values().forEach(Execution::cancel);
  }

  /**
   * Stops the sweeper, closes unclaimed results, waits up to {@code timeoutMillis} for the
   * streams (which the server has already let finish or cancelled; an interrupt cancels them at
   * once), then closes the pool.
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
    } finally {
      prepared.invalidateAll();
      pool.close();
    }
  }

  @Override
  public void close() {
    close(options.drainTimeout().toMillis());
  }
}
