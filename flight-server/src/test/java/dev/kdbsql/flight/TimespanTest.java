package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
