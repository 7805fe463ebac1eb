package dev.kdbsql.flight;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Queries over real q-written databases through the server and the Arrow Flight SQL JDBC driver
 * give what jdbc:kdb: gives: every simple kdb+ type (DolphinDB's all-types table, splayed and
 * flat: guids, unsigned bytes, reals, chars, enumerated and plain symbols, nanosecond timestamps,
 * months, datetimes, timespans, minutes, seconds, times, nulls), and TorQ's compressed,
 * partitioned trades and quotes. Skipped when the fixtures are missing.
 */
class FixtureQueriesTest {
  private static QueryComparison allTypes;
  private static QueryComparison torq;

  @BeforeAll
  static void start() throws Exception {
    allTypes = new QueryComparison(TestDatabases.allTypes());
    torq = new QueryComparison(TestDatabases.torqFinance());
  }

  @AfterAll
  static void stop() throws Exception {
    try (QueryComparison a = allTypes; QueryComparison t = torq) {
      // closed in reverse order
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select * from \"splayedTable\"",
      "select * from test",
      "select \"byte\", \"uuid\", \"month\", \"minute\", \"nanostamp\" from \"splayedTable\" "
          + "where \"short\" > 0",
      "select \"nanostamp\", \"timestamp\", \"nano\" from \"splayedTable\" "
          + "order by \"nanostamp\" desc nulls last limit 10",
      "select \"bool\", count(*) as n, max(\"double\") as mx, min(\"date\") as d "
          + "from \"splayedTable\" group by \"bool\" order by \"bool\"",
      "select \"str\", \"char\" from test where \"str\" = 'ww' and \"char\" <> 'c'",
  })
  void allTypesEqualTheLocalDriver(String sql) throws Exception {
    allTypes.assertSameResults(sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select * from trade",
      "select * from quote where sym = 'AAPL'",
      "select sym, count(*) as n, sum(size) as volume, min(time) as first_time, "
          + "max(price) as high from trade group by sym order by sym",
      "select * from trade where time between timestamp '2015-01-07 10:00:00' "
          + "and timestamp '2015-01-07 10:05:00.5' order by time, sym",
      "select * from trade_iex",
  })
  void torqEqualsTheLocalDriver(String sql) throws Exception {
    torq.assertSameResults(sql);
  }
}
