package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Queries over the generated sample database through the server and the Arrow Flight SQL JDBC
 * driver give what jdbc:kdb: gives in this JVM, value for value, timestamps to the nanosecond:
 * plain scans (read straight from the mapped columns), filters, sorts, aggregates, joins,
 * expressions, empty results.
 */
class SampleQueriesTest {
  private static QueryComparison db;

  @BeforeAll
  static void start() throws Exception {
    db = new QueryComparison(TestDatabases.sample());
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select * from ticks",
      "select * from ticks where sym = 'SYM7'",
      "select time, sym, price from ticks where time >= timestamp '2024-01-02 09:31:00.123456789'"
          + " limit 100",
      "select * from ticks where venue < 3 and size >= 2500",
      "select sym, max(time) as last_time, count(*) as n from ticks group by sym order by sym",
      "select count(*) from ticks",
      "select * from ticks where 1 = 0",
      "select cast(price as decimal(10, 2)) as p, size * 2 as s2, upper(sym) as u, age "
          + "from ticks order by time limit 20",
      "select * from trade",
      "select * from trade where date = date '2024-01-03' and sym like 'A%'",
      "select sym, count(*) as n, sum(size) as total, avg(price) as avg_price from trade "
          + "group by sym order by sym",
      "select date, min(time) as first_trade, max(time) as last_trade from trade group by date "
          + "order by date",
      "select * from quote where date = date '2024-01-02' order by time desc, sym limit 50",
      "select * from ref order by sym",
      "select * from daily",
      "select xbar(3600000, time) as hour, count(*) as n from trade group by xbar(3600000, time)"
          + " order by hour",
      "select t.time, t.price, q.bid, q.ask from trade t asof join quote q "
          + "match_condition t.time >= q.time on t.sym = q.sym and t.date = q.date "
          + "where t.date = date '2024-01-02' order by t.time, t.sym limit 100",
      "select 1 as one, 'x' as s, date '2024-01-02' as d",
  })
  void resultsEqualTheLocalDriver(String sql) throws Exception {
    db.assertSameResults(sql);
  }

  @Test
  void timestampsKeepTheirNanoseconds() throws Exception {
    List<LocalDateTime> expected = new ArrayList<>();
    try (Database d = Database.open(TestDatabases.sample())) {
      KdbTable t = d.table("ticks");
      for (TableSlice s : t.slices()) {
        try (s) {
          Column c = s.column(t.columnIndex("time"));
          for (long r = 0; r < c.size(); r++) {
            expected.add(Temporals.timestamp(c.getLong(r)));
          }
        }
      }
    }
    List<LocalDateTime> actual = new ArrayList<>();
    try (Statement st = db.remote.createStatement();
        ResultSet rs = st.executeQuery("select time from ticks")) {
      while (rs.next()) {
        actual.add(rs.getObject(1, LocalDateTime.class));
      }
    }
    assertEquals(5_000, expected.size());
    assertEquals(expected, actual);
    assertEquals(394_738, actual.get(0).getNano() % 1_000_000, "sub-millisecond digits");
  }
}
