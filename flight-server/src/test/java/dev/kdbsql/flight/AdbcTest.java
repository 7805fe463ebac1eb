package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.adbc.core.AdbcConnection;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcException;
import org.apache.arrow.adbc.core.AdbcStatement;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlConnectionProperties;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server through ADBC's Java Flight SQL driver (the API Python's
 * {@code adbc_driver_flightsql} and Power BI's connector share): query results equal
 * jdbc:kdb:'s, nanoseconds included; result schemas without running; prepared statements with
 * bound parameters; errors. (ADBC Java 0.20's metadata calls are not used: it has no
 * getTableSchema, its getObjects lists only catalogs GetCatalogs names, and kdb+ has none, and
 * its getInfo clears the server's answer before reading it; MetadataTest covers the catalog
 * calls with Arrow's own client.)
 */
class AdbcTest {
  private static KdbFlightServer server;
  private static BufferAllocator allocator;
  private static AdbcDatabase database;
  private static AdbcConnection adbc;
  private static Connection local;

  @BeforeAll
  static void start() throws Exception {
    server = Servers.start(TestDatabases.sample());
    allocator = new RootAllocator();
    Map<String, Object> params = new HashMap<>();
    AdbcDriver.PARAM_URI.set(params, "grpc+tcp://127.0.0.1:" + server.port());
    AdbcDriver.PARAM_USERNAME.set(params, Servers.USER);
    AdbcDriver.PARAM_PASSWORD.set(params, Servers.PASSWORD);
    // ADBC Java 0.20 sends a prepared statement's calls without its bearer token; the server's
    // session cookie carries it.
    FlightSqlConnectionProperties.WITH_COOKIE_MIDDLEWARE.set(params, true);
    database = new FlightSqlDriver(allocator).open(params);
    adbc = database.connect();
    local = DriverManager.getConnection("jdbc:kdb:" + TestDatabases.sample());
  }

  @AfterAll
  static void stop() throws Exception {
    try (KdbFlightServer s = server; BufferAllocator a = allocator; AdbcDatabase d = database;
        AdbcConnection c = adbc; Connection l = local) {
      // closed in reverse order
    }
  }

  private static List<List<Object>> query(String sql) throws Exception {
    try (AdbcStatement st = adbc.createStatement()) {
      st.setSqlQuery(sql);
      try (AdbcStatement.QueryResult r = st.executeQuery()) {
        return ArrowRows.read(r.getReader());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select * from ticks",
      "select * from ticks where sym in ('SYM1', 'SYM2') order by time desc",
      "select * from trade where date = date '2024-01-04'",
      "select sym, count(*) as n, avg(bid) as b from quote group by sym order by n desc, sym",
      "select * from ref",
      "select * from daily order by sym, date",
  })
  void resultsEqualTheLocalDriver(String sql) throws Exception {
    assertEquals(JdbcRows.query(local, sql), query(sql), sql);
  }

  @Test
  void timestampsAreTimestampNanos() throws Exception {
    try (AdbcStatement st = adbc.createStatement()) {
      st.setSqlQuery("select time, sym from ticks limit 1");
      Schema schema = st.executeSchema();
      assertEquals(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null),
          schema.findField("time").getType());
      assertEquals(ArrowType.Utf8.INSTANCE, schema.findField("sym").getType());
    }
    assertEquals(List.of(List.of(java.time.LocalDateTime.parse("2024-01-02T09:30:00.000394738"),
        "SYM168")), query("select time, sym from ticks limit 1"));
  }

  @Test
  void preparedStatementsWithBoundParameters() throws Exception {
    String sql = "select time, sym, price, size from ticks where sym = ? and size > ?";
    try (AdbcStatement st = adbc.createStatement()) {
      st.setSqlQuery(sql);
      st.prepare();
      assertEquals(2, st.getParameterSchema().getFields().size());
      for (String sym : List.of("SYM3", "SYM40")) {
        try (VectorSchemaRoot params = VectorSchemaRoot.create(st.getParameterSchema(),
            allocator)) {
          ((VarCharVector) params.getVector(0)).setSafe(0,
              sym.getBytes(StandardCharsets.UTF_8));
          ((BigIntVector) params.getVector(1)).setSafe(0, 1000L);
          params.setRowCount(1);
          st.bind(params);
          List<List<Object>> actual;
          try (AdbcStatement.QueryResult r = st.executeQuery()) {
            actual = ArrowRows.read(r.getReader());
          }
          List<List<Object>> expected;
          try (PreparedStatement p = local.prepareStatement(sql)) {
            p.setString(1, sym);
            p.setLong(2, 1000L);
            try (ResultSet rs = p.executeQuery()) {
              expected = JdbcRows.read(rs);
            }
          }
          assertFalse(expected.isEmpty());
          assertEquals(expected, actual, sym);
        }
      }
    }
  }

  /**
   * A timestamp parameter compared with a kdb+ timestamp column (was "Long cannot be cast to
   * Timestamp" in the server's prepared statements): bound as Timestamp(ns) wall-clock values,
   * every nanosecond of them, the counts equal jdbc:kdb:'s and those computed from the stored
   * values.
   */
  @Test
  void timestampParametersCompareWithTimestampColumns() throws Exception {
    List<Long> stored = new java.util.ArrayList<>();
    try (dev.kdbsql.storage.Database d = dev.kdbsql.storage.Database.open(
        TestDatabases.sample())) {
      dev.kdbsql.storage.KdbTable t = d.table("ticks");
      for (dev.kdbsql.storage.TableSlice s : t.slices()) {
        try (s) {
          dev.kdbsql.storage.Column c = s.column(t.columnIndex("time"));
          for (long r = 0; r < c.size(); r++) {
            stored.add(c.getLong(r));
          }
        }
      }
    }
    long mid = stored.stream().skip(stored.size() / 2).filter(v -> v % 1_000_000L != 0)
        .findFirst().orElseThrow();
    java.time.LocalDateTime at = dev.kdbsql.storage.Temporals.timestamp(mid);
    for (String op : List.of("=", ">=", "<")) {
      String sql = "select count(*) from ticks where time " + op + " ?";
      long want = stored.stream().filter(v -> op.equals("=") ? v == mid
          : op.equals(">=") ? v >= mid : v < mid).count();
      try (AdbcStatement st = adbc.createStatement()) {
        st.setSqlQuery(sql);
        st.prepare();
        try (VectorSchemaRoot params = VectorSchemaRoot.create(st.getParameterSchema(),
            allocator)) {
          ((org.apache.arrow.vector.TimeStampVector) params.getVector(0)).setSafe(0,
              at.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000_000L + at.getNano());
          params.setRowCount(1);
          st.bind(params);
          try (AdbcStatement.QueryResult r = st.executeQuery()) {
            assertEquals(List.of(List.of(want)), ArrowRows.read(r.getReader()), sql);
          }
        }
      }
      try (PreparedStatement p = local.prepareStatement(sql)) {
        p.setObject(1, at);
        try (ResultSet rs = p.executeQuery()) {
          assertEquals(List.of(List.of(want)), JdbcRows.read(rs), sql);
        }
      }
    }
  }

  @Test
  void badSqlIsAnErrorNamingTheProblem() throws Exception {
    AdbcException e = assertThrows(AdbcException.class, () -> query("select * from nosuch"));
    assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
    assertEquals(5_000L, query("select count(*) from ticks").get(0).get(0));
  }
}
