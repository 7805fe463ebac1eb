package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.TableSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/**
 * With the connection property {@code timespan=nanos} ({@code kdbsql serve -P timespan=nanos})
 * timespans stream as Duration(ns), exact to the nanosecond, from the mapped columns.
 */
class TimespanTest {
  @Test
  void timespansAreExactDurations() throws Exception {
    List<Object> expected = new ArrayList<>();
    try (Database d = Database.open(TestDatabases.sample())) {
      KdbTable t = d.table("ticks");
      for (TableSlice s : t.slices()) {
        try (s) {
          Column c = s.column(t.columnIndex("age"));
          for (long r = 0; r < c.size(); r++) {
            expected.add(Duration.ofNanos(c.getLong(r)));
          }
        }
      }
    }
    try (KdbFlightServer server = KdbFlightServer.start(Servers.options(TestDatabases.sample())
        .withProperties(Map.of("timespan", "nanos")));
        RawClient client = new RawClient(server.port())) {
      FlightInfo info = client.sql.execute("select age from ticks", client.token);
      assertEquals(new ArrowType.Duration(TimeUnit.NANOSECOND),
          info.getSchema().findField("age").getType());
      List<Object> actual = new ArrayList<>();
      for (List<Object> row : client.rows(info)) {
        actual.add(row.get(0));
      }
      assertEquals(5_000, actual.size());
      assertEquals(expected, actual);
    }
  }

  /**
   * With the default properties timespans are exact times of day (TIME(9)); a query the server
   * answers from JDBC rows (not a pure scan: sorted, computed) streams them as Duration(ns) with
   * every nanosecond, as the column holds them, NULL outside one day.
   */
  @Test
  void timespansThroughJdbcRowsAreExact() throws Exception {
    List<Long> stored = new ArrayList<>();
    try (Database d = Database.open(TestDatabases.sample())) {
      KdbTable t = d.table("ticks");
      for (TableSlice s : t.slices()) {
        try (s) {
          Column c = s.column(t.columnIndex("age"));
          for (long r = 0; r < c.size(); r++) {
            stored.add(c.getLong(r));
          }
        }
      }
    }
    List<Object> expected = new ArrayList<>();
    stored.stream().sorted(java.util.Comparator.comparing(
        (Long v) -> v < 0 || v >= 86_400_000_000_000L ? null : v,
        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
        .forEach(v -> expected.add(v < 0 || v >= 86_400_000_000_000L ? null
            : Duration.ofNanos(v)));
    assertTrue(expected.stream().anyMatch(v -> v != null && ((Duration) v).toNanos()
        % 1_000_000 != 0), "the sample has sub-millisecond timespans");
    try (KdbFlightServer server = KdbFlightServer.start(Servers.options(TestDatabases.sample()));
        RawClient client = new RawClient(server.port())) {
      FlightInfo info = client.sql.execute("select age from ticks order by age nulls last",
          client.token);
      assertEquals(new ArrowType.Duration(TimeUnit.NANOSECOND),
          info.getSchema().findField("age").getType());
      List<Object> actual = new ArrayList<>();
      for (List<Object> row : client.rows(info)) {
        actual.add(row.get(0));
      }
      assertEquals(expected, actual);
    }
  }
}
