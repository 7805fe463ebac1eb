package dev.kdbsql.jdbc.robust;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed set of queries over every table of a database (the whole table, a projection, a
 * filter and a grouping), built from the healthy database's metadata, and their answers: what
 * a mutated or concurrently read copy is compared against. Grouped rows are sorted, since
 * {@code GROUP BY} output order is unspecified; the other queries keep storage order.
 */
record Answers(List<String> queries) {

  /** The queries for every table {@code c} lists. */
  static Answers queriesOf(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String table : Sql.tables(c)) {
      List<String> cols = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getColumns(null, null, table, "%")) {
        while (rs.next()) {
          cols.add(quote(rs.getString("COLUMN_NAME")));
        }
      }
      String t = quote(table);
      String first = cols.get(0);
      String last = cols.get(cols.size() - 1);
      out.add("SELECT * FROM " + t);
      out.add("SELECT " + last + " FROM " + t);
      out.add("SELECT * FROM " + t + " WHERE " + last + " IS NOT NULL");
      out.add("SELECT " + first + ", COUNT(*) AS n FROM " + t + " GROUP BY " + first);
    }
    return new Answers(List.copyOf(out));
  }

  /** Runs every query on a fresh connection to {@code root}. */
  Map<String, List<List<String>>> run(Path root) throws SQLException {
    try (Connection c = Sql.connect(root)) {
      return run(c);
    }
  }

  /** Runs every query on {@code c}. */
  Map<String, List<List<String>>> run(Connection c) throws SQLException {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    for (String q : queries) {
      out.put(q, answer(c, q));
    }
    return out;
  }

  /** The rows of {@code query}, sorted if it groups. */
  static List<List<String>> answer(Connection c, String query) throws SQLException {
    List<List<String>> rows = Sql.rows(c, query);
    if (query.contains("GROUP BY")) {
      rows.sort(Comparator.comparing(Object::toString));
    }
    return rows;
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
