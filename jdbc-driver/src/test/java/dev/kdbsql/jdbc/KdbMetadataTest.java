package dev.kdbsql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Fixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DatabaseMetaData as GUI tools (DBeaver) read it. */
class KdbMetadataTest {
  private static Map<String, String> tableRemarks(DatabaseMetaData md) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ResultSet rs = md.getTables(null, "kdb", "%", null)) {
      while (rs.next()) {
        assertEquals("TABLE", rs.getString("TABLE_TYPE"));
        out.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
      }
    }
    return out;
  }

  @Test
  void tablesSayHowTheyAreStored() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + KdbDriverTest.egor7())) {
      Map<String, String> remarks = tableRemarks(c.getMetaData());
      assertEquals(Set.of("cust", "q", "t", "tref"), remarks.keySet());
      assertEquals("kdb+ partitioned table (date partitions: 2)", remarks.get("t"));
      assertEquals("kdb+ splayed table", remarks.get("tref"));
    }
    Path flat = Fixtures.path("dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + flat)) {
      assertEquals("kdb+ flat table", tableRemarks(c.getMetaData()).get("test"));
    }
  }

  /** One getColumns row: type, type name, size, digits, nullable, position, remarks. */
  private static Map<String, String> columns(DatabaseMetaData md, String table)
      throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ResultSet rs = md.getColumns(null, "kdb", table, "%")) {
      while (rs.next()) {
        out.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE") + " "
            + rs.getString("TYPE_NAME") + " " + rs.getObject("COLUMN_SIZE") + " "
            + rs.getObject("DECIMAL_DIGITS") + " " + rs.getInt("NULLABLE") + " "
            + rs.getString("IS_NULLABLE") + " " + rs.getInt("ORDINAL_POSITION") + " "
            + rs.getString("REMARKS"));
      }
    }
    return out;
  }

  @Test
  void columnsCarrySqlAndKdbTypes() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + KdbDriverTest.egor7())) {
      Map<String, String> t = columns(c.getMetaData(), "t");
      assertEquals(Types.DATE + " DATE 10 0 0 NO 1 virtual date partition column", t.get("date"));
      assertEquals(Types.TIME + " TIME 8 0 1 YES 2 kdb+ type v", t.get("ti"));
      assertEquals(Types.VARCHAR + " VARCHAR " + Integer.MAX_VALUE + " null 1 YES 3 kdb+ type s",
          t.get("sym"));
      assertEquals(Types.DOUBLE + " DOUBLE 15 null 1 YES 4 kdb+ type f", t.get("p"));
    }
    Path types = Fixtures.path("dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + types)) {
      Map<String, String> all = columns(c.getMetaData(), "splayedTable");
      assertEquals(Types.BOOLEAN + " BOOLEAN 1 null 0 NO 1 kdb+ type b", all.get("bool"));
      assertEquals(Types.CHAR + " CHAR 36 null 1 YES 2 kdb+ type g", all.get("uuid"));
      assertEquals(Types.SMALLINT + " SMALLINT 5 0 1 YES 3 kdb+ type x", all.get("byte"));
      assertEquals(Types.TIMESTAMP + " TIMESTAMP 29 9 1 YES 11 kdb+ type p",
          all.get("nanostamp"));
      assertEquals(Types.DATE + " DATE 10 0 1 YES 12 kdb+ type m", all.get("month"));
      assertEquals(Types.TIMESTAMP + " TIMESTAMP 23 3 1 YES 14 kdb+ type z",
          all.get("timestamp"));
      // a timespan: a time of day with all nine fractional digits
      assertEquals(Types.TIME + " TIME 18 9 1 YES 15 kdb+ type n", all.get("nano"));
      assertEquals(Types.TIME + " TIME 8 0 1 YES 16 kdb+ type u", all.get("minute"));
      assertEquals(Types.TIME + " TIME 12 3 1 YES 18 kdb+ type t", all.get("time"));
      all.values().forEach(v -> assertFalse(v.contains("NOT NULL"), v));
    }
  }

  @Test
  void keyAndIndexCallsAnswerEmptyWithoutThrowing() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + KdbDriverTest.egor7())) {
      DatabaseMetaData md = c.getMetaData();
      for (ResultSet rs : List.of(md.getPrimaryKeys(null, "kdb", "t"),
          md.getImportedKeys(null, "kdb", "t"), md.getExportedKeys(null, "kdb", "t"),
          md.getIndexInfo(null, "kdb", "t", false, true))) {
        try (rs) {
          assertFalse(rs.next());
        }
      }
      assertEquals("\"", md.getIdentifierQuoteString());
      assertTrue(md.storesMixedCaseIdentifiers());
      assertTrue(md.isReadOnly());
      assertEquals("kdbsql JDBC driver", md.getDriverName());
    }
  }
}
