package dev.kdbsql.jdbc;

import java.sql.*;
import org.junit.jupiter.api.Test;

class ScratchTest {
  static final String F = System.getProperty("kdb.fixtures");

  static void run(Connection c, String sql) {
    System.out.println("== " + sql);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      StringBuilder h = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) h.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append('/').append(md.getColumnType(i)).append(" | ");
      System.out.println(h);
      int n = 0;
      while (rs.next() && n++ < 8) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) b.append(rs.getString(i)).append(" | ");
        System.out.println(b);
      }
    } catch (Exception e) {
      System.out.println("ERR " + e);
      Throwable t = e.getCause(); while (t != null) { System.out.println("  cause " + t); t = t.getCause(); }
    }
  }

  @Test
  void scratch() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:kdb:" + F + System.getProperty("db", "/egor7__q/db"))) {
      for (String q : System.getProperty("q", "").split("@@")) run(c, q);
    }
  }
}
