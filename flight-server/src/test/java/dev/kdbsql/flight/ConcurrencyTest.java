package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.junit.jupiter.api.Test;

/**
 * Many clients at once, the limit on concurrent queries, cancellation, and a stream's bounded
 * memory under a slow client.
 */
class ConcurrencyTest {
  private static final List<String> QUERIES = List.of(
      "select * from ticks where venue = 7",
      "select sym, count(*) as n, sum(size) as s from trade group by sym order by sym",
      "select * from quote where date = date '2024-01-03' and sym like 'J%'",
      "select t.sym, t.price, r.sector from trade t join ref r on t.sym = r.sym "
          + "where t.date = date '2024-01-02' order by t.time, t.sym limit 300",
      "select * from ticks order by price desc limit 100");

  @Test
  void eightClientsAtOnceGetTheirOwnRightAnswers() throws Exception {
    Map<String, List<List<Object>>> expected = new LinkedHashMap<>();
    try (Connection local = DriverManager.getConnection("jdbc:kdb:" + TestDatabases.sample())) {
      for (String q : QUERIES) {
        expected.put(q, JdbcRows.query(local, q));
      }
    }
    int clients = 8;
    try (KdbFlightServer server = Servers.start(TestDatabases.sample())) {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        CyclicBarrier start = new CyclicBarrier(clients);
        List<Future<Integer>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          int offset = c;
          done.add(pool.submit(() -> {
            try (Connection remote = FlightJdbc.connect(server.port(), Servers.USER,
                Servers.PASSWORD)) {
              start.await(30, TimeUnit.SECONDS);
              int checked = 0;
              for (int round = 0; round < 2; round++) {
                for (int i = 0; i < QUERIES.size(); i++) {
                  String q = QUERIES.get((i + offset) % QUERIES.size());
                  assertEquals(expected.get(q), JdbcRows.query(remote, q), q);
                  checked++;
                }
              }
              return checked;
            }
          }));
        }
        int total = 0;
        for (Future<Integer> f : done) {
          total += f.get(180, TimeUnit.SECONDS);
        }
        assertEquals(clients * 2 * QUERIES.size(), total);
      } finally {
        pool.shutdownNow();
      }
      awaitNoOpenQueries(server);
    }
  }

  @Test
  void queriesBeyondTheLimitAreRefusedClearlyUntilOneEnds() throws Exception {
    try (KdbFlightServer server = KdbFlightServer.start(
        Servers.options(TestDatabases.sample()).withMaxQueries(2));
        RawClient client = new RawClient(server.port())) {
      FlightInfo first = client.sql.execute("select * from ticks", client.token);
      FlightInfo second = client.sql.execute("select * from trade", client.token);
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> client.sql.execute("select * from quote", client.token));
      assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, e.status().code());
      assertTrue(e.getMessage().contains("2 queries, its limit"), e.getMessage());
      assertEquals(5_000, client.rows(first).size());
      awaitOpenQueries(server, 1);
      FlightInfo third = client.sql.execute("select count(*) from quote", client.token);
      assertEquals(1, client.rows(third).size());
      assertTrue(client.rows(second).size() > 0);
      awaitNoOpenQueries(server);
    }
  }

  @Test
  void aCancelledStreamStopsAndFreesItsPlace() throws Exception {
    try (KdbFlightServer server = KdbFlightServer.start(Servers.options(TestDatabases.large())
        .withBatchSize(4_096));
        RawClient client = new RawClient(server.port())) {
      FlightInfo info = client.sql.execute("select * from ticks", client.token);
      try (FlightStream s = client.sql.getStream(info.getEndpoints().get(0).getTicket(),
          client.token)) {
        assertTrue(s.next());
        assertEquals(4_096, s.getRoot().getRowCount());
        s.cancel("enough", null);
      }
      awaitNoOpenQueries(server);
      // CancelFlightInfo, before the result is fetched.
      FlightInfo pending = client.sql.execute("select * from ticks", client.token);
      assertEquals(1, server.openQueries());
      assertEquals(CancelStatus.CANCELLED, client.sql.cancelFlightInfo(
          new CancelFlightInfoRequest(pending), client.token).getStatus());
      assertEquals(0, server.openQueries());
      FlightRuntimeException gone = assertThrows(FlightRuntimeException.class,
          () -> client.rows(pending));
      assertEquals(FlightStatusCode.NOT_FOUND, gone.status().code());
    }
  }

  @Test
  void aStreamHoldsAboutOneBatchWhateverTheResultsSize() throws Exception {
    // 1,000,000 rows of 6 columns (about 44 MB) through a stream allowed 4 MiB: the server reads
    // a batch only when the client has taken the previous one.
    try (KdbFlightServer server = KdbFlightServer.start(Servers.options(TestDatabases.large())
        .withBatchSize(8_192).withStreamMemory(4L << 20));
        RawClient client = new RawClient(server.port())) {
      FlightInfo info = client.sql.execute("select * from ticks", client.token);
      long rows = 0;
      try (FlightStream s = client.sql.getStream(info.getEndpoints().get(0).getTicket(),
          client.token)) {
        assertTrue(s.next());
        rows += s.getRoot().getRowCount();
        // A slow client: the server must wait, not read ahead.
        Thread.sleep(1_500);
        assertTrue(server.allocatedBytes() < (8L << 20),
            "server holds " + server.allocatedBytes() + " bytes");
        while (s.next()) {
          rows += s.getRoot().getRowCount();
        }
      }
      assertEquals(1_000_000, rows);
      awaitNoOpenQueries(server);
    }
  }

  private static void awaitNoOpenQueries(KdbFlightServer server) throws InterruptedException {
    awaitOpenQueries(server, 0);
  }

  private static void awaitOpenQueries(KdbFlightServer server, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.openQueries() != n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(n, server.openQueries(), "open queries");
  }
}
