package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog calls, through the Arrow Flight SQL JDBC driver's {@code DatabaseMetaData} (what
 * DBeaver's navigator calls) and Arrow's own Flight SQL client: catalogs (none), schemas,
 * tables with their exact Arrow schemas, table types, columns, keys (none), type info and
 * SqlInfo.
 */
class MetadataTest {
  private static KdbFlightServer server;
  private static Connection remote;
  private static RawClient client;

  @BeforeAll
  static void start() throws Exception {
    server = Servers.start(TestDatabases.sample());
    remote = FlightJdbc.connect(server.port(), Servers.USER, Servers.PASSWORD);
    client = new RawClient(server.port());
  }

  @AfterAll
  static void stop() throws Exception {
    try (KdbFlightServer s = server; Connection c = remote; RawClient r = client) {
      // closed in reverse order
    }
  }

  private static List<String> column(ResultSet rs, String name) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(rs.getString(name));
      }
    }
    return out;
  }

  @Test
  void catalogsSchemasTablesAndTypes() throws Exception {
    DatabaseMetaData md = remote.getMetaData();
    assertEquals(List.of(), column(md.getCatalogs(), "TABLE_CAT"));
    assertEquals(List.of("kdb"), column(md.getSchemas(), "TABLE_SCHEM"));
    assertEquals(List.of("kdb"), column(md.getSchemas(null, "k%"), "TABLE_SCHEM"));
    assertEquals(Set.of("daily", "quote", "ref", "ticks", "trade"),
        new TreeSet<>(column(md.getTables(null, null, "%", null), "TABLE_NAME")));
    assertEquals(List.of("trade"), column(md.getTables(null, "kdb", "tr%", null), "TABLE_NAME"));
    assertEquals(Set.of("TABLE"),
        new TreeSet<>(column(md.getTables(null, null, "%", null), "TABLE_TYPE")));
    assertEquals(List.of(), column(md.getTables(null, null, "%", new String[] {"VIEW"}),
        "TABLE_NAME"));
    assertTrue(column(md.getTableTypes(), "TABLE_TYPE").contains("TABLE"));
  }

  @Test
  void columnsCarryTheirSqlTypes() throws Exception {
    Map<String, Integer> types = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    try (ResultSet rs = remote.getMetaData().getColumns(null, "kdb", "ticks", "%")) {
      while (rs.next()) {
        types.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
        names.put(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"));
        assertEquals("ticks", rs.getString("TABLE_NAME"));
      }
    }
    assertEquals(List.of("time", "sym", "price", "size", "venue", "age"),
        List.copyOf(types.keySet()));
    // age, a timespan, streams as Duration(ns), exact (the Flight SQL JDBC driver's TIME keeps
    // milliseconds only), which that driver reports as JAVA_OBJECT
    assertEquals(List.of(Types.TIMESTAMP, Types.VARCHAR, Types.DOUBLE, Types.BIGINT,
        Types.INTEGER, Types.JAVA_OBJECT), List.copyOf(types.values()));
    assertEquals("TIMESTAMP", names.get("time"));
    assertEquals("VARCHAR", names.get("sym"));
  }

  @Test
  void keysAreEmpty() throws Exception {
    DatabaseMetaData md = remote.getMetaData();
    assertEquals(List.of(), column(md.getPrimaryKeys(null, "kdb", "trade"), "COLUMN_NAME"));
    assertEquals(List.of(), column(md.getImportedKeys(null, "kdb", "trade"), "FKCOLUMN_NAME"));
    assertEquals(List.of(), column(md.getExportedKeys(null, "kdb", "trade"), "FKCOLUMN_NAME"));
    assertEquals(List.of(), column(md.getCrossReference(null, "kdb", "trade", null, "kdb",
        "quote"), "FKCOLUMN_NAME"));
  }

  @Test
  void typeInfoAndServerFacts() throws Exception {
    // GetXdbcTypeInfo (the JDBC driver 18.3 does not ask; ODBC and ADBC clients do).
    List<String> typeNames = new ArrayList<>();
    for (List<Object> r : client.rows(client.sql.getXdbcTypeInfo(client.token))) {
      typeNames.add(r.get(0).toString());
    }
    assertTrue(typeNames.containsAll(List.of("TIMESTAMP", "VARCHAR", "BIGINT", "DOUBLE", "DATE")),
        typeNames.toString());
    List<List<Object>> timestamps = client.rows(client.sql.getXdbcTypeInfo(Types.TIMESTAMP,
        client.token));
    assertTrue(timestamps.stream().map(r -> r.get(0).toString()).toList().contains("TIMESTAMP"));
    assertTrue(timestamps.stream().allMatch(r -> r.get(1).equals(Types.TIMESTAMP)));
    DatabaseMetaData md = remote.getMetaData();
    assertEquals("kdbsql", md.getDatabaseProductName());
    assertEquals(Versions.KDBSQL, md.getDatabaseProductVersion());
    assertTrue(md.isReadOnly());
    assertEquals("\"", md.getIdentifierQuoteString());
    assertFalse(md.supportsTransactions());
    assertFalse(md.getSQLKeywords().isEmpty());
  }

  @Test
  void tablesComeWithTheSchemaTheirRowsStreamIn() throws Exception {
    List<List<Object>> rows = client.rows(client.sql.getTables(null, "kdb", "ticks", null, true,
        client.token));
    assertEquals(1, rows.size());
    Schema schema = MessageSerializer.deserializeSchema(new ReadChannel(Channels.newChannel(
        new ByteArrayInputStream((byte[]) rows.get(0).get(4)))));
    Map<String, Field> fields = new LinkedHashMap<>();
    schema.getFields().forEach(f -> fields.put(f.getName(), f));
    assertEquals(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null),
        fields.get("time").getType());
    assertEquals(ArrowType.Utf8.INSTANCE, fields.get("sym").getType());
    assertEquals(null, fields.get("sym").getDictionary());
    assertEquals("s", fields.get("sym").getMetadata().get("kdb.type"));
    assertEquals("TIMESTAMP", fields.get("time").getMetadata().get("ARROW:FLIGHT:SQL:TYPE_NAME"));
    assertEquals("ticks", fields.get("time").getMetadata().get("ARROW:FLIGHT:SQL:TABLE_NAME"));
    assertEquals("kdb", fields.get("time").getMetadata().get("ARROW:FLIGHT:SQL:SCHEMA_NAME"));
    // The same schema as the table's rows stream in.
    Schema streamed = client.sql.execute("select * from ticks", client.token).getSchema();
    assertEquals(streamed.getFields().stream().map(Field::getType).toList(),
        schema.getFields().stream().map(Field::getType).toList());
  }

  @Test
  void sqlInfoNamesTheServer() throws Exception {
    List<List<Object>> rows = client.rows(client.sql.getSqlInfo(new SqlInfo[] {
        SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY,
        SqlInfo.FLIGHT_SQL_SERVER_ARROW_VERSION}, client.token));
    Map<Long, String> info = new LinkedHashMap<>();
    for (List<Object> r : rows) {
      info.put(((Number) r.get(0)).longValue(), String.valueOf(r.get(1)));
    }
    assertEquals("kdbsql", info.get((long) SqlInfo.FLIGHT_SQL_SERVER_NAME_VALUE));
    assertEquals("true", info.get((long) SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY_VALUE));
    assertEquals(Versions.ARROW, info.get((long) SqlInfo.FLIGHT_SQL_SERVER_ARROW_VERSION_VALUE));
  }
}
