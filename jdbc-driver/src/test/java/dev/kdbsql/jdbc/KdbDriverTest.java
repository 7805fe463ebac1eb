package dev.kdbsql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The driver against egor7's database (INDEX.md §1): URL forms, values, read-only behaviour. */
class KdbDriverTest {
  static Path egor7() {
    return Fixtures.path("egor7__q/db");
  }

  static Connection connect(Path db) throws SQLException {
    return DriverManager.getConnection("jdbc:kdb:" + db);
  }

  /** Rows of {@code sql} as "a|b|c" strings, via getString. */
  /** The plan of {@code sql}, as {@code EXPLAIN PLAN FOR} gives it. */
  static String plan(Connection c, String sql) throws SQLException {
    return String.join("\n", rows(c, "explain plan for " + sql));
  }

  static List<String> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(String.join("|", row));
      }
      return out;
    }
  }

  @Test
  void selectsOnePartitionByDate() throws SQLException {
    try (Connection c = connect(egor7())) {
      assertEquals(List.of("ibm|101.5", "msft|33.5"),
          rows(c, "select sym, p from t where date = date '2015-01-02'"));
    }
  }

  @Test
  void scansInStorageOrderWithThePartitionColumnFirst() throws SQLException {
    try (Connection c = connect(egor7())) {
      assertEquals(List.of("2015-01-01|09:30:00|ibm|101.0", "2015-01-01|09:31:00|msft|33.0",
          "2015-01-02|09:30:00|ibm|101.5", "2015-01-02|09:31:00|msft|33.5"),
          rows(c, "select * from t"));
      assertEquals(List.of("2015-01-01|09:30:00|ibm|100.75|101.25",
          "2015-01-01|09:31:00|msft|32.75|33.25", "2015-01-02|09:30:00|ibm|101.25|101.75",
          "2015-01-02|09:30:00|msft|33.25|33.75"), rows(c, "select * from q"));
    }
  }

  @Test
  void readsSplayedTablesAndCounts() throws SQLException {
    try (Connection c = connect(egor7())) {
      assertEquals(List.of("1|1.1", "2|2.2", "3|3.3"), rows(c, "select c1, c2 from tref"));
      assertEquals(List.of("ibm|oracle", "msft|microsoft", "goog|google"),
          rows(c, "select sym, name from cust"));
      assertEquals(List.of("4"), rows(c, "select count(*) from t"));
      assertEquals(List.of("2015-01-01|2", "2015-01-02|2"),
          rows(c, "select date, count(*) from t group by date order by date"));
    }
  }

  @Test
  void namesMatchCaseInsensitivelyAndSchemaIsDefault() throws SQLException {
    try (Connection c = connect(egor7())) {
      assertEquals(List.of("ibm|101.5"), rows(c,
          "SELECT SYM, P FROM kdb.T WHERE DATE = DATE '2015-01-02' AND Sym = 'ibm'"));
      assertEquals("kdb", c.getSchema());
    }
  }

  @Test
  void acceptsPropertiesInTheUrlAndAModel(@TempDir Path tmp) throws Exception {
    try (Connection c = DriverManager.getConnection(
        "jdbc:kdb:" + egor7() + ";schema=hdb;timespan=nanos")) {
      assertEquals(List.of("3"), rows(c, "select count(*) from hdb.tref"));
    }
    Path model = tmp.resolve("model.json");
    Files.writeString(model, "{\"version\":\"1.0\",\"defaultSchema\":\"egor\",\"schemas\":[{"
        + "\"name\":\"egor\",\"type\":\"custom\","
        + "\"factory\":\"dev.kdbsql.calcite.KdbSchemaFactory\",\"operand\":{\"directory\":\""
        + tmp.relativize(egor7()).toString().replace('\\', '/') + "\"}}]}");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:model=" + model)) {
      assertEquals(List.of("ibm|101.5", "msft|33.5"),
          rows(c, "select sym, p from t where date = date '2015-01-02'"));
    }
  }

  @Test
  void hidesCalcitesMetadataSchema() throws SQLException {
    try (Connection c = connect(egor7());
        ResultSet rs = c.getMetaData().getSchemas()) {
      List<String> schemas = new ArrayList<>();
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
      }
      assertEquals(List.of("kdb"), schemas);
    }
  }

  @Test
  void refusesAPathThatIsNotADatabase(@TempDir Path tmp) {
    Path missing = tmp.resolve("nope");
    SQLException e = assertThrows(SQLException.class, () -> connect(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    SQLException empty = assertThrows(SQLException.class, () -> connect(tmp));
    assertTrue(empty.getMessage().contains(tmp.toString()), empty.getMessage());
  }

  @Test
  void isReadOnlyAndRefusesWrites() throws SQLException {
    try (Connection c = connect(egor7()); Statement s = c.createStatement()) {
      assertTrue(c.isReadOnly());
      assertTrue(c.getMetaData().isReadOnly());
      for (String sql : List.of("insert into t values (date '2015-01-03', time '09:30:00', 'x', 1.0)",
          "update t set p = 0", "delete from t", "create table x (a int)", "drop table t",
          "merge into t using q on t.sym = q.sym when matched then update set p = 0")) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertTrue(e.getMessage().contains("read-only"), sql + ": " + e.getMessage());
      }
    }
  }

  @Test
  void listsEveryPropertyWithADescription() throws SQLException {
    Driver d = DriverManager.getDriver("jdbc:kdb:/x");
    assertTrue(d instanceof KdbDriver);
    DriverPropertyInfo[] info = d.getPropertyInfo("jdbc:kdb:/data/hdb;timespan=nanos", null);
    Map<String, DriverPropertyInfo> byName = Arrays.stream(info)
        .collect(Collectors.toMap(p -> p.name, p -> p));
    for (String name : List.of("directory", "model", "schema", "strictPartitions",
        "strictColumns", "timespan", "parserFactory", "quoting", "unquotedCasing",
        "caseSensitive", "typeSystem", "fun", "timeZone")) {
      assertTrue(byName.containsKey(name), name);
      assertFalse(byName.get(name).description.isBlank(), name);
    }
    assertEquals("/data/hdb", byName.get("directory").value);
    assertEquals("nanos", byName.get("timespan").value);
    assertEquals("false", byName.get("caseSensitive").value);
  }

  @Test
  void answersTheProbesBiToolsSend() throws SQLException {
    try (Connection c = connect(egor7())) {
      assertEquals(List.of(), rows(c, "SELECT TRUE FROM kdb.t WHERE 1 <> 1 LIMIT 0"));
      assertEquals(List.of(), rows(c, "select * from t limit 0"));
      assertEquals(List.of(), rows(c, "select * from t where 3 > 4"));
      try (PreparedStatement ps = c.prepareStatement("select sym, p from t where p > ?")) {
        ps.setDouble(1, 100);
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(2, rs.getMetaData().getColumnCount());
          assertEquals("sym", rs.getMetaData().getColumnLabel(1));
        }
      }
    }
  }

  @Test
  void monthAndYearPartitionsBecomeDateAndBigintColumns() throws SQLException {
    Path checks = Fixtures.path("DataIntellectTech__TorQ/tests/dataaccess/checkinputs");
    try (Connection c = connect(checks.resolve("monthlyhdb"))) {
      assertEquals(List.of("2000-01-01|30", "2000-05-01|30"), rows(c, "select month, count(*) "
          + "from xmonthly where month in (date '2000-01-01', date '2000-05-01') group by month "
          + "order by month"));
    }
    try (Connection c = connect(checks.resolve("yearlyhdb"))) {
      assertEquals(List.of("2001|30", "2002|30"), rows(c,
          "select year, count(*) from xyearly where year between 2001 and 2002 group by year "
              + "order by year"));
    }
  }

  @Test
  void ignoresOtherUrls() throws SQLException {
    assertNull(new KdbDriver().connect("jdbc:calcite:", new Properties()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:kdb:", "jdbc:kdb:schema=x"})
  void needsADatabase(String url) {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
    assertTrue(e.getMessage().contains("names no kdb+ database"), e.getMessage());
  }
}
