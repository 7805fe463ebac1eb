package dev.kdbsql.flight;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.StreamListener;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutPreparedStatementResult;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The statements the server prepares on a pooled connection for their schemas: a statement's
 * result schema for GetSchema (prepared, then dropped), and the prepared statements clients
 * create, which keep their SQL, schemas and bound parameter rows under a random handle for
 * {@link #PREPARED_IDLE_MINUTES} minutes after their last use. No JDBC statement stays open
 * between calls: a prepared statement runs as a query of its SQL with its bound rows, opened by
 * {@link OpenQueries}.
 */
final class PreparedStatements {
  /** Minutes a prepared statement is kept after its last use. */
  static final long PREPARED_IDLE_MINUTES = 30;

  private final ConnectionPool pool;
  private final BufferAllocator allocator;
  private final Cache<ByteString, Prepared> prepared;

  /** What a prepared statement keeps between calls. */
  static final class Prepared {
    final String sql;
    final Schema dataset;
    final Schema parameters;
    volatile List<List<Object>> bound = List.of();

    Prepared(String sql, Schema dataset, Schema parameters) {
      this.sql = sql;
      this.dataset = dataset;
      this.parameters = parameters;
    }

    /**
     * The parameter rows to run it with: one empty row without parameters; INVALID_ARGUMENT
     * when it has parameters and none are bound.
     */
    List<List<Object>> rows() {
      if (parameters.getFields().isEmpty()) {
        return List.of(List.of());
      }
      if (bound.isEmpty()) {
        throw CallStatus.INVALID_ARGUMENT.withDescription("the statement has "
            + parameters.getFields().size() + " parameters and none are bound")
            .toRuntimeException();
      }
      return bound;
    }
  }

  /** Statements prepared on connections from {@code pool}; vectors come from {@code allocator}. */
  PreparedStatements(ConnectionPool pool, BufferAllocator allocator) {
    this.pool = pool;
    this.allocator = allocator;
    this.prepared = CacheBuilder.newBuilder()
        .expireAfterAccess(PREPARED_IDLE_MINUTES, TimeUnit.MINUTES)
        .maximumSize(100_000)
        .build();
  }

  /** GetSchema of a statement: the schema of {@code sql}'s result, prepared but not kept. */
  SchemaResult statementSchema(String sql) {
    try (ConnectionPool.Lease l = pool.borrow();
        PreparedStatement st = l.connection().prepareStatement(sql)) {
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

  /** Prepares the request's query and answers with its new handle and its schemas. */
  void create(ActionCreatePreparedStatementRequest request, StreamListener<Result> listener) {
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

  /**
   * The prepared statement {@code handle} names; NOT_FOUND when it was closed or has expired.
   */
  Prepared get(ByteString handle) {
    Prepared p = prepared.getIfPresent(handle);
    if (p == null) {
      throw CallStatus.NOT_FOUND.withDescription("no prepared statement with this handle (it "
          + "was closed, or unused for " + PREPARED_IDLE_MINUTES + " minutes)")
          .toRuntimeException();
    }
    return p;
  }

  /** Forgets the prepared statement the request names (if any) and completes. */
  void close(ActionClosePreparedStatementRequest request, StreamListener<Result> listener) {
    prepared.invalidate(request.getPreparedStatementHandle());
    listener.onCompleted();
  }

  /** GetSchema of a prepared statement: its result's schema. */
  SchemaResult schema(CommandPreparedStatementQuery command) {
    return new SchemaResult(get(command.getPreparedStatementHandle()).dataset);
  }

  /**
   * A DoPut of parameter rows: binds the rows {@code flightStream} carries to the prepared
   * statement, in place of any bound before, and acknowledges with its handle.
   */
  Runnable bind(CommandPreparedStatementQuery command, FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        ByteString handle = command.getPreparedStatementHandle();
        Prepared p = get(handle);
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

  /** Drops expired prepared statements (the sweeper calls it). */
  void cleanUp() {
    prepared.cleanUp();
  }

  /** Forgets every prepared statement (the server is closing). */
  void closeAll() {
    prepared.invalidateAll();
  }
}
