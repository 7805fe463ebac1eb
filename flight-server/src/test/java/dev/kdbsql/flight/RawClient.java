package dev.kdbsql.flight;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Arrow's own Java Flight SQL client on a test server, logged in as the test user (HTTP basic
 * once, then the bearer token the server issued).
 */
final class RawClient implements AutoCloseable {
  final BufferAllocator allocator = new RootAllocator();
  final FlightClient flight;
  final FlightSqlClient sql;
  final CallOption token;

  /** A client of the plain-text server on {@code port}. */
  RawClient(int port) {
    flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", port)).build();
    sql = new FlightSqlClient(flight);
    CredentialCallOption t = flight.authenticateBasicToken(Servers.USER, Servers.PASSWORD)
        .orElseThrow(() -> new IllegalStateException("the server issued no bearer token"));
    token = t;
  }

  /** Every row of the (single-endpoint) result of {@code info}, values as Arrow gives them. */
  List<List<Object>> rows(FlightInfo info) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    try (FlightStream s = sql.getStream(info.getEndpoints().get(0).getTicket(), token)) {
      while (s.next()) {
        VectorSchemaRoot root = s.getRoot();
        for (int r = 0; r < root.getRowCount(); r++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector v : root.getFieldVectors()) {
            row.add(v.getObject(r));
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    try (allocator; flight) {
      // closed in reverse order
    }
  }
}
